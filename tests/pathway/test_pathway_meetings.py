"""Meetings, attendees and actions: stored, validated, audited; the profile's meeting types."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from pathway.pathway_support import case_with, meeting, pathway_form, real_session, reopen

from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import CaseReadOnly, InvalidInput
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.coworking import CoworkingStore, Restriction
from hsb_desk.store.workbook import Workbook

TODAY = date(2027, 1, 4)
CHAIR = ("Jo Chair", "Children's social care", "Team manager (chair)", "attended")
POLICE = ("PC Lee", "Police", "Officer in charge", "apologies")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[WorkbookSession]:
    session = real_session(tmp_path / "meetings.hsbdesk", TODAY)
    case_with(session, "C-1", referral__date="2026-12-23")
    yield session
    session.close()


def test_meeting_types_and_suggested_invitees_come_from_the_profile() -> None:
    form = pathway_form()
    types = dict(pathway.meeting_types(form))
    assert list(types) == [
        "strategy_meeting",
        "risk_management_meeting",
        "review",
        "aim_pathway_panel",
        "child_protection_conference",
        "other",
    ]
    agencies = {agency for agency, _ in pathway.suggested_invitees(form, "risk_management_meeting")}
    assert {"Youth justice service", "Children's social care", "Education", "Police", "Health"} <= agencies
    assert pathway.suggested_invitees(form, "other") == []
    assert pathway.suggested_invitees(form, "no_such_type") == []


def test_a_form_without_a_profile_still_offers_other(mini_form: FormDefinition) -> None:
    assert pathway.meeting_types(mini_form) == [("other", "Other meeting")]
    assert pathway.suggested_invitees(mini_form, "other") == []


def test_record_change_and_remove_a_meeting_each_audited(session: WorkbookSession) -> None:
    change = pathway.record_meeting(
        session, "C-1", meeting("strategy_meeting", "2026-12-22", CHAIR, POLICE, decisions="Section 47 enquiry.")
    )
    meeting_id = change.detail["meeting"]
    (stored,) = pathway.list_meetings(session, "C-1")
    assert (stored.type, stored.held_on, stored.decisions) == ("strategy_meeting", "2026-12-22", "Section 47 enquiry.")
    assert [(a.name, a.attendance) for a in stored.attendees] == [("Jo Chair", "attended"), ("PC Lee", "apologies")]
    pathway.set_attendees(session, "C-1", meeting_id, [pathway.Attendee("PC Lee", "Police", "OIC", "attended")])
    pathway.update_meeting(session, "C-1", meeting_id, meeting("other", "2026-12-23", CHAIR))
    (stored,) = pathway.list_meetings(session, "C-1")
    assert (stored.type, stored.held_on, len(stored.attendees)) == ("other", "2026-12-23", 1)
    pathway.add_action(session, "C-1", meeting_id, "Write to school", "Jo", "2027-01-10")
    pathway.remove_meeting(session, "C-1", meeting_id)
    assert pathway.list_meetings(session, "C-1") == []
    assert pathway.list_actions(session, "C-1") == []  # its actions go with it
    actions = [e.action for e in session.workbook.audit.entries("C-1")]
    for expected in ("meeting recorded", "meeting changed", "action added", "meeting removed"):
        assert expected in actions
    assert session.workbook.verify_audit().ok


def test_actions_added_changed_done_and_opened_again(session: WorkbookSession) -> None:
    meeting_id = pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02")).detail["meeting"]
    action_id = pathway.add_action(session, "C-1", meeting_id, "  Send the plan  ", "Alex", "2027-01-08").detail[
        "action"
    ]
    pathway.update_action(session, "C-1", action_id, "Send the plan to school", "Alex Example", "2027-01-09")
    pathway.set_action_done(session, "C-1", action_id)
    (action,) = pathway.list_actions(session, "C-1")
    assert (action.what, action.who, action.due_on, action.done_on) == (
        "Send the plan to school",
        "Alex Example",
        "2027-01-09",
        TODAY.isoformat(),
    )
    pathway.set_action_done(session, "C-1", action_id, done=False)
    assert pathway.list_actions(session, "C-1")[0].done_on is None
    with pytest.raises(InvalidInput, match="future"):
        pathway.set_action_done(session, "C-1", action_id, on="2027-02-01")
    assert [e.action for e in session.workbook.audit.entries("C-1")][-3:] == [
        "action changed",
        "action marked done",
        "action opened again",
    ]


@pytest.mark.parametrize(
    ("draft", "reason"),
    [
        (pathway.MeetingDraft("tea_party", "2027-01-02"), "type of meeting"),
        (pathway.MeetingDraft("review", "02/01/2027"), "real date"),
        (pathway.MeetingDraft("review", "2027-02-30"), "real date"),
        (pathway.MeetingDraft("review", "2027-01-02", decisions=123), "must be text"),  # type: ignore[arg-type]
        (pathway.MeetingDraft("review", "2027-01-02", notes="x" * 20_001), "too long"),
        (pathway.MeetingDraft("review", "2027-01-02", attendees=(pathway.Attendee("", "", ""),)), "name or an agency"),
        (
            pathway.MeetingDraft("review", "2027-01-02", attendees=(pathway.Attendee("A", "B", "C", "maybe"),)),
            "attended",
        ),
    ],
)
def test_bad_meetings_are_refused_plainly_and_change_nothing(
    session: WorkbookSession, draft: pathway.MeetingDraft, reason: str
) -> None:
    before = len(session.workbook.audit.entries())
    with pytest.raises(InvalidInput) as raised:
        pathway.record_meeting(session, "C-1", draft)
    assert reason in raised.value.user_message
    assert "tea_party" not in raised.value.user_message and "x" * 20 not in raised.value.user_message
    assert pathway.list_meetings(session, "C-1") == []
    assert len(session.workbook.audit.entries()) == before


def test_hostile_text_is_kept_exactly_except_control_characters(session: WorkbookSession) -> None:
    name = "\u202eأحمد\u200f 🦔\u200d🔥"
    decisions = "Line one\n\tLine two\x00\x07 \ud800end"
    pathway.record_meeting(
        session, "C-1", meeting("other", "2027-01-02", (name, "Agency", "", "attended"), decisions=decisions)
    )
    (stored,) = pathway.list_meetings(session, "C-1")
    assert stored.attendees[0].name == name
    assert stored.decisions == "Line one\n\tLine two end"


def test_missing_meetings_and_actions_are_plain_errors(session: WorkbookSession) -> None:
    with pytest.raises(InvalidInput, match="no longer recorded"):
        pathway.update_meeting(session, "C-1", 999, meeting("review", "2027-01-02"))
    with pytest.raises(InvalidInput, match="no longer recorded"):
        pathway.add_action(session, "C-1", 999, "Something")
    with pytest.raises(InvalidInput, match="no longer recorded"):
        pathway.set_action_done(session, "C-1", 999)
    with pytest.raises(InvalidInput, match="Write what"):
        pathway.add_action(session, "C-1", None, "   ")


def test_meetings_are_refused_in_a_coworker_copy(session: WorkbookSession) -> None:
    with session.workbook.transaction():
        case = session.workbook.cases.get("C-1")
        CoworkingStore.of(session.workbook).set_restriction(
            case, Restriction(case.id, "h-1", ("child",), {}, "Lead"), "Co-worker"
        )
    with pytest.raises(CaseReadOnly):
        pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02"))
    with pytest.raises(CaseReadOnly):
        pathway.add_chronology_entry(session, "C-1", "2027-01-02", "Visit")


def test_a_signed_off_case_still_takes_review_meetings_but_an_archived_one_does_not(
    session: WorkbookSession,
) -> None:
    with session.workbook.transaction():  # as sign-off leaves it (sign-off itself is tested elsewhere)
        session.workbook.cases.set_status(session.workbook.cases.get("C-1"), "signed_off", "Alex Example")
    pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02"))
    assert len(pathway.list_meetings(session, "C-1")) == 1
    session.set_status("C-1", "archived")
    with pytest.raises(CaseReadOnly, match="archived"):
        pathway.record_meeting(session, "C-1", meeting("review", "2027-01-03"))


def test_an_older_workbook_gains_the_pathway_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.hsbdesk"
    ours = next(n for n, sql in enumerate(schema.MIGRATIONS, start=1) if "CREATE TABLE meetings" in sql)
    workbook = Workbook.create(path, PASSPHRASE)
    workbook.conn.execute(f"PRAGMA user_version = {ours - 1}")  # as written before the pathway existed
    for table in ("meetings", "meeting_attendees", "meeting_actions", "chronology_entries"):
        workbook.conn.execute(f"DROP TABLE {table}")
    workbook.conn.execute("DROP INDEX field_values_key")
    for later in ("field_values_child_full_name", "field_values_child_name"):  # added after the pathway
        workbook.conn.execute(f"DROP INDEX IF EXISTS {later}")
    workbook.conn.execute("ALTER TABLE signoffs DROP COLUMN on_behalf_of")  # version 6
    for column in ("frame_json", "frame_digest"):
        workbook.conn.execute(f"ALTER TABLE assessment_versions DROP COLUMN {column}")
    for table in ("value_history", "audit_compacted"):  # version 7
        workbook.conn.execute(f"DROP TABLE IF EXISTS {table}")
    for table, column in (("handouts", "sequence"), ("handouts", "handbacks")):  # version 10
        workbook.conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    for column in ("sequence", "source", "created_at"):  # version 10
        workbook.conn.execute(f"ALTER TABLE exchange_imports DROP COLUMN {column}")
    for column in ("agrees", "comments"):  # version 11
        workbook.conn.execute(f"ALTER TABLE signoffs DROP COLUMN {column}")
    workbook.conn.execute("DROP TABLE rule_switches")  # version 12
    for table in ("review_ratings", "target_progress", "closures", "reassessments"):  # version 14
        workbook.conn.execute(f"DROP TABLE {table}")
    workbook.close()
    session = reopen(path, TODAY)
    try:
        assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
        session.create_case("C-1")
        pathway.record_meeting(session, "C-1", meeting("review", "2027-01-02"))
        assert len(pathway.list_meetings(session, "C-1")) == 1
    finally:
        session.close()
