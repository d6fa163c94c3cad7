"""Checking values against their field, visibility under conditions, and computed values."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hsb_desk.domain.dates import age_on, format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition

#: The longest value each kind of field holds, in characters (docs/forms.md). Far above any real
#: answer (a 2,500-word analysis is about 15,000 characters), and short enough that the window
#: opens, types in and spell-checks the longest without a pause: opening one takes about 0.3 s,
#: and a key about 10 ms when it is written in paragraphs (bench/keystroke.py types in 100,000
#: characters), about 100 ms when it is one paragraph. Imports, hand-backs, pastes and saves past
#: them are refused with the reason.
LONGEST_TEXT = 2_000
LONGEST_LONGTEXT = 150_000
MOST_ROWS = 500


def longest(spec: FieldSpec) -> int | None:
    """The most characters ``spec`` holds, for a text field; None for other kinds."""
    return {"text": LONGEST_TEXT, "longtext": LONGEST_LONGTEXT}.get(spec.type)


def too_long(limit: int, length: int) -> str:
    return f"is longer than this field holds ({length:,} characters; at most {limit:,})"


def check_value(spec: FieldSpec, value: Any, today: date) -> str | None:
    """The reason ``value`` cannot be stored in ``spec``, or None if it can.

    ``None`` always means "clear the field" and is accepted; required fields are enforced at
    sign-off, never when saving.
    """
    if value is None:
        return None
    kind = spec.type
    if kind in ("text", "longtext"):
        if not isinstance(value, str):
            return "must be text"
        limit = longest(spec) or 0
        return too_long(limit, len(value)) if len(value) > limit else None
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
    if len(value) > MOST_ROWS:
        return f"has more rows than a list may ({len(value):,}; at most {MOST_ROWS:,})"
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
    """Whether ``value`` records an answer: blank text, an empty list and a list of rows that are
    all blank do not."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_row_filled(v) if isinstance(v, dict) else is_filled(v) for v in value)
    return True


def _row_filled(row: Mapping[str, Any]) -> bool:
    return any(is_filled(cell) for cell in row.values())


def normalise_value(spec: FieldSpec, value: Any) -> Any:
    """``value`` as it is stored: a group keeps only the rows with something in them (a blank row
    is not a row) and each row only its filled cells; an answer with nothing in it is None.
    Text is never altered: what was typed is what is kept."""
    if value is None:
        return None
    if spec.type == "group" and isinstance(value, list):
        rows = []
        for row in value:
            if not isinstance(row, dict):
                rows.append(row)  # left for check_value to refuse with its reason
                continue
            kept = {key: cell for key, cell in row.items() if is_filled(cell)}
            if kept:
                rows.append(kept)
        return rows or None
    if isinstance(value, str | list) and not is_filled(value):
        return None
    return value


def rows_of(value: Any) -> list[dict[str, Any]]:
    """The rows of a group value that hold something (blank rows stored by older versions are
    skipped), in order."""
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, dict) and _row_filled(row)]


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


@dataclass(frozen=True)
class Missing:
    """A required answer not yet recorded: a field, or a column of one row of a group."""

    section: str
    field: str
    row: int | None = None  # 1-based row of a group
    column: str | None = None  # the group's sub-field key

    def describe(self, form: FormDefinition) -> str:
        """In words, e.g. "Incidents, incident 2: Date"."""
        spec = form.get_field(self.field)
        if spec is None:
            return self.field
        if self.row is None or self.column is None:
            return spec.label
        sub = spec.sub_field(self.column)
        noun = spec.item_label or "entry"
        return f"{spec.label}, {noun} {self.row}: {sub.label if sub else self.column}"


def required_answers(
    form: FormDefinition, values: Mapping[str, Any], section_key: str | None = None
) -> Iterator[tuple[Missing, bool]]:
    """Every required answer that is shown, with whether it is recorded, in form order: each visible
    required field, and each required column of each row of a group (a row with nothing in it is
    not a row). Only ``section_key``'s when given."""
    for section, spec in form.iter_fields():
        if (section_key is not None and section.key != section_key) or not is_visible(spec, values):
            continue
        value = values.get(spec.key)
        if spec.required:
            yield Missing(section.key, spec.key), is_filled(value)
        if spec.type != "group":
            continue
        for number, row in enumerate(rows_of(value), start=1):
            seen = {**values, **row}
            for sub in spec.fields:
                if sub.required and is_visible(sub, seen):
                    yield Missing(section.key, spec.key, number, sub.key), is_filled(row.get(sub.key))


def missing_required(form: FormDefinition, values: Mapping[str, Any]) -> list[Missing]:
    """Every shown required answer with no value, in form order (see ``required_answers``)."""
    return [answer for answer, recorded in required_answers(form, values) if not recorded]


def section_progress(form: FormDefinition, values: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Each section's (required answers recorded, required answers shown): what the navigator shows."""
    progress = {section.key: (0, 0) for section in form.sections}
    for answer, recorded in required_answers(form, values):
        done, total = progress[answer.section]
        progress[answer.section] = (done + recorded, total + 1)
    return progress


def with_computed(form: FormDefinition, values: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The values with every computed field worked out from them: the one place this is done, for
    the session, the window and the report alike. A computed value never overrides a stored one
    (a signed snapshot already holds its computed values as signed)."""
    result = dict(values)
    for _, spec in form.iter_fields():
        if spec.type == "computed" and spec.key not in result:
            computed = compute_value(form, spec, result, today)
            if computed is not None:
                result[spec.key] = computed
    return result
