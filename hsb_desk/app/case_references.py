"""The next free case reference, in the pattern the workbook already uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

#: PREFIX-YEAR-NUMBER, as in HSB-2026-0001: the pattern the demo and most teams use.
NUMBERED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9]*-)(?P<year>\d{4})-(?P<number>\d+)$")
DEFAULT_PREFIX = "HSB-"


def next_reference(existing: Iterable[str], today: date) -> str:
    """One more than the highest number of this year among references written PREFIX-YEAR-N
    (the prefix most used this year, else the latest year's), keeping its width;
    ``HSB-YEAR-0001`` in a workbook without such references."""
    numbered = [m for m in (NUMBERED.match(ref) for ref in existing) if m]
    this_year = [m for m in numbered if int(m["year"]) == today.year]
    pool = this_year or sorted(numbered, key=lambda m: int(m["year"]))[-1:]
    if not pool:
        return f"{DEFAULT_PREFIX}{today.year}-0001"
    prefixes = [m["prefix"] for m in pool]
    prefix = max(set(prefixes), key=prefixes.count)
    same = [m for m in this_year if m["prefix"] == prefix]
    width = max(len(m["number"]) for m in pool if m["prefix"] == prefix)
    number = max((int(m["number"]) for m in same), default=0) + 1
    return f"{prefix}{today.year}-{number:0{width}d}"
