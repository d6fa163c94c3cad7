"""Which passphrases may protect a workbook, why others are refused, and the strength meter."""

from __future__ import annotations

import unicodedata

import pytest

from hsb_desk.domain.passphrase import MIN_LENGTH, check_passphrase


@pytest.mark.parametrize("passphrase", ["", "a", "short one", "elevenchars"])
def test_short_passphrase_is_refused_naming_the_minimum(passphrase: str) -> None:
    check = check_passphrase(passphrase)
    assert not check.acceptable
    assert MIN_LENGTH == 12
    assert "at least 12 characters" in check.reason
    assert f"this one has {len(passphrase)}" in check.reason
    assert check.strength == 0


REPEATS_CHARACTER = "same one or two characters"
SIMPLE_RUN = "simple run of letters or numbers"
COMMON = "very common password"
PATTERN = "repeats a short pattern"
ONLY_SPACES = "only spaces"

REFUSED = [
    ("aaaaaaaaaaaaaaa", REPEATS_CHARACTER),
    ("abababababab", REPEATS_CHARACTER),
    ("abcdefghijklmnop", SIMPLE_RUN),
    ("ponmlkjihgfedcba", SIMPLE_RUN),
    ("password1234", COMMON),
    ("Password2024!", COMMON),
    ("My-Qwerty-99", COMMON),
    ("abcabcabcabc", PATTERN),
    ("xyz1xyz1xyz1", PATTERN),
    ("            ", ONLY_SPACES),
]


@pytest.mark.parametrize(("passphrase", "reason"), REFUSED, ids=[p for p, _ in REFUSED])
def test_guessable_passphrase_is_refused_with_its_reason(passphrase: str, reason: str) -> None:
    check = check_passphrase(passphrase)
    assert not check.acceptable
    assert reason in check.reason
    assert check.strength == 0


@pytest.mark.parametrize("passphrase", ["123456789012", "0987654321098"])
def test_digit_run_wrapping_round_is_refused(passphrase: str) -> None:
    check = check_passphrase(passphrase)
    assert not check.acceptable
    assert SIMPLE_RUN in check.reason


def test_keyboard_run_across_rows_is_refused() -> None:
    check = check_passphrase("qwertyuiopas")
    assert not check.acceptable
    assert SIMPLE_RUN in check.reason or COMMON in check.reason


def test_each_kind_of_weakness_has_its_own_reason() -> None:
    reasons = {
        check_passphrase(p).reason
        for p in ("short", "aaaaaaaaaaaaaaa", "abcdefghijklmnop", "password1234", "abcabcabcabc", " " * 12)
    }
    assert len(reasons) == 6
    assert "" not in reasons


GOOD = [
    "correct horse battery staple",
    "tangerine lighthouse ferret",
    "Zebra-Piano-Mountain-42",
    "bright ocean door",
    "мост радуга кошка",
    "Crème brûlée façade",
    "日本語のパスフレーズです",
    "ünïcödé pässphrase wörds ☃",
]


@pytest.mark.parametrize("passphrase", GOOD)
def test_good_passphrase_is_accepted(passphrase: str) -> None:
    check = check_passphrase(passphrase)
    assert check.acceptable
    assert check.reason == ""
    assert 1 <= check.strength <= 4


def test_strength_grows_with_length() -> None:
    strengths = [
        check_passphrase(p).strength
        for p in ("plumferretko", "plumferretkolo", "plumferretkolotam", "plumferretkolotambou")
    ]
    assert strengths == sorted(strengths)
    assert strengths[0] < strengths[-1]
    assert strengths[-1] == 4


def test_strength_grows_with_variety_at_the_same_length() -> None:
    plain = check_passphrase("plumferretkolo")
    varied = check_passphrase("Plum4Ferret!kolo")
    assert len("plumferretkolo") == len("Plum4Ferret!kolo") - 2
    assert plain.acceptable and varied.acceptable
    assert plain.strength <= varied.strength


def test_advice_follows_strength() -> None:
    assert "at least 12 characters" in check_passphrase("plum ferret").advice
    assert "add another unrelated word" in check_passphrase("plumferretkolo").advice
    assert check_passphrase("correct horse battery staple violet kettle harbour").advice.startswith("Good.")


# Passphrases the rules once let through, found by review and by a red-team pass (issues 14 and 16):
# keyboard walks, sequences with a suffix, and common words with a year and symbols.
GUESSABLE = [
    "qwertyuiop12",
    "1qaz2wsx3edc",
    "P@ssw0rd2024!",
    "1234567890ab",
    "abcdefghijk1",
    "1q2w3e4r5t6y",
    "Summer2024!!",
    "correct horse",
]


@pytest.mark.parametrize("passphrase", GUESSABLE)
def test_passphrases_guessed_in_few_tries_are_refused_saying_so(passphrase: str) -> None:
    check = check_passphrase(passphrase)
    assert not check.acceptable
    assert check.reason  # a reason a person can act on
    assert check.strength <= 1


def test_the_estimate_is_zxcvbns_and_says_why() -> None:
    check = check_passphrase("1qaz2wsx3edc")
    assert check.reason.startswith("It is too easy to guess.")
    assert "common password" in check.reason  # zxcvbn's own feedback, passed on


NON_ASCII = ["fianc\u00e9e kit", "fianc\u00e9e kite", "Cr\u00e8me br\u00fbl\u00e9e fa\u00e7ade"]


@pytest.mark.parametrize("passphrase", NON_ASCII)
def test_composed_and_decomposed_forms_get_the_same_verdict(passphrase: str) -> None:
    composed = unicodedata.normalize("NFC", passphrase)
    decomposed = unicodedata.normalize("NFD", passphrase)
    assert composed != decomposed
    assert check_passphrase(composed) == check_passphrase(decomposed)


def test_length_is_counted_in_composed_characters() -> None:
    # 11 characters as typed; 12 code points once 'é' is decomposed, which must not sneak past.
    decomposed = unicodedata.normalize("NFD", "fianc\u00e9e kit")
    assert len(decomposed) == 12
    check = check_passphrase(decomposed)
    assert not check.acceptable
    assert "this one has 11" in check.reason
