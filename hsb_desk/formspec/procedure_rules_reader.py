"""Reading a profile's time limits (``deadlines``) and change rules (``changes``): a limit from a
start date, a cycle at the case's interval (``interval_field``), a limit due on a date the case
records (``due_on``), the statuses that end one (``until_status``), and a rule raised by a change
of a field's value. Every mistake is recorded with its place (used by
``hsb_desk.formspec.procedure``)."""

from __future__ import annotations

from typing import Any

from hsb_desk.domain.procedure import CASE_STATUSES, REPEAT_UNITS, ChangeRule, DeadlineRule
from hsb_desk.formspec.fields import _option_value
from hsb_desk.formspec.procedure_reader import _CONDITIONS, ProfileReader
from hsb_desk.formspec.source import line_of

_DEADLINE = {
    "key",
    "label",
    "from",
    "due_on",
    "within",
    "source",
    "repeat",
    "guidance",
    "met_by",
    "interval_field",
    "until_status",
} | _CONDITIONS
_CHANGE = {"key", "label", "field", "to", "what", "within", "met_by", "level", "source"} | _CONDITIONS


class RuleReader(ProfileReader):
    """``ProfileReader`` with the getters of time limits and change rules."""

    def deadline(self, raw: dict[str, Any], where: str) -> DeadlineRule | None:
        self.unknown(raw, _DEADLINE, where)
        line = line_of(raw)
        repeat = raw.get("repeat", False)
        if not isinstance(repeat, bool):
            self.bad(where, "'repeat' must be true or false", line)
            repeat = False
        if "due_on" in raw:
            return self.on_date(raw, where, line, repeat)
        interval = ""
        if "interval_field" in raw:
            interval = self.field_key(raw, "interval_field", where, want="choice")
            if not repeat:
                self.bad(where, "'interval_field' applies only to a repeating limit (repeat: true)", line)
            self.interval_options(interval, where, line)
        unit, amount = "", None
        if "within" in raw or not interval or not repeat:
            unit, amount = self.within(raw.get("within"), where, line)
        elif not raw.get("met_by"):
            self.bad(where, "a cycle without 'within' needs 'met_by': it runs from the meetings held", line)
        if repeat and unit and unit not in REPEAT_UNITS:
            self.bad(where, f"a repeating limit must be in {' or '.join(REPEAT_UNITS)}", line)
        rule = DeadlineRule(
            key=str(raw.get("key")),
            label=self.text(raw, "label", where),
            from_field=self.field_key(raw, "from", where, want="date"),
            amount=amount or 0,
            unit=unit,
            source=self.text(raw, "source", where),
            repeat=repeat,
            when=self.conditions(raw, where, line),
            guidance=self.text(raw, "guidance", where, required=False),
            met_by=self.met_by(raw.get("met_by"), where, line),
            interval_field=interval,
            until_status=self.statuses(raw.get("until_status"), where, line),
        )
        return rule if amount or interval else None

    def on_date(self, raw: dict[str, Any], where: str, line: int | None, repeat: bool) -> DeadlineRule:
        """A limit due on the date a field holds: no 'from', 'within', 'repeat' or 'met_by'."""
        for name in ("from", "within", "met_by", "interval_field"):
            if name in raw:
                self.bad(where, f"a limit 'due_on' a field's date takes no {name!r}", line)
        if repeat:
            self.bad(where, "a limit 'due_on' a field's date cannot repeat", line)
        return DeadlineRule(
            key=str(raw.get("key")),
            label=self.text(raw, "label", where),
            from_field="",
            amount=0,
            unit="",
            source=self.text(raw, "source", where),
            when=self.conditions(raw, where, line),
            guidance=self.text(raw, "guidance", where, required=False),
            on_field=self.field_key(raw, "due_on", where, want="date"),
            until_status=self.statuses(raw.get("until_status"), where, line),
        )

    def interval_options(self, key: str, where: str, line: int | None) -> None:
        """The interval field's options must be whole numbers of months."""
        spec = self.fields.get(key) if self.fields is not None and key else None
        if spec is None:
            return
        for option in spec.options:
            if not option.value.isdigit() or int(option.value) < 1:
                reason = f"'interval_field' {key!r} has the option {option.value!r}: each must be a number of months"
                self.bad(where, reason, line)

    def statuses(self, value: Any, where: str, line: int | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.bad(where, "'until_status' must list case statuses, e.g. [signed_off, closed]", line)
            return ()
        for status in value:
            if status not in CASE_STATUSES:
                self.bad(where, f"'until_status' names {status!r}; use one of {', '.join(CASE_STATUSES)}", line)
        return tuple(value)

    def change(self, raw: dict[str, Any], where: str) -> ChangeRule | None:
        """A rule raised when a field changed to one of ``to`` (see ``ChangeRule``)."""
        self.unknown(raw, _CHANGE, where)
        line = line_of(raw)
        field = self.field_key(raw, "field", where, want="choice")
        to = raw.get("to")
        if not isinstance(to, list) or not to:
            self.bad(where, "'to' must list the values a change to raises the rule", line)
            to = []
        wanted = tuple(_option_value(v) for v in to)
        spec = self.fields.get(field) if self.fields is not None else None
        if spec is not None:
            for item in wanted:
                if item not in {o.value for o in spec.options}:
                    self.bad(where, f"'to' value {item!r} is not an option of {field!r}", line)
        unit, amount = self.within(raw.get("within"), where, line) if "within" in raw else ("", None)
        met_by = self.met_by(raw.get("met_by"), where, line)
        if not met_by:
            self.bad(where, "'met_by' must name the meeting types that answer the change", line)
        return ChangeRule(
            key=str(raw.get("key")),
            label=self.text(raw, "label", where),
            field=field,
            to=wanted,
            what=self.text(raw, "what", where),
            source=self.text(raw, "source", where),
            met_by=met_by,
            amount=amount or 0,
            unit=unit,
            level=self.level(raw, where, "warning"),
            when=self.conditions(raw, where, line),
        )
