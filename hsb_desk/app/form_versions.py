"""Keys of an earlier form version as this pack's (forms/migrations.yaml): the pure part of the
form-version migration, used by the imports of JSON documents and exchange files and by
app/form_migration.py, which stores the result for the cases of a workbook."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hsb_desk.formspec.migrations import apply_steps, steps_from
from hsb_desk.formspec.model import FormDefinition


def migrated_values(form: FormDefinition, version: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` of a case or file on form ``version`` as keyed by this form (unchanged when the
    version is this one, or one the pack knows no way from)."""
    steps = steps_from(form.migrations, version, form.version)
    return apply_steps(steps, values) if steps else dict(values)


def migrated_sections(form: FormDefinition, version: str, sections: tuple[str, ...]) -> tuple[str, ...]:
    """Sections named on form ``version`` (a hand-out's) as the sections their fields are in now."""
    for step in steps_from(form.migrations, version, form.version) or ():
        sections = tuple(dict.fromkeys(new for old in sections for new in step.new_sections(old)))
    return sections


def can_migrate(form: FormDefinition, version: str) -> bool:
    return version != form.version and steps_from(form.migrations, version, form.version) is not None


# -- imported files -----------------------------------------------------------------------
def migrated_payload(form: FormDefinition, data: dict[str, Any]) -> dict[str, Any]:
    """An exchange file's payload of an earlier form version as keyed by this form: its values,
    basic details, revisions and sections (unchanged when there is nothing to migrate)."""
    case = data.get("case")
    if not isinstance(case, dict):
        return data
    version = case.get("form_version")
    if not isinstance(version, str) or not can_migrate(form, version):
        return data
    steps = steps_from(form.migrations, version, form.version) or ()
    moved = dict(data)
    for name in ("values", "details"):
        if isinstance(data.get(name), dict):
            moved[name] = apply_steps(steps, data[name])
    revisions = data.get("revisions")
    if isinstance(revisions, dict):
        for step in steps:
            key_map = step.key_map()
            renamed: dict[str, Any] = {}
            for key, number in revisions.items():
                new = key_map.get(str(key), str(key))
                renamed[new] = max(number, renamed.get(new, number)) if isinstance(number, int) else number
            revisions = renamed
        moved["revisions"] = revisions
    if isinstance(data.get("sections"), list) and all(isinstance(s, str) for s in data["sections"]):
        moved["sections"] = list(migrated_sections(form, version, tuple(data["sections"])))
    moved["case"] = {**case, "form_version": form.version}
    return moved
