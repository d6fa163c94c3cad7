"""The chronology: built from what is recorded, manual entries added and removed, a stable order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pathway.pathway_support import case_with, meeting, real_session

from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import InvalidInput
from hsb_desk.store.records import encode

TODAY = date(2027, 1, 4)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = real_session(tmp_path / "chronology.hsbdesk", TODAY)
    yield session
    session.close()


def _lines(session: WorkbookSession, reference: str) -> list[tuple[str, str]]:
    return [(e.date.isoformat(), e.what) for e in pathway.chronology(session, reference) if e.source != "Audit trail"]


def test_built_from_fields_meetings_and_actions_in_date_order(session: WorkbookSession) -> None:
    case_with(
        session,
        "C-1",
        referral__date="2026-12-23",
        referral__allegation_date="2026-12-20",
        referral__consent_young_person="given",
        referral__consent_young_person_date="2026-12-28",
        referral__consent_carers=[{"name": "Sam Carer", "status": "refused", "date": "2026-12-29"}],
        behaviour__incidents=[
            {"date": "2026-12-18", "setting": "at school", "type": ["contact"], "harmed_name": "Jo Harmed"},
            {"date": "2026-11-02", "date_approximate": "yes", "type": ["technology_assisted"]},
        ],
        conclusion__plan_date="2027-01-03",
    )
    meeting_id = pathway.record_meeting(
        session, "C-1", meeting("strategy_meeting", "2026-12-21", ("A", "Police", "", "attended"))
    ).detail["meeting"]
    action_id = pathway.add_action(session, "C-1", meeting_id, "Tell the school").detail["action"]
    pathway.set_action_done(session, "C-1", action_id, on="2027-01-02")
    lines = _lines(session, "C-1")
    assert lines == [
        ("2026-11-02", "Incident 2 (Technology-assisted); date approximate"),
        ("2026-12-18", "Incident 1 (Contact), at school"),
        ("2026-12-20", "Allegation or disclosure"),
        ("2026-12-21", "Strategy meeting (1 attended)"),
        ("2026-12-23", "Notification or referral received"),
        ("2026-12-28", "Young person's consent given"),
        ("2026-12-29", "Consent of Sam Carer refused"),
        ("2027-01-02", "Action done: Tell the school"),
        ("2027-01-03", "Plan agreed"),
    ]
    assert all("Jo Harmed" not in what for _, what in lines)  # the child harmed is never named here


def test_equal_dates_keep_a_defined_order(session: WorkbookSession) -> None:
    """Same day: by kind (incident, allegation, referral, ..., meeting, ..., manual), then in the
    order recorded, whatever order they were typed in."""
    case_with(session, "C-1")
    pathway.add_chronology_entry(session, "C-1", "2026-12-20", "Second manual, typed first")
    pathway.record_meeting(session, "C-1", meeting("review", "2026-12-20"))
    pathway.add_chronology_entry(session, "C-1", "2026-12-20", "Third manual")
    session.set_value("C-1", "referral.date", "2026-12-20")
    pathway.record_meeting(session, "C-1", meeting("other", "2026-12-20"))
    session.set_value("C-1", "referral.allegation_date", "2026-12-20")
    pathway.add_chronology_entry(session, "C-1", "2026-12-19", "Earlier manual")
    expected = [
        ("2026-12-19", "Earlier manual"),
        ("2026-12-20", "Allegation or disclosure"),
        ("2026-12-20", "Notification or referral received"),
        ("2026-12-20", "Review meeting (0 attended)"),
        ("2026-12-20", "Other meeting (0 attended)"),
        ("2026-12-20", "Second manual, typed first"),
        ("2026-12-20", "Third manual"),
    ]
    assert _lines(session, "C-1") == expected
    assert _lines(session, "C-1") == expected  # and again: stable


def test_manual_entries_are_added_and_removed(session: WorkbookSession) -> None:
    case_with(session, "C-1")
    pathway.add_chronology_entry(session, "C-1", "2026-12-20", "Home visit with Alex")
    (entry,) = [e for e in pathway.chronology(session, "C-1") if e.manual]
    assert (entry.what, entry.source, entry.kind) == ("Home visit with Alex", "Added by Alex Example", "manual")
    assert entry.entry_id is not None
    pathway.remove_chronology_entry(session, "C-1", entry.entry_id)
    assert not any(e.manual for e in pathway.chronology(session, "C-1"))
    with pytest.raises(InvalidInput, match="no longer recorded"):
        pathway.remove_chronology_entry(session, "C-1", entry.entry_id)
    with pytest.raises(InvalidInput, match="real date"):
        pathway.add_chronology_entry(session, "C-1", "20/12/2026", "Visit")
    with pytest.raises(InvalidInput, match="Write what happened"):
        pathway.add_chronology_entry(session, "C-1", "2026-12-20", " \x00 ")
    actions = [e.action for e in session.workbook.audit.entries("C-1")]
    assert actions.count("chronology entry added") == 1 and actions.count("chronology entry removed") == 1


def test_hand_outs_sign_offs_and_amendments_come_from_the_audit_trail(session: WorkbookSession) -> None:
    case_with(session, "C-1")
    log = session.workbook.audit
    with session.workbook.transaction():
        for action, new in [
            ("hand-out exported", {"handout": "h-1", "sections": ["education"]}),
            ("exchange file recorded", {"file": "f-1", "kind": "handback", "handout": "h-1"}),
            ("value set", None),
            (
                "assessment signed off",
                {"version": 1, "what": "lead_signoff", "who": "Alex Example", "date": "2026-12-30"},
            ),
            ("version started", {"version": 2, "reason": "New incident reported"}),
        ]:
            log.append(
                at="2027-01-02T10:00:00.000+00:00",
                actor="Alex Example",
                action=action,
                case_ref="C-1",
                new_json=encode(new) if new else None,
            )
    records = [(e.date.isoformat(), e.what) for e in pathway.chronology(session, "C-1") if e.source == "Audit trail"]
    assert records.pop(next(i for i, r in enumerate(records) if r[1] == "Case opened in HSB Desk"))
    assert records == [
        ("2026-12-30", "Assessment signed off (version 1) by Alex Example"),
        ("2027-01-02", "Sections handed out to the co-worker"),
        ("2027-01-02", "Co-worker's hand-back imported"),
        ("2027-01-02", "Amendment started (version 2): New incident reported"),
    ]
