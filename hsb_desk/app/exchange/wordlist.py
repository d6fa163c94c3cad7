"""One-time exchange passphrases: random words from ``resources/wordlist.txt``, chosen by
``secrets``. Six words from 2,304 give about 67 bits, before scrypt's cost on every guess."""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path

from hsb_desk import paths
from hsb_desk.errors import ExportFailed

PASSPHRASE_WORDS = 6
MIN_WORDS = 2048
_WORD = re.compile(r"^[a-z]{3,10}$")
_MISSING = (
    "The word list for exchange passphrases (resources/wordlist.txt) is missing or damaged, "
    "so no exchange file was written. Reinstall HSB Desk."
)


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[str, ...]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportFailed(_MISSING) from exc
    words = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if len(set(words)) != len(words) or len(words) < MIN_WORDS or not all(_WORD.match(w) for w in words):
        raise ExportFailed(_MISSING)
    return tuple(words)


def load_words(path: Path | None = None) -> tuple[str, ...]:
    """The checked word list: at least 2,048 distinct lowercase words."""
    if path is None:
        try:
            path = paths.resources_dir() / "wordlist.txt"
        except FileNotFoundError as exc:
            raise ExportFailed(_MISSING) from exc
    return _load(str(path))


def generate_passphrase(count: int = PASSPHRASE_WORDS, path: Path | None = None) -> str:
    """``count`` random words joined by hyphens, e.g. ``maple-orbit-candle-river-glade-otter``."""
    if count < 5:
        raise ValueError("an exchange passphrase has at least five words")
    words = load_words(path)
    return "-".join(secrets.choice(words) for _ in range(count))
