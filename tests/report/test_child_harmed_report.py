"""The child who has been harmed (issue 18, item 2) in the report: the whole record is in the full
version and none of it in the shared version. A real workbook over the real form pack holding the
example case and two child-harmed rows; each .docx is read back with python-docx."""

from __future__ import annotations

from pathlib import Path

from coworking.signing_support import document_text
from coworking.test_child_harmed_handout import ROWS, SECRETS, harmed_section, lead_case

from hsb_desk.app.reports import export_report


def test_the_shared_report_holds_none_of_the_child_harmed_record_and_the_full_one_all(tmp_path: Path) -> None:
    with lead_case(tmp_path, give_to_coworker=False) as (lead, reference):
        section = lead.form.section(harmed_section(lead.form))
        assert section is not None
        heading = f"{section.number}. {section.title}"
        full = "\n".join(document_text(export_report(lead, reference, tmp_path / "full.docx")))
        shared = "\n".join(
            document_text(
                export_report(lead, reference, tmp_path / "shared.docx", version="shared", marking="OFFICIAL")
            )
        )

    assert heading in full and heading in shared
    for secret in (*SECRETS, ROWS[0]["notes"], "Weekly sessions"):
        assert secret in full, secret
        assert secret not in shared, secret
    assert "01234 000111" not in shared


def test_every_answer_of_the_section_is_withheld_at_the_other_child_level(tmp_path: Path) -> None:
    with lead_case(tmp_path, give_to_coworker=False) as (lead, _):
        section = lead.form.section(harmed_section(lead.form))
    assert section is not None and section.owner == "lead"
    for spec in section.fields:
        assert spec.sensitivity == "other_child", spec.key
        assert all(sub.sensitivity == "other_child" and not sub.pseudonym for sub in spec.fields), spec.key
