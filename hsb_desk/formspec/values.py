"""Checking values against their field, visibility under conditions, and computed values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from hsb_desk.domain.dates import age_on, format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition


def check_value(spec: FieldSpec, value: Any, today: date) -> str | None:
    """The reason ``value`` cannot be stored in ``spec``, or None if it can.

    ``None`` always means "clear the field" and is accepted; required fields are enforced at
    sign-off, never when saving.
    """
    if value is None:
        return None
    kind = spec.type
    if kind in ("text", "longtext"):
        return None if isinstance(value, str) else "must be text"
    if kind == "date":
        if not isinstance(value, str):
            return "must be a date written as YYYY-MM-DD"
        day = parse_iso_date(value)
        if day is None:
            return "is not a real date (use YYYY-MM-DD)"
        if spec.not_future and day > today:
            return f"cannot be in the future ({format_uk_date(day)} is after today)"
        return None
    if kind == "number":
        return _check_number(spec, value)
    if kind in ("choice", "rating", "yesno"):
        allowed = [o.value for o in spec.options]
        if not isinstance(value, str) or value not in allowed:
            return f"must be one of: {', '.join(allowed)}"
        return None
    if kind == "multichoice":
        allowed = [o.value for o in spec.options]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of options"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"holds a value that is not an option (choose from: {', '.join(allowed)})"
        if len(set(value)) != len(value):
            return "lists an option more than once"
        return None
    if kind == "group":
        return _check_group(spec, value, today)
    if kind == "computed":
        return "is worked out by HSB Desk and cannot be set"
    return f"has an unknown type {kind!r}"


def _check_number(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        return "must be a number of a sensible size"
    if spec.integer and value != int(value):
        return "must be a whole number"
    if spec.minimum is not None and value < spec.minimum:
        return f"must be at least {spec.minimum:g}"
    if spec.maximum is not None and value > spec.maximum:
        return f"must be at most {spec.maximum:g}"
    return None


def _check_group(spec: FieldSpec, value: Any, today: date) -> str | None:
    if not isinstance(value, list):
        return "must be a list of rows"
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            return f"row {number} must be a set of named values"
        for key, cell in row.items():
            sub = spec.sub_field(key)
            if sub is None:
                return f"row {number} has a column this form does not have"
            problem = check_value(sub, cell, today)
            if problem:
                return f"row {number}, {sub.label}: {problem}"
    return None


def is_visible(spec: FieldSpec, values: Mapping[str, Any]) -> bool:
    """Whether a field is shown, given the values its condition looks at."""
    if spec.condition is None:
        return True
    held = values.get(spec.condition.field)
    if isinstance(held, list):
        return any(v in spec.condition.values for v in held)
    return held in spec.condition.values


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def compute_value(form: FormDefinition, spec: FieldSpec, values: Mapping[str, Any], today: date) -> Any:
    """The value of a computed field, or None when what it needs is not yet recorded."""
    if spec.compute is None:
        return None
    kind, sources = spec.compute.kind, spec.compute.sources
    if kind == "age":
        born = parse_iso_date(values.get(sources[0]) or "")
        if born is None or born > today:
            return None
        return age_on(born, today)
    if kind == "ratings":
        gathered = {key: values.get(key) for key in sources if values.get(key) is not None}
        return gathered or None
    if kind == "outcome" and form.grid is not None:
        cell = form.grid.cell(str(values.get(form.grid.concern_field)), str(values.get(form.grid.strength_field)))
        return None if cell is None else {"concern": cell.concern, "strength": cell.strength, "response": cell.response}
    return None


def missing_required(form: FormDefinition, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(section key, field key) of every visible required field with no value, in form order."""
    missing = []
    for section, spec in form.iter_fields():
        if spec.required and is_visible(spec, values) and not is_filled(values.get(spec.key)):
            missing.append((section.key, spec.key))
    return missing
