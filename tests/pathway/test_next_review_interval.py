"""A review cycle at the case's own interval and on the date a meeting agreed (issue 18, item 5).
The interval set for a case can only shorten the procedures' own; the earliest date wins, and
the case says why when a longer interval or a later agreed date is not used. Real workbooks, the
shipped pack, the test profile (its plan review: every 3 months from the plan, met by reviews)."""

from __future__ import annotations

import json
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
    session = real_session(tmp_path / "reviews.hsbdesk", TODAY)
    case_with(session, "C-1", conclusion__plan_date="2026-11-30")
    yield session
    session.close()


def _review(session: WorkbookSession, today: date = TODAY) -> pathway.CaseDue:
    (item,) = [i for i in pathway.case_due(session, "C-1", today) if i.key == "plan_review"]
    return item


def _notices(session: WorkbookSession) -> dict[str, str]:
    return {n.key: n.text for n in pathway.case_notices(session, "C-1", TODAY)}


def _with_next(kind: str, held_on: str, next_on: str | None) -> pathway.MeetingDraft:
    draft = meeting(kind, held_on)
    return pathway.MeetingDraft(draft.type, draft.held_on, draft.decisions, draft.notes, draft.attendees, next_on)


def test_the_case_interval_shortens_the_cycle(session: WorkbookSession) -> None:
    assert _review(session).due == date(2027, 2, 28)  # the profile's 3 months (30 Nov, clamped)
    session.set_value("C-1", "referral.review_interval", "1")
    assert _review(session).due == date(2026, 12, 30)
    pathway.record_meeting(session, "C-1", meeting("review", "2027-01-10"))
    session.set_value("C-1", "referral.review_interval", "2")
    assert _review(session).due == date(2027, 3, 10)  # from the latest review held
    assert not any(key.startswith("plan_review") for key in _notices(session))
    assert ("C-1", "Review of the plan", date(2027, 3, 10), False) in pathway.workbook_due(session, TODAY, 90)


def test_a_longer_case_interval_is_not_used_and_the_case_says_so(session: WorkbookSession) -> None:
    session.set_value("C-1", "referral.review_interval", "6")
    assert _review(session).due == date(2027, 2, 28)
    text = _notices(session)["plan_review:longer_interval"]
    assert "longer than the procedures allow" in text and "28 February 2027" in text


def test_the_review_is_due_on_the_date_the_meeting_agreed(session: WorkbookSession) -> None:
    change = pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "2027-02-01"))
    assert _review(session).due == date(2027, 2, 1)
    assert pathway.list_meetings(session, "C-1")[0].next_on == "2027-02-01"
    assert _review(session, date(2027, 2, 2)).overdue
    # Across the workbook, from the one query that reads the latest meetings.
    assert ("C-1", "Review of the plan", date(2027, 2, 1), False) in pathway.workbook_due(session, TODAY, 60)
    # A later date agreed than the interval allows: the interval's date, and a notice.
    pathway.update_meeting(session, "C-1", change.detail["meeting"], _with_next("review", "2027-01-10", "2027-05-01"))
    assert _review(session).due == date(2027, 4, 10)
    text = _notices(session)["plan_review:later_agreed"]
    assert "1 May 2027" in text and "10 April 2027" in text
    assert ("C-1", "Review of the plan", date(2027, 4, 10), False) in pathway.workbook_due(session, TODAY, 120)


def test_only_the_latest_meeting_s_agreed_date_counts(session: WorkbookSession) -> None:
    pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "2027-02-01"))
    pathway.record_meeting(session, "C-1", meeting("aim_pathway_panel", "2027-01-20"))  # agreed none
    assert _review(session).due == date(2027, 4, 20)
    pathway.record_meeting(session, "C-1", meeting("other", "2027-01-25"))  # meets nothing here
    assert _review(session).due == date(2027, 4, 20)


def test_the_next_date_cannot_be_before_the_meeting(session: WorkbookSession) -> None:
    with pytest.raises(InvalidInput, match="cannot be before"):
        pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "2027-01-09"))
    with pytest.raises(InvalidInput, match="real date"):
        pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "10/02/2027"))
    assert pathway.list_meetings(session, "C-1") == []
    pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "2027-01-10"))  # the same day: fine


def test_the_next_date_is_kept_when_attendees_change_and_is_audited(session: WorkbookSession) -> None:
    change = pathway.record_meeting(session, "C-1", _with_next("review", "2027-01-10", "2027-02-01"))
    meeting_id = change.detail["meeting"]
    pathway.set_attendees(session, "C-1", meeting_id, [pathway.Attendee("Sam", "School", "DSL")])
    assert pathway.list_meetings(session, "C-1")[0].next_on == "2027-02-01"
    pathway.update_meeting(session, "C-1", meeting_id, _with_next("review", "2027-01-10", None))
    assert pathway.list_meetings(session, "C-1")[0].next_on is None
    entries = session.workbook.audit.entries("C-1")
    changed = [e for e in entries if e.action == "meeting changed"]
    assert json.loads(changed[-1].old_json or "{}")["next_on"] == "2027-02-01"
    assert json.loads(changed[-1].new_json or "{}")["next_on"] is None
    recorded = next(e for e in entries if e.action == "meeting recorded")
    assert json.loads(recorded.new_json or "{}")["next_on"] == "2027-02-01"
