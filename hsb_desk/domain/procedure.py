"""An authority's procedure profile as plain data: its time limits, age rules, reminders,
notices, meeting types and duties, each rule with its conditions, and the ``Notice`` a rule gives.

A profile is read from ``forms/procedures/*.yaml`` by ``hsb_desk.formspec.procedure``. What it
says about one case is worked out elsewhere, by pure functions that need no clock: its time limits
in ``procedure_due``, its notices in ``procedure_notices``, the dates that follow what a case
records in ``procedure_timing``. Every rule can hold conditions (``when`` / ``unless``) on the
case's values, so a time limit starts only when its trigger holds, and a caseworker can switch one
rule off for one case (``off``: the keys switched off, each with a recorded reason,
app/procedures.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

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
class Notice:
    """What a rule says of a case now; ``on``: the date it names (a birthday), if any."""

    key: str
    level: str
    text: str
    source: str
    on: date | None = None
