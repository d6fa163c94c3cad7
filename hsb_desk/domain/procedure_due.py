"""The time limits a procedure profile sets for one case: the date a rule falls due after a
start date, and every limit that applies to a case's values on a given day.

Apart from the profile's data (``procedure``): these are the arithmetic the pathway's due list
and the review cycles of ``procedure_timing`` build on. Pure: no clock, no store.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.domain.procedure import ChangeRule, DeadlineRule, ProcedureProfile
from hsb_desk.domain.workdays import add_hours, add_months, add_working_days


@dataclass(frozen=True)
class DueItem:
    """One time limit worked out for a case: ``due`` is the last day it is met."""

    key: str
    label: str
    due: date
    source: str
    from_field: str
    start: date
    overdue: bool
    occurrence: int = 1


def due_date(
    rule: DeadlineRule | ChangeRule, start: date, extra_closures: tuple[date, ...] = (), times: int = 1
) -> date:
    """The date ``times`` steps of ``rule`` after ``start``."""
    amount = rule.amount * times
    if rule.unit == "working_days":
        return add_working_days(start, amount, extra_closures)
    if rule.unit == "hours":
        return add_hours(start, amount)
    if rule.unit == "months":
        return add_months(start, amount)
    return start + timedelta(days=amount)


def due_dates(
    profile: ProcedureProfile, values: Mapping[str, Any], today: date, off: Collection[str] = ()
) -> list[DueItem]:
    """Every time limit that applies to ``values``, in profile order.

    A limit is left out while its start date is not recorded, while its conditions do not hold,
    or when it is switched ``off`` for the case. A repeating limit gives its next occurrence on
    or after ``today``, at the case's interval where that is shorter (meetings are not read
    here: ``hsb_desk.app.pathway.due_items`` adds them). A limit ``on_field`` is due on that date.
    """
    items: list[DueItem] = []
    for rule in profile.deadlines:
        if rule.key in off or not rule.when.apply_to(values):
            continue
        raw = values.get(rule.on_field or rule.from_field)
        start = parse_iso_date(raw) if isinstance(raw, str) else None
        if start is None:
            continue
        if rule.on_field:
            items.append(DueItem(rule.key, rule.label, start, rule.source, rule.on_field, start, start < today))
            continue
        rule = _at_case_interval(rule, values, start)
        if not rule.amount:
            continue  # a cycle only the case's interval (or its meetings) can set
        times = _first_occurrence(rule, start, today) if rule.repeat else 1
        due = due_date(rule, start, profile.extra_closures, times)
        items.append(
            DueItem(
                key=rule.key,
                label=rule.label,
                due=due,
                source=rule.source,
                from_field=rule.from_field,
                start=start,
                overdue=due < today,
                occurrence=times,
            )
        )
    return items


def _at_case_interval(rule: DeadlineRule, values: Mapping[str, Any], start: date) -> DeadlineRule:
    """The rule at the case's interval (``interval_field``, months) when that is shorter."""
    raw = values.get(rule.interval_field) if rule.interval_field else None
    months = int(raw) if isinstance(raw, str) and raw.isdigit() and int(raw) >= 1 else 0
    if not months:
        return rule
    shorter = replace(rule, amount=months, unit="months")
    return shorter if not rule.amount or due_date(shorter, start) <= due_date(rule, start) else rule


def _first_occurrence(rule: DeadlineRule, start: date, today: date) -> int:
    """The smallest step count whose date is on or after ``today`` (at least 1)."""
    if rule.unit == "days":
        return max(1, -(-(today - start).days // rule.amount))
    months = (today.year - start.year) * 12 + today.month - start.month
    times = max(1, months // rule.amount - 1)
    while due_date(rule, start, times=times) < today:
        times += 1
    return times
