"""Working days (England and Wales bank holidays), months with end-of-month clamping, hours."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hsb_desk.domain.workdays import add_hours, add_months, add_working_days, is_working_day


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Friday start: the weekend is skipped.
        (date(2026, 11, 20), 1, date(2026, 11, 23)),
        (date(2026, 11, 20), 5, date(2026, 11, 27)),
        (date(2026, 11, 20), 10, date(2026, 12, 4)),
        # Saturday or Sunday start counts from the next working day.
        (date(2026, 11, 21), 1, date(2026, 11, 23)),
        (date(2026, 11, 22), 1, date(2026, 11, 23)),
        # Christmas 2026: Fri 25 Christmas Day, Sat 26 Boxing Day, Mon 28 its substitute day.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # Christmas 2027 falls on a weekend: substitute days Mon 27 and Tue 28.
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        # Year end: referral on 23 December 2026, 10 working days (New Year's Day skipped too).
        (date(2026, 12, 23), 10, date(2027, 1, 11)),
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 3, 27), 10, date(2026, 4, 14)),
        # Early May bank holiday: Monday 4 May 2026.
        (date(2026, 5, 1), 1, date(2026, 5, 5)),
        # Spring bank holiday (25 May 2026) and summer bank holiday (31 August 2026).
        (date(2026, 5, 22), 1, date(2026, 5, 26)),
        (date(2026, 8, 28), 1, date(2026, 9, 1)),
        # A one-off bank holiday (state funeral, Monday 19 September 2022).
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        # Zero days: the start itself, even on a weekend.
        (date(2026, 11, 22), 0, date(2026, 11, 22)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_extra_closures_are_skipped() -> None:
    closures = [date(2026, 12, 24), date(2026, 12, 31)]
    assert add_working_days(date(2026, 12, 23), 10, closures) == date(2027, 1, 13)
    assert add_working_days(date(2026, 12, 23), 1, closures) == date(2026, 12, 29)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 1, 2), True),
        (date(2026, 12, 28), False),  # Boxing Day substitute
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 23), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_every_result_is_the_nth_working_day_after_the_start() -> None:
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        for n in (1, 3, 10):
            result = add_working_days(day, n)
            assert is_working_day(result)
            between = (day + timedelta(days=i) for i in range(1, (result - day).days + 1))
            assert sum(is_working_day(d) for d in between) == n
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 10, 21), 3, date(2027, 1, 21)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 30), 6, date(2027, 5, 30)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(72, date(2026, 12, 26)), (24, date(2026, 12, 24)), (36, date(2026, 12, 24)), (0, date(2026, 12, 23))],
)
def test_add_hours_counts_calendar_hours(hours: int, expected: date) -> None:
    assert add_hours(date(2026, 12, 23), hours) == expected
