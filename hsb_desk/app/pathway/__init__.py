"""The case pathway: meetings (who was invited and came, what was decided), their actions, and
manual chronology entries. What is due, the chronology and the meeting types are worked out in
``pathway_due``, ``pathway_chronology`` and ``meeting_types`` and offered from here too, so front
ends import one module.

Meetings stay open to change after sign-off (reviews go on), but not once the case is archived,
nor in a co-worker's copy: they are not carried by hand-backs, so the lead's workbook is their
one home.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.pathway.chronology import ChronologyEntry, chronology
from hsb_desk.app.pathway.due import (
    MAX_DAYS,
    DueEntry,
    case_due,
    case_notices,
    next_due,
    next_due_by_case,
    workbook_due,
)
from hsb_desk.app.pathway.due_items import CaseDue
from hsb_desk.app.pathway.meeting_types import meeting_label, meeting_types, suggested_invitees
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import CASE_CLOSED, CaseReadOnly, InvalidInput
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.pathway import ATTENDANCE, ActionRecord, AttendeeRecord, MeetingRecord, PathwayStore
from hsb_desk.store.records import CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState

__all__ = [
    "ATTENDANCE",
    "MAX_DAYS",
    "ActionRecord",
    "Attendee",
    "AttendeeRecord",
    "CaseDue",
    "ChronologyEntry",
    "DueEntry",
    "MeetingDraft",
    "MeetingRecord",
    "add_action",
    "add_chronology_entry",
    "case_due",
    "case_notices",
    "chronology",
    "list_actions",
    "list_meetings",
    "meeting_label",
    "meeting_types",
    "next_due",
    "next_due_by_case",
    "record_meeting",
    "remove_action",
    "remove_chronology_entry",
    "remove_meeting",
    "set_action_done",
    "set_attendees",
    "suggested_invitees",
    "update_action",
    "update_meeting",
    "workbook_due",
]

SHORT_TEXT = 300
LONG_TEXT = 20_000
MAX_ATTENDEES = 100
NOT_IN_COWORKER_COPY = "Meetings and the chronology are kept in the lead's workbook, not in a co-worker's copy."
ARCHIVED = "This case is archived and read-only."
NO_MEETING = "That meeting is no longer recorded for this case."
NO_ACTION = "That action is no longer recorded for this case."
NO_ENTRY = "That chronology entry is no longer recorded for this case."
NEXT_BEFORE_HELD = "The date agreed for the next meeting cannot be before the date of this meeting."


@dataclass(frozen=True)
class Attendee:
    name: str
    agency: str
    role: str
    attendance: str = "attended"


@dataclass(frozen=True)
class MeetingDraft:
    """What a front end sends to record or change a meeting; ``held_on`` and ``next_on`` (the
    date the meeting agreed for the next one, if it did) are YYYY-MM-DD."""

    type: str
    held_on: str
    decisions: str = ""
    notes: str = ""
    attendees: tuple[Attendee | AttendeeRecord, ...] = ()
    next_on: str | None = None


# -- meetings ---------------------------------------------------------------------------------
def list_meetings(session: SessionState, reference: str) -> list[MeetingRecord]:
    case = session.workbook.cases.get(reference)
    return PathwayStore.of(session.workbook).meetings(case)


def record_meeting(session: SessionState, reference: str, draft: MeetingDraft) -> Change:
    """Record a meeting with its attendees. ``Change.detail['meeting']`` is its id."""
    meeting = _checked_meeting(session.form, draft, 0)
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        meeting_id = store.add_meeting(case, meeting, session.actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.MEETING, reference, detail={"meeting": meeting_id})


def update_meeting(session: SessionState, reference: str, meeting_id: int, draft: MeetingDraft) -> Change:
    meeting = _checked_meeting(session.form, draft, meeting_id)
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        if store.meeting(case, meeting_id) is None:
            raise InvalidInput(NO_MEETING)
        if store.update_meeting(case, meeting, session.actor):
            session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.MEETING, reference, detail={"meeting": meeting_id})


def set_attendees(
    session: SessionState, reference: str, meeting_id: int, attendees: list[Attendee | AttendeeRecord]
) -> Change:
    """Replace who was invited to a meeting, and whether each attended or sent apologies."""
    old = next((m for m in list_meetings(session, reference) if m.id == meeting_id), None)
    if old is None:
        raise InvalidInput(NO_MEETING)
    draft = MeetingDraft(old.type, old.held_on, old.decisions, old.notes, tuple(attendees), old.next_on)
    return update_meeting(session, reference, meeting_id, draft)


def remove_meeting(session: SessionState, reference: str, meeting_id: int) -> Change:
    """The meeting, its attendees and its actions."""
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        if store.meeting(case, meeting_id) is None:
            raise InvalidInput(NO_MEETING)
        store.remove_meeting(case, meeting_id, session.actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.MEETING, reference, detail={"meeting": meeting_id, "removed": True})


# -- actions ----------------------------------------------------------------------------------
def list_actions(session: SessionState, reference: str) -> list[ActionRecord]:
    case = session.workbook.cases.get(reference)
    return PathwayStore.of(session.workbook).actions(case)


def add_action(
    session: SessionState, reference: str, meeting_id: int | None, what: str, who: str = "", due: str | None = None
) -> Change:
    """An action agreed at ``meeting_id`` (or at none): what, who does it, by when (YYYY-MM-DD)."""
    action = ActionRecord(
        0,
        meeting_id,
        _required(what, "what is to be done", SHORT_TEXT * 4),
        _line(who, "who does it"),
        _date_or_none(due, "due date"),
        None,
    )
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        if meeting_id is not None and store.meeting(case, meeting_id) is None:
            raise InvalidInput(NO_MEETING)
        action_id = store.add_action(case, action, session.actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.ACTION, reference, detail={"action": action_id})


def update_action(
    session: SessionState, reference: str, action_id: int, what: str, who: str = "", due: str | None = None
) -> Change:
    what, who = _required(what, "what is to be done", SHORT_TEXT * 4), _line(who, "who does it")
    due_on = _date_or_none(due, "due date")
    return _change_action(session, reference, action_id, lambda a: replace(a, what=what, who=who, due_on=due_on))


def set_action_done(
    session: SessionState, reference: str, action_id: int, done: bool = True, on: str | None = None
) -> Change:
    """Mark an action done ``on`` a day (YYYY-MM-DD, today unless given), or open it again."""
    day = (_date(on, "date done") if on else session.today().isoformat()) if done else None
    if day is not None and date.fromisoformat(day) > session.today():
        raise InvalidInput("An action cannot be marked done on a date in the future.")
    label = "action marked done" if day else "action opened again"
    return _change_action(session, reference, action_id, lambda a: replace(a, done_on=day), label)


def remove_action(session: SessionState, reference: str, action_id: int) -> Change:
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        if store.action(case, action_id) is None:
            raise InvalidInput(NO_ACTION)
        store.remove_action(case, action_id, session.actor)
    return Change(ChangeKind.ACTION, reference, detail={"action": action_id, "removed": True})


def _change_action(
    session: SessionState, reference: str, action_id: int, change: Any, label: str = "action changed"
) -> Change:
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        old = store.action(case, action_id)
        if old is None:
            raise InvalidInput(NO_ACTION)
        if store.update_action(case, change(old), session.actor, label):
            session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.ACTION, reference, detail={"action": action_id})


# -- manual chronology entries ------------------------------------------------------------------
def add_chronology_entry(session: SessionState, reference: str, on: str, what: str) -> Change:
    """An event the record does not show by itself (a phone call, a visit), by the practitioner."""
    day = _date(on, "date")
    text = _required(what, "what happened", SHORT_TEXT * 4)
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        entry_id = store.add_entry(case, day, text, session.actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.CHRONOLOGY, reference, detail={"entry": entry_id})


def remove_chronology_entry(session: SessionState, reference: str, entry_id: int) -> Change:
    with session.workbook.transaction():
        case, store = writable_case(session, reference)
        if all(e.id != entry_id for e in store.entries(case)):
            raise InvalidInput(NO_ENTRY)
        store.remove_entry(case, entry_id, session.actor)
    return Change(ChangeKind.CHRONOLOGY, reference, detail={"entry": entry_id, "removed": True})


# -- checks -----------------------------------------------------------------------------------
def writable_case(session: SessionState, reference: str) -> tuple[CaseRecord, PathwayStore]:
    """The case, if its pathway may change here: not archived or closed, not a co-worker's copy."""
    case = session.workbook.cases.get(reference)
    if case.status == "archived":
        raise CaseReadOnly(ARCHIVED)
    if case.status == "closed":
        raise CaseReadOnly(CASE_CLOSED)
    if CoworkingStore.of(session.workbook).restriction(case) is not None:
        raise CaseReadOnly(NOT_IN_COWORKER_COPY)
    return case, PathwayStore.of(session.workbook)


