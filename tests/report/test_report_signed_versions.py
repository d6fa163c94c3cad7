"""Reports of signed-off cases carry their sign-offs; earlier signed versions export as signed."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import docx
from app.test_session import FULL_DOCUMENT
from conftest import TODAY
from coworking.signing_support import LEAD, OTHER, Today, document_text, example_session
from pathway.pathway_support import meeting

from hsb_desk.app import pathway, signoff
from hsb_desk.app.reports.case_report import export_case_report
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


# -- the real form pack: a signed version re-exported later reads exactly as at signing --------
SENT_EARLY, SENT_ON_SIGNING = "2026-10-14", "2026-11-22"  # before the sign-off (TODAY), and on it


def _with_dates_sent(session: WorkbookSession, reference: str) -> None:
    rows = session.values(reference)["sharing.recipients"]
    rows[0]["date_sent"], rows[1]["date_sent"] = SENT_EARLY, SENT_ON_SIGNING  # the third has none
    session.set_value(reference, "sharing.recipients", rows)


def _dates_sent(path: Path) -> list[str]:
    """The "Date sent" column of the distribution table (the last with one: the safety plan's
    copies come first), row by row."""
    found = None
    for table in docx.Document(str(path)).tables:
        heading = [cell.text for cell in table.rows[0].cells]
        if "Date sent" in heading:
            column = heading.index("Date sent")
            found = [row.cells[column].text for row in table.rows[1:]]
    if found is None:
        raise AssertionError("no distribution table")
    return found


def test_a_signed_version_exported_after_an_amendment_reads_exactly_as_at_signing(tmp_path: Path) -> None:
    today = Today(TODAY)
    with example_session(tmp_path / "cases.hsbdesk", LEAD, today) as (session, reference):
        _with_dates_sent(session, reference)
        signoff.sign_off(session, reference)
        at_signing = {
            kind: document_text(export_case_report(session, reference, tmp_path / f"{kind}-then.docx", kind))
            for kind in ("full", "shared")
        }
        assert "Case status" in at_signing["full"] and "Signed off" in at_signing["full"]

        today.day = date(2027, 1, 11)
        signoff.amend(session, reference, "New information from school")
        session.set_value(reference, "referral.reason", "An amended account, written after the sign-off.")
        session.set_value(reference, "referral.date", "2026-09-16")
        pathway.record_meeting(session, reference, meeting("risk_management_review", "2026-12-15"))
        pathway.add_chronology_entry(session, reference, "2026-12-16", "Call with the school after sign-off")
        rows = session.values(reference)["sharing.recipients"]
        rows[2]["date_sent"] = "2027-01-04"
        session.set_value(reference, "sharing.recipients", rows)
        now = document_text(export_case_report(session, reference, tmp_path / "now.docx"))
        assert "An amended account, written after the sign-off." in now  # the amendment is there today

        for kind in ("full", "shared"):
            later = export_case_report(session, reference, tmp_path / f"{kind}-later.docx", kind, signed_version=1)
            assert document_text(later) == at_signing[kind]


def test_a_drafts_distribution_list_says_planned_never_sent(tmp_path: Path) -> None:
    with example_session(tmp_path / "cases.hsbdesk", LEAD, lambda: TODAY) as (session, reference):
        _with_dates_sent(session, reference)
        written = export_case_report(session, reference, tmp_path / "draft.docx")
        assert _dates_sent(written) == ["Planned"] * 3
        text = document_text(written)
        assert not any("report sent" in line.lower() for line in text)  # nor in the chronology


def test_a_signed_distribution_list_shows_only_dates_on_or_after_the_sign_off(tmp_path: Path) -> None:
    with example_session(tmp_path / "cases.hsbdesk", LEAD, lambda: TODAY) as (session, reference):
        _with_dates_sent(session, reference)
        signoff.sign_off(session, reference)
        signed = export_case_report(session, reference, tmp_path / "signed.docx")
        # "Sent" before it was signed reads as planned; sent on the day it was signed shows its date.
        assert _dates_sent(signed) == ["Planned", "22 November 2026", "Planned"]
        signoff.amend(session, reference, "New information from school")
        amended = export_case_report(session, reference, tmp_path / "amended.docx")
        assert _dates_sent(amended) == ["Planned"] * 3  # the amendment is a draft again
        again = export_case_report(session, reference, tmp_path / "v1.docx", signed_version=1)
        assert _dates_sent(again) == ["Planned", "22 November 2026", "Planned"]


def test_a_sign_off_on_the_leads_behalf_says_so_in_the_report(tmp_path: Path) -> None:
    with example_session(tmp_path / "cases.hsbdesk", OTHER, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference, on_behalf_of_lead=True)
        text = document_text(export_case_report(session, reference, tmp_path / "signed.docx"))
        assert f"{OTHER} on behalf of {LEAD}" in text
        frame_text = document_text(export_case_report(session, reference, tmp_path / "v1.docx", signed_version=1))
        assert f"{OTHER} on behalf of {LEAD}" in frame_text
