"""What is due for a case and across the workbook, from the procedure profile and the pathway.

One pure function (``due_items``) works a case's list out from its values, the latest meeting
of each type and its open actions; the services feed it either one case or every case in use,
read in a handful of queries (only the fields the rules need), so thousands of cases stay quick.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from hsb_desk.app.session_state import SessionState
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.domain.procedure import (
    DeadlineRule,
    Notice,
    ProcedureProfile,
    birthday,
    due_date,
    due_dates,
    reminder_notices,
)
from hsb_desk.domain.procedure import case_notices as profile_notices
from hsb_desk.domain.workdays import add_months
from hsb_desk.errors import InvalidInput
from hsb_desk.store.pathway import ActionRecord, PathwayStore
from hsb_desk.store.procedure_rules import ProcedureRules

KINDS = ("deadline", "action", "birthday", "reminder")
ACTION_WHAT = "Action: {what}"
ACTION_WHO = "Action: {what} ({who})"
TURNING_WHAT = "Turns {age}"
MAX_DAYS = 366


@dataclass(frozen=True, slots=True)  # slots: remembered for every case in use (bench/)
class CaseDue:
    """One thing due for a case. ``due`` is the last day it is met; None for a reminder."""

    key: str
    kind: str  # one of KINDS
    what: str
    due: date | None
    overdue: bool
    source: str = ""
    start: date | None = None


class DueEntry(NamedTuple):
    """One line of what is due across the workbook."""

    reference: str
    what: str
    due: date
    overdue: bool


def due_items(
    profile: ProcedureProfile | None,
    values: Mapping[str, Any],
    latest_meetings: Mapping[str, str],
    actions: Iterable[ActionRecord],
    today: date,
    off: Collection[str] = (),
) -> list[CaseDue]:
    """Everything due for one case, overdue first, then by date; undated reminders last.
    ``off``: the keys of the profile's rules switched off for the case."""
    items: list[CaseDue] = []
    if profile is not None:
        items += _deadlines(profile, values, latest_meetings, today, off)
        items += _birthdays(profile, values, today, off)
    for action in actions:
        due = parse_iso_date(action.due_on or "")
        if action.done_on is None and due is not None:
            text = ACTION_WHO if action.who else ACTION_WHAT
            items.append(
                CaseDue(
                    f"action:{action.id}", "action", text.format(what=action.what, who=action.who), due, due < today
                )
            )
    if profile is not None:
        labels = profile.rule_keys()  # each rule's label, or its notice's first sentence
        for notice in reminder_notices(profile, values, off):
            what = labels[notice.key]
            items.append(CaseDue(f"reminder:{notice.key}", "reminder", what, None, False, notice.source))
    return sorted(items, key=_order)


def _order(item: CaseDue) -> tuple[date, int]:
    # Overdue items have the earliest dates, so date order puts them first; the sort is stable,
    # so equal items keep the profile's order (deadlines, reminders) or the order recorded.
    return (item.due or date.max, KINDS.index(item.kind))


def _deadlines(
    profile: ProcedureProfile, values: Mapping[str, Any], latest: Mapping[str, str], today: date, off: Collection[str]
) -> list[CaseDue]:
    found = []
    for rule in profile.deadlines:
        raw = values.get(rule.from_field)
        start = _parse(raw) if isinstance(raw, str) else None
        if start is None or rule.key in off or not rule.when.apply_to(values):
            continue
        held = [d for d in (_parse(latest.get(kind, "")) for kind in rule.met_by) if d and d >= start]
        if held and not rule.repeat:
            continue  # met: the meeting it asks for has been held
        if rule.repeat and not rule.met_by:
            # No meeting type records the cycle, so show its next date on or after today.
            (item,) = due_dates(replace(profile, deadlines=(rule,)), values, today)
            due = item.due
        else:
            # Reviews run from the latest one held (or from the start), and can fall overdue.
            due = _limit(rule, max(held, default=start), profile.extra_closures)
        found.append(CaseDue(rule.key, "deadline", rule.label, due, due < today, rule.source, start))
    return found


@lru_cache(maxsize=8192)
def _limit(rule: DeadlineRule, start: date, closures: tuple[date, ...]) -> date:
    """Pure, and cases share start dates: remembered, so thousands of cases cost little."""
    return due_date(rule, start, closures)


@lru_cache(maxsize=8192)
def _parse(text: str) -> date | None:
    return parse_iso_date(text)


def _birthdays(
    profile: ProcedureProfile, values: Mapping[str, Any], today: date, off: Collection[str]
) -> list[CaseDue]:
    raw = values.get(profile.date_of_birth_field)
    born = _parse(raw) if isinstance(raw, str) else None
    found: list[CaseDue] = []
    if born is None or born > today:
        return found
    for rule in profile.age_rules:
        if rule.kind != "turning" or rule.key in off or not rule.when.apply_to(values):
            continue
        on = birthday(born, rule.age)
        if today < on <= add_months(today, rule.within_months or 0):
            what = TURNING_WHAT.format(age=rule.age)
            found.append(CaseDue(f"turning:{rule.key}", "birthday", what, on, False, rule.source))
    return found


# -- services ---------------------------------------------------------------------------------
def case_due(session: SessionState, reference: str, today: date | None = None) -> list[CaseDue]:
    """What is due for one case: time limits not yet met, open actions, turning 18, reminders."""
    today = today or session.today()
    case = session.workbook.cases.get(reference)
    store = PathwayStore.of(session.workbook)
    latest: dict[str, str] = {}
    for meeting in store.meetings(case):
        latest[meeting.type] = max(latest.get(meeting.type, ""), meeting.held_on)
    values = session.workbook.values.values(case)
    off = ProcedureRules.of(session.workbook).switched_off(case)
    return due_items(session.form.procedure, values, latest, store.actions(case), today, off)


def next_due(session: SessionState, reference: str, today: date | None = None) -> CaseDue | None:
    """The earliest dated item for a case (overdue ones first), or None."""
    return next((item for item in case_due(session, reference, today) if item.due is not None), None)


def case_notices(session: SessionState, reference: str, today: date | None = None) -> list[Notice]:
    """What the profile says of a case now: its age rules (below the procedures' age, the
    specialist pathway's ages, turning 18 soon, ...) and the notices whose conditions hold (what
    an ongoing investigation allows, ...); reminders are in ``case_due``. Rules switched off for
    the case are left out."""
    profile = session.form.procedure
    if profile is None:
        return []
    case = session.workbook.cases.get(reference)
    off = ProcedureRules.of(session.workbook).switched_off(case)
    values = session.values(reference)
    notices = profile_notices(replace(profile, reminders=()), values, today or session.today(), off)
    return notices


def _all_cases(session: SessionState, today: date) -> dict[str, list[CaseDue]]:
    """reference -> dated items, for every case not archived, in four queries.

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
            keys.add(rule.from_field)
            keys.update(rule.when.fields)
        for age_rule in profile.age_rules:
            keys.update(age_rule.when.fields)
    dated = replace(profile, reminders=()) if profile is not None else None  # undated: not read here
    values, meetings, actions = store.values_of(keys), store.latest_meetings(), store.open_actions()
    off = ProcedureRules.of(session.workbook).all_switched_off()
    return {
        reference: due_items(
            dated, values.get(cid, {}), meetings.get(cid, {}), actions.get(cid, ()), today, off.get(cid, frozenset())
        )
        for cid, reference in store.active_cases().items()
    }


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
