"""A broken form pack is refused with every problem located (file, place, reason); a good one loads.

Each broken pack is the mini fixture pack copied to ``tmp_path`` with one edit, so a failure
here means a form author would be left guessing what is wrong, or shown a half-built form.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_FORM_DIR

from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.formspec.export import form_to_json
from hsb_desk.formspec.model import OPTION_TYPES

CHILD = "sections/01-child.yaml"
FINDINGS = "sections/02-findings.yaml"
GRID = "outcome_grid.yaml"
FORM = "form.yaml"


def copy_pack(tmp_path: Path) -> Path:
    """A private copy of the mini pack, named ``mini_form`` so problem lines read 'mini_form/...'."""
    folder = tmp_path / "mini_form"
    shutil.copytree(MINI_FORM_DIR, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    # One exact occurrence, so the edit cannot silently miss or hit the wrong place.
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(FormDefinitionError) as caught:
        load_form(folder)
    return caught.value.problems


def find_line(problems: list[str], file: str, fragments: tuple[str, ...]) -> str:
    """The one problem line about ``file`` that contains every fragment (location and reason)."""
    for line in problems:
        if line.startswith(f"mini_form/{file}: ") and all(f in line for f in fragments):
            return line
    raise AssertionError(f"no problem in {file} with {fragments}; got:\n" + "\n".join(problems))


@dataclass(frozen=True)
class Broken:
    id: str
    file: str  # the file edited
    old: str
    new: str
    reported_in: str  # the file the problem line must name
    expect: tuple[str, ...]  # location and reason fragments, all in one line


# fmt: off
# Each case: id, file edited / old text / new text / file named in the problem / fragments.
BROKEN = [
    Broken(
        "duplicate field key across sections", FINDINGS,
        "key: findings.harmed_name", "key: child.full_name",
        FINDINGS, ("field 'child.full_name'", "duplicate key"),
    ),
    Broken(
        "duplicate key in a group", CHILD,
        "{key: lives_with,", "{key: name,",
        CHILD, ("line 55", "field 'child.siblings', field 'name'", "duplicate key in this group"),
    ),
    Broken(
        "unknown type", CHILD,
        "    type: longtext", "    type: essay",
        CHILD, ("line 20", "field 'child.notes'", "unknown type 'essay'"),
    ),
    Broken(
        "choice without options", FINDINGS,
        "    type: choice\n    options: continuum\n", "    type: choice\n",
        FINDINGS, ("line 16", "field 'findings.continuum'", "needs 'options'"),
    ),
    Broken(
        "condition on a missing field", CHILD,
        "condition: {field: child.route,", "condition: {field: child.rout,",
        CHILD, ("field 'child.officer'", "'child.rout'", "not a field"),
    ),
    Broken(
        "condition value not an option of its target", CHILD,
        "values: [criminal_justice]", "values: [criminal]",
        CHILD, ("field 'child.officer'", "'criminal'", "not an option of 'child.route'"),
    ),
    Broken(
        "unknown setting (typo)", CHILD,
        "    required: true\n  - key: child.date_of_birth", "    requried: true\n  - key: child.date_of_birth",
        CHILD, ("line 7", "field 'child.full_name'", "unknown setting 'requried'"),
    ),
    Broken(
        "unknown top-level setting", FORM,
        "title: Mini assessment\n", "title: Mini assessment\ntitel: Mini\n",
        FORM, ("top level", "unknown setting 'titel'"),
    ),
    Broken(
        "bad owner", FINDINGS,
        "owner: coworker", "owner: manager",
        FINDINGS, ("line 1", "section 'findings'", "'owner' must be one of lead, coworker"),
    ),
    Broken(
        "missing label", CHILD,
        "    label: Notes\n", "",
        CHILD, ("line 20", "field 'child.notes'", "'label' is missing"),
    ),
    Broken(
        "YAML syntax error", CHILD,
        "    label: Full name\n", "    label: Full name: first\n",
        CHILD, ("line 8", "YAML syntax", "mapping values are not allowed"),
    ),
    Broken(
        "duplicate mapping key in YAML", CHILD,
        "    label: Notes\n", "    label: Notes\n    label: Remarks\n",
        CHILD, ("line 22", "YAML syntax", "'label' appears twice"),
    ),
    Broken(
        "computed age from a non-date field", CHILD,
        "compute: {kind: age, from: child.date_of_birth}", "compute: {kind: age, from: child.full_name}",
        CHILD, ("field 'child.age'", "needs a date field", "'child.full_name' is text"),
    ),
    Broken(
        "computed source missing", FINDINGS,
        "findings.strength_level]}", "findings.strength]}",
        FINDINGS, ("field 'findings.ratings'", "'findings.strength'", "not a field"),
    ),
    Broken(
        "computed field marked required", CHILD,
        "    type: computed\n", "    type: computed\n    required: true\n",
        CHILD, ("line 16", "field 'child.age'", "computed field cannot be required"),
    ),
    Broken(
        "option value duplicated", FINDINGS,
        "{value: planning, label: Planning}", "{value: secrecy, label: Planning}",
        FINDINGS, ("line 11", "field 'findings.elements'", "'secrecy' appears twice"),
    ),
    Broken(
        "option list name unknown", FINDINGS,
        "    options: level\n    required: true", "    options: levels\n    required: true",
        FINDINGS, ("line 20", "field 'findings.concern_level'", "no option list or reference topic called 'levels'"),
    ),
    Broken(
        "section file missing", FORM,
        "sections/02-findings.yaml", "sections/03-missing.yaml",
        "sections/03-missing.yaml", ("does not exist",),
    ),
    Broken(
        "reference topic missing", CHILD,
        "reference: [continuum]", "reference: [continuum, behaviours]",
        CHILD, ("section 'child'", "no reference topic called 'behaviours'"),
    ),
    Broken(
        "grid missing a cell", GRID,
        "  - {concern: high, strength: high, title: High concern and high strengths, "
        "response: Response for high concern with high strengths.}\n", "",
        GRID, ("cell high/high", "missing"),
    ),
    Broken(
        "grid levels not matching the rating field's options", GRID,
        "concern_levels: [{value: low, label: Low}, {value: medium, label: Medium}, {value: high, label: High}]",
        "concern_levels: [{value: high, label: High}, {value: medium, label: Medium}, {value: low, label: Low}]",
        GRID, ("concern_field", "'findings.concern_level'", "must match the grid's levels"),
    ),
    Broken(
        "grid cell defined twice", GRID,
        "cells:\n", "cells:\n  - {concern: high, strength: low, title: Again, response: Again.}\n",
        GRID, ("line 14", "cell high/low", "defined twice"),
    ),
    Broken(
        "version not text", FORM,
        'version: "1.0"', "version: 1.0",
        FORM, ("top level", "'version' must be text", 'quotes, e.g. "1.0"'),
    ),
    Broken(
        "group inside a group", CHILD,
        "{key: lives_with, label: Lives with the child, type: yesno}",
        "{key: pets, label: Pets, type: group, fields: [{key: kind, label: Kind, type: text}]}",
        CHILD, ("line 55", "field 'child.siblings', field 'pets'", "group cannot sit inside a group"),
    ),
    Broken(
        "path escaping the folder", FORM,
        "  - sections/02-findings.yaml", "  - ../x.yaml",
        FORM, ("file list", "'../x.yaml'", "not a file name inside the form folder"),
    ),
    Broken(
        "absolute path", FORM,
        "reference: reference.yaml", "reference: /etc/hosts",
        FORM, ("file list", "'/etc/hosts'", "not a file name inside the form folder"),
    ),
]
# fmt: on


@pytest.mark.parametrize("case", BROKEN, ids=[b.id for b in BROKEN])
def test_broken_pack_is_refused_with_file_location_and_reason(tmp_path: Path, case: Broken) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, case.file, case.old, case.new)
    problems = problems_of(folder)
    find_line(problems, case.reported_in, case.expect)
    assert not any("Traceback" in line for line in problems)


def test_several_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, FORM, 'version: "1.0"', "version: 1.0")
    edit(folder, CHILD, "    type: longtext", "    type: essay")
    edit(folder, CHILD, "    label: Height in cm\n", "")
    edit(folder, FINDINGS, "owner: coworker", "owner: manager")
    problems = problems_of(folder)
    find_line(problems, FORM, ("'version' must be text",))
    find_line(problems, CHILD, ("field 'child.notes'", "unknown type 'essay'"))
    find_line(problems, CHILD, ("field 'child.height'", "'label' is missing"))
    find_line(problems, FINDINGS, ("section 'findings'", "'owner'"))


def test_error_message_lists_every_problem_without_a_traceback(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, CHILD, "    type: longtext", "    type: essay")
    edit(folder, CHILD, "    label: Height in cm\n", "")
    with pytest.raises(FormDefinitionError) as caught:
        load_form(folder)
    message = str(caught.value)
    assert len(caught.value.problems) == 2
    assert "2 problem(s)" in message
    for line in caught.value.problems:
        assert line in message
    assert "Traceback" not in message
    assert caught.value.user_message == message


def write(folder: Path, name: str, text: str | bytes) -> None:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


HOSTILE_FILES: list[tuple[str, str, str | bytes, str]] = [
    ("form is a list", FORM, "- id: x\n", "top level"),
    ("section is a list", CHILD, "- key: child\n", "must be a mapping"),
    ("section is not UTF-8", CHILD, b"key: child\ntitle: \xff\xfe\n", "UTF-8"),
    ("recursive alias", CHILD, "&a [*a]\n", "YAML syntax"),
    ("reference has no topics", "reference.yaml", "title: nothing\n", "needs 'topics'"),
    ("grid is a list", GRID, "- concern: low\n", "must be a mapping"),
]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [(f, t, r) for _, f, t, r in HOSTILE_FILES],
    ids=[i for i, *_ in HOSTILE_FILES],
)
def test_malformed_file_is_reported_not_crashed_on(tmp_path: Path, name: str, text: str | bytes, reason: str) -> None:
    folder = copy_pack(tmp_path)
    write(folder, name, text)
    find_line(problems_of(folder), name, (reason,))


def test_empty_form_file_is_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    write(folder, FORM, "# nothing yet\n")
    find_line(problems_of(folder), FORM, ())


def test_empty_outcome_grid_file_is_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    write(folder, GRID, "")
    find_line(problems_of(folder), GRID, ())


def test_option_lists_written_as_a_list_is_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, FORM, "option_lists:\n  level:\n", "option_lists:\n  - level:\n")
    find_line(problems_of(folder), FORM, ("option_lists",))


def test_list_as_mapping_key_is_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, CHILD, "title: Child\n", "title: Child\n[a, b]: c\n")
    find_line(problems_of(folder), CHILD, ())


def test_nul_in_file_name_is_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, FORM, "  - sections/02-findings.yaml", '  - "sections/\\0.yaml"')
    find_line(problems_of(folder), FORM, ())


# --- a valid pack -------------------------------------------------------------------------


def test_valid_pack_loads_sections_and_fields_in_order(mini_form: FormDefinition) -> None:
    assert (mini_form.id, mini_form.version, mini_form.title) == ("mini-form", "1.0", "Mini assessment")
    assert [(s.key, s.title, s.owner) for s in mini_form.sections] == [
        ("child", "Child", "lead"),
        ("findings", "Findings", "coworker"),
    ]
    assert [spec.key for _, spec in mini_form.iter_fields()][:3] == [
        "child.full_name",
        "child.date_of_birth",
        "child.age",
    ]
    assert {spec.type for _, spec in mini_form.iter_fields()} == {
        "text",
        "longtext",
        "date",
        "number",
        "choice",
        "multichoice",
        "yesno",
        "rating",
        "group",
        "computed",
    }
    officer = mini_form.get_field("child.officer")
    assert officer is not None and officer.condition is not None
    assert (officer.condition.field, officer.condition.values) == ("child.route", ("criminal_justice",))
    siblings = mini_form.get_field("child.siblings")
    assert siblings is not None
    assert [s.key for s in siblings.fields] == ["name", "date_of_birth", "lives_with"]
    assert mini_form.section_of("findings.elements") is mini_form.section("findings")


def test_options_come_from_option_list_reference_topic_and_yesno(mini_form: FormDefinition) -> None:
    concern = mini_form.get_field("findings.concern_level")
    continuum = mini_form.get_field("findings.continuum")
    interpreter = mini_form.get_field("child.interpreter")
    assert concern is not None and continuum is not None and interpreter is not None
    assert [(o.value, o.label) for o in concern.options] == [("low", "Low"), ("medium", "Medium"), ("high", "High")]
    assert [(o.value, o.label, o.description) for o in continuum.options] == [
        ("normal", "Normal", "Expected."),
        ("abusive", "Abusive", "Harmful."),
    ]
    assert [o.value for o in interpreter.options] == ["yes", "no", "not_known"]
    assert interpreter.option_label("not_known") == "Not known"


def test_outcome_grid_cells_are_looked_up_by_levels(mini_form: FormDefinition) -> None:
    grid = mini_form.grid
    assert grid is not None
    cell = grid.cell("high", "low")
    assert cell is not None
    assert cell.response == "Response for high concern with low strengths."
    assert grid.cell("low", "high") is not grid.cell("high", "low")
    assert grid.cell("extreme", "low") is None
    assert len(grid.cells) == 9


def test_form_to_json_has_the_documented_shape(mini_form: FormDefinition) -> None:
    data: dict[str, Any] = json.loads(json.dumps(form_to_json(mini_form)))
    assert data["form"] == {"id": "mini-form", "version": "1.0", "title": "Mini assessment"}
    assert [s["key"] for s in data["sections"]] == ["child", "findings"]

    def check_field(field: dict[str, Any]) -> None:
        assert {"key", "label", "type", "required", "sensitive", "condition"} <= field.keys()
        assert isinstance(field["required"], bool) and isinstance(field["sensitive"], bool)
        assert ("options" in field) == (field["type"] in OPTION_TYPES), field["key"]
        assert ("fields" in field) == (field["type"] == "group"), field["key"]
        condition = field["condition"]
        assert condition is None or (set(condition) == {"field", "values"} and isinstance(condition["values"], list))
        for option in field.get("options", []):
            assert set(option) >= {"value", "label"}
        for sub in field.get("fields", []):
            check_field(sub)

    for section in data["sections"]:
        assert {"key", "title", "owner", "fields"} <= section.keys()
        for field in section["fields"]:
            check_field(field)

    fields = {f["key"]: f for s in data["sections"] for f in s["fields"]}
    assert fields["child.officer"]["condition"] == {"field": "child.route", "values": ["criminal_justice"]}
    assert fields["child.full_name"]["condition"] is None
    assert [o["value"] for o in fields["child.interpreter"]["options"]] == ["yes", "no", "not_known"]
    assert [o["value"] for o in fields["findings.continuum"]["options"]] == ["normal", "abusive"]
    assert [f["key"] for f in fields["child.siblings"]["fields"]] == ["name", "date_of_birth", "lives_with"]
    assert fields["child.siblings"]["fields"][0]["sensitive"] is True


ALIAS_BOMB = r"""
import sys
from pathlib import Path
from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec import load_form
try:
    load_form(Path(sys.argv[1]))
