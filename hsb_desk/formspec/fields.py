"""Parsing sections and fields from their YAML, with every problem located."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hsb_desk.formspec.model import (
    COMPUTE_KINDS,
    FACTOR_KINDS,
    FIELD_TYPES,
    OPTION_TYPES,
    OWNER_ROLES,
    YESNO_OPTIONS,
    Compute,
    Condition,
    FieldSpec,
    Option,
    SectionSpec,
)
from hsb_desk.formspec.shared import check_pseudonym, parse_sensitivity, parse_shared_as
from hsb_desk.formspec.source import Problems, line_of

FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
SIMPLE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_SETTINGS = {
    "key",
    "label",
    "report_label",
    "type",
    "guidance",
    "required",
    "sensitive",
    "condition",
    "options",
    "fields",
    "compute",
    "not_future",
    "min",
    "max",
    "integer",
    "item_label",
    "no_spell_check",
    "pseudonym",
    "shared_as",
    "factor",
}
_SECTION_SETTINGS = {"key", "title", "owner", "guidance", "fields", "reference"}


class FieldParser:
    """Turns raw YAML mappings into ``FieldSpec``s; named option lists are resolved here."""

    def __init__(self, problems: Problems, option_lists: Mapping[str, tuple[Option, ...]]) -> None:
        self.problems = problems
        self.option_lists = option_lists

    def section(self, raw: Any, path: Path, number: int) -> SectionSpec | None:
        if not isinstance(raw, dict):
            self.problems.add(path, "section", "must be a mapping with key, title, owner, fields")
            return None
        key = raw.get("key")
        where = f"section {key!r}" if isinstance(key, str) else "section"
        line = line_of(raw)
        self._unknown_settings(raw, _SECTION_SETTINGS, path, where)
        ok = True
        if not isinstance(key, str) or not SIMPLE_KEY.match(key):
            self._bad(path, where, "'key' must be lower-case letters, digits and _", line)
            ok = False
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self._bad(path, where, "'title' is missing", line)
            ok = False
        owner = raw.get("owner", "lead")
        if owner not in OWNER_ROLES:
            self._bad(path, where, f"'owner' must be one of {', '.join(OWNER_ROLES)}", line)
            ok = False
        reference = raw.get("reference", [])
        if not isinstance(reference, list) or not all(isinstance(r, str) for r in reference):
            self._bad(path, where, "'reference' must be a list of topic keys", line)
            reference = []
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self._bad(path, where, "'fields' must be a non-empty list", line)
            return None
        fields = tuple(spec for spec in (self.field(f, path, where, nested=False) for f in raw_fields) if spec)
        if not ok or not isinstance(key, str) or not isinstance(title, str):
            return None
        return SectionSpec(
            key=key,
            title=title.strip(),
            owner=owner,
            guidance=_text(raw.get("guidance")),
            fields=fields,
            reference=tuple(reference),
            number=number,
        )

    def field(self, raw: Any, path: Path, parent: str, nested: bool) -> FieldSpec | None:
        if not isinstance(raw, dict):
            self._bad(path, parent, "each field must be a mapping with key, label and type")
            return None
        key = raw.get("key")
        line = line_of(raw)
        where = f"field {key!r}" if isinstance(key, str) else f"{parent}, a field"
        self._unknown_settings(raw, _FIELD_SETTINGS, path, where)
        pattern = SIMPLE_KEY if nested else FIELD_KEY
        if not isinstance(key, str) or not pattern.match(key):
            rule = "lower-case letters, digits and _" + ("" if nested else ", parts joined by dots")
            self._bad(path, where, f"'key' must be {rule}", line)
            return None
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            self._bad(path, where, "'label' is missing", line)
            return None
        type_ = raw.get("type")
        if type_ not in FIELD_TYPES:
            self._bad(path, where, f"unknown type {type_!r}; use one of {', '.join(FIELD_TYPES)}", line)
            return None
        flags = {}
        for flag in ("required", "not_future", "integer", "no_spell_check", "pseudonym"):
            value = raw.get(flag, False)
            if not isinstance(value, bool):
                self._bad(path, where, f"'{flag}' must be true or false", line)
                value = False
            flags[flag] = value
        if type_ == "computed" and flags["required"]:
            self._bad(path, where, "a computed field cannot be required", line)
        if flags["not_future"] and type_ != "date":
            self._bad(path, where, "'not_future' applies only to dates", line)
        if flags["no_spell_check"] and type_ != "longtext":
            self._bad(path, where, "'no_spell_check' applies only to longtext (narratives are spell-checked)", line)
        sensitivity = parse_sensitivity(raw.get("sensitive", False), self.problems, path, where, line)
        shared_as = parse_shared_as(raw.get("shared_as"), type_, sensitivity, self.problems, path, where, line)
        pseudonym = check_pseudonym(flags["pseudonym"], nested, type_, sensitivity, self.problems, path, where, line)
        options = self._options(raw, type_, path, where, line)
        sub_fields: tuple[FieldSpec, ...] = ()
        if type_ == "group":
            sub_fields = self._group_fields(raw, path, where, line)
        elif "fields" in raw:
            self._bad(path, where, "only a group has 'fields'", line)
        compute = self._compute(raw, type_, path, where, line)
        minimum, maximum = self._bounds(raw, type_, path, where, line)
        condition = self._condition(raw.get("condition"), path, where, line)
        factor = raw.get("factor", "")
        if factor and (factor not in FACTOR_KINDS or nested):
            kinds = ", ".join(FACTOR_KINDS)
            reason = "a column of a group has no 'factor'" if nested else f"'factor' must be one of {kinds}"
            self._bad(path, where, reason, line)
            factor = ""
        return FieldSpec(
            key=key,
            label=label.strip(),
            type=type_,
            guidance=_text(raw.get("guidance")),
            required=flags["required"],
            sensitive=bool(sensitivity),
            sensitivity=sensitivity,
            pseudonym=pseudonym,
            shared_as=shared_as,
            condition=condition,
            options=options,
            options_list=raw["options"] if isinstance(raw.get("options"), str) and options else "",
            fields=sub_fields,
            compute=compute,
            not_future=flags["not_future"],
            minimum=minimum,
            maximum=maximum,
            integer=flags["integer"],
            item_label=_text(raw.get("item_label")),
            spell_check=not flags["no_spell_check"],
            report_label=_text(raw.get("report_label")),
            factor=factor if isinstance(factor, str) else "",
        )

    def _options(self, raw: dict[str, Any], type_: str, path: Path, where: str, line: int | None) -> tuple[Option, ...]:
        value = raw.get("options")
        if type_ == "yesno":
            if value is not None:
                self._bad(path, where, "a yesno field has fixed options (yes, no, not known)", line)
            return YESNO_OPTIONS
        if type_ not in OPTION_TYPES:
            if value is not None:
                self._bad(path, where, f"a {type_} field cannot have 'options'", line)
            return ()
        if value is None or value == []:
            self._bad(path, where, f"a {type_} field needs 'options'", line)
            return ()
        if isinstance(value, str):
            if value not in self.option_lists:
                self._bad(path, where, f"no option list or reference topic called {value!r}", line)
                return ()
            return self.option_lists[value]
        return parse_options(value, self.problems, path, where)

    def _group_fields(self, raw: dict[str, Any], path: Path, where: str, line: int | None) -> tuple[FieldSpec, ...]:
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self._bad(path, where, "a group needs a non-empty list of 'fields'", line)
            return ()
        subs: list[FieldSpec] = []
        for item in raw_fields:
            sub = self.field(item, path, where, nested=True)
            if sub is None:
                continue
            if sub.type in ("group", "computed"):
                self._bad(path, f"{where}, field {sub.key!r}", f"a {sub.type} cannot sit inside a group", line_of(item))
                continue
            if any(s.key == sub.key for s in subs):
                self._bad(path, f"{where}, field {sub.key!r}", "duplicate key in this group", line_of(item))
                continue
            if sub.pseudonym and any(s.pseudonym for s in subs):
                reason = "a group has at most one 'pseudonym' column"
                self._bad(path, f"{where}, field {sub.key!r}", reason, line_of(item))
                continue
            subs.append(sub)
        return tuple(subs)

    def _compute(self, raw: dict[str, Any], type_: str, path: Path, where: str, line: int | None) -> Compute | None:
        value = raw.get("compute")
        if type_ != "computed":
            if value is not None:
                self._bad(path, where, "only a computed field has 'compute'", line)
            return None
        if not isinstance(value, dict) or value.get("kind") not in COMPUTE_KINDS:
            self._bad(path, where, f"'compute' needs a kind: {', '.join(COMPUTE_KINDS)}", line)
            return None
        sources = value.get("from", [])
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            self._bad(path, where, "'compute.from' must be a field key or a list of them", line)
            return None
        if value["kind"] != "outcome" and not sources:
            self._bad(path, where, f"a computed {value['kind']} needs 'from'", line)
        return Compute(kind=value["kind"], sources=tuple(sources))

    def _bounds(
        self, raw: dict[str, Any], type_: str, path: Path, where: str, line: int | None
    ) -> tuple[float | None, float | None]:
        bounds: list[float | None] = []
        for name in ("min", "max"):
            value = raw.get(name)
            if value is not None and (
                type_ != "number" or isinstance(value, bool) or not isinstance(value, int | float)
            ):
                self._bad(path, where, f"'{name}' must be a number and applies only to number fields", line)
                value = None
            bounds.append(value)
        return bounds[0], bounds[1]

    def _condition(self, raw: Any, path: Path, where: str, line: int | None) -> Condition | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
            self._bad(path, where, "'condition' needs 'field' and 'values'", line)
            return None
        values = raw.get("values")
        if isinstance(values, str | bool):
            values = [values]
        if not isinstance(values, list) or not values:
            self._bad(path, where, "'condition.values' must list at least one value", line)
            return None
        return Condition(field=raw["field"], values=tuple(_option_value(v) for v in values))

    def _unknown_settings(self, raw: dict[str, Any], allowed: set[str], path: Path, where: str) -> None:
        for name in raw:
            if name not in allowed:
                self._bad(path, where, f"unknown setting {name!r}", line_of(raw))

    def _bad(self, path: Path, where: str, reason: str, line: int | None = None) -> None:
        self.problems.add(path, where, reason, line)


def parse_options(value: Any, problems: Problems, path: Path, where: str) -> tuple[Option, ...]:
    """A list of ``{value, label, description}`` mappings with unique values."""
    if not isinstance(value, list):
        problems.add(path, where, "options must be a list of {value, label}")
        return ()
    options: list[Option] = []
    for item in value:
        if not isinstance(item, dict) or "value" not in item or not isinstance(item.get("label"), str):
            problems.add(path, where, "each option needs a value and a label", line_of(item) or line_of(value))
            continue
        option_value = _option_value(item["value"])
        if any(o.value == option_value for o in options):
            problems.add(path, where, f"option value {option_value!r} appears twice", line_of(item))
            continue
        wording = _text(item.get("report_label"))
        options.append(Option(option_value, item["label"].strip(), _text(item.get("description")), wording))
    return tuple(options)


def _option_value(value: Any) -> str:
    # YAML reads yes/no as booleans; option values are always compared as text.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
