"""Passphrase rules and a plain-language strength estimate (no I/O, no network)."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass

MIN_LENGTH = 12

# A short list of the passphrases people reach for first; enough to refuse the obvious ones.
_COMMON = {
    "password",
    "passw0rd",
    "qwerty",
    "letmein",
    "welcome",
    "iloveyou",
    "admin",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "trustno1",
    "changeme",
    "abc123",
    "secret",
    "master",
    "superman",
    "starwars",
    "hsbdesk",
    "workbook",
}
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")


@dataclass(frozen=True)
class PassphraseCheck:
    acceptable: bool
    reason: str  # why it is refused, or "" when acceptable
    strength: int  # 0 (very weak) to 4 (very strong), for live feedback
    advice: str


def check_passphrase(passphrase: str) -> PassphraseCheck:
    """Whether ``passphrase`` may protect a workbook, with a reason a person can act on."""
    text = unicodedata.normalize("NFC", passphrase)
    reason = _refusal(text)
    strength = 0 if reason else _strength(text)
    if len(text) < MIN_LENGTH:
        advice = "Use at least 12 characters; several unrelated words are easy to remember and hard to guess."
    elif strength < 3:
        advice = "Acceptable, but longer is stronger: add another unrelated word or two."
    else:
        advice = "Good. Keep it somewhere only you can reach, such as a password manager."
    return PassphraseCheck(acceptable=not reason, reason=reason, strength=strength, advice=advice)


def _refusal(text: str) -> str:
    if len(text) < MIN_LENGTH:
        return f"It must be at least {MIN_LENGTH} characters long (this one has {len(text)})."
    if not text.strip():
        return "It cannot be only spaces."
    folded = re.sub(r"[^a-z0-9]", "", text.casefold())
    if len(set(text)) <= 2:
        return "It repeats the same one or two characters."
    if folded and _is_sequence(folded):
        return "It is a simple run of letters or numbers, which is guessed at once."
    if folded and _is_repeated_chunk(folded):
        return "It repeats a short pattern, which is guessed at once."
    stripped = re.sub(r"[0-9!@#$%^&*._-]+$", "", folded)
    for word in _COMMON:
        if stripped == word or folded == word or (word in folded and len(folded) - len(word) < 5):
            return "It is built on a very common password; choose words of your own."
    return ""


def _is_sequence(text: str) -> bool:
    """A run along the alphabet, the digits or the keyboard, forwards or backwards, wrapping
    round (``...7890123``) or running on to the next keyboard row (``...iopasd...``)."""
    if len(text) < 6:
        return False
    for run in _SEQUENCES:
        for step in (1, -1):
            if all(
                a in run and b in run and run.index(b) == (run.index(a) + step) % len(run)
                for a, b in itertools.pairwise(text)
            ):
                return True
    return False


def _is_repeated_chunk(text: str) -> bool:
    """The same short piece again and again; a long phrase typed twice is as strong as itself."""
    for size in range(1, min(MIN_LENGTH, len(text) // 2 + 1)):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


def _strength(text: str) -> int:
    words = re.split(r"[ \-]+", text.casefold().strip())
    if len(words) > 1 and all(w.isalpha() for w in words):
        # Plain words are guessed word by word, not letter by letter: about 13 bits each for
        # words from an everyday vocabulary ("correct horse" is weak, six words are strong).
        return _grade(13 * len(words))
    pool = 0
    if re.search(r"[a-z]", text):
        pool += 26
    if re.search(r"[A-Z]", text):
        pool += 26
    if re.search(r"[0-9]", text):
        pool += 10
    if re.search(r"[^A-Za-z0-9]", text):
        pool += 33
    unique_ratio = len(set(text)) / len(text)
    return _grade(len(text) * math.log2(max(pool, 2)) * min(1.0, 0.5 + unique_ratio))


def _grade(bits: float) -> int:
    if bits < 50:
        return 1
    if bits < 70:
        return 2
    if bits < 90:
        return 3
    return 4
