"""What is due for one case, worked out from the procedure profile and the pathway: pure.

``due_items`` takes a case's values, its status, the latest meeting of each type (with the next
date it agreed), its open actions and the day each change rule's field changed, and reads no
store, so the services in ``due`` can feed it one case or every case in use. The reviews a meeting
meets (``review_date``) and why one is not due on the date asked for (``cycle_notices``) live here
too, since the due list and the case's notices both read them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.domain.procedure import DeadlineRule, Notice, ProcedureProfile
from hsb_desk.domain.procedure_due import due_date, due_dates
from hsb_desk.domain.procedure_notices import birthday, reminder_notices
from hsb_desk.domain.procedure_timing import LATER_AGREED, LONGER_INTERVAL, CycleDate, cycle_date
from hsb_desk.domain.workdays import add_months
from hsb_desk.store.pathway import ActionRecord, MeetingMark

KINDS = ("deadline", "action", "birthday", "reminder")
ACTION_WHAT = "Action: {what}"
ACTION_WHO = "Action: {what} ({who})"
TURNING_WHAT = "Turns {age}"
#: What a case's notices say when a review is not due on the date the case or a meeting asked for.
CYCLE_NOTICES = {
    LONGER_INTERVAL: (
        "{label}: the review interval set for this case is longer than the procedures allow, so the"
        " procedures' interval is used (next review due {due})."
    ),
    LATER_AGREED: (
        "{label}: the meeting agreed the next one for {agreed}, later than the interval allows;"
        " the review is shown as due {due}."
    ),
}


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


def due_items(
    profile: ProcedureProfile | None,
    values: Mapping[str, Any],
    latest_meetings: Mapping[str, MeetingMark],
    actions: Iterable[ActionRecord],
    today: date,
    off: Collection[str] = (),
    status: str = "",
    changes: Mapping[str, date] | None = None,
) -> list[CaseDue]:
    """Everything due for one case, overdue first, then by date; undated reminders last.
    ``off``: the keys of the profile's rules switched off for the case; ``status``: the case's;
    ``changes``: change rule key -> the day its field changed (``changed_on``)."""
    items: list[CaseDue] = []
    if profile is not None:
        items += _deadlines(profile, values, latest_meetings, today, off, status)
        items += _changes(profile, values, latest_meetings, today, off, changes or {})
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
    profile: ProcedureProfile,
    values: Mapping[str, Any],
    latest: Mapping[str, MeetingMark],
    today: date,
    off: Collection[str],
    status: str,
) -> list[CaseDue]:
    found = []
    for rule in profile.deadlines:
        if rule.key in off or status in rule.until_status or not rule.when.apply_to(values):
            continue
        if rule.on_field:  # due on the date recorded (a timescale agreed), overdue after it
            raw = values.get(rule.on_field)
            on = _parse(raw) if isinstance(raw, str) else None
            if on is not None:
                found.append(CaseDue(rule.key, "deadline", rule.label, on, on < today, rule.source))
            continue
        raw = values.get(rule.from_field)
        start = _parse(raw) if isinstance(raw, str) else None
        if start is None:
            continue
        held = [d for d in (_parse(_held(latest.get(kind))) for kind in rule.met_by) if d and d >= start]
        if held and not rule.repeat:
            continue  # met: the meeting it asks for has been held
        if rule.repeat and not rule.met_by:
            # No meeting type records the cycle, so show its next date on or after today.
            items = due_dates(replace(profile, deadlines=(rule,)), values, today)
            if not items:
                continue
            due = items[0].due
        elif rule.repeat:
            # Reviews run from the latest one held (or from the start), and can fall overdue.
            cycle = review_date(rule, values, latest, start, profile.extra_closures)
            if cycle is None or cycle.due is None:
                continue
            due = cycle.due
        else:
            due = _limit(rule, start, profile.extra_closures)
        found.append(CaseDue(rule.key, "deadline", rule.label, due, due < today, rule.source, start))
    return found


def _held(mark: MeetingMark | None) -> str:
    return mark.held_on if mark is not None else ""


def review_date(
    rule: DeadlineRule,
    values: Mapping[str, Any],
    latest: Mapping[str, MeetingMark],
    start: date,
    closures: tuple[date, ...] = (),
) -> CycleDate | None:
    """The ``CycleDate`` of a repeating rule met by meetings: from the latest meeting of its types
    held on or after ``start`` (and the next date that meeting agreed), or from ``start`` when
    none is held and the rule has an interval of its own; None before then."""
    marks = [m for m in (latest.get(kind) for kind in rule.met_by) if m is not None]
    held = [(d, m) for m in marks if (d := _parse(m.held_on)) is not None and d >= start]
    if not held:
        return cycle_date(rule, start, values, None, closures) if rule.amount else None
    base, mark = max(held, key=lambda pair: (pair[0], pair[1].next_on or ""))
    agreed = _parse(mark.next_on) if mark.next_on else None
    return cycle_date(rule, base, values, agreed, closures)


def _changes(
    profile: ProcedureProfile,
    values: Mapping[str, Any],
    latest: Mapping[str, MeetingMark],
    today: date,
    off: Collection[str],
    changes: Mapping[str, date],
) -> list[CaseDue]:
    """A change rule's item, from the day its field changed until a meeting it names is held."""
    found = []
    for rule in profile.changes:
        on = changes.get(rule.key)
        if on is None or rule.key in off or values.get(rule.field) not in rule.to or not rule.when.apply_to(values):
            continue
        held = [d for d in (_parse(_held(latest.get(kind))) for kind in rule.met_by) if d and d >= on]
        if held:
            continue  # reconvened
        what = rule.what.replace("{date}", format_uk_date(on))
        if rule.amount:
            due = due_date(rule, on, profile.extra_closures)
            found.append(CaseDue(rule.key, "deadline", what, due, due < today, rule.source, on))
        else:
            found.append(CaseDue(f"reminder:{rule.key}", "reminder", what, None, False, rule.source, on))
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


def cycle_notices(
    profile: ProcedureProfile,
    values: Mapping[str, Any],
    latest: Mapping[str, MeetingMark],
    off: Collection[str] = (),
    status: str = "",
) -> list[Notice]:
    """A notice for each review not due on the date asked for: the case's interval longer than
    the profile's, or a meeting's agreed date later than the interval."""
    found = []
    for rule in profile.deadlines:
        if not (rule.repeat and rule.met_by) or rule.key in off or status in rule.until_status:
            continue
        raw = values.get(rule.from_field)
        start = _parse(raw) if isinstance(raw, str) else None
        if start is None or not rule.when.apply_to(values):
            continue
        cycle = review_date(rule, values, latest, start, profile.extra_closures)
        if cycle is None or cycle.due is None:
            continue
        for reason in cycle.reasons:
            agreed = format_uk_date(cycle.agreed) if cycle.agreed else ""
            text = CYCLE_NOTICES[reason].format(label=rule.label, due=format_uk_date(cycle.due), agreed=agreed)
            found.append(Notice(f"{rule.key}:{reason}", "warning", text, rule.source, cycle.due))
    return found
