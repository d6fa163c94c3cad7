"""The shipped form pack in forms/, the demo cases in resources/demo/, and procedure.yaml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.formspec.model import FieldSpec
from hsb_desk.formspec.procedure import parse_procedure
from hsb_desk.formspec.source import Problems, read_yaml
from hsb_desk.formspec.values import check_value, is_filled, is_visible

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms"
DEMO = ROOT / "resources" / "demo"
TODAY = date(2026, 11, 22)  # fixed, so no test depends on the clock
LEVELS = ["low", "medium", "high"]
CONTINUUM = ["normal", "inappropriate", "problematic", "abusive", "violent"]
STATUSES = {"draft", "with_coworker", "awaiting_signoff", "signed_off", "archived"}
DOMAIN_SECTIONS = [
    "education",
    "behaviour",
    "non_sexual",
    "development",
    "self_regulation",
    "family",
    "environment",
]


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(FORMS)


def _fields(form: FormDefinition) -> dict[str, FieldSpec]:
    return {spec.key: spec for _, spec in form.iter_fields()}


def test_pack_loads(form: FormDefinition) -> None:
    assert form.id == "hsb-aim-assessment"
    assert form.version == "1.1"
    assert form.grid is not None


def test_ten_sections_in_order_with_owners(form: FormDefinition) -> None:
    assert [(s.number, s.key, s.owner) for s in form.sections] == [
        (1, "referral", "lead"),
        (2, "safety", "lead"),
        (3, "child", "lead"),
        (4, "education", "coworker"),
        (5, "behaviour", "lead"),
        (6, "non_sexual", "coworker"),
        (7, "development", "coworker"),
        (8, "self_regulation", "coworker"),
        (9, "family", "lead"),
        (10, "environment", "coworker"),
        (11, "formulation", "lead"),
        (12, "conclusion", "lead"),
        (13, "sharing", "lead"),
        (14, "sources", "lead"),
        (15, "harmed", "lead"),
    ]
    for section in form.sections:
        assert section.guidance, section.key
        assert section.reference, section.key
        assert all(topic in form.reference for topic in section.reference)


# (key, type, sub-field keys for a group)
EXPECTED: list[tuple[str, str, tuple[str, ...]]] = [
    ("referral.route", "choice", ()),
    ("referral.date", "date", ()),
    ("referral.allegation_date", "date", ()),
    ("referral.referrer_name", "text", ()),
    ("referral.referrer_agency", "text", ()),
    ("referral.referrer_role", "text", ()),
    ("referral.referrer_contact", "text", ()),
    ("referral.police_involvement", "choice", ()),
    ("referral.officer_in_charge", "text", ()),
    ("referral.denies_behaviour", "yesno", ()),
    ("referral.lead_agency", "choice", ()),
    ("referral.lead_practitioner", "text", ()),
    ("referral.coworker", "text", ()),
    ("referral.consent_young_person", "choice", ()),
    ("referral.consent_young_person_date", "date", ()),
    ("referral.consent_young_person_how", "text", ()),
    ("referral.consent_carers", "group", ("name", "status", "date", "how")),
    ("referral.mappa", "choice", ()),
    ("referral.mappa_note", "text", ()),
    ("referral.exploitation", "choice", ()),
    ("referral.exploitation_note", "text", ()),
    ("referral.education_panel", "choice", ()),
    ("referral.education_panel_note", "text", ()),
    ("referral.section_47", "choice", ()),
    ("referral.section_47_note", "text", ()),
    ("referral.screening_tool_used", "yesno", ()),
    ("referral.screening_tool", "text", ()),
    ("referral.screening_tool_date", "date", ()),
    ("referral.screening_tool_trained", "yesno", ()),
    ("referral.screening_tool_result", "text", ()),
    ("child.full_name", "text", ()),
    ("child.preferred_name", "text", ()),
    ("child.date_of_birth", "date", ()),
    ("child.age", "computed", ()),
    ("child.gender", "text", ()),
    ("child.ethnicity", "text", ()),
    ("child.religion", "text", ()),
    ("child.first_language", "text", ()),
    ("child.interpreter_needed", "yesno", ()),
    ("child.communication_needs", "longtext", ()),
    ("child.send", "yesno", ()),
    ("child.address", "longtext", ()),
    ("child.legal_status", "choice", ()),
    ("child.living_arrangement", "choice", ()),
    ("child.parents_carers", "group", ("name", "relationship", "parental_responsibility", "contact")),
    ("child.siblings", "group", ("name", "date_of_birth", "lives_with_child")),
    ("child.household_members", "group", ("name", "relationship", "age")),
    ("child.professionals", "group", ("name", "agency", "role", "contact")),
    ("education.setting", "text", ()),
    ("education.setting_type", "choice", ()),
    ("education.year_group", "text", ()),
    ("education.dsl", "text", ()),
    ("education.attendance", "text", ()),
    ("education.attainment", "longtext", ()),
    ("education.exclusions", "longtext", ()),
    ("education.behaviour", "longtext", ()),
    ("education.safety_plan", "yesno", ()),
    ("education.child_harmed_same_setting", "yesno", ()),
    (
        "behaviour.incidents",
        "group",
        (
            "date",
            "date_approximate",
            "setting",
            "type",
            "description",
            "came_to_light",
            "harmed_name",
            "harmed_age",
            "harmed_relationship",
            "difference",
            "elements",
            "continuum",
        ),
    ),
    ("behaviour.account", "longtext", ()),
    ("behaviour.responsibility", "choice", ()),
    ("behaviour.previous_concerns", "longtext", ()),
    ("behaviour.technology", "longtext", ()),
    ("behaviour.continuum", "choice", ()),
    ("behaviour.continuum_rationale", "longtext", ()),
    ("development.physical_health", "longtext", ()),
    ("development.emotional_health", "longtext", ()),
    ("development.communication", "longtext", ()),
    ("development.learning", "longtext", ()),
    ("development.adverse_experiences", "multichoice", ()),
    ("development.adverse_note", "longtext", ()),
    ("development.sexual_development", "longtext", ()),
    ("development.peer_relationships", "longtext", ()),
    ("non_sexual.other_behaviour", "longtext", ()),
    ("non_sexual.substance_use", "longtext", ()),
    ("self_regulation.managing", "longtext", ()),
    ("development.interests", "longtext", ()),
    ("development.views", "longtext", ()),
    ("family.basic_care", "longtext", ()),
    ("family.safety", "longtext", ()),
    ("family.warmth", "longtext", ()),
    ("family.stimulation", "longtext", ()),
    ("family.boundaries", "longtext", ()),
    ("family.stability", "longtext", ()),
    ("family.response", "multichoice", ()),
    ("family.supervision_ability", "longtext", ()),
    ("family.carer_needs", "longtext", ()),
    ("family.carer_views", "longtext", ()),
    ("family.history", "longtext", ()),
    ("family.relationships", "longtext", ()),
    ("family.sexual_boundaries", "longtext", ()),
    ("family.domestic_abuse", "longtext", ()),
    ("environment.housing", "longtext", ()),
    ("environment.income", "longtext", ()),
    ("environment.community", "longtext", ()),
    ("family.other_children", "longtext", ()),
    ("family.other_children_safety", "longtext", ()),
    ("environment.harm_outside_home", "longtext", ()),
    ("environment.online", "longtext", ()),
    ("environment.support", "longtext", ()),
    ("formulation.predisposing", "longtext", ()),
    ("formulation.precipitating", "longtext", ()),
    ("formulation.maintaining", "longtext", ()),
    ("formulation.protective", "longtext", ()),
    ("conclusion.domain_ratings", "computed", ()),
    ("conclusion.intervention_plan", "group", ("work", "drawn_from", "who", "by_when", "review")),
    ("conclusion.concern_level", "rating", ()),
    ("conclusion.strength_level", "rating", ()),
    ("conclusion.indicated_response", "computed", ()),
    ("conclusion.judgement", "choice", ()),
    ("conclusion.override_rationale", "longtext", ()),
    ("conclusion.override_response", "longtext", ()),
    ("conclusion.analysis", "longtext", ()),
    ("conclusion.risk_to_others", "longtext", ()),
    ("conclusion.vulnerability", "longtext", ()),
    ("conclusion.interventions", "longtext", ()),
    ("conclusion.safety_plan", "group", ("situation", "measure", "who")),
    ("conclusion.supervision_level", "choice", ()),
    ("conclusion.review_date", "date", ()),
    ("conclusion.plan_date", "date", ()),
    ("sharing.recipients", "group", ("name", "agency", "version", "date_sent")),
    ("sharing.meeting_date", "date", ()),
    ("sharing.young_person_views", "longtext", ()),
    ("sharing.carer_views", "longtext", ()),
]


@pytest.mark.parametrize(("key", "type_", "subs"), EXPECTED, ids=[row[0] for row in EXPECTED])
def test_field_exists_with_type(form: FormDefinition, key: str, type_: str, subs: tuple[str, ...]) -> None:
    spec = form.get_field(key)
    assert spec is not None, f"{key} is missing"
    assert spec.type == type_
    section = form.section_of(key)
    assert section is not None and key.startswith(section.key + ".")
    assert all(k in {s.key for s in spec.fields} for k in subs)


def _values(spec: FieldSpec | None) -> list[str]:
    assert spec is not None
    return [o.value for o in spec.options]


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("referral.route", ["criminal_justice", "concern", "both"]),
        (
            "referral.police_involvement",
            [
                "none",
                "investigation_ongoing",
                "youth_caution",
                "youth_conditional_caution",
                "charged",
                "no_further_action",
            ],
        ),
        ("referral.consent_young_person", ["not_sought", "given", "refused"]),
        (
            "child.legal_status",
            ["none", "child_in_need", "child_protection_plan", "child_in_care", "youth_justice_order", "other"],
        ),
        ("child.living_arrangement", ["family", "kinship", "foster", "residential", "secure", "other"]),
        ("behaviour.responsibility", ["full", "partial", "denies", "not_discussed"]),
        ("behaviour.continuum", CONTINUUM),
        ("conclusion.judgement", ["agree", "override"]),
        ("conclusion.concern_level", LEVELS),
        ("conclusion.strength_level", LEVELS),
        ("family.response", ["accepts", "minimises", "denies", "blames_child_harmed", "supportive", "hostile"]),
    ],
)
def test_options(form: FormDefinition, key: str, values: list[str]) -> None:
    assert _values(form.get_field(key)) == values


def test_incident_columns(form: FormDefinition) -> None:
    incidents = form.get_field("behaviour.incidents")
    assert incidents is not None
    assert _values(incidents.sub_field("type")) == ["contact", "non_contact", "technology_assisted"]
    assert _values(incidents.sub_field("continuum")) == CONTINUUM
    assert _values(incidents.sub_field("elements")) == [
        "coercion",
        "secrecy",
        "power_imbalance",
        "force",
        "threats",
        "bribes",
        "planning",
        "compulsivity",
        "age_inappropriate_knowledge",
        "distress",
        "substances",
    ]
    consent = form.get_field("referral.consent_carers")
    assert consent is not None and _values(consent.sub_field("status")) == ["not_sought", "given", "refused"]


def test_adverse_experiences_has_ten_options(form: FormDefinition) -> None:
    assert len(_values(form.get_field("development.adverse_experiences"))) == 10


@pytest.mark.parametrize("section_key", DOMAIN_SECTIONS)
def test_domain_sections_end_with_concerns_and_strengths(form: FormDefinition, section_key: str) -> None:
    """... and then the evidence behind the two ratings (tests/formspec/test_evidence_groups.py)."""
    section = form.section(section_key)
    assert section is not None
    last = [(f.key, f.type) for f in section.fields[-5:]]
    assert last == [
        (f"{section_key}.concerns", "longtext"),
        (f"{section_key}.concern_rating", "rating"),
        (f"{section_key}.strengths", "longtext"),
        (f"{section_key}.strength_rating", "rating"),
        (f"{section_key}.evidence", "group"),
    ]
    for spec in section.fields[-5:-1]:
        assert spec.required
    assert _values(section.fields[-4]) == LEVELS and _values(section.fields[-2]) == LEVELS


@pytest.mark.parametrize("section_key", ["referral", "child", "sharing"])
def test_other_sections_have_no_ratings(form: FormDefinition, section_key: str) -> None:
    section = form.section(section_key)
    assert section is not None
    assert not [f.key for f in section.fields if f.type == "rating" or f.key.endswith(".concerns")]


def test_computed_fields(form: FormDefinition) -> None:
    fields = _fields(form)
    age, ratings, outcome = (
        fields["child.age"],
        fields["conclusion.domain_ratings"],
        fields["conclusion.indicated_response"],
    )
    assert age.compute is not None and (age.compute.kind, age.compute.sources) == ("age", ("child.date_of_birth",))
    assert ratings.compute is not None and ratings.compute.kind == "ratings"
    assert set(ratings.compute.sources) == {
        f"{s}.{r}" for s in DOMAIN_SECTIONS for r in ("concern_rating", "strength_rating")
    }
    assert outcome.compute is not None and outcome.compute.kind == "outcome"
    assert fields["child.date_of_birth"].not_future


@pytest.mark.parametrize("key", ["conclusion.override_rationale", "conclusion.override_response"])
def test_override_fields_show_only_on_override(form: FormDefinition, key: str) -> None:
    spec = form.get_field(key)
    assert spec is not None and spec.condition is not None
    assert (spec.condition.field, spec.condition.values) == ("conclusion.judgement", ("override",))
    assert not is_visible(spec, {"conclusion.judgement": "agree"})


@pytest.mark.parametrize(
    ("key", "column"),
    [
        ("behaviour.incidents", "harmed_name"),
        ("behaviour.incidents", "harmed_relationship"),
        ("behaviour.incidents", "harmed_age"),
        ("child.siblings", "name"),
        ("child.siblings", "date_of_birth"),
        ("child.household_members", "name"),
        ("child.parents_carers", "contact"),
        ("child.address", None),
        ("family.carer_needs", None),
        ("family.domestic_abuse", None),
        ("family.other_children", None),
        ("education.child_harmed_same_setting", None),
        ("education.same_setting_arrangements", None),
    ],
)
def test_sensitive_fields(form: FormDefinition, key: str, column: str | None) -> None:
    spec = form.get_field(key)
    assert spec is not None
    target = spec.sub_field(column) if column else spec
    assert target is not None and target.sensitive


@pytest.mark.parametrize(
    "key", ["child.full_name", "behaviour.account", "family.other_children_safety", "conclusion.analysis"]
)
def test_shared_fields_are_not_sensitive(form: FormDefinition, key: str) -> None:
    spec = form.get_field(key)
    assert spec is not None and not spec.sensitive


def test_required_marks_what_a_panel_needs(form: FormDefinition) -> None:
    fields = _fields(form)
    for key in (
        "referral.route",
        "referral.date",
        "referral.consent_young_person",
        "child.full_name",
        "child.date_of_birth",
        "behaviour.incidents",
        "behaviour.continuum",
        "conclusion.concern_level",
        "conclusion.strength_level",
        "conclusion.judgement",
        "conclusion.safety_plan",
        "sharing.recipients",
    ):
        assert fields[key].required, key
    for key in ("child.religion", "child.preferred_name", "referral.screening_tool_used", "development.interests"):
        assert not fields[key].required, key
    assert sum(f.required for f in fields.values()) < len(fields) / 2


def test_reference_topics(form: FormDefinition) -> None:
    ref = form.reference
    assert [i.key for i in ref["continuum"].items] == CONTINUUM
    assert all(item.text for item in ref["continuum"].items)
    assert [i.key for i in ref["behaviour_features"].items] == ["healthy", "problematic", "abusive", "violent"]
    assert [i.label for i in ref["typical_behaviour"].items] == ["Under 5", "5 to 9", "9 to 13", "13 to 17"]
    assert len(ref["concerning_indicators"].items) == 7
    assert "Waltham Forest" in ref["elements"].source
    # Each source names the authority whose published guidance it comes from (the readers are
    # practitioners: the project's seed numbers stay in the files' comments).
    authorities = ("Waltham Forest", "Durham", "North East Lincolnshire", "Darlington", "Leeds")
    for key, topic in ref.items():
        assert any(name in topic.source for name in authorities), f"topic {key} has no source note"
        assert "seed" not in topic.source


def test_outcome_grid(form: FormDefinition) -> None:
    grid = form.grid
    assert grid is not None
    assert (grid.concern_field, grid.strength_field) == ("conclusion.concern_level", "conclusion.strength_level")
    assert len(grid.cells) == 9
    assert len({c.response for c in grid.cells}) == 9
    assert all(c.title and c.response for c in grid.cells)
    assert "judgement" in grid.note
    assert grid.cell("high", "low") is not None and grid.cell("low", "high") is not None


# -- demo cases ---------------------------------------------------------------------------------


def _load(name: str) -> Any:
    return json.loads((DEMO / name).read_text(encoding="utf-8"))


def _check_case(form: FormDefinition, case: dict[str, Any]) -> None:
    assert case["format"] == "hsb-desk.case/1"
    assert case["form"] == {"id": form.id, "version": form.version}
    assert case["case"]["status"] in STATUSES
    assert case["case"]["reference"].startswith("HSB-")
    for key, value in case["values"].items():
        spec = form.get_field(key)
        assert spec is not None, f"{case['case']['reference']}: unknown field {key}"
        assert spec.type != "computed", key
        problem = check_value(spec, value, TODAY)
        assert problem is None, f"{case['case']['reference']}: {key}: {problem}"


def test_example_case_fills_every_field_validly(form: FormDefinition) -> None:
    case = _load("example-case.json")
    assert case["case"] == {"reference": "HSB-2026-0001", "status": "draft"}
    _check_case(form, case)
    values = case["values"]
    for _, spec in form.iter_fields():
        if spec.type == "computed":
            continue
        assert is_filled(values.get(spec.key)), f"{spec.key} has no value"
        assert is_visible(spec, values), f"{spec.key} is filled but hidden by its condition"
        for row in values[spec.key] if spec.type == "group" else []:
            for sub in spec.fields:
                if (spec, sub) == form.role_column("distribution_sent"):
                    assert sub.key not in row, "a draft has sent nothing: no date sent"
                    continue
                if not is_visible(sub, {**values, **row}):
                    continue  # hidden in this row by its condition ("why not" when it contributed)
                assert is_filled(row.get(sub.key)), f"{spec.key}.{sub.key} empty in a row"
                assert is_visible(sub, row), f"{spec.key}.{sub.key} hidden in a row"


def test_example_case_is_a_14_year_old_on_the_concern_route(form: FormDefinition) -> None:
    from hsb_desk.formspec.values import compute_value

    values = _load("example-case.json")["values"]
    assert values["referral.route"] == "concern"
    assert compute_value(form, form.get_field("child.age"), values, TODAY) == 14  # type: ignore[arg-type]
    outcome = compute_value(form, form.get_field("conclusion.indicated_response"), values, TODAY)  # type: ignore[arg-type]
    assert outcome is not None and outcome["concern"] == values["conclusion.concern_level"]


def test_other_cases_are_valid_and_partly_filled(form: FormDefinition) -> None:
    cases = _load("other-cases.json")
    assert 3 <= len(cases) <= 4
    statuses = [c["case"]["status"] for c in cases]
    assert len(set(statuses)) == len(statuses)
    assert len({c["case"]["reference"] for c in cases}) == len(cases)
    total = sum(1 for _, spec in form.iter_fields() if spec.type != "computed")
    for case in cases:
        _check_case(form, case)
        assert 0 < len(case["values"]) < total


# -- procedure profile --------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((FORMS / "procedures").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_rule_of_every_profile_parses_and_names_its_source(form: FormDefinition, path: Path) -> None:
    problems = Problems(FORMS)
    raw = read_yaml(path, problems)
    profile = parse_procedure(raw, path, problems, _fields(form), form.option_lists)
    assert problems.lines == []
    assert profile is not None and profile.id == path.stem
    assert len(profile.deadlines) == len(raw.get("deadlines", []))
    assert len(profile.age_rules) == len(raw.get("age_rules", []))
    assert len(profile.reminders) == len(raw.get("reminders", []))
    assert len(profile.notices) == len(raw.get("notices", []))
    for rule in (*profile.deadlines, *profile.age_rules, *profile.reminders, *profile.notices):
        assert rule.source, rule.key
    assert profile.source and profile.summary and profile.date_of_birth_field == "child.date_of_birth"


def test_the_pack_offers_five_authorities_and_new_workbooks_follow_durham(form: FormDefinition) -> None:
    assert sorted(p.id for p in form.procedures) == [
        "darlington",
        "durham",
        "leeds",
        "north_east_lincolnshire",
        "waltham_forest",
    ]
    assert form.default_procedure == "durham" and form.procedure is form.profile("durham")


def _broken(tmp_path: Path, text: str, fields: dict[str, FieldSpec] | None = None) -> list[str]:
    folder = tmp_path / "forms"
    folder.mkdir()
    path = folder / "procedure.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(folder)
    assert parse_procedure(read_yaml(path, problems), path, problems, fields) is None
    return problems.lines


def test_broken_unit_and_amount_are_located(tmp_path: Path) -> None:
    lines = _broken(
        tmp_path,
        "date_of_birth_field: child.date_of_birth\n"
        "deadlines:\n"
        "  - key: rmm\n"
        "    label: Meeting\n"
        "    from: referral.date\n"
        "    within: {weeks: 2}\n"
        "    source: local\n"
        "  - key: review\n"
        "    label: Review\n"
        "    from: referral.date\n"
        "    within: {working_days: 0}\n"
        "    source: local\n",
    )
    assert any(
        line.startswith("forms/procedure.yaml: line 6, deadlines rule 'rmm': unknown unit 'weeks'") for line in lines
    ), lines
    assert any("line 11, deadlines rule 'review'" in line and "at least 1" in line for line in lines), lines


def test_broken_age_rules_and_closures_are_located(tmp_path: Path) -> None:
    lines = _broken(
        tmp_path,
        "date_of_birth_field: child.date_of_birth\n"
        "extra_closures: [2026-12-24, 24/12/2026]\n"
        "age_rules:\n"
        "  - key: young\n"
        "    kind: under\n"
        "    age: 10\n"
        "    notice: Too young.\n"
        "    source: local\n"
        "  - key: turning_18\n"
        "    kind: turning\n"
        "    age: 18\n"
        "    notice: Nearly 18.\n"
        "    source: local\n"
        "    colour: red\n",
    )
    assert any("extra_closures" in line and "'24/12/2026' is not a date" in line for line in lines), lines
    assert any("line 4, age_rules rule 'young': 'kind' must be one of" in line for line in lines), lines
    assert any("age_rules rule 'turning_18': 'within_months'" in line for line in lines), lines
    assert any("age_rules rule 'turning_18': unknown setting 'colour'" in line for line in lines), lines


def test_rules_naming_wrong_fields_are_reported(tmp_path: Path, form: FormDefinition) -> None:
    lines = _broken(
        tmp_path,
        "date_of_birth_field: child.full_name\n"
        "deadlines:\n"
        "  - key: rmm\n"
        "    label: Meeting\n"
        "    from: referral.dat\n"
        "    within: {working_days: 10}\n"
        "    source: local\n"
        "    when: {field: referral.route, values: [crown_court]}\n"
        "reminders:\n"
        "  - key: consent\n"
        "    field: referral.consent_carers\n"
        "    column: agreed\n"
        "    done: [given]\n"
        "    notice: Consent.\n",
        _fields(form),
    )
    assert any("top level: 'child.full_name' must be a date field, not text" in line for line in lines), lines
    assert any("line 3, deadlines rule 'rmm': 'referral.dat' is not a field of the form" in line for line in lines), (
        lines
    )
    assert any("'crown_court' is not an option of 'referral.route'" in line for line in lines), lines
    assert any("reminders rule 'consent'" in line and "no column 'agreed'" in line for line in lines), lines
    assert any("reminders rule 'consent': 'source' must be text" in line for line in lines), lines


def test_a_procedure_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert _broken(tmp_path, "- just\n- a list\n") == [
        "forms/procedure.yaml: top level: must be a mapping with deadlines, age_rules and reminders"
    ]


def test_demo_cases_import_through_the_interchange_checks(form: FormDefinition) -> None:
    from hsb_desk.app.interchange import parse_case_document

    for document in [_load("example-case.json"), *_load("other-cases.json")]:
        details, values, _ = parse_case_document(form, document, TODAY)
        assert details["reference"] == document["case"]["reference"]
        assert values == document["values"]
