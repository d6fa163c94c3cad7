"""Cleaning text for Word: what XML cannot hold goes, everything a person writes stays."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from hsb_desk.report.text import clean_text, one_line, paragraphs_of

HOSTILE = [
    "\x00",
    "\x01",
    "\x0e",
    "\x1f",
    "\x7f",
    "\x9b",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\u202e",
    "\u2066",
    "\ufeff",
]


@pytest.mark.parametrize("bad", HOSTILE, ids=[f"U+{ord(c):04X}" for c in HOSTILE])
def test_characters_xml_cannot_hold_or_that_disguise_text_are_removed(bad: str) -> None:
    assert clean_text(f"Robin{bad}Fictional") == "RobinFictional"


def test_tabs_line_breaks_and_everything_people_type_are_kept() -> None:
    kept = "Name:\tRobin 🦔 👩‍👧 𝔘 ‏محمد‎ שלום ‘quoted’ zero​width ZWNJ‌x\nnext line"
    assert clean_text(kept) == kept


def test_line_breaks_from_other_systems_become_line_feeds() -> None:
    assert clean_text("a\r\nb\rc\vd\u2028e") == "a\nb\nc\nd\ne"
    assert clean_text("a\fb\u2029c") == "a\n\nb\n\nc"


def test_surrogate_halves_stored_as_a_pair_become_the_character() -> None:
    assert clean_text("hedgehog \ud83e\udd94!") == "hedgehog 🦔!"
    assert clean_text("lone \udd94 and \ud83e end") == "lone  and  end"


def test_paragraphs_split_at_blank_lines_and_keep_single_line_breaks() -> None:
    text = "First paragraph.\n\nSecond, line one\nline two  \n \n\n\nThird.\n"
    assert paragraphs_of(text) == ["First paragraph.", "Second, line one\nline two", "Third."]
    assert paragraphs_of("  \n\t\n ") == []
    assert one_line(" a\n\tb\x00c ") == "a bc"


_ANY_CHARACTER = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from([*HOSTILE, "\t", "\n", "\r", "\u2028", "🦔", "\U0010fffd"]),
)


@settings(max_examples=100, deadline=None)
@given(st.text(_ANY_CHARACTER, max_size=80))
def test_cleaned_text_is_always_valid_xml_text_and_cleaning_is_stable(text: str) -> None:
    cleaned = clean_text(text)
    element = etree.Element("t")
    element.text = cleaned  # lxml raises ValueError for anything XML 1.0 cannot hold
    assert clean_text(cleaned) == cleaned
    for paragraph in paragraphs_of(text):
        etree.Element("p").text = paragraph


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=80))
def test_ordinary_writing_passes_unchanged(text: str) -> None:
    assert clean_text(text) == "".join(c for c in text if not 0xFDD0 <= ord(c) <= 0xFDEF and ord(c) & 0xFFFE != 0xFFFE)
