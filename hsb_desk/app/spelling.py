"""Loading the British English word list shipped in resources/spelling."""

from __future__ import annotations

from functools import lru_cache

from hsb_desk import paths
from hsb_desk.domain.spelling import SpellChecker


@lru_cache(maxsize=1)
def british_checker() -> SpellChecker:
    folder = paths.resources_dir() / "spelling"
    words: list[str] = []
    for name in ("en_GB.txt", "extra-words.txt"):
        words.extend((folder / name).read_text(encoding="utf-8").splitlines())
    return SpellChecker(words)
