"""forms/migrations.yaml and the ``factor`` field setting: parsed, checked with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pack_problems

from hsb_desk import paths
from hsb_desk.formspec import load_form
from hsb_desk.formspec.migrations import apply_steps, steps_from


def test_the_shipped_migration_and_its_earlier_pack_load() -> None:
    form = load_form(paths.forms_dir())
    (step,) = form.migrations
    assert (step.source, step.target) == ("1.0", "1.1") and step.earlier_pack is not None
    earlier = load_form(step.earlier_pack)
    assert earlier.version == "1.0"
    # Every old key is a field of the earlier pack, every new one a field of this one.
    for old, new in step.key_map().items():
        assert earlier.get_field(old) is not None, old
        assert form.get_field(new) is not None, new
    # Every field of the earlier pack is in this one, under its own key or a new one.
    for _section, spec in earlier.iter_fields():
        assert form.get_field(step.key_map().get(spec.key, spec.key)) is not None, spec.key


def test_apply_renames_joins_and_leaves_disagreeing_ratings_to_the_practitioner() -> None:
    form = load_form(paths.forms_dir())
    steps = steps_from(form.migrations, "1.0", form.version)
    assert steps is not None
    old = {
        "family.housing": "A flat.",
        "family.concerns": "At home.",
        "parenting.concerns": "  ",
        "family.concern_rating": "high",
        "parenting.concern_rating": "low",
        "family.strength_rating": "low",
        "behaviour.account": "Kept.",
    }
    new = apply_steps(steps, old)
    assert new == {
        "environment.housing": "A flat.",
        "family.concerns": "At home.",
        "behaviour.account": "Kept.",
        "family.strength_rating": "low",
    }
    assert steps_from(form.migrations, "0.9", form.version) is None  # unknown: left as it is
    assert steps_from(form.migrations, form.version, form.version) == ()


def test_a_bad_migration_is_reported_with_file_and_line(pack: Path) -> None:
    path = pack / "migrations.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("family.support: environment.support", "family.support: environment.nowhere")
    text = text.replace("parenting.carer_views: family.carer_views", "behaviour.account: family.carer_views")
    text = text.replace("parenting: [family]", "parenting: [carers]")
    path.write_text(text, encoding="utf-8")
    problems = pack_problems(pack)
    assert any(
        p.startswith("forms/migrations.yaml: line 8, migration from '1.0', rename 'family.support'")
        and "'environment.nowhere' is not a field of this form" in p
        for p in problems
    )
    assert any("'behaviour.account' is still a field of this form" in p for p in problems)
    assert any("'carers' is not a section of this form" in p for p in problems)


def test_the_last_step_must_end_at_the_forms_version(pack: Path) -> None:
    path = pack / "migrations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('to: "1.1"', 'to: "1.2"'), encoding="utf-8")
    assert any("the last step must end at this form's version, '1.1'" in p for p in pack_problems(pack))


@pytest.mark.parametrize(
    ("file", "change", "reason"),
    [
        (
            "06-non-sexual.yaml",
            ("    factor: fixed\n", "    factor: later\n"),
            "'factor' must be one of fixed, changeable",
        ),
        (
            "05-behaviour.yaml",
            (
                "    factor: changeable\n    guidance: >\n      Devices",
                "    factor: fixed\n    guidance: >\n      Devices",
            ),
            "the 'fixed' factors of a section must stand together",
        ),
        (
            "08-self-regulation.yaml",
            (
                "  - key: self_regulation.concerns\n",
                "  - {key: self_regulation.past, label: Past, type: longtext, factor: fixed}\n"
                "  - key: self_regulation.concerns\n",
            ),
            "the fixed factors of a section come before the changeable ones",
        ),
    ],
)
def test_fixed_and_changeable_factors_are_kept_apart(
    pack: Path, file: str, change: tuple[str, str], reason: str
) -> None:
    path = pack / "sections" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1
    path.write_text(text.replace(*change), encoding="utf-8")
    problems = pack_problems(pack)
    assert any(p.startswith(f"forms/sections/{file}: ") and reason in p for p in problems), problems
