"""Pathway decisions over time (issue 18, item 6): a police outcome that *changed* to no further
action raises "reconvene the meeting" until a meeting is held on or after the day of the change;
one recorded as no further action from the start does not. Decisions with dates, and police
outcome changes, are in the chronology. Real workbooks, the shipped pack, the test profile.

The day of a change is the day its value was recorded (the audit trail's clock, local time), so
these tests work from the real today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pathway.pathway_support import case_with, meeting, real_session

from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import format_uk_date
from hsb_desk.domain.workdays import add_working_days

NOW = datetime.now().astimezone().date()
KEY = "reconvene_after_no_further_action"
POLICE = "referral.police_involvement"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = real_session(tmp_path / "decisions.hsbdesk", NOW)
    yield session
    session.close()


def _changed_to_nfa(session: WorkbookSession, reference: str) -> None:
    """Investigation ongoing at referral; later (after other work) no further action."""
    case_with(session, reference, referral__police_involvement="investigation_ongoing")
    session.set_value(reference, "referral.reason", "Concern raised by school.")  # ends the editing spell
    session.set_value(reference, POLICE, "no_further_action")


def _reconvene(session: WorkbookSession, reference: str = "C-1") -> pathway.CaseDue | None:
    return next((i for i in pathway.case_due(session, reference, NOW) if i.key == KEY), None)


def test_a_change_to_no_further_action_asks_for_the_meeting_to_reconvene(session: WorkbookSession) -> None:
    _changed_to_nfa(session, "C-1")
    item = _reconvene(session)
    assert item is not None
    assert item.what == (
        f"Police outcome changed to no further action on {format_uk_date(NOW)}: reconvene the Risk Management Meeting"
    )
    assert (item.due, item.start, item.overdue) == (add_working_days(NOW, 10), NOW, False)
    assert (item.due, "C-1") in {(e.due, e.reference) for e in pathway.workbook_due(session, NOW, 30)}
    # A meeting held before the change does not answer it; one on or after the day does.
    pathway.record_meeting(session, "C-1", meeting("risk_management_meeting", (NOW - timedelta(days=1)).isoformat()))
    assert _reconvene(session) is not None
    pathway.record_meeting(session, "C-1", meeting("review", NOW.isoformat()))
    assert _reconvene(session) is None
    assert all(e.reference != "C-1" or "reconvene" not in e.what for e in pathway.workbook_due(session, NOW, 30))


def test_no_further_action_from_the_start_is_not_a_change(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__police_involvement="no_further_action")
    assert _reconvene(session) is None
    # Cleared and recorded again: still no change from another outcome.
    session.set_value("C-1", "referral.reason", "Concern raised by school.")
    session.set_value("C-1", POLICE, None)
    session.set_value("C-1", "referral.reason", "Concern raised by school, again.")
    session.set_value("C-1", POLICE, "no_further_action")
    assert _reconvene(session) is None
    assert pathway.workbook_due(session, NOW, 30) == []


def test_a_correction_typed_straight_away_is_not_a_change(session: WorkbookSession) -> None:
    # One editing spell (the same person, nothing else saved in between, no pause): the value it
    # ends with is what was recorded; the slip on the way is not a police decision.
    case_with(session, "C-1", referral__police_involvement="investigation_ongoing")
    session.set_value("C-1", POLICE, "no_further_action")
    assert _reconvene(session) is None


def test_a_later_outcome_ends_the_prompt(session: WorkbookSession) -> None:
    _changed_to_nfa(session, "C-1")
    session.set_value("C-1", "referral.reason", "Charged after all.")
    session.set_value("C-1", POLICE, "charged")
    assert _reconvene(session) is None


def test_the_workbook_list_reads_history_only_for_cases_now_at_no_further_action(session: WorkbookSession) -> None:
    for number in range(20):
        case_with(session, f"A-{number:02d}", referral__police_involvement="investigation_ongoing")
    _changed_to_nfa(session, "NFA-1")
    statements: list[str] = []
    session.workbook.conn.set_trace_callback(statements.append)
    try:
        entries = pathway.workbook_due(session, NOW, 30)
    finally:
        session.workbook.conn.set_trace_callback(None)
    assert [e.reference for e in entries] == ["NFA-1"]
    history = [s for s in statements if "audit_log" in s]
    assert history and all("'NFA-1'" in s for s in history)
    assert not any("'A-" in s for s in statements)  # no other case's history is read
    assert len(statements) <= 6 + 10  # six for the workbook, a few for the one case's history


def test_decisions_and_police_outcome_changes_are_in_the_chronology(session: WorkbookSession) -> None:
    _changed_to_nfa(session, "C-1")
    for key, value in {
        "referral.meeting_decision": "needed",
        "referral.meeting_decision_date": "2026-01-05",
        "referral.assessment_decision": "not_needed",
        "referral.assessment_decision_date": "2026-01-12",
        "referral.panel_referred": "yes",
        "referral.panel_decision": "consultation_only",
        "referral.panel_decision_date": "2026-01-20",
    }.items():
        session.set_value("C-1", key, value)
    lines = [(e.date, e.what, e.kind) for e in pathway.chronology(session, "C-1")]
    assert (date(2026, 1, 5), "Decision: A multi-agency meeting is needed", "decision") in lines
    assert (date(2026, 1, 12), "Decision: No assessment is needed", "decision") in lines
    assert (date(2026, 1, 20), "Decision: The panel offered consultation only", "decision") in lines
    changes = [line for line in lines if line[1].startswith("Police outcome")]
    assert changes == [(NOW, "Police outcome changed to No further action (was Investigation ongoing)", "decision")]
    source = next(e.source for e in pathway.chronology(session, "C-1") if e.what.startswith("Decision"))
    assert source.startswith("Section 1:")


def test_a_decision_without_its_date_is_not_in_the_chronology(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__meeting_decision="not_needed", referral__police_involvement="none")
    assert not [e for e in pathway.chronology(session, "C-1") if e.kind == "decision"]
