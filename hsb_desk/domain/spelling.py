"""British English spell checking over a word list: no network, no case content kept."""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_LETTERS = "abcdefghijklmnopqrstuvwxyz'-"
_BUCKET_SHIFT = 58  # 64 buckets by the top bits of a 64-bit hash: -32..31 after the shift


def _sorted_hashes(words: Iterable[str]) -> array[int]:
    """The words' hashes, sorted, 8 bytes each. Sorting them as one list of Python ints would
    hold 40 bytes a word at once (4 MB for the British list, the app's peak memory: bench/);
    the hashes are spread evenly, so they are put into 64 buckets by their top bits, and each
    small bucket is sorted in turn."""
    buckets = [array("q") for _ in range(64)]
    for word in words:
        hashed = hash(word)
        buckets[(hashed >> _BUCKET_SHIFT) + 32].append(hashed)
    ordered = array("q")
    for bucket in buckets:
        ordered.extend(sorted(bucket))
        del bucket[:]
    return ordered


class SpellChecker:
    """Knows a word list; finds unknown words and suggests known ones one or two edits away."""

    def __init__(self, words: Iterable[str]) -> None:
        # The word list is kept as the sorted hashes of its words, 8 bytes each: as a set of
        # strings the 100,000 British words took about 14 MB (bench/). With Python's 64-bit
        # string hash, the chance that an unknown word's hash is on the list is about 1 in 10^14;
        # a 32-bit build's hash would pass a few non-words per suggestion search, so there the
        # strings themselves are kept.
        listed = (w.strip().casefold() for w in words if w.strip() and w[0] != "#")
        self._words: set[str] | None = None
        if sys.hash_info.width < 64:
            self._words = set(listed)
        self._hashes = array("q") if self._words is not None else _sorted_hashes(listed)
        self.ignored: set[str] = set()
        self.personal: set[str] = set()  # the open workbook's own dictionary (kept inside it)

    def set_personal(self, words: Iterable[str]) -> None:
        """The words of the workbook just opened; none once it is locked or closed."""
        self.personal = {word.casefold() for word in words}

    def __contains__(self, folded: str) -> bool:
        """Whether the (case-folded) word is on the list."""
        if self._words is not None:
            return folded in self._words
        wanted = hash(folded)
        at = bisect_left(self._hashes, wanted)
        return at < len(self._hashes) and self._hashes[at] == wanted

    def _known(self, candidates: Iterable[str]) -> list[str]:
        """The listed words among many candidates, sorted (the search inlined: two edits away
        is over 100,000 candidates)."""
        if self._words is not None:
            return sorted(word for word in candidates if word in self._words)
        hashes, end = self._hashes, len(self._hashes)
        found = []
        for word in candidates:
            wanted = hash(word)
            at = bisect_left(hashes, wanted)
            if at < end and hashes[at] == wanted:
                found.append(word)
        return sorted(found)

    def knows(self, word: str) -> bool:
        folded = word.casefold().replace("’", "'")
        if folded in self or folded in self.ignored or folded in self.personal:
            return True
        if folded.endswith("'s") and folded[:-2] in self:
            return True
        # Hyphenated words are right when each part is (well-known, evidence-based).
        parts = folded.split("-")
        return len(parts) > 1 and all(p in self for p in parts if p)

    def misspelt(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, length) of each unknown word. Words with capitals inside or digits are names
        or codes and are left alone."""
        for match in WORD.finditer(text):
            word = match.group()
            if len(word) < 2 or any(c.isupper() for c in word[1:]):
                continue
            if not self.knows(word):
                yield match.start(), len(word)

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        folded = word.casefold()
        first = self._known(_edits(folded))
        found = first or self._known({w for e in _edits(folded) for w in _edits(e)})
        result = [w.capitalize() if word[:1].isupper() else w for w in found]
        return result[:limit]

    def ignore(self, word: str) -> None:
        """For this session only: ignored words are never written anywhere."""
        self.ignored.add(word.casefold())


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)
