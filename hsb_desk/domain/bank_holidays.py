"""The bank holidays of England and Wales, worked out from the rules that set them.

Fixed by the Banking and Financial Dealings Act 1971 and royal proclamation: New Year's Day,
Good Friday, Easter Monday, the first and last Mondays in May, the last Monday in August,
Christmas Day and Boxing Day, with a substitute weekday when one falls at a weekend. Years when
a holiday moved or an extra one was proclaimed are listed below; an authority can add any
later proclamation as a closure day in a procedure profile (``extra_closures``, forms/procedures/).
"""

from __future__ import annotations

from datetime import date, timedelta

# Proclaimed changes: {year: (days removed, days added)}.
_CHANGES: dict[int, tuple[tuple[date, ...], tuple[date, ...]]] = {
    1995: ((date(1995, 5, 1),), (date(1995, 5, 8),)),  # VE Day 50th anniversary
    1999: ((), (date(1999, 12, 31),)),  # the millennium
    2002: ((date(2002, 5, 27),), (date(2002, 6, 3), date(2002, 6, 4))),  # golden jubilee
    2011: ((), (date(2011, 4, 29),)),  # royal wedding
    2012: ((date(2012, 5, 28),), (date(2012, 6, 4), date(2012, 6, 5))),  # diamond jubilee
    2020: ((date(2020, 5, 4),), (date(2020, 5, 8),)),  # VE Day 75th anniversary
    2022: ((date(2022, 5, 30),), (date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19))),  # jubilee, state funeral
    2023: ((), (date(2023, 5, 8),)),  # coronation
}


def easter_sunday(year: int) -> date:
    """The Gregorian date of Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


def england_and_wales(year: int) -> frozenset[date]:
    """Every bank holiday of England and Wales in ``year``."""
    easter = easter_sunday(year)
    new_year = date(year, 1, 1)
    if new_year.weekday() >= 5:  # Saturday or Sunday: the next Monday
        new_year += timedelta(days=7 - new_year.weekday())
    days = {
        new_year,
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day on Monday, Christmas on Tuesday
        days |= {boxing, date(year, 12, 27)}
    elif boxing.weekday() == 5:  # Friday Christmas, Saturday Boxing Day: Monday
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    removed, added = _CHANGES.get(year, ((), ()))
    return frozenset((days - set(removed)) | set(added))
