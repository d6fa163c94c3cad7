"""What a caseworker may store in each field, when a field is shown, and what HSB Desk works out."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import MINI_FORM_DIR, TODAY
from hypothesis import given
from hypothesis import strategies as st

from hsb_desk.formspec import FieldSpec, load_form
from hsb_desk.formspec.model import Condition
from hsb_desk.formspec.values import Missing, check_value, compute_value, is_visible, missing_required

# Loaded once here (not through the fixture) so the hypothesis test needs no pytest fixture.
FORM = load_form(MINI_FORM_DIR)


def spec(key: str) -> FieldSpec:
    found = FORM.get_field(key)
    assert found is not None, key
    return found


def iso(day: date) -> str:
    return day.isoformat()


# --- check_value: accepted ------------------------------------------------------------------

GOOD: list[tuple[str, Any]] = [
    ("child.full_name", "Sam Example"),
    ("child.full_name", ""),
    ("child.notes", "First paragraph.\n\nSecond paragraph."),
    ("child.date_of_birth", "2012-05-17"),
    ("child.date_of_birth", iso(TODAY)),
    ("child.date_of_birth", "2012-02-29"),
    ("child.height", 0),
    ("child.height", 250),
    ("child.height", 142.5),
    ("child.siblings_count", 3),
    ("child.siblings_count", 3.0),
    ("child.route", "criminal_justice"),
    ("findings.elements", []),
    ("findings.elements", ["coercion", "planning"]),
    ("child.interpreter", "not_known"),
    ("findings.concern_level", "medium"),
    ("findings.continuum", "abusive"),
    ("child.siblings", []),
    ("child.siblings", [{"name": "Kim", "date_of_birth": "2015-01-01", "lives_with": "yes"}, {}]),
    ("child.siblings", [{"name": None, "date_of_birth": None}]),
]


@pytest.mark.parametrize(("key", "value"), GOOD, ids=[f"{k}={v!r}"[:60] for k, v in GOOD])
def test_good_value_is_accepted(key: str, value: Any) -> None:
    assert check_value(spec(key), value, TODAY) is None


@pytest.mark.parametrize("key", [s.key for _, s in FORM.iter_fields()])
def test_none_clears_any_field(key: str) -> None:
    assert check_value(spec(key), None, TODAY) is None


# --- check_value: refused, with a reason the caseworker can act on ---------------------------

TOMORROW = iso(TODAY + timedelta(days=1))

BAD: list[tuple[str, Any, str]] = [
    ("child.full_name", 42, "must be text"),
    ("child.notes", ["a", "b"], "must be text"),
    ("child.date_of_birth", "2026-02-30", "is not a real date"),
    ("child.date_of_birth", "22/11/2026", "use YYYY-MM-DD"),
    ("child.date_of_birth", "2026-11-22T10:00", "is not a real date"),
    ("child.date_of_birth", " 2026-11-22", "is not a real date"),
    ("child.date_of_birth", 20261122, "must be a date"),
    ("child.date_of_birth", TOMORROW, "cannot be in the future (23 November 2026 is after today)"),
    ("child.height", True, "must be a number"),
    ("child.height", "120", "must be a number"),
    ("child.height", math.nan, "must be a number"),
    ("child.height", math.inf, "must be a number"),
    ("child.height", -math.inf, "must be a number"),
    ("child.height", -1, "must be at least 0"),
    ("child.height", 250.5, "must be at most 250"),
    ("child.siblings_count", 2.5, "must be a whole number"),
    ("child.siblings_count", -1, "must be at least 0"),
    ("child.route", "other", "must be one of: concern, criminal_justice"),
    ("child.route", ["concern"], "must be one of"),
    ("findings.continuum", "Normal", "must be one of: normal, abusive"),
    ("findings.elements", ["coercion", "coercion"], "more than once"),
    ("findings.elements", ["coercion", "bribery"], "holds a value that is not an option"),
    ("findings.elements", "coercion", "must be a list of options"),
    ("findings.elements", [1], "must be a list of options"),
    ("child.interpreter", "maybe", "must be one of: yes, no, not_known"),
    ("child.interpreter", True, "must be one of"),
    ("findings.concern_level", "extreme", "must be one of: low, medium, high"),
    ("child.siblings", [{"nickname": "K"}], "row 1 has a column this form does not have"),
    ("child.siblings", [{"name": "Kim"}, {"date_of_birth": TOMORROW}], "row 2, Date of birth: cannot be in the future"),
    ("child.siblings", [{"name": "Kim"}, {"lives_with": "sometimes"}], "row 2, Lives with the child: must be one of"),
    ("child.siblings", {"name": "Kim"}, "must be a list of rows"),
    ("child.siblings", ["Kim"], "row 1 must be a set of named values"),
    ("child.age", 12, "cannot be set"),
    ("findings.response", "anything", "cannot be set"),
]


@pytest.mark.parametrize(("key", "value", "reason"), BAD, ids=[f"{k}={v!r}"[:60] for k, v, _ in BAD])
def test_bad_value_is_refused_with_a_reason(key: str, value: Any, reason: str) -> None:
    problem = check_value(spec(key), value, TODAY)
    assert problem is not None
    assert reason in problem


def test_each_kind_of_text_holds_up_to_its_documented_length_and_no_more() -> None:
    from hsb_desk.formspec.values import LONGEST_LONGTEXT, LONGEST_TEXT, MOST_ROWS

    for key, limit in (("child.full_name", LONGEST_TEXT), ("child.notes", LONGEST_LONGTEXT)):
        assert check_value(spec(key), "é" * limit, TODAY) is None
        problem = check_value(spec(key), "é" * (limit + 1), TODAY)
        assert problem is not None and f"at most {limit:,}" in problem and f"{limit + 1:,} characters" in problem
        assert "é" not in problem  # the reason says how long, never what was written
    rows = [{"name": "Kim"}] * MOST_ROWS
    assert check_value(spec("child.siblings"), rows, TODAY) is None
    assert "at most 500" in (check_value(spec("child.siblings"), [*rows, {"name": "Kim"}], TODAY) or "")


def test_future_date_is_accepted_when_the_field_allows_it() -> None:
    appointment = FieldSpec(key="plan.next_meeting", label="Next meeting", type="date")
    assert check_value(appointment, TOMORROW, TODAY) is None
    assert check_value(spec("child.date_of_birth"), TOMORROW, TODAY) is not None


def test_huge_integer_is_refused_not_crashed_on() -> None:
    assert check_value(spec("child.height"), 10**400, TODAY) is not None


# --- hostile text is stored as typed ----------------------------------------------------------

HOSTILE = {
    "nul": "before\x00after",
    "lone surrogate": "\ud800",
    "noncharacter": "\ufffe",
    "rtl override": "name\u202eevil",
    "the longest a line holds": "x" * 2_000,
    "emoji": "👩\u200d👧 family 🏳️\u200d🌈",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("key", ["child.full_name", "child.notes", "findings.harmed_name"])
def test_hostile_text_is_accepted_unchanged(key: str, text: str) -> None:
    original = str(text)
    assert check_value(spec(key), text, TODAY) is None
    assert text == original


@given(st.text())
def test_any_text_is_accepted_by_a_text_field(text: str) -> None:
    copy = "".join(text)
    assert check_value(spec("child.full_name"), text, TODAY) is None
    assert check_value(spec("child.notes"), text, TODAY) is None
    assert text == copy


# --- visibility -------------------------------------------------------------------------------


def test_choice_condition_shows_field_only_for_listed_value() -> None:
    officer = spec("child.officer")
    assert is_visible(officer, {"child.route": "criminal_justice"})
    assert not is_visible(officer, {"child.route": "concern"})
    assert not is_visible(officer, {})
    assert is_visible(spec("child.full_name"), {})


def test_multichoice_condition_shows_field_when_any_listed_value_is_chosen() -> None:
    follow_up = FieldSpec(
        key="findings.secrecy_detail",
        label="About the secrecy",
        type="longtext",
        condition=Condition(field="findings.elements", values=("secrecy", "planning")),
    )
    assert is_visible(follow_up, {"findings.elements": ["coercion", "secrecy"]})
    assert is_visible(follow_up, {"findings.elements": ["planning"]})
    assert not is_visible(follow_up, {"findings.elements": ["coercion"]})
    assert not is_visible(follow_up, {"findings.elements": []})


# --- computed values --------------------------------------------------------------------------


def age(born: str, today: date = TODAY) -> Any:
    return compute_value(FORM, spec("child.age"), {"child.date_of_birth": born}, today)


def test_age_counts_a_birthday_on_the_day() -> None:
    assert age("2010-11-22") == 16
    assert age("2010-11-23") == 15
    assert age("2010-11-21") == 16


def test_age_of_a_leap_day_birthday_turns_on_1_march() -> None:
    assert age("2008-02-29", date(2026, 2, 28)) == 17
    assert age("2008-02-29", date(2026, 3, 1)) == 18
    assert age("2008-02-29", date(2028, 2, 29)) == 20


def test_age_is_empty_without_a_usable_date_of_birth() -> None:
    assert age("") is None
    assert age("not a date") is None
    assert age(TOMORROW) is None
    assert compute_value(FORM, spec("child.age"), {}, TODAY) is None


def test_ratings_gather_the_recorded_ratings() -> None:
    ratings = spec("findings.ratings")
    values = {"findings.concern_level": "high", "findings.strength_level": "low"}
    assert compute_value(FORM, ratings, values, TODAY) == values
    assert compute_value(FORM, ratings, {"findings.concern_level": "high"}, TODAY) == {"findings.concern_level": "high"}
    assert compute_value(FORM, ratings, {}, TODAY) is None


def test_outcome_is_the_grid_cell_response() -> None:
    response = spec("findings.response")
    values = {"findings.concern_level": "high", "findings.strength_level": "low"}
    assert compute_value(FORM, response, values, TODAY) == {
        "concern": "high",
        "strength": "low",
        "response": "Response for high concern with low strengths.",
    }
    swapped = {"findings.concern_level": "low", "findings.strength_level": "high"}
    result = compute_value(FORM, response, swapped, TODAY)
    assert result is not None and result["response"] == "Response for low concern with high strengths."


@pytest.mark.parametrize(
    "values",
    [{}, {"findings.concern_level": "high"}, {"findings.strength_level": "low"}],
    ids=["none", "concern only", "strength only"],
)
def test_outcome_is_empty_until_both_levels_are_rated(values: dict[str, str]) -> None:
    assert compute_value(FORM, spec("findings.response"), values, TODAY) is None


# --- sign-off ---------------------------------------------------------------------------------

COMPLETE = {
    "child.full_name": "Sam Example",
    "child.date_of_birth": "2012-05-17",
    "child.route": "concern",
    "findings.concern_level": "medium",
}


def test_nothing_missing_when_every_shown_required_field_is_filled() -> None:
    assert missing_required(FORM, COMPLETE) == []


def test_hidden_required_field_is_not_missing_until_shown() -> None:
    criminal = {**COMPLETE, "child.route": "criminal_justice"}
    assert missing_required(FORM, criminal) == [Missing("child", "child.officer")]
    assert missing_required(FORM, {**criminal, "child.officer": "DC Example"}) == []


def test_missing_required_lists_blank_fields_in_form_order() -> None:
    blank = {"child.full_name": "   ", "findings.concern_level": None}
    assert missing_required(FORM, blank) == [
        Missing("child", "child.full_name"),
        Missing("child", "child.date_of_birth"),
        Missing("child", "child.route"),
        Missing("findings", "findings.concern_level"),
    ]
