"""Roles: a role naming no field, a field of the wrong type, a column outside its group, or a
required role left out is refused with file, location and reason; an optional role left out
loses only its feature."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hsb_desk import paths
from hsb_desk.app.pathway.chronology import from_values
from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.formspec.model import ROLES

FORM = "forms/form.yaml"


def pack(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """A copy of the real pack, named ``forms``, with ``old`` (one exact line part) replaced."""
    folder = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), folder)
    if old:
        path = folder / "form.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur once in form.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(FormDefinitionError) as caught:
        load_form(folder)
    return caught.value.problems


# fmt: off
# Each case: what is wrong, the text replaced in form.yaml's roles, its replacement, and the
# fragments the one problem line must hold (after "forms/form.yaml: ").
BROKEN = [
    ("no such field",
     "child_name: child.full_name ", "child_name: child.fullname ",
     ("role 'child_name'", "names 'child.fullname', which is not a field of this form")),
    ("wrong field type",
     "plan_date: conclusion.plan_date ", "plan_date: conclusion.analysis ",
     ("role 'plan_date'", "needs a date field for a chronology entry", "'conclusion.analysis' is longtext")),
    ("a group role on a plain field",
     "incidents: behaviour.incidents\n", "incidents: behaviour.account\n",
     ("role 'incidents'", "needs a group field", "'behaviour.account' is longtext")),
    ("a column role on the wrong group",
     "incident_date: {field: behaviour.incidents, column: date}",
     "incident_date: {field: referral.consent_carers, column: date}",
     ("role 'incident_date'", "needs a column of 'behaviour.incidents', the 'incidents' group",
      "not 'referral.consent_carers'")),
    ("a column that is not there",
     "incident_setting: {field: behaviour.incidents, column: setting}",
     "incident_setting: {field: behaviour.incidents, column: place}",
     ("role 'incident_setting'", "naming a column of 'behaviour.incidents'")),
    ("a column of the wrong type",
     "consent_carer_date: {field: referral.consent_carers, column: date}",
     "consent_carer_date: {field: referral.consent_carers, column: how}",
     ("role 'consent_carer_date'", "needs a date field", "column 'how' of 'referral.consent_carers' is text")),
    ("a column role without its group's role",
     "  incidents: behaviour.incidents\n", "",
     ("role 'incident_date'", "names a column of the 'incidents' group: that role is missing or wrong")),
    ("a whole-field role given a column",
     "plan_date: conclusion.plan_date ", "plan_date: {field: conclusion.plan_date, column: date} ",
     ("role 'plan_date'", "names a whole field; it takes no column")),
    ("a consent choice without given and refused",
     "consent_young_person: referral.consent_young_person\n",
     "consent_young_person: referral.route\n",
     ("role 'consent_young_person'", "'referral.route' needs the option values 'given', 'refused'",
      "the chronology's consent")),
    ("a required role left out",
     "  child_name: child.full_name ", "  # child_name: child.full_name ",
     ("roles: the role 'child_name' is missing", "name the text field for the case list")),
    ("an unknown role",
     "  plan_date: conclusion.plan_date ", "  plan_dates: conclusion.plan_date ",
     ("role 'plan_dates'", "unknown role (known roles: child_name,")),
]
# fmt: on


@pytest.mark.parametrize(("old", "new", "expect"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_wrong_role_is_refused_with_file_location_and_reason(
    tmp_path: Path, old: str, new: str, expect: tuple[str, ...]
) -> None:
    problems = problems_of(pack(tmp_path, old, new))
    matching = [p for p in problems if p.startswith(f"{FORM}: ") and all(f in p for f in expect)]
    assert len(matching) == 1, problems
    assert not any("Traceback" in p for p in problems)


def test_a_role_written_as_a_mapping_is_located_by_its_line(tmp_path: Path) -> None:
    folder = pack(tmp_path, "column: setting}", "column: place}")
    lines = (folder / "form.yaml").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if "incident_setting:" in line)
    (problem,) = problems_of(folder)
    assert problem.startswith(f"{FORM}: line {number}, role 'incident_setting': ")


def test_roles_may_be_written_in_any_order(tmp_path: Path) -> None:
    """A column role written before its group's role is still checked against that group."""
    folder = pack(tmp_path, "  incidents: behaviour.incidents\n", "")
    path = folder / "form.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  incidents: behaviour.incidents\n", encoding="utf-8")
    assert load_form(folder).role_column("incident_date") is not None


def test_only_the_childs_name_is_required(mini_form: FormDefinition) -> None:
    assert [name for name, spec in ROLES.items() if spec.required] == ["child_name"]
    assert set(mini_form.roles) == {"child_name", "child_date_of_birth"}  # the rest are optional


def test_a_pack_without_an_optional_role_quietly_loses_its_feature(tmp_path: Path) -> None:
    full = load_form(paths.forms_dir())
    values = {"referral.date": "2026-09-14", "conclusion.plan_date": "2026-10-21"}
    assert [e.what for e in from_values(full, values)] == ["Notification or referral received", "Plan agreed"]
    without = load_form(pack(tmp_path, "  plan_date: conclusion.plan_date ", "  # no plan_date "))
    assert "plan_date" not in without.roles
    assert [e.what for e in from_values(without, values)] == ["Notification or referral received"]
