"""Dates as caseworkers write them, and ages."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` to a date, or None if it is not a real calendar date."""
    if not isinstance(text, str) or not _ISO.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_uk_date(text: str) -> date | None:
    """``dd/mm/yyyy`` (also with - or .) to a date, or None if it is not a real date."""
    match = _UK.match(text)
    if not match:
        return parse_iso_date(text.strip())
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_uk_date(value: date) -> str:
    """The long form used in reports and on screen: 3 March 2026."""
    return f"{value.day} {value:%B %Y}"


def age_on(born: date, on: date) -> int:
    """Whole years between ``born`` and ``on`` (a 29 February birthday counts on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
