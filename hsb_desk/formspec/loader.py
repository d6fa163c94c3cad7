"""Load and validate a form pack: ``form.yaml`` plus the files it names.

Every problem found is reported at once, each as 'file: line, location: reason', through
``FormDefinitionError``; nothing half-loaded is ever returned. The checks that need the whole
form are in ``form_checks``, the ``roles:`` setting is read by ``role_reader``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec.closure import parse_closure
from hsb_desk.formspec.fields import FieldParser, parse_options
from hsb_desk.formspec.form_checks import check_sections
from hsb_desk.formspec.migrations import FormMigration, parse_migrations
from hsb_desk.formspec.model import HANDOUT_SETTINGS, FieldSpec, FormDefinition, Option, SectionSpec
from hsb_desk.formspec.procedure import LoadedProcedure, read_procedure
from hsb_desk.formspec.reference import parse_grid, parse_reference
from hsb_desk.formspec.role_reader import parse_roles
from hsb_desk.formspec.source import Problems, line_of, read_yaml

FORM_FILE = "form.yaml"
_FORM_SETTINGS = {
    "id",
    "version",
    "title",
    "option_lists",
    "sections",
    "reference",
    "outcome_grid",
    "procedure",
    "procedures",
    "roles",
    "migrations",
    "closure",
}
_PROCEDURES = {"folder", "default"}
#: The id of a profile named by a file without one (an organisation's own, through its policy).
LOCAL_PROCEDURE_ID = "local"


def load_form(folder: Path, procedure_file: Path | None = None) -> FormDefinition:
    """Load the form pack in ``folder`` or raise ``FormDefinitionError`` listing every problem.

    The pack's procedure profiles are the files of its ``procedures`` folder (one per authority)
    and the file ``procedure`` names, if any; ``procedure_file`` (an organisation's own, named
    by its policy) is added to them and becomes the default for new workbooks."""
    problems = Problems(folder)
    form_path = folder / FORM_FILE
    raw = read_yaml(form_path, problems)
    if raw is None:
        raise FormDefinitionError(problems.lines)
    if not isinstance(raw, dict):
        problems.add(form_path, "top level", "must be a mapping with id, version, title, sections")
        raise FormDefinitionError(problems.lines)
    for name in raw:
        if name not in _FORM_SETTINGS:
            problems.add(form_path, "top level", f"unknown setting {name!r}", line_of(raw))
    form_id, version, title = _header(raw, form_path, problems)

    reference = {}
    if "reference" in raw:
        reference = parse_reference(_sub_file(folder, raw["reference"], form_path, problems), problems)
    option_lists: dict[str, tuple[Option, ...]] = {
        key: tuple(Option(i.key, i.label, i.text) for i in topic.items) for key, topic in reference.items()
    }
    raw_lists = raw.get("option_lists") or {}
    if not isinstance(raw_lists, dict):
        problems.add(form_path, "option_lists", "must map list names to options", line_of(raw))
        raw_lists = {}
    for name, value in raw_lists.items():
        option_lists[str(name)] = parse_options(value, problems, form_path, f"option list {name!r}")

    parser = FieldParser(problems, option_lists)
    sections: list[SectionSpec] = []
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.add(form_path, "sections", "must list the section files in order", line_of(raw))
        raw_sections = []
    for number, name in enumerate(raw_sections, start=1):
        section_path = _sub_file(folder, name, form_path, problems)
        if section_path is None:
            continue
        raw_section = read_yaml(section_path, problems)
        if raw_section is None:
            continue  # already reported: missing or not YAML
        handout = _handout_setting(raw_section, section_path, problems)
        section = parser.section(raw_section, section_path, number)
        if section is not None:
            sections.append(replace(section, handout=handout) if handout else section)
    check_sections(sections, folder, raw_sections, reference, problems)

    grid = None
    if "outcome_grid" in raw:
        grid_path = _sub_file(folder, raw["outcome_grid"], form_path, problems)
        if grid_path is not None:
            grid = parse_grid(read_yaml(grid_path, problems), grid_path, problems, _field_index(sections))

    if grid is None and "outcome_grid" not in raw:
        for section in sections:
            for spec in section.fields:
                if spec.compute is not None and spec.compute.kind == "outcome":
                    problems.add(form_path, f"field {spec.key!r}", "an outcome field needs an 'outcome_grid' file")

    profiles, default = _procedures(folder, raw, form_path, procedure_file, problems, sections, option_lists)

    roles = parse_roles(raw.get("roles"), form_path, problems, _field_index(sections))
    closure = parse_closure(raw["closure"], form_path, problems, option_lists) if "closure" in raw else None
    migrations: tuple[FormMigration, ...] = ()
    if "migrations" in raw:
        migrations_path = _sub_file(folder, raw["migrations"], form_path, problems)
        if migrations_path is not None:
            data = read_yaml(migrations_path, problems)
            if data is not None:
                by_key = {s.key: s for s in sections}
                migrations = parse_migrations(data, migrations_path, problems, _field_index(sections), by_key, version)
    if problems:
        raise FormDefinitionError(problems.lines)
    form = FormDefinition(
        id=form_id,
        version=version,
        title=title,
        sections=tuple(sections),
        reference=reference,
        grid=grid,
        roles=roles,
        migrations=migrations,
        procedures=tuple(loaded.profile for loaded in profiles),
        procedure_lists={loaded.profile.id: loaded.option_lists for loaded in profiles},
        option_lists=option_lists,
        default_procedure=default,
        closure=closure,
    )
    return form.with_procedure(default) if default else form


def _procedures(
    folder: Path,
    raw: dict[str, Any],
    form_path: Path,
    procedure_file: Path | None,
    problems: Problems,
    sections: list[SectionSpec],
    option_lists: dict[str, tuple[Option, ...]],
) -> tuple[list[LoadedProcedure], str]:
    """The profiles of the pack (and the policy's own) and the id of the default one."""
    paths: list[tuple[Path, bool]] = []  # (file, whether it must carry its id)
    default = ""
    setting = raw.get("procedures")
    if setting is not None:
        if not isinstance(setting, dict) or not isinstance(setting.get("folder"), str):
            problems.add(form_path, "procedures", "must be {folder: FOLDER, default: ID}", line_of(raw))
        else:
            for name in setting:
                if name not in _PROCEDURES:
                    problems.add(form_path, "procedures", f"unknown setting {name!r}", line_of(setting))
            where = folder / setting["folder"]
            if not where.is_dir():
                problems.add(form_path, "procedures", f"there is no folder {setting['folder']!r}", line_of(setting))
            else:
                paths += [(path, True) for path in sorted(where.glob("*.yaml"))]
                if not paths:
                    problems.add(
                        form_path, "procedures", f"{setting['folder']!r} holds no .yaml profile", line_of(setting)
                    )
            default = str(setting.get("default") or "")
    if "procedure" in raw and procedure_file is None:  # the policy's own replaces the pack's one file
        single = _sub_file(folder, raw["procedure"], form_path, problems)
        if single is not None:
            paths.append((single, False))
    if procedure_file is not None:
        paths.append((procedure_file, False))
    fields = _field_index(sections)
    found: list[LoadedProcedure] = []
    for path, needs_id in paths:
        data = read_yaml(path, problems)
        loaded = read_procedure(data, path, problems, fields, option_lists) if data is not None else None
        if loaded is None:
            continue
        profile = loaded.profile
        if not profile.id:
            if needs_id:
                problems.add(path, "top level", f"a profile needs an 'id' (for example {path.stem!r})")
                continue
            profile = replace(profile, id=LOCAL_PROCEDURE_ID)
        if any(other.profile.id == profile.id for other in found):
            problems.add(path, "top level", f"another profile has the id {profile.id!r}")
            continue
        found.append(LoadedProcedure(profile, loaded.option_lists))
    if procedure_file is not None and found and not problems:
        default = found[-1].profile.id  # the organisation's own comes first for new workbooks
    elif "procedure" in raw and not default and found:
        default = found[-1].profile.id
    ids = [loaded.profile.id for loaded in found]
    if default and default not in ids and not problems:
        problems.add(form_path, "procedures", f"the default {default!r} is not one of the profiles ({', '.join(ids)})")
    if setting is not None and not default and found:
        problems.add(form_path, "procedures", "'default' must name the profile new workbooks use")
    return found, default


def _handout_setting(raw: Any, path: Path, problems: Problems) -> str:
    """A section's ``handout:`` setting, taken out of ``raw`` before the section is read:
    ``lead_chooses`` keeps the section out of co-worker hand-outs unless the lead includes it."""
    if not isinstance(raw, dict) or "handout" not in raw:
        return ""
    value = raw.pop("handout")
    if value in HANDOUT_SETTINGS:
        return str(value)
    key = raw.get("key")
    where = f"section {key!r}" if isinstance(key, str) else "section"
    shown = f" {value!r}" if isinstance(value, str | int | float | bool) else ""
    allowed = ", ".join(HANDOUT_SETTINGS)
    reason = f"unknown hand-out setting{shown}: 'handout' must be {allowed} (or left out)"
    problems.add(path, where, reason, _top_level_line(path, "handout") or line_of(raw))
    return ""


def _top_level_line(path: Path, name: str) -> int | None:
    """The line of a top-level setting (a mapping remembers only its own line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, text in enumerate(lines, start=1) if text.startswith(f"{name}:")), None)


def _header(raw: dict[str, Any], path: Path, problems: Problems) -> tuple[str, str, str]:
    values = []
    for name in ("id", "version", "title"):
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            hint = ' (write it in quotes, e.g. "1.0")' if name == "version" else ""
            problems.add(path, "top level", f"'{name}' must be text{hint}", line_of(raw))
            value = ""
        values.append(value.strip())
    return values[0], values[1], values[2]


def _sub_file(folder: Path, name: Any, form_path: Path, problems: Problems) -> Path | None:
    if not isinstance(name, str) or not name or "\0" in name or Path(name).is_absolute() or ".." in Path(name).parts:
        problems.add(form_path, "file list", f"{name!r} is not a file name inside the form folder")
        return None
    return folder / name


def _field_index(sections: list[SectionSpec]) -> dict[str, FieldSpec]:
    return {spec.key: spec for section in sections for spec in section.fields}
