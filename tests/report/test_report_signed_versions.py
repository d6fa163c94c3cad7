"""Reports of signed-off cases carry their sign-offs; earlier signed versions export as signed."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from app.test_session import FULL_DOCUMENT

from hsb_desk.app import signoff
from hsb_desk.app.case_report import export_case_report
from hsb_desk.app.session import WorkbookSession


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def test_signed_off_report_has_no_draft_mark_and_names_who_signed(session: WorkbookSession, tmp_path: Path) -> None:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    assert "DRAFT" in _text(export_case_report(session, "HSB-2026-0042", tmp_path / "draft.docx"))
    signoff.sign_off(session, "HSB-2026-0042")
    text = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "signed.docx"))
    assert "DRAFT" not in text
    assert "Alex Example" in text
    assert "Version 1, signed off" in text


def test_an_earlier_signed_version_exports_exactly_as_signed(session: WorkbookSession, tmp_path: Path) -> None:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    signoff.sign_off(session, "HSB-2026-0042")
    signoff.amend(session, "HSB-2026-0042", "New information from school")
    session.set_value("HSB-2026-0042", "child.notes", "Amended narrative after the review.")
    current = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "now.docx"))
    assert "Amended narrative after the review." in current and "DRAFT" in current
    first = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "v1.docx", signed_version=1))
    assert "Amended narrative" not in first
    assert "Second paragraph with" in first
    assert "DRAFT" not in first and "Version 1, signed off" in first


def test_report_shows_who_fills_each_section_as_reassigned(session: WorkbookSession, tmp_path: Path) -> None:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    before = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "before.docx"))
    assert before.count("Completed by the co-worker") == 1  # findings, by the form's default
    signoff.set_section_owner(session, "HSB-2026-0042", "findings", "lead")
    after = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "after.docx"))
    assert "Completed by the co-worker" not in after


def test_full_report_ends_with_the_chronology_and_the_shared_version_leaves_it_out(
    session: WorkbookSession, tmp_path: Path
) -> None:
    from hsb_desk.app import pathway

    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    pathway.add_chronology_entry(session, "HSB-2026-0042", "2026-10-02", "Home visit with the family")
    full = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "full.docx"))
    assert "chronology" in full.lower() and "Home visit with the family" in full
    assert full.index("Home visit with the family") > full.index("Second paragraph with")
    shared = _text(export_case_report(session, "HSB-2026-0042", tmp_path / "shared.docx", version="shared"))
    assert "Home visit with the family" not in shared
