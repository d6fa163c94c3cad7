"""Per-recipient copies (issue 17, item 12): a copy names its recipient on every page, in its
file's name and in the sharing record; the recipient comes from the case's distribution list or
is typed. On the real form pack and a real encrypted workbook; the .docx is read back."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import TODAY
from test_report_minimise import document_lines, export, found_in, real_session, withheld_found

from hsb_desk.app.reports.case_report import prepare_case_report
from hsb_desk.app.reports.recipients import NO_RECIPIENT, Recipient, case_recipients, recipient_from_list
from hsb_desk.app.reports.sharing import REPORT_EXPORTED, sharing_record
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import InvalidInput

__all__ = ["real_session"]  # the fixture, used here

SCHOOL = "Priya Example, Northgate Academy (fictional)"
DAY = TODAY.isoformat()
COPY_FOR = f"Copy for {SCHOOL}, 22/11/2026"

Session = tuple[WorkbookSession, str, dict[str, Any]]


def footers(data: bytes) -> list[str]:
    """The text of every footer of every section of the document."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for section in document.sections:
        for footer in (section.footer, section.first_page_footer):
            lines.append("\n".join(p.text for p in footer.paragraphs))
    return lines


def _audit(session: WorkbookSession, reference: str) -> list[Any]:
    return [e for e in session.workbook.audit.entries(reference) if e.action == REPORT_EXPORTED]


def test_a_copy_names_its_recipient_on_every_page_in_its_name_and_in_the_sharing_record(
    real_session: Session, tmp_path: Path
) -> None:
    session, reference, values = real_session
    job, data = export(session, reference, tmp_path, "shared", recipient=SCHOOL)
    assert job.model.copy_for == COPY_FOR
    assert job.out_path.name == f"{reference} v1 shared {DAY} for {SCHOOL}.docx"
    pages = footers(data)
    assert pages and all(COPY_FOR in footer for footer in pages)
    assert withheld_found(data, values) == ["Signed consent form"]  # the copy is minimised as ever
    [entry] = _audit(session, reference)
    details = json.loads(entry.new_json or "")
    assert details["recipient"] == SCHOOL and details["file"] == job.out_path.name  # never the folder
    [shared] = sharing_record(session, reference)
    assert shared.what == f"Shared version, version 1, not password-protected, copy for {SCHOOL}"


def test_without_a_recipient_no_copy_line(real_session: Session, tmp_path: Path) -> None:
    session, reference, _ = real_session
    job, data = export(session, reference, tmp_path, "full")
    assert job.model.copy_for == "" and job.out_path.name == f"{reference} v1 full {DAY}.docx"
    assert not [line for line in document_lines(data) if "Copy for" in line]
    assert "recipient" not in json.loads(_audit(session, reference)[0].new_json or "")


def test_the_distribution_list_gives_each_recipient_and_their_version(real_session: Session) -> None:
    session, reference, _ = real_session
    assert case_recipients(session, reference) == [
        Recipient("Team manager, Sampleshire Children's Social Care, Sampleshire Children's Social Care", "full"),
        Recipient("Robin Placeholder, Sampleshire Youth Justice Service", "full"),
        Recipient(SCHOOL, "shared"),
    ]
    assert recipient_from_list(session, reference, 3) == Recipient(SCHOOL, "shared")


@pytest.mark.parametrize("number", [0, 4, -1])
def test_a_recipient_number_outside_the_list_is_refused(real_session: Session, number: int) -> None:
    session, reference, _ = real_session
    with pytest.raises(InvalidInput, match="choose a number from 1 to 3"):
        recipient_from_list(session, reference, number)


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", "\u202e\u2066"])
def test_an_empty_recipient_is_refused_and_nothing_is_written(
    real_session: Session, tmp_path: Path, typed: str
) -> None:
    session, reference, _ = real_session
    with pytest.raises(InvalidInput) as raised:
        prepare_case_report(session, reference, tmp_path, "shared", recipient=typed)
    assert raised.value.user_message == NO_RECIPIENT
    assert not list(tmp_path.glob("*.docx"))
    assert _audit(session, reference) == []


def test_a_recipient_too_long_for_a_footer_is_refused(real_session: Session, tmp_path: Path) -> None:
    session, reference, _ = real_session
    with pytest.raises(InvalidInput, match="at most 200"):
        prepare_case_report(session, reference, tmp_path, "shared", recipient="A" * 201)
    assert not list(tmp_path.glob("*.docx")) and _audit(session, reference) == []


def test_a_typed_recipient_is_kept_on_one_line_without_hidden_controls(real_session: Session, tmp_path: Path) -> None:
    session, reference, _ = real_session
    job, data = export(
        session, reference, tmp_path, "full", recipient="  Dr Morgan\u202e Sample-Hill,\n Example Street Surgery "
    )
    expected = "Copy for Dr Morgan Sample-Hill, Example Street Surgery, 22/11/2026"
    assert job.model.copy_for == expected and all(expected in footer for footer in footers(data))
    assert job.out_path.name == f"{reference} v1 full {DAY} for Dr Morgan Sample-Hill, Example Street Surgery.docx"


def test_a_recipient_name_that_is_withheld_is_replaced_in_the_shared_copy(
    real_session: Session, tmp_path: Path
) -> None:
    """No withheld value anywhere in the shared version: the footer is no exception."""
    session, reference, _ = real_session
    job, data = export(session, reference, tmp_path / "out", "shared", recipient="Lee Placeholder, home")
    assert job.model.copy_for == "Copy for Mother's partner, home, 22/11/2026"
    assert found_in(footers(data), ["Lee Placeholder"]) == []
    assert any(r.field == "Copy for" for r in job.replacements)
