"""Making any text a caseworker can type safe to put in a Word document.

Word documents are XML 1.0, which cannot hold most control characters, U+FFFE, U+FFFF or lone
surrogates: lxml refuses them and the report would fail. Everything else a person can type
(emoji, characters outside the Basic Multilingual Plane, right-to-left scripts, 1 MB pastes)
is kept exactly.
"""

from __future__ import annotations

import re

# Characters that end a line in some other program's idea of text; Word's own manual line break
# is \v (vertical tab), so a paste from a Word macro or an old system keeps its lines.
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\v": "\n", "\f": "\n\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_LINE_BREAK_RE = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")

# Removed: C0 controls except tab and line feed; DEL and the C1 controls; every Unicode
# noncharacter (U+FDD0-U+FDEF and the last two code points of each plane, U+FFFE and U+FFFF
# among them); the byte order mark; and the explicit bidirectional embedding, override and
# isolate controls. Those last can make a name or a sentence display in a different order from
# the one stored, which has no place in a formal record; right-to-left scripts need none of
# them (the Unicode bidirectional algorithm lays them out), and the harmless LRM/RLM marks stay.
_REMOVED = (
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufeff\ufffe\uffff\u202a-\u202e\u2066-\u2069"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_REMOVED_RE = re.compile(_REMOVED)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _join_pair(match: re.Match[str]) -> str:
    high, low = (ord(c) for c in match.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def clean_text(text: str) -> str:
    """``text`` with line breaks normalised to ``\\n``, tabs kept, and every character XML
    cannot hold (or that would disguise the text) removed."""
    if _SURROGATE_RE.search(text):
        # A high and low surrogate stored as two code points are one real character (an emoji
        # pasted through a UTF-16 system): rejoin them; any surrogate left alone is removed.
        text = _SURROGATE_PAIR_RE.sub(_join_pair, text)
        text = _SURROGATE_RE.sub("", text)
    text = _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text)
    return _REMOVED_RE.sub("", text)


_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+\n")


def paragraphs_of(text: str) -> list[str]:
    """The writer's paragraphs: split at blank lines; a single line break stays inside its
    paragraph (written as a Word line break). Whitespace-only paragraphs are dropped."""
    cleaned = _TRAILING_SPACE_RE.sub("\n", clean_text(text))
    return [part.strip("\n").rstrip() for part in _PARAGRAPH_BREAK_RE.split(cleaned) if part.strip()]


def one_line(text: str) -> str:
    """Text for a place that holds one line (document properties, the running header)."""
    return " ".join(clean_text(text).split())
