"""Loading the British English word list and the work's own words shipped in resources/spelling;
the personal dictionary each workbook keeps inside it (encrypted, never in a plain file)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from hsb_desk import paths
from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.session_state import SessionState
from hsb_desk.domain.spelling import SpellChecker
from hsb_desk.errors import InvalidInput

MAX_WORD = 60


@lru_cache(maxsize=1)
def british_checker() -> SpellChecker:
    folder = paths.resources_dir() / "spelling"
    return SpellChecker(_lines(folder / "en_GB.txt", folder / "extra-words.txt", folder / "work-words.txt"))


def _lines(*files: Path) -> Iterator[str]:
    """One line at a time: the whole list is never held as strings at once (memory, bench/)."""
    for file in files:
        with file.open(encoding="utf-8") as lines:
            yield from lines


def personal_words(session: SessionState) -> list[str]:
    """The words added to this workbook's dictionary (Add to dictionary)."""
    return session.workbook.personal_words()


def add_to_dictionary(session: SessionState, word: str) -> Change:
    """Keep ``word`` in this workbook's own dictionary: inside the workbook, encrypted with it,
    since a word taught to the checker is often a name."""
    cleaned = word.strip()
    if not cleaned or len(cleaned) > MAX_WORD or any(c.isspace() for c in cleaned):
        raise InvalidInput("Only a single word can be added to the dictionary.")
    session.workbook.add_personal_word(cleaned, session.actor)
    return Change(ChangeKind.PROFILE, detail={"what": "personal dictionary"})