def checked_meeting(form: FormDefinition, draft: MeetingDraft) -> MeetingRecord:
    """A new meeting as it would be stored (``InvalidInput`` when it cannot be)."""
    return _checked_meeting(form, draft, 0)


def _checked_meeting(form: FormDefinition, draft: MeetingDraft, meeting_id: int) -> MeetingRecord:
    if not isinstance(draft, MeetingDraft):
        raise InvalidInput("A meeting needs its type, date and attendees.")
    kind = draft.type if isinstance(draft.type, str) else ""
    if kind not in dict(meeting_types(form)):
        raise InvalidInput("Choose the type of meeting from the list.")
    attendees = draft.attendees if isinstance(draft.attendees, tuple | list) else None
    if attendees is None or len(attendees) > MAX_ATTENDEES:
        raise InvalidInput(f"A meeting can list up to {MAX_ATTENDEES} people.")
    held_on = _date(draft.held_on, "date of the meeting")
    next_on = _date_or_none(draft.next_on, "date agreed for the next meeting")
    if next_on is not None and next_on < held_on:
        raise InvalidInput(NEXT_BEFORE_HELD)
    return MeetingRecord(
        meeting_id,
        kind,
        held_on,
        _text(draft.decisions, "decisions", LONG_TEXT),
        _text(draft.notes, "notes", LONG_TEXT),
        tuple(_checked_attendee(person) for person in attendees),
        next_on,
    )


