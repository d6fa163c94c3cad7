"""The notices a procedure profile gives for one case: its age rules (from the date of birth),
the notices whose conditions hold, and reminders of what is not yet settled.

Apart from the profile's data (``procedure``) and its time limits (``procedure_due``) because
they read a case differently: these say what applies now, not when something falls due. Pure:
they take ``today`` rather than read a clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from hsb_desk.domain.dates import age_on, format_uk_date, parse_iso_date
from hsb_desk.domain.procedure import ALWAYS, Conditions, Notice, ProcedureProfile
from hsb_desk.domain.workdays import add_months


def birthday(born: date, age: int) -> date:
    """The day a child born on ``born`` reaches ``age`` (29 February: 1 March in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def age_notices(
    profile: ProcedureProfile,
    date_of_birth: date | None,
    today: date,
    values: Mapping[str, Any] | None = None,
    off: Collection[str] = (),
) -> list[Notice]:
    """The age rules that apply on ``today``; none without a date of birth or for one in the future.

    A rule with conditions is read against ``values`` (none given: a rule with conditions is left
    out, so that it is never shown on a guess)."""
    if date_of_birth is None or date_of_birth > today:
        return []
    age = age_on(date_of_birth, today)
    notices: list[Notice] = []
    for rule in profile.age_rules:
        if rule.key in off or not _applies(rule.when, values):
            continue
        on: date | None = None
        if rule.kind == "below":
            applies = age < rule.age
        elif rule.kind == "from":
            applies = age >= rule.age and (rule.until is None or age < rule.until)
        else:
            on = birthday(date_of_birth, rule.age)
            applies = today < on <= add_months(today, rule.within_months or 0)
        if applies:
            text = rule.notice.replace("{date}", format_uk_date(on)) if on else rule.notice
            notices.append(Notice(rule.key, rule.level, text, rule.source, on))
    return notices


def _applies(conditions: Conditions, values: Mapping[str, Any] | None) -> bool:
    if values is None:
        return conditions == ALWAYS
    return conditions.apply_to(values)


def reminder_notices(profile: ProcedureProfile, values: Mapping[str, Any], off: Collection[str] = ()) -> list[Notice]:
    """A notice for each reminder whose matter is not yet settled (e.g. consent not obtained)."""
    notices: list[Notice] = []
    for rule in profile.reminders:
        if rule.key in off or not rule.when.apply_to(values):
            continue
        held = values.get(rule.field)
        if rule.column:
            rows = held if isinstance(held, list) else []
            settled = bool(rows) and all(isinstance(row, Mapping) and row.get(rule.column) in rule.done for row in rows)
        else:
            settled = held in rule.done
        if not settled:
            notices.append(Notice(rule.key, rule.level, rule.notice, rule.source))
    return notices


def rule_notices(profile: ProcedureProfile, values: Mapping[str, Any], off: Collection[str] = ()) -> list[Notice]:
    """The profile's notices whose conditions hold for ``values``."""
    return [
        Notice(rule.key, rule.level, rule.notice, rule.source)
        for rule in profile.notices
        if rule.key not in off and rule.when.apply_to(values)
    ]


def case_notices(
    profile: ProcedureProfile, values: Mapping[str, Any], today: date, off: Collection[str] = ()
) -> list[Notice]:
    """Age notices (from the profile's date-of-birth field), then the notices whose conditions
    hold, then reminders."""
    raw = values.get(profile.date_of_birth_field)
    born = parse_iso_date(raw) if isinstance(raw, str) else None
    return (
        age_notices(profile, born, today, values, off)
        + rule_notices(profile, values, off)
        + reminder_notices(profile, values, off)
    )
