"""Dates as caseworkers type them (issue 20, item 10), and month names in English whatever the
desktop's locale (issue 17, item 16)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hsb_desk.domain.dates import DateNotUnderstood, NoSuchDay, format_uk_date, parse_uk_date, read_typed_date

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "typed",
    ["1/9/26", "01/09/2026", "01-09-2026", "1.9.2026", "1 9 2026", " 1/9/2026 ", "1 Sept 2026", "1 Sep 2026",
     "1 September 2026", "1st September 2026", "1 sept. 26", "1-Sep-2026", "1 SEPTEMBER, 2026", "2026-09-01"],
)  # fmt: skip
def test_the_ways_people_write_a_day_all_read_as_it(typed: str) -> None:
    assert read_typed_date(typed, TODAY) == date(2026, 9, 1)


def test_a_two_digit_year_is_this_century_unless_that_is_more_than_ten_years_ahead() -> None:
    assert read_typed_date("3/3/36", TODAY) == date(2036, 3, 3)  # a review date
    assert read_typed_date("3/3/37", TODAY) == date(1937, 3, 3)
    assert read_typed_date("14/2/85", TODAY) == date(1985, 2, 14)  # a parent's date of birth


@pytest.mark.parametrize(
    ("typed", "day", "month", "year"),
    [("31/02/2026", 31, 2, 2026), ("29 Feb 2025", 29, 2, 2025), ("32/1/2026", 32, 1, 2026), ("1/13/2026", 1, 13, 2026)],
)
def test_a_day_the_calendar_does_not_have_is_named(typed: str, day: int, month: int, year: int) -> None:
    with pytest.raises(NoSuchDay) as missing:
        read_typed_date(typed, TODAY)
    assert (missing.value.day, missing.value.month, missing.value.year) == (day, month, year)


@pytest.mark.parametrize("typed", ["", "yesterday", "1 Septem 2026", "1/9", "2026/09/01", "1/9/026", "Sept 2026"])
def test_what_is_not_a_date_is_said_to_be_so(typed: str) -> None:
    with pytest.raises(DateNotUnderstood):
        read_typed_date(typed, TODAY)
    assert parse_uk_date(typed) is None


def test_month_names_are_english_under_another_locale(tmp_path: Path) -> None:
    """Qt sets LC_TIME from the desktop; ``%B`` would then write "mars" on a French desktop."""
    if shutil.which("localedef") is None or not Path("/usr/share/i18n/locales/fr_FR").exists():
        pytest.skip("no localedef or locale sources to make a French locale with")
    made = subprocess.run(["localedef", "-i", "fr_FR", "-f", "UTF-8", str(tmp_path / "fr_FR.UTF-8")], check=False)
    if made.returncode not in (0, 1):  # 1: warnings only
        pytest.skip("localedef could not make the French locale")
    probe = (
        "import locale, datetime\n"
        "from hsb_desk.domain.dates import format_uk_date\n"
        "locale.setlocale(locale.LC_TIME, 'fr_FR.UTF-8')\n"
        "day = datetime.date(2026, 3, 3)\n"
        "print(f'{day:%B}', format_uk_date(day))\n"
    )
    env = dict(os.environ, LOCPATH=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split(maxsplit=1) == ["mars", "3 March 2026\n"]


def test_the_long_form_of_every_month() -> None:
    assert [format_uk_date(date(2026, m, 1)) for m in (1, 9, 12)] == ["1 January 2026", "1 September 2026",
                                                                      "1 December 2026"]  # fmt: skip