def _checked_attendee(person: Any) -> AttendeeRecord:
    if not isinstance(person, AttendeeRecord | Attendee):
        raise InvalidInput("Each person at a meeting needs a name or an agency.")
    if person.attendance not in ATTENDANCE:
        raise InvalidInput("Record whether each person attended, sent apologies or was invited.")
    record = AttendeeRecord(
        _line(person.name, "name"), _line(person.agency, "agency"), _line(person.role, "role"), person.attendance
    )
    if not (record.name or record.agency):
        raise InvalidInput("Each person at a meeting needs a name or an agency.")
    return record


def _text(value: Any, what: str, limit: int) -> str:
    """Text without control characters (line breaks and tabs kept) or lone surrogates, trimmed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"The {what} must be text.")
    kept = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    if len(kept) > limit:
        raise InvalidInput(f"The {what} is too long: at most {limit:,} characters.")
    return kept


def clean_text(value: Any, what: str, limit: int) -> str:
    """What a front end sent as text, checked and trimmed (``InvalidInput`` if it cannot be)."""
    return _text(value, what, limit)


def clean_line(value: Any, what: str) -> str:
    """One line of text: spaces and line breaks run together."""
    return _line(value, what)


def _line(value: Any, what: str) -> str:
    return " ".join(_text(value, what, SHORT_TEXT).split())


def _required(value: Any, what: str, limit: int) -> str:
    text = _text(value, what, limit)
    if not text:
        raise InvalidInput(f"Write {what}.")
    return text


def _date(value: Any, what: str) -> str:
    day = parse_iso_date(value) if isinstance(value, str) else None
    if day is None or not 1900 <= day.year <= 2200:
        raise InvalidInput(f"The {what} must be a real date.")
    return day.isoformat()


def _date_or_none(value: Any, what: str) -> str | None:
    return None if value in (None, "") else _date(value, what)
