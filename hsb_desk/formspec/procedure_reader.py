"""The typed getters that read one procedure profile, recording a located problem for every
mistake instead of raising (used by ``hsb_desk.formspec.procedure``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.domain.procedure import (
    AGE_RULE_KINDS,
    ALWAYS,
    DUTY_ASPECTS,
    NOTICE_LEVELS,
    UNITS,
    AgeRule,
    Conditions,
    Duty,
    Invitee,
    MeetingType,
    NoticeRule,
    ReminderRule,
    RuleCondition,
)
from hsb_desk.formspec.fields import FIELD_KEY, SIMPLE_KEY, _option_value, parse_options
from hsb_desk.formspec.model import FieldSpec, Option
from hsb_desk.formspec.source import Problems, line_of

TOP_SETTINGS = {
    "id",
    "name",
    "authority",
    "source",
    "summary",
    "duties",
    "option_lists",
    "date_of_birth_field",
    "extra_closures",
    "deadlines",
    "age_rules",
    "reminders",
    "notices",
    "changes",
    "meetings",
}
_CONDITIONS = {"when", "unless"}
_MEETINGS = {"types"}
_MEETING_TYPE = {"key", "label", "invite", "source", "chair", "review"}
_INVITEE = {"agency", "role"}
_AGE_RULE = {"key", "kind", "age", "until", "within_months", "level", "notice", "source"} | _CONDITIONS
_REMINDER = {"key", "field", "column", "done", "level", "notice", "source", "label"} | _CONDITIONS
_NOTICE = {"key", "label", "level", "notice", "source"} | _CONDITIONS
_DUTY = {"text", "source"}


class ProfileReader:
    """Small typed getters that record a located problem instead of raising."""

    def __init__(self, path: Path, problems: Problems, fields: Mapping[str, FieldSpec] | None) -> None:
        self.path = path
        self.problems = problems
        self.fields = fields
        self.keys: set[str] = set()
        self.meeting_keys: set[str] = set()

    def bad(self, where: str, reason: str, line: int | None) -> None:
        self.problems.add(self.path, where, reason, line)

    def unknown(self, raw: dict[str, Any], allowed: set[str], where: str) -> None:
        for name in raw:
            if name not in allowed:
                self.bad(where, f"unknown setting {name!r}", line_of(raw))

    def each(self, raw: dict[str, Any], name: str, parse: Callable[[dict[str, Any], str], Any]) -> list[Any]:
        items = raw.get(name, [])
        if not isinstance(items, list):
            self.bad(name, "must be a list of rules", line_of(items) or line_of(raw))
            return []
        parsed = []
        for number, item in enumerate(items, start=1):
            where = f"{name} rule {number}"
            if not isinstance(item, dict):
                self.bad(where, "each rule is a mapping", line_of(items))
                continue
            key = item.get("key")
            if isinstance(key, str) and SIMPLE_KEY.match(key):
                where = f"{name} rule {key!r}"
                if key in self.keys:
                    self.bad(where, "another rule has the same key", line_of(item))
                self.keys.add(key)
            else:
                self.bad(where, "'key' must be lower-case letters, digits and _", line_of(item))
            result = parse(item, where)
            if result is not None:
                parsed.append(result)
        return parsed

    def text(self, raw: dict[str, Any], name: str, where: str, required: bool = True) -> str:
        value = raw.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.bad(where, f"'{name}' must be text", line_of(raw))
            return ""
        return value.strip()

    def number(self, raw: dict[str, Any], name: str, where: str, low: int, high: int) -> int | None:
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.bad(where, f"'{name}' must be a whole number from {low} to {high}", line_of(raw))
            return None
        return value

    def field_key(self, raw: dict[str, Any], name: str, where: str, want: str) -> str:
        key = raw.get(name)
        if not isinstance(key, str) or not FIELD_KEY.match(key):
            self.bad(where, f"'{name}' must name a field, e.g. referral.date", line_of(raw))
            return ""
        if self.fields is not None:
            spec = self.fields.get(key)
            if spec is None:
                self.bad(where, f"{key!r} is not a field of the form", line_of(raw))
            elif want and spec.type != want:
                self.bad(where, f"{key!r} must be a {want} field, not {spec.type}", line_of(raw))
        return key

    def closures(self, value: Any, line: int | None) -> tuple[date, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad("extra_closures", "must be a list of dates written YYYY-MM-DD", line)
            return ()
        days = []
        for item in value:
            day = parse_iso_date(item) if isinstance(item, str) else None
            if day is None:
                self.bad("extra_closures", f"{item!r} is not a date written YYYY-MM-DD", line_of(value))
            else:
                days.append(day)
        return tuple(sorted(set(days)))

    def met_by(self, value: Any, where: str, line: int | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(where, "'met_by' must list meeting types, e.g. [risk_management_meeting]", line)
            return ()
        for key in value:
            if key not in self.meeting_keys:
                self.bad(where, f"'met_by' names {key!r}, which is not a type under meetings", line)
        return tuple(value)

    def meetings(self, value: Any, line: int | None) -> tuple[MeetingType, ...]:
        """The ``meetings: {types: [...]}`` block: each type with its suggested invitees."""
        if value is None:
            return ()
        if not isinstance(value, dict) or not isinstance(value.get("types"), list):
            self.bad("meetings", "must be a mapping with a list of 'types'", line_of(value) or line)
            return ()
        self.unknown(value, _MEETINGS, "meetings")
        found: list[MeetingType] = []
        for number, item in enumerate(value["types"], start=1):
            where = f"meetings type {number}"
            if not isinstance(item, dict):
                self.bad(where, "each meeting type is a mapping", line_of(value["types"]))
                continue
            key = item.get("key")
            if isinstance(key, str) and SIMPLE_KEY.match(key):
                where = f"meetings type {key!r}"
                if key in self.meeting_keys:
                    self.bad(where, "another meeting type has the same key", line_of(item))
                self.meeting_keys.add(key)
            else:
                self.bad(where, "'key' must be lower-case letters, digits and _", line_of(item))
                key = ""
            self.unknown(item, _MEETING_TYPE, where)
            label = self.text(item, "label", where)
            source = self.text(item, "source", where, required=False)
            chair = self.text(item, "chair", where, required=False)
            invitees = self.invitees(item.get("invite"), where, line_of(item))
            review = item.get("review", False)
            if not isinstance(review, bool):
                self.bad(where, "'review' must be true or false", line_of(item))
                review = False
            found.append(MeetingType(key, label, invitees, source, chair, review))
        return tuple(found)

    def invitees(self, value: Any, where: str, line: int | None) -> tuple[Invitee, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad(where, "'invite' must be a list of {agency, role}", line)
            return ()
        people: list[Invitee] = []
        for item in value:
            if not isinstance(item, dict):
                self.bad(where, "each of 'invite' is a mapping with agency and role", line_of(value) or line)
                continue
            self.unknown(item, _INVITEE, where)
            agency = self.text(item, "agency", where)
            role = self.text(item, "role", where, required=False)
            if agency:
                people.append(Invitee(agency, role))
        return tuple(people)

    def within(self, value: Any, where: str, line: int | None) -> tuple[str, int | None]:
        if not isinstance(value, dict) or len(value) != 1:
            self.bad(where, f"'within' needs one of {', '.join(UNITS)} with a number, e.g. {{working_days: 10}}", line)
            return "", None
        ((unit, amount),) = value.items()
        if unit not in UNITS:
            self.bad(where, f"unknown unit {unit!r}; use one of {', '.join(UNITS)}", line_of(value) or line)
            return "", None
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            self.bad(where, f"'{unit}' must be a whole number of at least 1", line_of(value) or line)
            return unit, None
        return unit, amount

    def conditions(self, raw: dict[str, Any], where: str, line: int | None) -> Conditions:
        """``when`` and ``unless``: each one ``{field, values}`` or a list of them."""
        found: dict[str, tuple[RuleCondition, ...]] = {}
        for name in ("when", "unless"):
            value = raw.get(name)
            items = value if isinstance(value, list) else [] if value is None else [value]
            if isinstance(value, list) and not value:
                self.bad(where, f"'{name}' needs at least one {{field, values}}", line)
            parsed = (self.condition(name, item, where, line) for item in items)
            found[name] = tuple(c for c in parsed if c is not None)
        if not found["when"] and not found["unless"]:
            return ALWAYS
        return Conditions(found["when"], found["unless"])

    def condition(self, name: str, value: Any, where: str, line: int | None) -> RuleCondition | None:
        if not isinstance(value, dict) or not isinstance(value.get("values"), list) or not value["values"]:
            self.bad(where, f"'{name}' needs 'field' and a list of 'values'", line_of(value) or line)
            return None
        self.unknown(value, {"field", "values"}, f"{where}, {name}")
        key = self.field_key(value, "field", where, want="")
        spec = self.fields.get(key) if self.fields is not None else None
        wanted = tuple(_option_value(v) for v in value["values"])
        if spec is not None and spec.options:
            for item in wanted:
                if item not in {o.value for o in spec.options}:
                    self.bad(where, f"'{name}' value {item!r} is not an option of {key!r}", line_of(value))
        return RuleCondition(key, wanted)

    def option_lists(
        self, value: Any, line: int | None, form_lists: Mapping[str, tuple[Option, ...]] | None
    ) -> dict[str, tuple[Option, ...]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.bad("option_lists", "must map the names of the form's option lists to options", line)
            return {}
        found: dict[str, tuple[Option, ...]] = {}
        for name, options in value.items():
            where = f"option list {name!r}"
            if form_lists is not None and name not in form_lists:
                known = ", ".join(sorted(form_lists)) or "none"
                self.bad(where, f"the form has no option list called {name!r} (its lists: {known})", line_of(value))
                continue
            found[str(name)] = parse_options(options, self.problems, self.path, where)
        return found

    def duties(self, value: Any, line: int | None) -> tuple[Duty, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.bad("duties", "must map each aspect to {text, source}", line)
            return ()
        found: dict[str, Duty] = {}
        for aspect, item in value.items():
            where = f"duties {aspect!r}"
            if aspect not in DUTY_ASPECTS:
                self.bad(where, f"unknown aspect; use one of {', '.join(DUTY_ASPECTS)}", line_of(value))
                continue
            if not isinstance(item, dict):
                self.bad(where, "must be a mapping with 'text' and 'source'", line_of(value))
                continue
            self.unknown(item, _DUTY, where)
            found[aspect] = Duty(aspect, self.text(item, "text", where), self.text(item, "source", where))
        return tuple(found[a] for a in DUTY_ASPECTS if a in found)

    def age_rule(self, raw: dict[str, Any], where: str) -> AgeRule | None:
        self.unknown(raw, _AGE_RULE, where)
        line = line_of(raw)
        kind = raw.get("kind")
        if kind not in AGE_RULE_KINDS:
            self.bad(where, f"'kind' must be one of {', '.join(AGE_RULE_KINDS)}", line)
            return None
        age = self.number(raw, "age", where, 0, 25)
        until = within_months = None
        if "until" in raw:
            if kind != "from":
                self.bad(where, "'until' applies only to kind: from", line)
            until = self.number(raw, "until", where, (age or 0) + 1, 26)
        if kind == "turning":
            within_months = self.number(raw, "within_months", where, 1, 120)
        elif "within_months" in raw:
            self.bad(where, "'within_months' applies only to kind: turning", line)
        level = self.level(raw, where, "info")
        notice = self.text(raw, "notice", where)
        source = self.text(raw, "source", where)
        when = self.conditions(raw, where, line)
        if age is None:
            return None
        return AgeRule(str(raw.get("key")), kind, age, notice, source, until, within_months, level, when)

    def reminder(self, raw: dict[str, Any], where: str) -> ReminderRule | None:
        self.unknown(raw, _REMINDER, where)
        line = line_of(raw)
        column = raw.get("column", "")
        if not isinstance(column, str) or (column and not SIMPLE_KEY.match(column)):
            self.bad(where, "'column' must be the key of a column of the group", line)
            column = ""
        field = self.field_key(raw, "field", where, want="group" if column else "")
        spec = self.fields.get(field) if self.fields is not None else None
        if spec is not None and column and spec.type == "group" and spec.sub_field(column) is None:
            self.bad(where, f"{field!r} has no column {column!r}", line)
        done = raw.get("done")
        if not isinstance(done, list) or not done:
            self.bad(where, "'done' must list the values that settle the matter", line)
            done = []
        return ReminderRule(
            key=str(raw.get("key")),
            field=field,
            done=tuple(_option_value(v) for v in done),
            notice=self.text(raw, "notice", where),
            source=self.text(raw, "source", where),
            column=column,
            level=self.level(raw, where, "warning"),
            label=self.text(raw, "label", where, required=False),
            when=self.conditions(raw, where, line),
        )

    def notice(self, raw: dict[str, Any], where: str) -> NoticeRule:
        self.unknown(raw, _NOTICE, where)
        line = line_of(raw)
        return NoticeRule(
            key=str(raw.get("key")),
            label=self.text(raw, "label", where),
            notice=self.text(raw, "notice", where),
            source=self.text(raw, "source", where),
            level=self.level(raw, where, "info"),
            when=self.conditions(raw, where, line),
        )

    def level(self, raw: dict[str, Any], where: str, default: str) -> str:
        value = raw.get("level", default)
        if value not in NOTICE_LEVELS:
            self.bad(where, f"'level' must be one of {', '.join(NOTICE_LEVELS)}", line_of(raw))
            return default
        return str(value)
