"""Passphrase rules and a plain-language strength estimate (no I/O, no network)."""

from __future__ import annotations

import itertools
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


#: Guesses an attacker would need, as estimated by zxcvbn: 10^10 is where zxcvbn rates a
#: passphrase "strong protection from an offline slow-hash attack" (its score 4), the attack a
#: stolen laptop's workbook faces (SQLCipher's key derivation is the slow hash).
MIN_GUESSES_LOG10 = 10.0
#: zxcvbn's cost grows with length; a passphrase this long that passes the rules is strong anyway.
_ESTIMATE_LENGTH = 64


def check_passphrase(passphrase: str) -> PassphraseCheck:
    """Whether ``passphrase`` may protect a workbook, with a reason a person can act on: our own
    rules first (each with its own reason), then zxcvbn's estimate of how many guesses it takes."""
    text = unicodedata.normalize("NFC", passphrase)
    reason = _refusal(text)
    strength = 0
    if not reason:
        guesses, warning, suggestions = _estimate(text)
        if guesses < MIN_GUESSES_LOG10:
            reason = " ".join(p for p in ("It is too easy to guess.", warning, *suggestions[:1]) if p)
            strength = 1
        else:
            strength = 2 if guesses < 12 else 3 if guesses < 15 else 4
    if len(text) < MIN_LENGTH:
        advice = "Use at least 12 characters; several unrelated words are easy to remember and hard to guess."
    elif strength < 3:
        advice = "Acceptable, but longer is stronger: add another unrelated word or two."
    else:
        advice = "Good. Keep it somewhere only you can reach, such as a password manager."
    return PassphraseCheck(acceptable=not reason, reason=reason, strength=strength, advice=advice)


def _estimate(text: str) -> tuple[float, str, list[str]]:
    """(log10 of the guesses needed, zxcvbn's warning, its suggestions), offline."""
    from zxcvbn import zxcvbn  # its word lists load on first use, not when the window starts

    result = zxcvbn(text[:_ESTIMATE_LENGTH])
    feedback = result.get("feedback") or {}
    return float(result["guesses_log10"]), str(feedback.get("warning") or ""), list(feedback.get("suggestions") or [])


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
