"""The immediate safety plan exported on its own (issue 18, item 1): a short Word document of the
safety plan section with the case's identifying details, written and audited like a report.
A real encrypted workbook over the real form pack; each document is read back with python-docx."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import example_document
from docx.text.paragraph import Paragraph
from report.test_report_minimise import document_lines, found_in

from hsb_desk import paths
from hsb_desk.app.changes import ChangeKind
from hsb_desk.app.reports.safety_plan import export_safety_plan, prepare_safety_plan, safety_plan_section
from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import HsbDeskError, InvalidInput, OutputExists
from hsb_desk.formspec.loader import load_form
from hsb_desk.store.records import Profile

CASE = "HSB-2026-0001"
MEASURES = [
    {
        "where": "home",
        "measure": "Never left alone with younger cousins; an adult stays in the room when they visit.",
        "responsible": "Alex Sample (mother)",
    },
    {
        "where": "education",
        "measure": "Met at the gate by a named member of staff; break times supervised.",
        "responsible": "Priya Example, designated safeguarding lead, Northgate Academy",
    },
    {
        "where": "online",
        "measure": "Parental controls on the phone and console; the phone stays downstairs overnight.",
        "responsible": "Alex Sample (mother)",
    },
]
HARMED_ARRANGEMENT = "Child A does not visit the home; Tilly Harmedchild's family know of the plan."
SAFETY_VALUES: dict[str, Any] = {
    "safety.agreed_on": "2026-11-10",
    "safety.meeting": "Risk Management Meeting, 10 November 2026",
    "safety.review_date": "2026-12-08",
    "safety.measures": MEASURES,
    "safety.child_harmed": HARMED_ARRANGEMENT,
    "safety.copies": [{"name": "DS Kim Fictional", "agency": "Sampleshire Police", "date_sent": "2026-11-11"}],
    "safety.contingency": "Any breach is reported the same day to the social worker, who tells the chair.",
}


def safety_document() -> dict[str, Any]:
    """The example case with an immediate safety plan."""
    document = example_document()
    document["values"].update(SAFETY_VALUES)
    return document


@pytest.fixture
def plan_session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = create_workbook(
        tmp_path / "cases.hsbdesk",
        PASSPHRASE,
        Profile("Jo Example", "Social worker", "Sampleshire Children's Social Care", ""),
        load_form(paths.forms_dir()),
        today=lambda: TODAY,
    )
    session.import_case(safety_document())
    try:
        yield session
    finally:
        session.close()


def test_the_section_comes_from_the_form_role() -> None:
    form = load_form(paths.forms_dir())
    section = safety_plan_section(form)
    assert section is not None and section.number == 2
    assert form.role_key("safety_plan") in {spec.key for spec in section.fields}


def test_the_document_holds_the_plan_and_nothing_else(plan_session: WorkbookSession, tmp_path: Path) -> None:
    written = export_safety_plan(plan_session, CASE, tmp_path / "plan.docx")
    lines = document_lines(written.path.read_bytes())
    text = "\n".join(lines)
    for row in MEASURES:
        assert row["measure"] in lines and row["responsible"] in lines
    assert {"At home or in the placement", "At school or college", "Online and on devices"} <= set(lines)
    assert "8 December 2026" in lines and "Review date" in lines  # the review date
    assert "Risk Management Meeting, 10 November 2026" in lines
    assert "OFFICIAL-SENSITIVE" in text and CASE in text  # the marking, and the case in the header
    values = plan_session.values(CASE)
    assert values["child.full_name"] in lines  # who the plan is about
    assert HARMED_ARRANGEMENT in lines  # the full version: for the agencies at the meeting
    # Nothing of the other sections: not the assessment's narratives, not their headings.
    others = [str(values[k]).split("\n")[0] for k in ("behaviour.account", "conclusion.analysis", "family.warmth")]
    assert found_in(lines, others) == []
    titles = [s.title for s in plan_session.form.sections if s.key != "safety"]
    assert not any(line.endswith(title) for line in lines for title in titles if line.strip())
    assert (written.change.kind, written.change.case_reference) == (ChangeKind.REPORT_EXPORTED, CASE)


def test_how_to_handle_it_is_read_before_the_plan(plan_session: WorkbookSession, tmp_path: Path) -> None:
    """The report's handling notice (do not copy or forward it) comes before the first measure, so
    that no agency reads the plan without it; at the end it fell alone onto a second page."""
    document = docx.Document(str(export_safety_plan(plan_session, CASE, tmp_path / "plan.docx").path))
    body = [  # the body in reading order, each table as the text of its cells
        block.text if isinstance(block, Paragraph) else "\n".join(c.text for r in block.rows for c in r.cells)
        for block in document.iter_inner_content()
    ]
    notice = next(i for i, text in enumerate(body) if "do not copy, forward or share it further" in text)
    measures = next(i for i, text in enumerate(body) if MEASURES[0]["measure"] in text)
    assert notice < measures


def test_the_shared_version_leaves_out_the_child_harmed(plan_session: WorkbookSession, tmp_path: Path) -> None:
    written = export_safety_plan(plan_session, CASE, tmp_path / "plan.docx", version="shared")
    lines = document_lines(written.path.read_bytes())
    assert found_in(lines, [HARMED_ARRANGEMENT.split(";")[0], "Tilly Harmedchild"]) == []
    assert MEASURES[0]["measure"] in lines


def test_it_is_audited_in_the_sharing_record(plan_session: WorkbookSession, tmp_path: Path) -> None:
    export_safety_plan(plan_session, CASE, tmp_path, version="full")  # a folder: the default name in it
    [entry] = sharing_record(plan_session, CASE)
    assert entry.what == "Immediate safety plan, version 1, not password-protected"
    assert entry.file_name == f"{CASE} safety plan {TODAY.isoformat()}.docx"
    assert (tmp_path / entry.file_name).is_file()


def test_bad_input_writes_nothing(plan_session: WorkbookSession, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidInput):
        prepare_safety_plan(plan_session, "HSB-NO-SUCH", out / "x.docx")
    existing = out / "plan.docx"
    existing.write_bytes(b"not mine")
    with pytest.raises(OutputExists) as refused:
        export_safety_plan(plan_session, CASE, existing)
    assert "already exists" in refused.value.user_message
    assert existing.read_bytes() == b"not mine"
    with pytest.raises(HsbDeskError):
        export_safety_plan(plan_session, CASE, out / "no such folder" / "plan.docx")
    assert [p.name for p in out.iterdir()] == ["plan.docx"]
    assert sharing_record(plan_session, CASE) == []


def test_a_pack_without_the_role_says_so(tmp_path: Path) -> None:
    pack = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), pack)
    form_yaml = pack / "form.yaml"
    text = form_yaml.read_text(encoding="utf-8")
    form_yaml.write_text(text.replace("  safety_plan: safety.measures\n", ""), encoding="utf-8")
    form = load_form(pack)
    assert safety_plan_section(form) is None
    session = create_workbook(tmp_path / "cases.hsbdesk", PASSPHRASE, Profile("Jo Example", "", "", ""), form)
    try:
        session.import_case(safety_document())
        with pytest.raises(InvalidInput) as refused:
            prepare_safety_plan(session, CASE, tmp_path / "plan.docx")
        assert "safety_plan" in refused.value.user_message
    finally:
        session.close()
    assert not (tmp_path / "plan.docx").exists()
