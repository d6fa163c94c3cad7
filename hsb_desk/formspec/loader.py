"""Load and validate a form pack: ``form.yaml`` plus the files it names.

Every problem found is reported at once, each as 'file: line, location: reason', through
``FormDefinitionError``; nothing half-loaded is ever returned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec.fields import FieldParser, parse_options
from hsb_desk.formspec.model import ROLES, FieldSpec, FormDefinition, Option, RoleRef, SectionSpec
from hsb_desk.formspec.procedure import parse_procedure
from hsb_desk.formspec.reference import parse_grid, parse_reference
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
    "roles",
}


def load_form(folder: Path) -> FormDefinition:
    """Load the form pack in ``folder`` or raise ``FormDefinitionError`` listing every problem."""
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
        section = parser.section(raw_section, section_path, number)
        if section is not None:
            sections.append(section)
    _check_sections(sections, folder, raw_sections, reference, problems)

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

    procedure = None
    if "procedure" in raw:
        procedure_path = _sub_file(folder, raw["procedure"], form_path, problems)
        if procedure_path is not None:
            data = read_yaml(procedure_path, problems)
            if data is not None:
                procedure = parse_procedure(data, procedure_path, problems, _field_index(sections))

    roles = _roles(raw.get("roles"), form_path, problems, _field_index(sections))
    if problems:
        raise FormDefinitionError(problems.lines)
    return FormDefinition(
        id=form_id,
        version=version,
        title=title,
        sections=tuple(sections),
        reference=reference,
        grid=grid,
        procedure=procedure,
        roles=roles,
    )


def _roles(raw: Any, path: Path, problems: Problems, index: dict[str, FieldSpec]) -> dict[str, RoleRef]:
    """``roles:`` maps a role to a field key, or to ``{field: KEY, column: SUB}`` for a group's column."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(path, "roles", "must map role names to field keys")
        return {}
    roles = {}
    for name, target in raw.items():
        where = f"role {name!r}"
        if name not in ROLES:
            problems.add(path, where, f"unknown role (known roles: {', '.join(ROLES)})", line_of(raw))
            continue
        wanted, is_column = ROLES[name]
        column = None
        if isinstance(target, dict):
            key, column = target.get("field"), target.get("column")
        else:
            key = target
        if not isinstance(key, str) or key not in index:
            problems.add(path, where, f"names {key!r}, which is not a field of this form", line_of(raw))
            continue
        spec = index[key]
        if is_column:
            sub = spec.sub_field(column) if isinstance(column, str) and spec.type == "group" else None
            if sub is None:
                problems.add(path, where, "needs {field: GROUP, column: SUB} naming a column of a group", line_of(raw))
                continue
            spec = sub
        elif column is not None:
            problems.add(path, where, "names a whole field; it takes no column", line_of(raw))
            continue
        if spec.type != wanted:
            problems.add(path, where, f"needs a {wanted} field, {key!r} is {spec.type}", line_of(raw))
            continue
        roles[str(name)] = RoleRef(key, column if is_column else None)
    return roles


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


def _check_sections(
    sections: list[SectionSpec],
    folder: Path,
    files: list[Any],
    reference: dict[str, Any],
    problems: Problems,
) -> None:
    """Checks that need the whole form: unique keys, conditions, computed sources, topics."""
    paths = {s.key: folder / str(files[s.number - 1]) for s in sections}
    seen_sections: set[str] = set()
    index: dict[str, FieldSpec] = {}
    for section in sections:
        path = paths[section.key]
        if section.key in seen_sections:
            problems.add(path, f"section {section.key!r}", "another section has the same key")
        seen_sections.add(section.key)
        for topic in section.reference:
            if topic not in reference:
                problems.add(path, f"section {section.key!r}", f"no reference topic called {topic!r}")
        for spec in section.fields:
            if spec.key in index:
                problems.add(path, f"field {spec.key!r}", "duplicate key: another field has the same key")
            index[spec.key] = spec
    for section in sections:
        path = paths[section.key]
        for spec in section.fields:
            _check_condition(spec, index, path, problems)
            for sub in spec.fields:
                siblings = {s.key: s for s in spec.fields}
                _check_condition(sub, {**index, **siblings}, path, problems, f"field {spec.key}.{sub.key}")
            _check_compute(spec, index, path, problems)


def _check_condition(
    spec: FieldSpec, index: dict[str, FieldSpec], path: Path, problems: Problems, where: str = ""
) -> None:
    if spec.condition is None:
        return
    where = where or f"field {spec.key!r}"
    target = index.get(spec.condition.field)
    if target is None or target is spec:
        problems.add(path, where, f"condition on {spec.condition.field!r}, which is not a field here")
        return
    if target.options:
        known = {o.value for o in target.options}
        for value in spec.condition.values:
            if value not in known:
                problems.add(path, where, f"condition value {value!r} is not an option of {target.key!r}")


def _check_compute(spec: FieldSpec, index: dict[str, FieldSpec], path: Path, problems: Problems) -> None:
    if spec.compute is None:
        return
    wanted = {"age": "date", "ratings": "rating"}.get(spec.compute.kind)
    for source in spec.compute.sources:
        target = index.get(source)
        if target is None:
            problems.add(path, f"field {spec.key!r}", f"computed from {source!r}, which is not a field")
        elif wanted and target.type != wanted:
            problems.add(
                path,
                f"field {spec.key!r}",
                f"computed {spec.compute.kind} needs a {wanted} field, {source!r} is {target.type}",
            )
