"""Any text a caseworker can type exports, and reads back cleaned."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_model import MINI_VALUES, body_text, make_model, render, squash, templates

from hsb_desk.formspec import FormDefinition
from hsb_desk.report import ReportTemplates
from hsb_desk.report.text import clean_text

__all__ = ["templates"]

HOSTILE_NAME = "Ro\x00bin\x0b \u202eFictional\ufffe\ud800 \u200b🦔 محمد 𝔘"
MEGABYTE = ("A long paragraph about the family, written over many visits. " * 40 + "\n\n") * 410


def _values(**changes: Any) -> dict[str, Any]:
    return {**MINI_VALUES, **changes}


def test_hostile_text_exports_and_reads_back_cleaned(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    siblings = [{"name": "Sam\x00 \U0001f9d2\u200d\U0001f9d2 Fictional\uffff", "lives_with": "yes"}]
    values = _values(**{"child.full_name": HOSTILE_NAME, "child.notes": MEGABYTE, "child.siblings": siblings})
    assert len(MEGABYTE) > 1_000_000
    text = body_text(render(make_model(mini_form, values, templates), templates))
    cleaned = clean_text(HOSTILE_NAME)
    assert cleaned == "Robin\n Fictional \u200b🦔 محمد 𝔘"  # \v is a line break, the rest removed
    assert cleaned in text
    assert "Sam \U0001f9d2\u200d\U0001f9d2 Fictional" in text
    assert text.count("A long paragraph about the family") == 40 * 410
    for bad in ("\x00", "\ufffe", "\uffff", "\ud800", "\u202e"):
        assert bad not in text


_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(["\x00", "\x0b", "\ufffe", "\ud83e", "\udd94", "\u202e", "\n", "\r", "\t", "🦔", "ש"]),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT, notes=_TEXT, sibling=_TEXT)
def test_any_text_in_any_text_field_exports(
    mini_form: FormDefinition, templates: ReportTemplates, name: str, notes: str, sibling: str
) -> None:
    # Markers round each value, so the check cannot be met by text from elsewhere in the report.
    values = _values(
        **{
            "child.full_name": f"«{name}»",
            "child.notes": f"‹{notes}›",
            "child.siblings": [{"name": f"⟦{sibling}⟧", "lives_with": "no"}],
        }
    )
    text = squash(body_text(render(make_model(mini_form, values, templates), templates)))
    for marked in (f"«{name}»", f"‹{notes}›", f"⟦{sibling}⟧"):
        assert squash(clean_text(marked)) in text
