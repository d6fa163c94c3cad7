"""The five authorities' procedure profiles in forms/procedures/: the same case, each authority's rules.

Every expected date below is worked out by hand from the calendar and the seed's rule (the
comments show the counting), never with the code under test. Each test names the profile rule
it covers, so that removing that rule from the profile makes the test fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hsb_desk.domain.procedure import Notice, ProcedureProfile
from hsb_desk.domain.procedure_due import DueItem, due_dates
from hsb_desk.domain.procedure_notices import case_notices
from hsb_desk.formspec import FormDefinition, load_form

FORMS = Path(__file__).resolve().parents[2] / "forms"
TODAY = date(2026, 12, 7)  # fixed, so that no test depends on the clock

DURHAM = "durham"
NEL = "north_east_lincolnshire"
DARLINGTON = "darlington"
LEEDS = "leeds"
WALTHAM_FOREST = "waltham_forest"
ALL = [DURHAM, NEL, DARLINGTON, LEEDS, WALTHAM_FOREST]

#: What each profile's `source:` notes start from, so that every rule names its seed.
SEED_NAMES = {
    DURHAM: "County Durham procedures",
    NEL: "North East Lincolnshire guidance",
    DARLINGTON: "Darlington protocol",
    LEEDS: "Leeds one-minute guide",
    WALTHAM_FOREST: "Waltham Forest HSB page",
}

#: Consent settled, so that the consent reminders do not hide what a test looks at.
CONSENTED: dict[str, Any] = {
    "referral.consent_young_person": "given",
    "referral.consent_carers": [{"name": "Parent A", "status": "given"}],
}


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(FORMS)


def profile(form: FormDefinition, procedure_id: str) -> ProcedureProfile:
    found = form.profile(procedure_id)
    assert found is not None, f"forms/procedures/ has no profile {procedure_id!r}"
    return found


def due(form: FormDefinition, procedure_id: str, values: Mapping[str, Any], today: date = TODAY) -> dict[str, DueItem]:
    return {item.key: item for item in due_dates(profile(form, procedure_id), values, today)}


def notices(
    form: FormDefinition, procedure_id: str, values: Mapping[str, Any], today: date = TODAY
) -> dict[str, Notice]:
    return {notice.key: notice for notice in case_notices(profile(form, procedure_id), values, today)}


def born_aged(years: int, today: date = TODAY) -> str:
    """A date of birth that makes the child ``years`` old on ``today`` (1 June, some years back)."""
    return date(today.year - years, 6, 1).isoformat()  # 1 June is before 7 December


# --- the pack --------------------------------------------------------------------------------


def test_one_profile_per_authority(form: FormDefinition) -> None:
    assert sorted(p.id for p in form.procedures) == sorted(ALL)
    for procedure_id in ALL:
        assert (FORMS / "procedures" / f"{procedure_id}.yaml").is_file()


@pytest.mark.parametrize("procedure_id", ALL)
def test_every_rule_names_its_seed(form: FormDefinition, procedure_id: str) -> None:
    found = profile(form, procedure_id)
    seed = SEED_NAMES[procedure_id]
    sources: dict[str, str] = {}
    for rules in (found.deadlines, found.age_rules, found.reminders, found.notices):
        sources.update({rule.key: rule.source for rule in rules})
    sources.update({f"duties.{duty.aspect}": duty.source for duty in found.duties})
    assert sources, "a profile holds at least one rule or duty"
    for key, source in sources.items():
        assert seed in source, f"{key}: {source!r}"
    for meeting in found.meeting_types:
        if meeting.key != "other":
            assert seed in meeting.source, meeting.key
    assert found.summary and found.source and found.authority


# --- time limits -----------------------------------------------------------------------------


def test_christmas_referral_gives_only_durham_its_risk_management_meeting(form: FormDefinition) -> None:
    case = {"referral.date": "2026-12-17"}
    # Durham: 10 working days after Thursday 17 December 2026, the day itself not counted.
    # Christmas Day is Friday 25 December; Boxing Day falls on Saturday 26, so its substitute
    # bank holiday is Monday 28 December; New Year's Day is Friday 1 January 2027.
    #   Fri 18 (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5),
    #   [Fri 25 holiday, weekend, Mon 28 substitute], Tue 29 (6), Wed 30 (7), Thu 31 (8),
    #   [Fri 1 January holiday, weekend], Mon 4 (9), Tue 5 January 2027 (10).
    durham = due(form, DURHAM, case)
    assert durham["risk_management_meeting"].due == date(2027, 1, 5)
    assert "3.3.1" in durham["risk_management_meeting"].source
    # No other authority runs a clock from the referral date.
    for other in (NEL, DARLINGTON, LEEDS, WALTHAM_FOREST):
        assert due(form, other, case) == {}, other


def test_maundy_thursday_allegation(form: FormDefinition) -> None:
    case = {"referral.date": "2027-03-25", "referral.allegation_date": "2027-03-25"}
    # Darlington: a strategy meeting within 72 hours of Thursday 25 March 2027. Hours are
    # calendar hours, counted from the start of that day: 72 hours = 3 days, so Sunday
    # 28 March, Good Friday (26 March) included. Rounded down, never later than the true limit.
    darlington = due(form, DARLINGTON, case)
    assert set(darlington) == {"strategy_meeting"}
    assert darlington["strategy_meeting"].due == date(2027, 3, 28)
    # Durham, the same case: 10 working days skip Good Friday 26 March and Easter Monday 29 March:
    #   Tue 30 (1), Wed 31 (2), Thu 1 Apr (3), Fri 2 (4), Mon 5 (5), Tue 6 (6), Wed 7 (7),
    #   Thu 8 (8), Fri 9 (9), Mon 12 April 2027 (10). Durham runs no 72-hour clock.
    durham = due(form, DURHAM, case)
    assert set(durham) == {"risk_management_meeting"}
    assert durham["risk_management_meeting"].due == date(2027, 4, 12)
    # North East Lincolnshire, Leeds and Waltham Forest publish no clock from either date.
    for other in (NEL, LEEDS, WALTHAM_FOREST):
        assert due(form, other, case) == {}, other


def test_north_east_lincolnshire_reviews_the_plan_every_three_months(form: FormDefinition) -> None:
    case = {"conclusion.plan_date": "2026-11-30"}
    # 30 November 2026 + 3 months: 30 February does not exist, and 2027 is not a leap year, so
    # the last day of February, Sunday 28 February 2027.
    nel = due(form, NEL, case)
    assert nel["plan_review"].due == date(2027, 2, 28)
    # After that review is due, the next one: 30 November + 6 months = Sunday 30 May 2027.
    later = due(form, NEL, case, today=date(2027, 3, 1))
    assert later["plan_review"].due == date(2027, 5, 30)
    assert later["plan_review"].occurrence == 2
    # Durham's and Darlington's meetings set their own review frequency: no published interval.
    for other in (DURHAM, DARLINGTON, LEEDS, WALTHAM_FOREST):
        assert "plan_review" not in due(form, other, case), other


def test_a_decision_that_no_meeting_is_needed_stops_only_durhams_clock(form: FormDefinition) -> None:
    base = {"referral.date": "2026-12-17", "referral.allegation_date": "2026-12-17"}
    assert "risk_management_meeting" in due(form, DURHAM, base)  # not yet decided: the clock runs
    assert "risk_management_meeting" in due(form, DURHAM, {**base, "referral.meeting_decision": "needed"})
    decided = {**base, "referral.meeting_decision": "not_needed"}
    assert "risk_management_meeting" not in due(form, DURHAM, decided)
    # Darlington's strategy meeting is for every child under 18 who has harmed: not a decision.
    # 17 December 2026 + 72 hours = Sunday 20 December 2026.
    assert due(form, DARLINGTON, decided)["strategy_meeting"].due == date(2026, 12, 20)


# --- ages ------------------------------------------------------------------------------------


def test_a_nine_year_old_is_below_durhams_procedures_only(form: FormDefinition) -> None:
    case = {**CONSENTED, "child.date_of_birth": born_aged(9)}
    durham = notices(form, DURHAM, case)
    assert durham["below_procedures_age"].level == "warning"
    assert "First Contact" in durham["below_procedures_age"].text
    # North East Lincolnshire and Darlington cover every child under 18: no warning for a
    # 9-year-old (North East Lincolnshire only says its specialist panel starts at 12).
    for other in (NEL, DARLINGTON):
        found = notices(form, other, case)
        assert "below_procedures_age" not in found, other
        assert [n.key for n in found.values() if n.level == "warning"] == [], other
    assert notices(form, NEL, case)["below_pathway_age"].level == "info"


def test_a_disabled_nineteen_year_old_is_within_darlingtons_protocol(form: FormDefinition) -> None:
    case = {**CONSENTED, "child.date_of_birth": born_aged(19), "child.send": "yes"}
    darlington = notices(form, DARLINGTON, case)
    assert "disabled_young_adult" in darlington
    assert "Child and Family Assessment" in darlington["disabled_young_adult"].text
    assert "adult" not in darlington
    assert [n.key for n in darlington.values() if n.level == "warning"] == []
    # North East Lincolnshire's guidance stops at 18, disability or not.
    assert notices(form, NEL, case)["adult"].level == "warning"


def test_a_nineteen_year_old_without_a_disability_is_an_adult_in_darlington(form: FormDefinition) -> None:
    case = {**CONSENTED, "child.date_of_birth": born_aged(19), "child.send": "no"}
    darlington = notices(form, DARLINGTON, case)
    assert darlington["adult"].level == "warning"
    assert "disabled_young_adult" not in darlington


def test_darlingtons_reach_ends_at_25(form: FormDefinition) -> None:
    case = {**CONSENTED, "child.date_of_birth": born_aged(25), "child.send": "yes"}
    darlington = notices(form, DARLINGTON, case)
    assert darlington["disabled_over_25"].level == "warning"
    assert "disabled_young_adult" not in darlington


def test_north_east_lincolnshire_pathway_ages_and_approaching_18(form: FormDefinition) -> None:
    # The AIM Pathway Panel is for ages 12 to 18; the guidance gives no window for "approaching
    # 18", so the rule about it is part of the pathway notice, not a dated warning of its own.
    for years in (12, 17):
        found = notices(form, NEL, {**CONSENTED, "child.date_of_birth": born_aged(years)})
        assert "aim_pathway_age" in found and "below_pathway_age" not in found, years
        assert "approaching 18" in found["aim_pathway_age"].text
    assert "aim_pathway_age" not in notices(form, NEL, {**CONSENTED, "child.date_of_birth": born_aged(11)})
    for procedure_id in ALL:
        assert all(rule.kind != "turning" for rule in profile(form, procedure_id).age_rules), procedure_id


# --- notices and reminders -------------------------------------------------------------------


def test_north_east_lincolnshire_investigation_and_denial(form: FormDefinition) -> None:
    case = {**CONSENTED, "referral.police_involvement": "investigation_ongoing", "referral.denies_behaviour": "yes"}
    nel = notices(form, NEL, case)
    rule = nel["investigation_denied"]
    assert rule.level == "warning"
    assert "only gathers information" in rule.text
    assert "exceptional circumstances" in rule.text  # the exception the composite profile lost
    assert "Panel" in rule.text
    # Both conditions must hold.
    assert "investigation_denied" not in notices(form, NEL, {**case, "referral.denies_behaviour": "no"})
    assert "investigation_denied" not in notices(form, NEL, {**case, "referral.police_involvement": "charged"})
    # Durham, the same case: the assessment can go ahead, on the best information available.
    durham = notices(form, DURHAM, case)
    assert "investigation_denied" not in durham
    assert "best information available" in durham["assessment_when_denied"].text


def test_durham_no_further_action_is_not_the_criminal_justice_route(form: FormDefinition) -> None:
    case = {**CONSENTED, "referral.route": "criminal_justice", "referral.police_involvement": "no_further_action"}
    assert notices(form, DURHAM, case)["no_further_action_route"].level == "warning"
    assert "no_further_action_route" not in notices(form, DURHAM, {**case, "referral.route": "concern"})
    # Darlington asks the multi-agency group to reconvene when the criminal route ends: a rule that
    # follows a *change* to no further action (tests/pathway/test_next_review_and_reconvene.py),
    # not a notice shown whenever the outcome reads so.
    assert "criminal_route_ended" not in notices(form, DARLINGTON, case)
    (ended,) = [r for r in profile(form, DARLINGTON).changes if r.key == "criminal_route_ended"]
    assert (ended.field, ended.to, ended.amount) == ("referral.police_involvement", ("no_further_action",), 0)
    (durham,) = profile(form, DURHAM).changes
    assert (durham.to, durham.amount, durham.unit) == (("no_further_action",), 10, "working_days")


def test_consent_reminders_only_where_the_procedures_make_someone_seek_consent(form: FormDefinition) -> None:
    case = {"referral.consent_young_person": "not_sought", "referral.consent_carers": []}
    consent = {"consent_young_person", "consent_carers"}
    # Durham: the lead agency obtains consent; North East Lincolnshire: the panel considers a
    # referral when the child and a parent or carer consent.
    for procedure_id in (DURHAM, NEL):
        assert consent <= set(notices(form, procedure_id, case)), procedure_id
        assert consent.isdisjoint(notices(form, procedure_id, CONSENTED)), procedure_id
    # Darlington leaves who seeks consent to the strategy meeting; Leeds and Waltham Forest's
    # pages set no consent duty.
    for procedure_id in (DARLINGTON, LEEDS, WALTHAM_FOREST):
        assert consent.isdisjoint(notices(form, procedure_id, case)), procedure_id


def test_leeds_problematic_behaviour_goes_to_duty_and_advice(form: FormDefinition) -> None:
    assert "duty_and_advice" in notices(form, LEEDS, {"behaviour.continuum": "abusive"})
    assert "duty_and_advice" not in notices(form, LEEDS, {"behaviour.continuum": "inappropriate"})


def test_thin_profiles_say_what_their_page_does_not_set(form: FormDefinition) -> None:
    for procedure_id in (LEEDS, WALTHAM_FOREST):
        found = profile(form, procedure_id)
        assert found.deadlines == () and found.reminders == ()
        assert "no time limit" in found.summary, procedure_id


#: (profile, rule key, a case it applies to, the same case changed so that it does not).
CONDITIONAL_RULES = [
    # Durham asks each meeting to consider MAPPA and child exploitation referrals, and the
    # sharing of information with the High Risk of Harm Panel for a young person in education.
    (DURHAM, "mappa_considered", {"referral.mappa": "not_yet"}, {"referral.mappa": "not_needed"}),
    (DURHAM, "exploitation_considered", {"referral.exploitation": "not_yet"}, {"referral.exploitation": "done"}),
    (
        DURHAM,
        "education_panel",
        {"education.setting_type": "secondary", "referral.education_panel": "not_yet"},
        {"education.setting_type": "employment", "referral.education_panel": "not_yet"},
    ),
    (
        DURHAM,
        "same_setting_safety",
        {"education.child_harmed_same_setting": "yes"},
        {"education.child_harmed_same_setting": "no"},
    ),
    (
        DURHAM,
        "investigation_continuing",
        {"referral.police_involvement": "investigation_ongoing"},
        {"referral.police_involvement": "charged"},
    ),
    (
        NEL,
        "investigation_lead",
        {"referral.police_involvement": "investigation_ongoing"},
        {"referral.police_involvement": "none"},
    ),
    (NEL, "out_of_court_triage", {"referral.police_involvement": "diversion"}, {"referral.police_involvement": "none"}),
    (
        DARLINGTON,
        "police_interview",
        {"referral.police_involvement": "investigation_ongoing"},
        {"referral.police_involvement": "no_further_action"},
    ),
    (DARLINGTON, "section_47_recorded", {"referral.section_47": "not_yet"}, {"referral.section_47": "done"}),
    (WALTHAM_FOREST, "adult", {"child.date_of_birth": born_aged(18)}, {"child.date_of_birth": born_aged(17)}),
]


@pytest.mark.parametrize(("procedure_id", "key", "applies", "not_applies"), CONDITIONAL_RULES)
def test_each_conditional_rule_holds_only_when_its_case_does(
    form: FormDefinition, procedure_id: str, key: str, applies: dict[str, Any], not_applies: dict[str, Any]
) -> None:
    assert key in notices(form, procedure_id, {**CONSENTED, **applies})
    assert key not in notices(form, procedure_id, {**CONSENTED, **not_applies})


# --- meetings and option lists ---------------------------------------------------------------


def test_each_authority_suggests_its_own_meetings_and_chairs(form: FormDefinition) -> None:
    durham = profile(form, DURHAM).meeting_type("risk_management_meeting")
    assert durham is not None and durham.chair == "Youth justice team manager"
    assert {i.agency for i in durham.invitees} >= {"Police", "SEND and inclusion", "School or college"}
    darlington = profile(form, DARLINGTON).meeting_type("strategy_meeting")
    assert darlington is not None
    assert any(i.agency == "Young People's Engagement and Justice Service" for i in darlington.invitees)
    assert profile(form, NEL).meeting_type("aim_pathway_panel") is not None
    assert profile(form, DURHAM).meeting_type("strategy_meeting") is None
    assert profile(form, DARLINGTON).meeting_type("risk_management_meeting") is None


def _options(form: FormDefinition, procedure_id: str, key: str) -> list[str]:
    bound = form.with_procedure(procedure_id)
    spec = next(spec for _, spec in bound.iter_fields() if spec.key == key)
    return [option.value for option in spec.options]


def test_option_lists_follow_the_seed_or_the_form(form: FormDefinition) -> None:
    # North East Lincolnshire names a police referral to the youth justice service for diversion.
    nel = _options(form, NEL, "referral.police_involvement")
    assert "diversion" in nel
    assert {"none", "investigation_ongoing", "no_further_action"} <= set(nel)
    # Darlington, Leeds and Waltham Forest name no routes or outcome list: the form's apply.
    default_routes = [o.value for o in form.option_lists["route"]]
    default_outcomes = [o.value for o in form.option_lists["police_outcome"]]
    for procedure_id in (DARLINGTON, LEEDS, WALTHAM_FOREST):
        assert _options(form, procedure_id, "referral.route") == default_routes, procedure_id
        assert _options(form, procedure_id, "referral.police_involvement") == default_outcomes, procedure_id
    assert "diversion" not in _options(form, DURHAM, "referral.police_involvement")
    assert {"criminal_justice", "concern"} <= set(_options(form, DURHAM, "referral.route"))


def test_no_assessment_needed_ends_durhams_consent_to_the_assessment_but_not_nels_to_the_referral(
    form: FormDefinition,
) -> None:
    case = {"referral.consent_young_person": "not_sought", "referral.consent_carers": []}
    decided = {**case, "referral.assessment_decision": "not_needed"}
    consent = {"consent_young_person", "consent_carers"}
    assert consent.isdisjoint(notices(form, DURHAM, decided))  # consent to an AIM assessment
    assert consent <= set(notices(form, NEL, decided))  # consent to the referral to the panel


def test_the_agreed_timescale_and_the_case_interval_under_each_authority(form: FormDefinition) -> None:
    agreed = {"referral.assessment_decision": "needed", "referral.assessment_due": "2027-02-26"}
    for procedure_id in (DURHAM, DARLINGTON, NEL):
        item = due(form, procedure_id, agreed)["assessment_timescale"]
        assert (item.due, item.overdue) == (date(2027, 2, 26), False), procedure_id
    assert "assessment_timescale" not in due(form, "leeds", agreed)
    # North East Lincolnshire's plan review at a shorter case interval; a longer one is not used.
    plan = {"conclusion.plan_date": "2026-11-30"}
    assert due(form, NEL, {**plan, "referral.review_interval": "1"})["plan_review"].due == date(2026, 12, 30)
    assert due(form, NEL, {**plan, "referral.review_interval": "6"})["plan_review"].due == date(2027, 2, 28)
