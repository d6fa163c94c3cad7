"""What is due for a case and across the workbook: the services.

They read what ``due_items.due_items`` needs, for one case or for every case in use in a handful
of queries (only the fields the rules need), so thousands of cases stay quick; a field's history
is read only for the cases whose value is one a change rule looks for. The workbook-wide lists
are remembered until the workbook changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from hsb_desk.app.pathway.due_items import CaseDue, cycle_notices, due_items
from hsb_desk.app.session_state import SessionState
from hsb_desk.domain.procedure import Notice, ProcedureProfile
from hsb_desk.domain.procedure_notices import case_notices as profile_notices
from hsb_desk.domain.procedure_timing import Spell, changed_on
from hsb_desk.errors import InvalidInput
from hsb_desk.store.pathway import MeetingMark, PathwayStore
from hsb_desk.store.procedure_rules import ProcedureRules
from hsb_desk.store.records import CaseRecord

MAX_DAYS = 366
CLOSED = "closed"  # a closed case has nothing due and no notices (app/closure.py)


class DueEntry(NamedTuple):
    """One line of what is due across the workbook."""

    reference: str
    what: str
    due: date
    overdue: bool


def case_due(session: SessionState, reference: str, today: date | None = None) -> list[CaseDue]:
    """What is due for one case: time limits not yet met, open actions, turning 18, reminders."""
    today = today or session.today()
    case = session.workbook.cases.get(reference)
    if case.status == CLOSED:
        return []  # the work has ended: nothing is due (reopening brings it all back)
    store = PathwayStore.of(session.workbook)
    latest = latest_of(store, case)
    values = session.workbook.values.values(case)
    off = ProcedureRules.of(session.workbook).switched_off(case)
    profile = session.form.procedure
    changes = change_dates(session, case, profile, values) if profile is not None else {}
    skip = set(off) | _met_by_signing(store, profile, case).get(case.id, set())
    return due_items(profile, values, latest, store.actions(case), today, skip, case.status, changes)


def _met_by_signing(
    store: PathwayStore, profile: ProcedureProfile | None, case: CaseRecord | None = None
) -> dict[int, set[str]]:
    """case id -> the keys of the timescales a sign-off has met (for ``case``, else every case in
    use): one agreed for the assessment is met once the assessment is signed, and stays met
    through an amendment or a reassessment, which shows it again once a new date is agreed."""
    if profile is None:
        return {}
    fields = {r.key: r.on_field for r in profile.deadlines if r.on_field and "signed_off" in r.until_status}
    found = store.set_before_signing(fields.values(), case)
    return {cid: {key for key, field in fields.items() if field in met} for cid, met in found.items()}


def latest_of(store: PathwayStore, case: CaseRecord) -> dict[str, MeetingMark]:
    """meeting type -> the latest meeting of that type (the one listed last: by date, then as
    recorded), as ``PathwayStore.latest_meetings`` gives it for every case."""
    latest: dict[str, MeetingMark] = {}
    for meeting in store.meetings(case):  # in date order, then as recorded
        latest[meeting.type] = MeetingMark(meeting.held_on, meeting.next_on)
    return latest


def change_dates(
    session: SessionState, case: CaseRecord, profile: ProcedureProfile, values: Mapping[str, Any]
) -> dict[str, date]:
    """change rule key -> the day its field changed into one of its values. The field's history
    is read only when it holds one of them now."""
    found: dict[str, date] = {}
    history: dict[str, list[Spell]] = {}
    for rule in profile.changes:
        if values.get(rule.field) not in rule.to:
            continue
        if rule.field not in history:
            history[rule.field] = [
                Spell(r.value, _local_day(r.ended_at)) for r in session.workbook.values.revisions(case, rule.field)
            ]
        on = changed_on(rule, history[rule.field])
        if on is not None:
            found[rule.key] = on
    return found


def _local_day(at: str) -> date:
    """An audit time (UTC) as the practitioner's calendar day."""
    try:
        return datetime.fromisoformat(at).astimezone().date()
    except ValueError:
        return date.min


