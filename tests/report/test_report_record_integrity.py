"""The report says exactly what is stored: every value, and never "None", "null" or a label with
nothing after it, on the real form pack, for generated values with blank rows and hostile text."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_report_model import body_text, make_model, real_form, render, squash, templates

from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import normalise_value, rows_of
from hsb_desk.report import ReportTemplates
from hsb_desk.report.text import clean_text

__all__ = ["real_form", "templates"]

_WORD = re.compile(r"\b(None|null)\b")
_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(["\x00", "\x0b", "\u202e", "\n", "🦔", "ש", " "]),
    ),
    max_size=40,
).filter(lambda t: not _WORD.search(t))
_CELL = st.one_of(st.none(), st.just(""), st.just("   "), _TEXT)
_ROW = st.fixed_dictionaries(
    {},
    optional={"setting": _CELL, "description": _CELL, "came_to_light": _CELL, "difference": _CELL},
)


def _incidents(form: FormDefinition) -> Any:
    spec = form.get_field("behaviour.incidents")
    assert spec is not None and spec.type == "group"
    return spec


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=5), account=_CELL, reason=_CELL)
@example(rows=[], account=None, reason="A:")  # typed text that looks like a label is not one
def test_the_full_report_holds_every_stored_value_and_never_none(
    real_form: FormDefinition, templates: ReportTemplates, rows: list[dict[str, Any]], account: Any, reason: Any
) -> None:
    spec = _incidents(real_form)
    values: dict[str, Any] = {}
    for key, value in (
        ("behaviour.incidents", rows),
        ("behaviour.account", account),
        ("referral.reason", reason),
    ):
        field = real_form.get_field(key)
        assert field is not None
        stored = normalise_value(field, value)  # as the session stores it
        if stored is not None:
            values[key] = stored
    text = body_text(render(make_model(real_form, values, templates), templates))
    assert not _WORD.search(text), "the report printed None or null"
    squashed = squash(text)
    for row in rows_of(values.get("behaviour.incidents")):
        for column, cell in row.items():
            assert spec.sub_field(column) is not None
            assert squash(clean_text(cell)) in squashed
    for key in ("behaviour.account", "referral.reason"):
        if key in values:
            assert squash(clean_text(values[key])) in squashed
    # No label stands alone: each "Date:"-style label of a record has its value on the same line.
    # (A line the practitioner typed, such as "A:", is their text, not a label.)
    typed = {line.strip() for value in _texts(values) for line in clean_text(value).splitlines()}
    for line in text.splitlines():
        if line.strip() not in typed:
            assert not re.fullmatch(r"\s*[A-Z][^:]{0,60}:\s*", line), f"a label with nothing after it: {line!r}"


def _texts(values: dict[str, Any]) -> list[str]:
    """Every text the values hold, cells of rows included."""
    found = []
    for value in values.values():
        if isinstance(value, str):
            found.append(value)
        for row in rows_of(value) if isinstance(value, list) else []:
            found += [cell for cell in row.values() if isinstance(cell, str)]
    return found


def test_blank_cells_of_a_stored_row_print_nothing(real_form: FormDefinition, templates: ReportTemplates) -> None:
    """A row stored by an older version with empty cells: the cells say nothing, not "None"."""
    values = {"behaviour.incidents": [{"date": None, "description": "Seen by a teacher.", "setting": ""}, {}]}
    text = body_text(render(make_model(real_form, values, templates), templates))
    assert "Seen by a teacher." in text
    assert "None" not in text and "Incident 2" not in text
