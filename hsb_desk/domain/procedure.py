"""An authority's procedure profile (time limits, age rules, reminders, notices) and what it
says about one case.

A profile is plain data read from ``forms/procedures/*.yaml`` by ``hsb_desk.formspec.procedure``;
the functions here only apply it to a case's values and a given ``today``, so they are pure and
need no clock. Every rule can hold conditions (``when`` / ``unless``) on the case's values, so a
time limit starts only when its trigger holds, and a caseworker can switch one rule off for one
case (``off``: the keys switched off, each with a recorded reason, app/pathway/rules.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hsb_desk.domain.dates import age_on, format_uk_date, parse_iso_date
from hsb_desk.domain.workdays import add_hours, add_months, add_working_days

#: Units a time limit can be written in; ``hours`` are calendar hours.
UNITS = ("working_days", "days", "hours", "months")
#: Units a repeating limit (a review cycle) can use.
REPEAT_UNITS = ("days", "months")
AGE_RULE_KINDS = ("below", "from", "turning")
NOTICE_LEVELS = ("info", "warning")
#: A case's statuses (the store's ``cases.status``); a rule may stop at one (``until_status``).
CASE_STATUSES = ("draft", "with_coworker", "awaiting_signoff", "signed_off", "closed", "archived")
#: What a profile's ``duties`` may describe, in the order they are listed.
DUTY_ASPECTS = (
    "lead_agency",
    "chair",
    "meeting_needed",
    "invited",
    "consent",
    "review",
    "ages",
    "specialist_pathway",
    "investigation",
    "child_harmed",
    "distribution",
)


@dataclass(frozen=True)
class RuleCondition:
    """A rule applies only when ``field`` holds one of ``values`` (a list: contains one)."""

    field: str
    values: tuple[str, ...]

    def holds(self, values: Mapping[str, Any]) -> bool:
        held = values.get(self.field)
        if isinstance(held, list):
            return any(v in self.values for v in held)
        return held in self.values


@dataclass(frozen=True)
class Conditions:
    """A rule applies when every ``when`` holds and no ``unless`` does (none: always)."""

    when: tuple[RuleCondition, ...] = ()
    unless: tuple[RuleCondition, ...] = ()

    def apply_to(self, values: Mapping[str, Any]) -> bool:
        return all(c.holds(values) for c in self.when) and not any(c.holds(values) for c in self.unless)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.when + self.unless)


ALWAYS = Conditions()


@dataclass(frozen=True)
class DeadlineRule:
    """``amount`` ``unit`` after the date in ``from_field``; ``repeat`` makes it a cycle.

    ``on_field``: due on the date that field holds (a timescale agreed at a meeting), with no
    ``from_field`` or ``amount``. ``interval_field``: a repeating rule's cycle follows the number
    of months that field holds when it is shorter (a cycle with no ``amount`` runs only at the
    case's interval, or on the next date a meeting agreed). ``until_status``: the case statuses
    at which the rule stops (the assessment signed off, the case closed)."""

    key: str
    label: str
    from_field: str
    amount: int
    unit: str
    source: str
    repeat: bool = False
    when: Conditions = ALWAYS
    guidance: str = ""
    #: Meeting types (keys of ``ProcedureProfile.meeting_types``) whose meeting meets this limit.
    met_by: tuple[str, ...] = ()
    on_field: str = ""
    interval_field: str = ""
    until_status: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the rule reads."""
        named = (self.from_field, self.on_field, self.interval_field, *self.when.fields)
        return tuple(key for key in named if key)


@dataclass(frozen=True)
class ChangeRule:
    """Raised when ``field`` *changed* to one of ``to`` (from another value recorded before it),
    until a meeting of a ``met_by`` type is held on or after the day of the change. With
    ``amount`` ``unit`` it is due that long after the change; without, it is undated. ``what``
    is its line in the due list, with ``{value}`` (the new value's label) and ``{date}``."""

    key: str
    label: str
    field: str
    to: tuple[str, ...]
    what: str
    source: str
    met_by: tuple[str, ...] = ()
    amount: int = 0
    unit: str = ""
    level: str = "warning"
    when: Conditions = ALWAYS


@dataclass(frozen=True)
class Invitee:
    """Someone usually invited to a meeting: an agency and the role within it."""

    agency: str
    role: str


@dataclass(frozen=True)
class MeetingType:
    """A kind of multi-agency meeting the procedures name, with whom to invite."""

    key: str
    label: str
    invitees: tuple[Invitee, ...] = ()
    source: str = ""
    chair: str = ""
    review: bool = False  # a review of the plan: it can re-rate the areas (docs/pathway.md, "Reviews")


@dataclass(frozen=True)
class AgeRule:
    """``below``: younger than ``age``; ``from``: ``age`` or older (and younger than ``until``);
    ``turning``: reaches ``age`` within the next ``within_months``."""

    key: str
    kind: str
    age: int
    notice: str
    source: str
    until: int | None = None
    within_months: int | None = None
    level: str = "info"
    when: Conditions = ALWAYS


@dataclass(frozen=True)
class ReminderRule:
    """A notice while ``field`` (or ``column`` of every row of a group) is not one of ``done``."""

    key: str
    field: str
    done: tuple[str, ...]
    notice: str
    source: str
    column: str = ""
    level: str = "warning"
    #: A short line for lists of what is due, e.g. "Young person's consent not yet obtained".
    label: str = ""
    when: Conditions = ALWAYS


@dataclass(frozen=True)
class NoticeRule:
    """A notice shown on a case while its conditions hold (e.g. what an ongoing investigation
    allows)."""

    key: str
    label: str
    notice: str
    source: str
    level: str = "info"
    when: Conditions = ALWAYS


@dataclass(frozen=True)
class Duty:
    """What the procedures say about one aspect (``DUTY_ASPECTS``): for the caseworker to read."""

    aspect: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class ProcedureProfile:
    name: str
    date_of_birth_field: str
    deadlines: tuple[DeadlineRule, ...] = ()
    age_rules: tuple[AgeRule, ...] = ()
    reminders: tuple[ReminderRule, ...] = ()
    extra_closures: tuple[date, ...] = ()
    meeting_types: tuple[MeetingType, ...] = ()
    id: str = ""
    authority: str = ""
    source: str = ""
    summary: str = ""
    duties: tuple[Duty, ...] = ()
    notices: tuple[NoticeRule, ...] = ()
    changes: tuple[ChangeRule, ...] = ()

    def meeting_type(self, key: str) -> MeetingType | None:
        return next((t for t in self.meeting_types if t.key == key), None)

    def rule_keys(self) -> dict[str, str]:
        """key -> label of every rule a caseworker can switch off for a case."""
        found = {deadline.key: deadline.label for deadline in self.deadlines}
        found.update((change.key, change.label) for change in self.changes)
        rules: tuple[AgeRule | ReminderRule | NoticeRule, ...] = (*self.age_rules, *self.reminders, *self.notices)
        for rule in rules:
            label = rule.label if isinstance(rule, ReminderRule | NoticeRule) else ""
            found[rule.key] = label or rule.notice.split(". ")[0].rstrip(".")  # its first sentence
        return found


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


@dataclass(frozen=True)
class Notice:
    key: str
    level: str
    text: str
    source: str
    on: date | None = None


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
    here: ``hsb_desk.app.pathway.due`` adds them). A limit ``on_field`` is due on that date.
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
