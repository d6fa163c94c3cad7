"""England and Wales bank holidays, against the dates GOV.UK published."""

from __future__ import annotations

from datetime import date

import pytest

from hsb_desk.domain.bank_holidays import easter_sunday, england_and_wales

PUBLISHED = {
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_matches_the_published_list(year: int) -> None:
    expected = {date.fromisoformat(f"{year}-{day}") for day in PUBLISHED[year]}
    assert england_and_wales(year) == expected


@pytest.mark.parametrize(("year", "easter"), [(2024, "03-31"), (2025, "04-20"), (2038, "04-25"), (2285, "03-22")])
def test_easter(year: int, easter: str) -> None:
    assert easter_sunday(year) == date.fromisoformat(f"{year}-{easter}")


def test_every_holiday_is_a_weekday() -> None:
    assert all(day.weekday() < 5 for year in range(1990, 2100) for day in england_and_wales(year))
