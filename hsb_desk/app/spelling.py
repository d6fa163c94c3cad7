"""Loading the British English word list shipped in resources/spelling."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from hsb_desk import paths
from hsb_desk.domain.spelling import SpellChecker


@lru_cache(maxsize=1)
def british_checker() -> SpellChecker:
    folder = paths.resources_dir() / "spelling"
    return SpellChecker(_lines(folder / "en_GB.txt", folder / "extra-words.txt"))


def _lines(*files: Path) -> Iterator[str]:
    """One line at a time: the whole list is never held as strings at once (memory, bench/)."""
    for file in files:
        with file.open(encoding="utf-8") as lines:
            yield from lines
