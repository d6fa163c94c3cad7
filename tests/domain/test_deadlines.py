"""Applying a procedure profile to a case: time limits, age notices and reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hsb_desk.domain.procedure import (
    AgeRule,
    Conditions,
    DeadlineRule,
    ProcedureProfile,
    ReminderRule,
    RuleCondition,
)
from hsb_desk.domain.procedure_due import due_dates
from hsb_desk.domain.procedure_notices import age_notices, birthday, case_notices, reminder_notices

RMM = DeadlineRule("rmm", "Risk Management Meeting", "referral.date", 10, "working_days", "seed 001")
STRATEGY = DeadlineRule("strategy", "Strategy meeting", "referral.allegation_date", 72, "hours", "seed 003")
REVIEW = DeadlineRule("review", "Review", "conclusion.plan_date", 3, "months", "seed 002", repeat=True)
PROFILE = ProcedureProfile(
    name="Test profile",
    date_of_birth_field="child.date_of_birth",
    deadlines=(RMM, STRATEGY, REVIEW),
    age_rules=(
        AgeRule("under_10", "below", 10, "Under 10.", "seed 001", level="warning"),
        AgeRule("aim", "from", 12, "AIM pathway age.", "seed 002", until=18),
        AgeRule("turning_18", "turning", 18, "Turns 18 on {date}.", "seed 002", within_months=6),
        AgeRule("adult", "from", 18, "18 or over.", "seed 002"),
    ),
    reminders=(
        ReminderRule("consent_yp", "referral.consent_young_person", ("given",), "Consent needed.", "seed 001"),
        ReminderRule(
            "consent_carers", "referral.consent_carers", ("given",), "Carers' consent.", "seed 001", column="status"
        ),
    ),
)


def _due(values: dict[str, object], today: date, profile: ProcedureProfile = PROFILE) -> dict[str, object]:
    return {item.key: item for item in due_dates(profile, values, today)}


def test_risk_management_meeting_is_ten_working_days_after_referral() -> None:
    item = _due({"referral.date": "2026-12-23"}, date(2027, 1, 4))["rmm"]
    assert item.due == date(2027, 1, 11)
    assert item.start == date(2026, 12, 23)
    assert item.from_field == "referral.date"
    assert item.label == "Risk Management Meeting"
    assert item.source == "seed 001"
    assert not item.overdue


@pytest.mark.parametrize(("today", "overdue"), [(date(2027, 1, 11), False), (date(2027, 1, 12), True)])
def test_overdue_only_after_the_due_day(today: date, overdue: bool) -> None:
    assert _due({"referral.date": "2026-12-23"}, today)["rmm"].overdue is overdue


def test_profile_closures_move_working_day_limits() -> None:
    profile = replace(PROFILE, extra_closures=(date(2026, 12, 24),))
    assert _due({"referral.date": "2026-12-23"}, date(2026, 12, 23), profile)["rmm"].due == date(2027, 1, 12)


def test_strategy_meeting_is_72_calendar_hours_after_the_allegation() -> None:
    # Counted in calendar hours: Christmas Day and the weekend are not skipped.
    item = _due({"referral.allegation_date": "2026-12-23"}, date(2026, 12, 23))["strategy"]
    assert item.due == date(2026, 12, 26)


@pytest.mark.parametrize(
    ("plan", "today", "due", "occurrence"),
    [
        ("2026-11-30", date(2026, 12, 1), date(2027, 2, 28), 1),
        ("2027-11-30", date(2027, 12, 1), date(2028, 2, 29), 1),
        ("2026-11-30", date(2027, 2, 28), date(2027, 2, 28), 1),  # due today: still this one
        # The next review counts from the plan date, so it is 30 May, not 28 May.
        ("2026-11-30", date(2027, 3, 1), date(2027, 5, 30), 2),
        ("2026-10-21", date(2028, 1, 1), date(2028, 1, 21), 5),
        ("2026-10-21", date(2026, 1, 1), date(2027, 1, 21), 1),  # plan dated after today
    ],
)
def test_review_every_three_months(plan: str, today: date, due: date, occurrence: int) -> None:
    item = _due({"conclusion.plan_date": plan}, today)["review"]
    assert (item.due, item.occurrence, item.overdue) == (due, occurrence, False)


def test_repeating_rule_in_days() -> None:
    rule = DeadlineRule("visit", "Visit", "referral.date", 14, "days", "local", repeat=True)
    profile = replace(PROFILE, deadlines=(rule,))
    item = _due({"referral.date": "2026-11-01"}, date(2026, 11, 16), profile)["visit"]
    assert (item.due, item.occurrence) == (date(2026, 11, 29), 2)


@pytest.mark.parametrize("value", [None, "", "2026-02-30", "23/12/2026", 20261223])
def test_missing_or_invalid_start_dates_give_no_item(value: object) -> None:
    assert "rmm" not in _due({"referral.date": value}, date(2026, 12, 1))


def test_rule_with_condition_applies_only_when_it_holds() -> None:
    rule = replace(RMM, when=Conditions((RuleCondition("referral.route", ("criminal_justice", "both")),)))
    profile = replace(PROFILE, deadlines=(rule,))
    base = {"referral.date": "2026-12-23"}
    assert due_dates(profile, {**base, "referral.route": "concern"}, date(2026, 12, 23)) == []
    assert len(due_dates(profile, {**base, "referral.route": "both"}, date(2026, 12, 23))) == 1


def _keys(born: date | None, today: date) -> list[str]:
    return [n.key for n in age_notices(PROFILE, born, today)]


@pytest.mark.parametrize(
    ("born", "today", "keys"),
    [
        (date(2016, 11, 22), date(2026, 11, 21), ["under_10"]),  # the day before 10
        (date(2016, 11, 22), date(2026, 11, 22), []),  # exactly 10
        (date(2014, 11, 22), date(2026, 11, 21), []),  # 11, the day before 12
        (date(2014, 11, 22), date(2026, 11, 22), ["aim"]),  # exactly 12
        (date(2012, 5, 19), date(2026, 11, 22), ["aim"]),  # 14
        (date(2008, 11, 22), date(2026, 11, 21), ["aim", "turning_18"]),  # the day before 18
        (date(2008, 11, 22), date(2026, 11, 22), ["adult"]),  # exactly 18
        (date(2009, 5, 22), date(2026, 11, 22), ["aim", "turning_18"]),  # 18 in exactly 6 months
        (date(2009, 5, 23), date(2026, 11, 22), ["aim"]),  # 6 months and a day
    ],
)
def test_age_notices_at_boundaries(born: date, today: date, keys: list[str]) -> None:
    assert _keys(born, today) == keys


def test_leap_day_birthday_turns_18_on_1_march() -> None:
    born = date(2008, 2, 29)
    assert birthday(born, 18) == date(2026, 3, 1)
    assert _keys(born, date(2025, 8, 31)) == ["aim"]  # 31 Aug + 6 months = 28 Feb: not yet
    notices = age_notices(PROFILE, born, date(2025, 9, 1))
    assert [n.key for n in notices] == ["aim", "turning_18"]
    assert notices[1].on == date(2026, 3, 1)
    assert notices[1].text == "Turns 18 on 1 March 2026."
    assert _keys(born, date(2026, 2, 28)) == ["aim", "turning_18"]
    assert _keys(born, date(2026, 3, 1)) == ["adult"]
    assert birthday(born, 4) == date(2012, 2, 29)


def test_no_age_notices_without_a_usable_date_of_birth() -> None:
    assert _keys(None, date(2026, 11, 22)) == []
    assert _keys(date(2027, 1, 1), date(2026, 11, 22)) == []


@pytest.mark.parametrize(
    ("values", "keys"),
    [
        ({}, ["consent_yp", "consent_carers"]),
        (
            {"referral.consent_young_person": "not_sought", "referral.consent_carers": []},
            ["consent_yp", "consent_carers"],
        ),
        ({"referral.consent_young_person": "refused"}, ["consent_yp", "consent_carers"]),
        (
            {
                "referral.consent_young_person": "given",
                "referral.consent_carers": [{"name": "A", "status": "given"}, {"name": "B", "status": "not_sought"}],
            },
            ["consent_carers"],
        ),
        (
            {
                "referral.consent_young_person": "given",
                "referral.consent_carers": [{"name": "A", "status": "given"}, {"name": "B", "status": "given"}],
            },
            [],
        ),
    ],
)
def test_consent_reminders(values: dict[str, object], keys: list[str]) -> None:
    assert [n.key for n in reminder_notices(PROFILE, values)] == keys


def test_case_notices_read_the_date_of_birth_field() -> None:
    values = {
        "child.date_of_birth": "2016-11-23",
        "referral.consent_young_person": "given",
        "referral.consent_carers": [{"status": "given"}],
    }
    assert [n.key for n in case_notices(PROFILE, values, date(2026, 11, 22))] == ["under_10"]
    assert case_notices(PROFILE, {**values, "child.date_of_birth": "not a date"}, date(2026, 11, 22)) == []
