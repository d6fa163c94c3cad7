"""Turning stored values into the words a reader sees: dates in UK form, option labels, numbers.

Values are read as they come: one saved under an older form version (an option since removed, a
number where text is now expected) is shown as it was stored rather than failing the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition, ReferenceItem, ReferenceTopic
from hsb_desk.formspec.values import is_filled, is_visible
from hsb_desk.report.text import clean_text, paragraphs_of


def format_date(value: Any) -> str:
    day = parse_iso_date(value) if isinstance(value, str) else value if isinstance(value, date) else None
    return format_uk_date(day) if day is not None else clean_text(str(value)).strip()


def format_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return clean_text(str(value)).strip()
    if isinstance(value, float) and math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def option_labels(spec: FieldSpec, value: Any) -> tuple[str, ...]:
    """The labels of the chosen options (one for a choice, several for a multichoice)."""
    chosen = value if isinstance(value, list) else [value]
    return tuple(clean_text(spec.option_in_report(str(v))).strip() for v in chosen if is_filled(v))


def format_short(spec: FieldSpec, value: Any) -> str:
    """A value that fits on one line of a table cell ("" when there is none: never "None")."""
    if value is None:
        return ""
    if spec.type == "date":
        return format_date(value)
    if spec.type == "number" or (spec.type == "computed" and isinstance(value, int | float)):
        return format_number(value)
    if spec.type in ("choice", "rating", "yesno", "multichoice"):
        return ", ".join(option_labels(spec, value))
    return clean_text(value if isinstance(value, str) else str(value)).strip()


def cell_paragraphs(spec: FieldSpec, value: Any) -> tuple[str, ...]:
    """A value inside a table cell: a narrative keeps its paragraphs; an empty cell says nothing
    (never "None")."""
    if not is_filled(value):
        return ()
    if spec.type in ("text", "longtext") and isinstance(value, str):
        return tuple(paragraphs_of(value))
    text = format_short(spec, value)
    return (text,) if text else ()


def topic_for(form: FormDefinition, spec: FieldSpec) -> ReferenceTopic | None:
    """The reference topic a choice's options come from (the continuum), found by matching
    option values with topic items, since the loaded field no longer names its source."""
    values = [o.value for o in spec.options]
    if not values:
        return None
    for topic in form.reference.values():
        if [item.key for item in topic.items] == values:
            return topic
    return None


def topic_item(topic: ReferenceTopic, key: Any) -> ReferenceItem | None:
    for item in topic.items:
        if item.key == key:
            return item
    return None


def visible_in_row(sub: FieldSpec, row: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """A group column's condition may name a sibling column or a field of the form."""
    return is_visible(sub, {**values, **row})


def age_text(value: Any) -> str:
    return format_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""
