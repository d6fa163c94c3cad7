"""The procedure profile settings for the case over time (issue 18): a limit ``due_on`` a field's
date, ``until_status``, a cycle's ``interval_field`` and ``changes`` rules. Each mistake is
reported with the file, the line and the reason, and the profile is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.formspec.model import FieldSpec
from hsb_desk.formspec.procedure import parse_procedure
from hsb_desk.formspec.source import Problems, read_yaml

ROOT = Path(__file__).resolve().parents[2]
MEETINGS = "meetings:\n  types:\n    - {key: rmm, label: Meeting}\n    - {key: other, label: Other}\n"


@pytest.fixture(scope="module")
def fields() -> dict[str, FieldSpec]:
    form: FormDefinition = load_form(ROOT / "forms")
    return {spec.key: spec for section in form.sections for spec in section.fields}


def _read(tmp_path: Path, text: str, fields: dict[str, FieldSpec]) -> tuple[object, list[str]]:
    folder = tmp_path / "forms"
    folder.mkdir(exist_ok=True)
    path = folder / "procedure.yaml"
    path.write_text("date_of_birth_field: child.date_of_birth\n" + MEETINGS + text, encoding="utf-8")
    problems = Problems(folder)
    return parse_procedure(read_yaml(path, problems), path, problems, fields), problems.lines


def test_the_new_settings_parse(tmp_path: Path, fields: dict[str, FieldSpec]) -> None:
    profile, lines = _read(
        tmp_path,
        "deadlines:\n"
        "  - {key: timescale, label: Assessment, due_on: referral.assessment_due,"
        " until_status: [signed_off, closed], source: local}\n"
        "  - {key: reviews, label: Review, from: referral.date, repeat: true,"
        " interval_field: referral.review_interval, met_by: [rmm], source: local}\n"
        "changes:\n"
        "  - {key: nfa, label: Reconvene, field: referral.police_involvement, to: [no_further_action],"
        " what: 'Changed on {date}', within: {working_days: 10}, met_by: [rmm], source: local}\n",
        fields,
    )
    assert lines == []
    timescale, reviews = profile.deadlines  # type: ignore[attr-defined]
    assert (timescale.on_field, timescale.until_status, timescale.amount) == (
        "referral.assessment_due",
        ("signed_off", "closed"),
        0,
    )
    assert (reviews.interval_field, reviews.amount, reviews.repeat) == ("referral.review_interval", 0, True)
    (change,) = profile.changes  # type: ignore[attr-defined]
    assert (change.to, change.amount, change.unit, change.met_by) == (
        ("no_further_action",),
        10,
        "working_days",
        ("rmm",),
    )
    assert profile.rule_keys()["nfa"] == "Reconvene"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        (
            "deadlines:\n  - {key: t, label: A, due_on: referral.reason, source: s}\n",
            "'referral.reason' must be a date field, not longtext",
        ),
        (
            "deadlines:\n  - {key: t, label: A, due_on: referral.assessment_due, within: {days: 3}, source: s}\n",
            "a limit 'due_on' a field's date takes no 'within'",
        ),
        (
            "deadlines:\n  - {key: t, label: A, due_on: referral.assessment_due,"
            " until_status: [finished], source: s}\n",
            "'until_status' names 'finished'",
        ),
        (
            "deadlines:\n  - {key: r, label: R, from: referral.date, repeat: true,"
            " interval_field: referral.route, met_by: [rmm], source: s}\n",
            "has the option 'criminal_justice': each must be a number of months",
        ),
        (
            "deadlines:\n  - {key: r, label: R, from: referral.date, interval_field: referral.review_interval,"
            " within: {months: 3}, source: s}\n",
            "'interval_field' applies only to a repeating limit",
        ),
        (
            "deadlines:\n  - {key: r, label: R, from: referral.date, repeat: true,"
            " interval_field: referral.review_interval, source: s}\n",
            "a cycle without 'within' needs 'met_by'",
        ),
        (
            "changes:\n  - {key: c, label: C, field: referral.police_involvement, to: [dropped],"
            " what: W, met_by: [rmm], source: s}\n",
            "'to' value 'dropped' is not an option of 'referral.police_involvement'",
        ),
        (
            "changes:\n  - {key: c, label: C, field: referral.police_involvement, to: [no_further_action],"
            " what: W, source: s}\n",
            "'met_by' must name the meeting types",
        ),
        (
            "changes:\n  - {key: c, label: C, field: referral.police_involvement, to: [no_further_action],"
            " what: W, met_by: [panel], source: s}\n",
            "'met_by' names 'panel', which is not a type under meetings",
        ),
        (
            "changes:\n  - {key: c, label: C, field: referral.police_involvement, to: [no_further_action],"
            " met_by: [rmm], source: s, when_changed: yes}\n",
            "unknown setting 'when_changed'",
        ),
    ],
)
def test_each_mistake_is_located(tmp_path: Path, fields: dict[str, FieldSpec], rules: str, reason: str) -> None:
    profile, lines = _read(tmp_path, rules, fields)
    assert profile is None
    assert any(reason in line and "procedure.yaml: line 7" in line for line in lines), lines


def test_until_status_knows_every_status_a_case_can_have() -> None:
    from hsb_desk.domain.procedure import CASE_STATUSES as NAMED
    from hsb_desk.store.records import CASE_STATUSES

    assert set(CASE_STATUSES) <= set(NAMED)
