"""Dates as caseworkers write them, and ages."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 1/9/26, 01-09-2026, 1.9.2026, 1 9 2026
_NUMBERS = re.compile(r"^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$")
# 1 Sept 2026, 1st September 2026, 1 sep. 26, 1-Sep-2026
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([A-Za-z]+)\.?,?[\s\-/.]*(\d{2}|\d{4})$", re.IGNORECASE)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS.update({name[:3].casefold(): number for number, name in enumerate(MONTHS, 1)})
_MONTH_NUMBERS["sept"] = 9
#: A two-digit year is this century's unless that is more than this many years ahead of today
#: (a parent's date of birth, "85", is 1985; a review date, "27", is 2027).
TWO_DIGIT_YEARS_AHEAD = 10


class DateNotUnderstood(ValueError):
    """The text is not written as a day, a month and a year."""


class NoSuchDay(ValueError):
    """Day, month and year were read, but the calendar has no such day (31/02/2026)."""

    def __init__(self, day: int, month: int, year: int) -> None:
        super().__init__("no such day")
        self.day, self.month, self.year = day, month, year

    @property
    def month_name(self) -> str:
        return MONTHS[self.month - 1] if 1 <= self.month <= 12 else ""


def read_typed_date(text: str, today: date | None = None) -> date:
    """A date as people type it: day first (1/9/26, 01-09-2026, 1 Sept 2026, 1st September
    2026), or ISO 8601 (2026-09-01). Raises ``DateNotUnderstood`` or ``NoSuchDay``."""
    written = text.strip()
    if _ISO.match(written):
        year, month, day = (int(part) for part in written.split("-"))
        return _real(day, month, year)
    numbers = _NUMBERS.match(written)
    words = None if numbers else _WORDS.match(written)
    if numbers:
        day, month, year_text = int(numbers[1]), int(numbers[2]), numbers[3]
    elif words and words[2].casefold() in _MONTH_NUMBERS:
        day, month, year_text = int(words[1]), _MONTH_NUMBERS[words[2].casefold()], words[3]
    else:
        raise DateNotUnderstood(written)
    year = int(year_text)
    if len(year_text) == 2:
        this_year = (today or date.today()).year
        year += 2000 if 2000 + year <= this_year + TWO_DIGIT_YEARS_AHEAD else 1900
    return _real(day, month, year)


def _real(day: int, month: int, year: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise NoSuchDay(day, month, year) from None


def parse_iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` to a date, or None if it is not a real calendar date."""
    if not isinstance(text, str) or not _ISO.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_uk_date(text: str, today: date | None = None) -> date | None:
    """A typed date (``read_typed_date``), or None if it is not one."""
    try:
        return read_typed_date(text, today)
    except ValueError:
        return None


def format_uk_date(value: date) -> str:
    """The long form used in reports and on screen: 3 March 2026, in English whatever the
    desktop's locale (``%B`` follows ``LC_TIME``, which Qt sets from the desktop)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def age_on(born: date, on: date) -> int:
    """Whole years between ``born`` and ``on`` (a 29 February birthday counts on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