except FormDefinitionError as exc:
    print("\n".join(exc.problems))
"""


def _alias_bomb(depth: int) -> str:
    """A section whose groups each hold the one before twice: 2**depth fields once expanded."""
    lines = ["key: child", "title: Child", "parts:"]
    lines.append("  - &g0 {key: g0, label: G, type: group, fields: [{key: t, label: T, type: text}]}")
    for n in range(1, depth + 1):
        lines.append(f"  - &g{n} {{key: g{n}, label: G, type: group, fields: [*g{n - 1}, *g{n - 1}]}}")
    lines += ["fields:", f"  - {{key: child.bomb, label: B, type: group, fields: [*g{depth}]}}"]
    return "\n".join(lines) + "\n"


def test_a_pack_of_nested_aliases_is_refused_at_once_not_expanded(tmp_path: Path) -> None:
    """Without the bound, the loader walks 2**30 copies and never ends (the child is stopped)."""
    import subprocess
    import sys

    folder = copy_pack(tmp_path)
    write(folder, CHILD, _alias_bomb(30))
    done = subprocess.run(
        [sys.executable, "-c", ALIAS_BOMB, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    find_line(done.stdout.splitlines(), CHILD, ("more than 100,000 entries", "aliases"))


def test_a_form_pack_file_too_large_to_be_one_is_refused(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, CHILD, "guidance: About the child.\n", "guidance: " + "About the child. " * 70_000 + "\n")
    find_line(problems_of(folder), CHILD, ("larger than a form-pack file may be",))
