"""Evidence behind each judgement (issue 18, item 8): every area the conclusion gathers a concern and
a strength rating from has an evidence group straight after its two ratings, whose basis comes
from the one option list `evidence_basis` (fact, observation, allegation, opinion, each described).
The areas are read from the pack (the `area_ratings` role, else the computed `ratings` field),
never listed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from hsb_desk import paths
from hsb_desk.formspec.loader import load_form
from hsb_desk.formspec.model import FieldSpec, FormDefinition, SectionSpec

BASIS = ("fact", "observation", "allegation", "opinion")
COLUMNS = {"point", "basis", "supports", "source", "agency", "date"}


def gathered_ratings(form: FormDefinition) -> FieldSpec:
    """The computed field that gathers the areas' ratings, as the pack names it."""
    for role in ("area_ratings", "domain_ratings"):
        spec = form.role_field(role)
        if spec is not None:
            return spec
    found = [s for _, s in form.iter_fields() if s.compute is not None and s.compute.kind == "ratings"]
    assert len(found) == 1, "the pack gathers the areas' ratings in one computed field"
    return found[0]


def rated_areas(form: FormDefinition) -> list[tuple[SectionSpec, list[str]]]:
    """Each section the ratings come from, with its rating keys, in form order."""
    compute = gathered_ratings(form).compute
    assert compute is not None
    by_section: dict[str, list[str]] = {}
    for key in compute.sources:
        section = form.section_of(key)
        assert section is not None, key
        by_section.setdefault(section.key, []).append(key)
    return [(s, by_section[s.key]) for s in form.sections if s.key in by_section]


def evidence_after_ratings(section: SectionSpec, ratings: list[str]) -> FieldSpec | None:
    keys = [f.key for f in section.fields]
    after = max(keys.index(k) for k in ratings) + 1
    return section.fields[after] if after < len(section.fields) else None


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


def test_every_rated_area_has_an_evidence_group_after_its_ratings(form: FormDefinition) -> None:
    areas = rated_areas(form)
    assert len(areas) >= 7  # the five domains, self-regulation and education
    for section, ratings in areas:
        assert len(ratings) == 2, section.key  # a concern and a strength rating
        spec = evidence_after_ratings(section, ratings)
        assert spec is not None and spec.type == "group", f"{section.key}: no evidence group after the ratings"
        assert spec.key == f"{section.key}.evidence"
        assert {sub.key for sub in spec.fields} == COLUMNS, section.key
        basis = spec.sub_field("basis")
        assert basis is not None and basis.options_list == "evidence_basis" and basis.required
        supports = spec.sub_field("supports")
        assert supports is not None and supports.options_list == "evidence_supports"
        source = spec.sub_field("source")
        assert source is not None and source.required


def test_the_basis_options_are_one_described_list(form: FormDefinition) -> None:
    options = form.option_lists["evidence_basis"]
    assert tuple(o.value for o in options) == BASIS
    assert all(len(o.description) > 20 for o in options)  # a caseworker can tell them apart
    supports = [o.value for o in form.option_lists["evidence_supports"]]
    assert supports == ["concern", "strength", "both"]


def test_the_check_fails_for_an_area_without_evidence(tmp_path: Path) -> None:
    """The check above is not vacuous: a pack whose family area lost its evidence group fails it."""
    import shutil

    pack = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), pack)
    section = next(pack.joinpath("sections").glob("*-family.yaml"))
    text = section.read_text(encoding="utf-8")
    section.write_text(text[: text.index("  - key: family.evidence")], encoding="utf-8")
    broken = load_form(pack)
    with pytest.raises(AssertionError, match="family: no evidence group"):
        test_every_rated_area_has_an_evidence_group_after_its_ratings(broken)
