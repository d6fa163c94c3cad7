"""The dates of the rules that follow what a case records rather than a fixed clock: a review
cycle at the case's own interval or on the date a meeting agreed, and a change of a field's value
(a police outcome that changed to no further action). Pure: no clock, no store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hsb_desk.domain.procedure import ChangeRule, DeadlineRule
from hsb_desk.domain.procedure_due import due_date
from hsb_desk.domain.workdays import add_months

#: Why a review's date is not the one the case or a meeting asked for (``CycleDate.reasons``).
LONGER_INTERVAL = "longer_interval"
LATER_AGREED = "later_agreed"


@dataclass(frozen=True)
class CycleDate:
    """When a repeating rule is next due, and why it is not a date the case asked for."""

    due: date | None
    reasons: tuple[str, ...] = ()
    interval: date | None = None  # the cycle's own date (the profile's or the case's interval)
    agreed: date | None = None  # the date the latest meeting agreed for the next one


def case_interval(rule: DeadlineRule, values: Mapping[str, Any]) -> int | None:
    """The whole number of months the rule's ``interval_field`` holds for the case, if any."""
    raw = values.get(rule.interval_field) if rule.interval_field else None
    if not isinstance(raw, str) or not raw.isdigit():
        return None
    months = int(raw)
    return months if months >= 1 else None


def cycle_date(
    rule: DeadlineRule,
    base: date,
    values: Mapping[str, Any],
    agreed: date | None = None,
    closures: tuple[date, ...] = (),
) -> CycleDate:
    """The next review after ``base`` (the latest meeting that met it, or the rule's start).

    The earliest of three dates wins: the profile's interval, the case's interval (which can only
    shorten it: a longer one is not used, and ``LONGER_INTERVAL`` says so) and the date the latest
    meeting agreed (a later one is not used, and ``LATER_AGREED`` says so). A rule without an
    interval of its own is due only at the case's interval or on the agreed date."""
    own = due_date(rule, base, closures) if rule.amount else None
    months = case_interval(rule, values)
    case = add_months(base, months) if months else None
    reasons: list[str] = []
    interval = own if case is None else case if own is None or case <= own else own
    if own is not None and case is not None and case > own:
        reasons.append(LONGER_INTERVAL)
    if agreed is not None and agreed < base:
        agreed = None  # agreed at an earlier meeting, for a date already passed: not this cycle's
    if agreed is not None and (interval is None or agreed <= interval):
        return CycleDate(agreed, tuple(reasons), interval, agreed)
    if agreed is not None:
        reasons.append(LATER_AGREED)
    return CycleDate(interval, tuple(reasons), interval, agreed)


@dataclass(frozen=True)
class Spell:
    """One recorded value of a field (None: cleared), and the day it was recorded."""

    value: Any
    on: date


def changed_on(rule: ChangeRule, spells: Iterable[Spell]) -> date | None:
    """The day the field last *changed* into one of ``rule.to``, from another value recorded
    before it (spells oldest first), while it still holds one of them; None when it holds none,
    or when it has held one since it was first recorded (no change: the procedures' first
    meeting considers it as it is). Clearing the field in between changes nothing."""
    found: date | None = None
    before: Any = None  # the last value recorded that was not a clearing
    for spell in spells:
        value = spell.value
        if value is None:
            continue
        if value in rule.to:
            if before is not None and before not in rule.to:
                found = spell.on
        else:
            found = None
        before = value
    return found if before in rule.to else None
