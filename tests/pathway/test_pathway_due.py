"""What is due, worked out through the app services over real workbooks and the shipped profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pathway.pathway_support import case_with, meeting, real_session

from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import InvalidInput

TODAY = date(2027, 1, 4)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = real_session(tmp_path / "due.hsbdesk", TODAY)
    yield session
    session.close()


def _due(session: WorkbookSession, reference: str, today: date = TODAY) -> dict[str, pathway.CaseDue]:
    return {item.key: item for item in pathway.case_due(session, reference, today)}


@pytest.mark.parametrize(
    ("referral", "due"),
    [
        # Christmas Day, Boxing Day's substitute (Mon 28th) and New Year's Day are skipped, so
        # the tenth working day after Wed 23 December 2026 is Mon 11 January 2027 (8 January
        # would be only the ninth).
        ("2026-12-23", date(2027, 1, 11)),
        ("2027-01-08", date(2027, 1, 22)),  # a Friday: two weekends
        ("2027-03-24", date(2027, 4, 9)),  # Good Friday and Easter Monday
        ("2027-12-20", date(2028, 1, 6)),  # Christmas substitutes and New Year's Day on Monday 3rd
    ],
)
def test_risk_management_meeting_skips_weekends_and_bank_holidays(
    session: WorkbookSession, referral: str, due: date
) -> None:
    case_with(session, "C-1", referral__date=referral)
    item = _due(session, "C-1", date(2026, 12, 1))["risk_management_meeting"]
    assert (item.due, item.kind, item.what) == (due, "deadline", "Risk Management Meeting")
    assert "County Durham HSB procedures" in item.source


def test_overdue_only_after_the_due_day(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__date="2026-12-23")
    assert not _due(session, "C-1", date(2027, 1, 11))["risk_management_meeting"].overdue
    assert _due(session, "C-1", date(2027, 1, 12))["risk_management_meeting"].overdue


def test_strategy_meeting_is_72_calendar_hours(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__allegation_date="2026-12-18")  # a Friday
    assert _due(session, "C-1")["strategy_meeting"].due == date(2026, 12, 21)


def test_a_deadline_is_met_by_a_meeting_of_its_type_on_or_after_the_start(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__date="2026-12-23", referral__allegation_date="2026-12-20")
    pathway.record_meeting(session, "C-1", meeting("strategy_meeting", "2026-12-19"))  # before: no
    assert "strategy_meeting" in _due(session, "C-1")
    pathway.record_meeting(session, "C-1", meeting("risk_management_meeting", "2026-12-22"))  # before referral
    assert "risk_management_meeting" in _due(session, "C-1")
    pathway.record_meeting(session, "C-1", meeting("strategy_meeting", "2026-12-21"))
    pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02"))  # another type meets nothing here
    due = _due(session, "C-1")
    assert "strategy_meeting" not in due
    assert "risk_management_meeting" in due
    pathway.record_meeting(session, "C-1", meeting("risk_management_meeting", "2027-01-14"))  # late still meets it
    assert "risk_management_meeting" not in _due(session, "C-1")


def test_removing_the_meeting_brings_the_deadline_back(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__date="2026-12-23")
    change = pathway.record_meeting(session, "C-1", meeting("risk_management_meeting", "2027-01-05"))
    assert "risk_management_meeting" not in _due(session, "C-1")
    pathway.remove_meeting(session, "C-1", change.detail["meeting"])
    assert "risk_management_meeting" in _due(session, "C-1")


def test_reviews_run_from_the_latest_review_held(session: WorkbookSession) -> None:
    case_with(session, "C-1", conclusion__plan_date="2026-11-30")
    first = _due(session, "C-1", date(2027, 3, 1))["plan_review"]
    assert (first.due, first.overdue) == (date(2027, 2, 28), True)  # 30 Nov + 3 months, clamped
    pathway.record_meeting(session, "C-1", meeting("review", "2027-02-20"))
    assert _due(session, "C-1", date(2027, 3, 1))["plan_review"].due == date(2027, 5, 20)
    pathway.record_meeting(session, "C-1", meeting("aim_pathway_panel", "2027-04-30"))  # a panel review counts
    item = _due(session, "C-1", date(2027, 5, 1))["plan_review"]
    assert (item.due, item.overdue) == (date(2027, 7, 30), False)


def test_open_actions_turning_18_and_consent_reminders(session: WorkbookSession) -> None:
    case_with(session, "C-1", child__date_of_birth="2009-05-01", referral__consent_young_person="given")
    change = pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02"))
    meeting_id = change.detail["meeting"]
    pathway.add_action(session, "C-1", meeting_id, "Send the plan to school", "Alex", "2027-01-03")
    done = pathway.add_action(session, "C-1", meeting_id, "Book a room", "", "2027-01-02").detail["action"]
    pathway.add_action(session, "C-1", meeting_id, "Undated", "")
    pathway.set_action_done(session, "C-1", done)
    items = pathway.case_due(session, "C-1", TODAY)
    assert [(i.kind, i.what, i.due, i.overdue) for i in items] == [
        ("action", "Action: Send the plan to school (Alex)", date(2027, 1, 3), True),
        ("birthday", "Turns 18", date(2027, 5, 1), False),
        ("reminder", "Consent of a parent or carer not yet obtained", None, False),
    ]
    assert pathway.next_due(session, "C-1", TODAY) == items[0]


def test_age_notices(session: WorkbookSession) -> None:
    case_with(session, "YOUNG", child__date_of_birth="2018-02-01")
    case_with(session, "AIM", child__date_of_birth="2012-06-01")
    case_with(session, "NEARLY", child__date_of_birth="2009-05-01")
    assert [n.key for n in pathway.case_notices(session, "YOUNG", TODAY)] == ["below_procedures_age"]
    assert [n.key for n in pathway.case_notices(session, "AIM", TODAY)] == ["aim_pathway_age"]
    nearly = pathway.case_notices(session, "NEARLY", TODAY)
    assert [n.key for n in nearly] == ["aim_pathway_age", "approaching_18"]
    assert "1 May 2027" in nearly[1].text


def test_workbook_due_across_cases_leaves_archived_and_distant_ones_out(session: WorkbookSession) -> None:
    case_with(session, "A-1", referral__date="2026-12-23")  # RMM 11 Jan: within 14 days
    case_with(session, "B-2", referral__allegation_date="2026-12-20")  # strategy 23 Dec: overdue
    case_with(session, "C-3", referral__date="2026-12-23")
    case_with(session, "D-4", conclusion__plan_date="2026-12-01")  # review 1 March: too far
    case_with(session, "E-5", referral__date="2026-12-23")
    pathway.record_meeting(session, "E-5", meeting("risk_management_meeting", "2027-01-04"))
    session.set_status("C-3", "archived")
    entries = pathway.workbook_due(session, TODAY, days=14)
    assert entries == [
        ("B-2", "Strategy meeting", date(2026, 12, 23), True),
        ("A-1", "Risk Management Meeting", date(2027, 1, 11), False),
    ]
    assert entries[0].reference == "B-2" and entries[0].overdue
    assert [e.reference for e in pathway.workbook_due(session, TODAY, days=60)] == ["B-2", "A-1", "D-4"]
    assert pathway.workbook_due(session, TODAY, days=0) == entries[:1]
    with pytest.raises(InvalidInput):
        pathway.workbook_due(session, TODAY, days=-1)


def test_workbook_due_reads_only_the_fields_the_rules_need_in_a_few_queries(session: WorkbookSession) -> None:
    for number in range(30):
        case_with(session, f"C-{number:03d}", referral__date="2026-12-23", referral__reason="Long text " * 50)
    statements: list[str] = []
    session.workbook.conn.set_trace_callback(statements.append)
    try:
        entries = pathway.workbook_due(session, TODAY)
    finally:
        session.workbook.conn.set_trace_callback(None)
    assert len(entries) == 30
    assert len(statements) <= 7  # the same for 30 cases or 3,000 (one: the timescales a sign-off met)
    values_query = next(s for s in statements if "field_values" in s)
    assert "referral.reason" not in values_query and "'referral.date'" in values_query
    plan = session.workbook.conn.execute(
        "EXPLAIN QUERY PLAN SELECT case_id FROM field_values WHERE field_key IN ('referral.date')"
    ).fetchall()
    assert any("field_values_key" in row[-1] for row in plan), plan


def test_list_cases_shows_each_case_next_due(session: WorkbookSession) -> None:
    case_with(session, "A-1", referral__date="2026-12-23")
    case_with(session, "B-2", referral__allegation_date="2026-12-20")
    case_with(session, "C-3")
    case_with(session, "D-4", referral__date="2026-12-23")
    session.set_status("D-4", "archived")
    cases = {c.reference: c for c in session.list_cases()}
    assert (cases["A-1"].next_due, cases["A-1"].next_due_label, cases["A-1"].overdue) == (
        "2027-01-11",
        "Risk Management Meeting",
        False,
    )
    assert (cases["B-2"].next_due, cases["B-2"].overdue) == ("2026-12-23", True)
    assert (cases["C-3"].next_due, cases["C-3"].next_due_label, cases["C-3"].overdue) == (None, "", False)
    assert cases["D-4"].next_due is None  # archived cases have nothing due
    assert [c.reference for c in session.list_cases("a-1")] == ["A-1"]
    # Remembered between calls, and worked out again as soon as anything changes.
    pathway.record_meeting(session, "A-1", meeting("risk_management_meeting", "2027-01-04"))
    assert {c.reference: c.next_due for c in session.list_cases()}["A-1"] is None
    session.set_value("A-1", "referral.allegation_date", "2027-01-03")
    assert {c.reference: c.next_due for c in session.list_cases()}["A-1"] == "2027-01-06"
