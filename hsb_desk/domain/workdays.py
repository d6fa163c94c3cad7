"""Calendar arithmetic for procedure time limits: working days and whole months.

Working days skip Saturdays, Sundays and the bank holidays of England and Wales (including
substitute days and proclaimed one-off holidays, see ``bank_holidays.py``), plus any local
closure days an authority lists. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from hsb_desk.domain.bank_holidays import england_and_wales


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year`` (the weekdays they are taken on)."""
    return england_and_wales(year)


def is_working_day(day: date, extra_closures: Iterable[date] = ()) -> bool:
    """Monday to Friday, not a bank holiday and not one of ``extra_closures``."""
    return _is_open(day, frozenset(extra_closures))


def _is_open(day: date, closures: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in closures


def add_working_days(start: date, n: int, extra_closures: Iterable[date] = ()) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself is never counted.

    ``n == 0`` returns ``start`` unchanged. A start on a weekend or holiday counts from the next
    working day, so ``Saturday + 1`` is the following Monday (if it is a working day).
    """
    if n < 0:
        raise ValueError("the number of working days cannot be negative")
    closures = frozenset(extra_closures)
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if _is_open(day, closures):
            counted += 1
    return day


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar ``months``, clamped to the end of a shorter month.

    30 November + 3 months is 28 February (29 in a leap year); 31 January + 1 month is the last
    day of February.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_hours(start: date, hours: int) -> date:
    """The day by which ``hours`` calendar hours from ``start`` have run.

    Only the day of the event is known, so the limit is counted from the start of that day and
    rounded down to a whole day: never later than the true limit (72 hours is start + 3 days).
    """
    if hours < 0:
        raise ValueError("the number of hours cannot be negative")
    return start + timedelta(days=hours // 24)