def next_due(session: SessionState, reference: str, today: date | None = None) -> CaseDue | None:
    """The earliest dated item for a case (overdue ones first), or None."""
    return next((item for item in case_due(session, reference, today) if item.due is not None), None)


def case_notices(session: SessionState, reference: str, today: date | None = None) -> list[Notice]:
    """What the profile says of a case now: its age rules (below the procedures' age, the
    specialist pathway's ages, turning 18 soon, ...), the notices whose conditions hold (what
    an ongoing investigation allows, ...) and why a review is not due on the date the case or a
    meeting asked for; reminders are in ``case_due``. Rules switched off for the case are left
    out."""
    profile = session.form.procedure
    if profile is None:
        return []
    case = session.workbook.cases.get(reference)
    if case.status == CLOSED:
        return []
    off = ProcedureRules.of(session.workbook).switched_off(case)
    values = session.values(reference)
    notices = profile_notices(replace(profile, reminders=()), values, today or session.today(), off)
    latest = latest_of(PathwayStore.of(session.workbook), case)
    return notices + cycle_notices(profile, values, latest, off, case.status)


def _all_cases(session: SessionState, today: date) -> dict[str, list[CaseDue]]:
    """reference -> dated items, for every case not archived, in a handful of queries (and the
    history of the few cases a change rule looks at).

    Remembered until the workbook changes: every change appends to the audit log, so its head
    says whether anything did. Typing in the case list's search box then costs one small read.
    """
    store = PathwayStore.of(session.workbook)
    stamp = (store.change_stamp(), today, id(session.form))
    remembered = session.remembered.get("due items")
    if remembered is not None and remembered[0] == stamp:
        found: dict[str, list[CaseDue]] = remembered[1]
        return found
    found = _compute_all(session, store, today)
    session.remembered["due items"] = (stamp, found)
    return found


def _compute_all(session: SessionState, store: PathwayStore, today: date) -> dict[str, list[CaseDue]]:
    profile = session.form.procedure
    keys: set[str] = set()
    if profile is not None:
        keys.add(profile.date_of_birth_field)
        for rule in profile.deadlines:
            keys.update(rule.fields)
        for age_rule in profile.age_rules:
            keys.update(age_rule.when.fields)
        for change in profile.changes:
            keys.update((change.field, *change.when.fields))
    dated = replace(profile, reminders=()) if profile is not None else None  # undated: not read here
    values, meetings, actions = store.values_of(keys), store.latest_meetings(), store.open_actions()
    off = ProcedureRules.of(session.workbook).all_switched_off()
    met = _met_by_signing(store, profile)
    found = {}
    for cid, (reference, status) in store.active_statuses().items():
        skip = off.get(cid, frozenset()) | met.get(cid, set())
        held = values.get(cid, {})
        changes: dict[str, date] = {}
        if profile is not None and any(held.get(c.field) in c.to for c in profile.changes):
            # Only these few cases need their history: one case's audit entries each.
            changes = change_dates(session, session.workbook.cases.get(reference), profile, held)
        found[reference] = due_items(
            dated, held, meetings.get(cid, {}), actions.get(cid, ()), today, skip, status, changes
        )
    return found


def workbook_due(session: SessionState, today: date | None = None, days: int = 14) -> list[DueEntry]:
    """Across every case not archived: what is overdue and what falls due within ``days``."""
    today = today or session.today()
    if not 0 <= days <= MAX_DAYS:
        raise InvalidInput(f"Choose a number of days from 0 to {MAX_DAYS}.")
    until = today + timedelta(days=days)
    found = [
        DueEntry(reference, item.what, item.due, item.overdue)
        for reference, items in _all_cases(session, today).items()
        for item in items
        if item.due is not None and item.due <= until
    ]
    return sorted(found, key=lambda e: (e.due, e.reference, e.what))


def next_due_by_case(session: SessionState, today: date | None = None) -> dict[str, CaseDue]:
    """reference -> the earliest dated item, for every case not archived that has one."""
    found = {}
    for reference, items in _all_cases(session, today or session.today()).items():
        first = next((item for item in items if item.due is not None), None)
        if first is not None:
            found[reference] = first
    return found
