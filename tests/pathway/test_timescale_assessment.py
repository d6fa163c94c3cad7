"""The assessment timescale agreed at the meeting (issue 18, item 3): due on the agreed date,
overdue from the next day, gone once the assessment is signed off (or the case closed) or once
it is decided that no assessment is needed. Real workbooks, the shipped pack, the test profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from coworking.signing_support import Today, example_session
from pathway.pathway_support import case_with, meeting, real_session

from hsb_desk.app import pathway, signoff
from hsb_desk.app.session import WorkbookSession

TODAY = date(2027, 1, 4)
AGREED = "2027-02-26"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = real_session(tmp_path / "timescale.hsbdesk", TODAY)
    yield session
    session.close()


def _item(session: WorkbookSession, today: date) -> pathway.CaseDue | None:
    return next((i for i in pathway.case_due(session, "C-1", today) if i.key == "assessment_timescale"), None)


def _agreed(session: WorkbookSession) -> None:
    case_with(
        session,
        "C-1",
        referral__assessment_decision="needed",
        referral__assessment_due=AGREED,
        referral__assessment_due_agreed_by="Risk Management Meeting, 4 January 2027",
    )


def test_due_on_the_agreed_date_and_overdue_the_day_after(session: WorkbookSession) -> None:
    _agreed(session)
    on_the_day = _item(session, date(2027, 2, 26))
    assert on_the_day is not None
    assert (on_the_day.due, on_the_day.overdue, on_the_day.kind) == (date(2027, 2, 26), False, "deadline")
    assert on_the_day.what == "Assessment (timescale agreed)" and "3.3.1" in on_the_day.source
    after = _item(session, date(2027, 2, 27))
    assert after is not None and after.overdue
    # In the list across the workbook too: due within 60 days now, overdue later.
    assert ("C-1", "Assessment (timescale agreed)", date(2027, 2, 26), False) in pathway.workbook_due(
        session, TODAY, 60
    )
    assert pathway.workbook_due(session, date(2027, 3, 1), 0) == [
        ("C-1", "Assessment (timescale agreed)", date(2027, 2, 26), True)
    ]


@pytest.mark.parametrize("status", ["signed_off", "closed"])
def test_gone_once_the_assessment_is_signed_off_or_the_case_closed(session: WorkbookSession, status: str) -> None:
    _agreed(session)
    with session.workbook.transaction():  # as sign-off (or closure) leaves it; each is tested elsewhere
        session.workbook.cases.set_status(session.workbook.cases.get("C-1"), status, "Alex Example")
    assert _item(session, date(2027, 3, 1)) is None
    assert pathway.workbook_due(session, date(2027, 3, 1), 30) == []


def test_gone_once_no_assessment_is_needed_and_back_if_it_is(session: WorkbookSession) -> None:
    _agreed(session)
    session.set_value("C-1", "referral.assessment_decision", "not_needed")
    assert _item(session, TODAY) is None
    assert pathway.workbook_due(session, TODAY, 366) == []
    session.set_value("C-1", "referral.assessment_decision", "needed")
    assert _item(session, TODAY) is not None


def test_not_due_until_a_date_is_agreed_and_a_meeting_does_not_meet_it(session: WorkbookSession) -> None:
    case_with(session, "C-1", referral__assessment_decision="needed")
    assert _item(session, TODAY) is None
    session.set_value("C-1", "referral.assessment_due", AGREED)
    pathway.record_meeting(session, "C-1", meeting("risk_management_meeting", "2027-03-01"))
    item = _item(session, date(2027, 3, 2))
    assert item is not None and item.overdue  # only signing the assessment off ends it


def test_met_by_the_sign_off_it_stays_met_through_a_reassessment_until_a_new_date_is_agreed(tmp_path: Path) -> None:
    """Signed off, then reassessed (or amended): the date agreed for the first assessment is not
    shown overdue again; a date agreed for the reassessment is due as the first one was."""
    today = Today(date(2026, 11, 22))
    with example_session(tmp_path / "signed.hsbdesk", "Jo Example", today) as (session, reference):
        field = "referral.assessment_due"
        assert session.values(reference)[field] < today().isoformat()  # agreed, and long since passed

        def timescale() -> pathway.CaseDue | None:
            return next((i for i in pathway.case_due(session, reference) if i.key == "assessment_timescale"), None)

        signoff.sign_off(session, reference)
        signoff.reassess(session, reference, "A year on")
        assert session.case(reference).status != "signed_off"
        assert timescale() is None
        assert all("timescale" not in e.what for e in pathway.workbook_due(session, today(), 30))
        session.set_value(reference, field, "2027-01-15")  # agreed for the reassessment
        item = timescale()
        assert item is not None and item.due == date(2027, 1, 15) and not item.overdue
        assert any(
            "timescale" in e.what and e.reference == reference for e in pathway.workbook_due(session, today(), 60)
        )
