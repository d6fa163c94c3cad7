"""British English spell checking: what is flagged, what is suggested, and the shipped list."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hsb_desk.app.spelling import british_checker
from hsb_desk.domain import spelling
from hsb_desk.domain.spelling import SpellChecker


def test_british_spellings_pass_and_american_ones_are_flagged() -> None:
    checker = british_checker()
    text = "The behaviour was recognised at the programme; the behavior was recognized."
    flagged = [text[s : s + n] for s, n in checker.misspelt(text)]
    assert flagged == ["behavior", "recognized"]


def test_words_of_the_field_and_possessives_are_known() -> None:
    checker = british_checker()
    text = "Safeguarding lead and co-worker met at Riley's school; the caseworker's notes, evidence-based."
    assert list(checker.misspelt(text)) == []


def test_names_and_codes_with_inner_capitals_or_digits_are_left_alone() -> None:
    checker = SpellChecker(["the"])
    assert list(checker.misspelt("the McDonald iPhone")) == []


def test_suggestions_are_known_words_close_to_the_typo() -> None:
    checker = british_checker()
    assert "received" in checker.suggestions("recieved")
    assert checker.suggestions("Behavior")[0] == "Behaviour"


def test_ignore_lasts_for_the_session_only() -> None:
    checker = SpellChecker(["a", "word"])
    assert list(checker.misspelt("a zorblax")) == [(2, 7)]
    checker.ignore("Zorblax")
    assert list(checker.misspelt("a zorblax")) == []
    assert list(SpellChecker(["a", "word"]).misspelt("a zorblax")) == [(2, 7)]


def test_a_32_bit_build_keeps_the_words_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 32-bit string hash would let a few non-words through a 100,000-candidate search.
    monkeypatch.setattr(spelling, "sys", SimpleNamespace(hash_info=SimpleNamespace(width=32)))
    monkeypatch.setattr(spelling, "hash", len, raising=False)  # a hash that collides a great deal
    checker = SpellChecker(["a", "word", "words", "example"])
    assert list(checker.misspelt("a word zorblax")) == [(7, 7)]  # zorblax is as long as example
    assert checker.suggestions("wrod") == ["word"]
