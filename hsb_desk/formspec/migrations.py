"""Form-version migrations: how a case started on an earlier version of the pack is brought up to
the current one (``migrations.yaml``, docs/forms.md "Form versions and migrations").

A step maps the keys of one version to the next: ``rename`` moves a value as it is, ``join``
gathers several old values into one field, ``columns`` renames columns of a group, ``sections``
says where an old section's fields are now. Parsing checks every key against the current form
and reports each problem with file and line, like the rest of the loader. Applying a step is a
pure function of a case's values (``apply_steps``); the app stores the result (app/form_migration.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hsb_desk.formspec.source import Problems, line_of

# The form's fields and sections by key (model.FieldSpec, model.SectionSpec): typed loosely here,
# since the model holds these steps and this module must not import it back.
FieldSpec = Any
SectionSpec = Any

_STEP_SETTINGS = {"from", "to", "why", "earlier_pack", "rename", "join", "columns", "sections"}
_JOINABLE = {"longtext": "text", "choice": "choice", "rating": "choice", "yesno": "choice"}
JOIN_SEPARATOR = "\n\n"  # joined narratives: each as written, a blank line between


@dataclass(frozen=True)
class Join:
    """Old values gathered into ``into``: narratives (``kind`` "text") joined in order; a choice
    or rating kept only when every old value given agrees."""

    into: str
    sources: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class FormMigration:
    """One step, from form version ``source`` to ``target``."""

    source: str
    target: str
    why: str = ""
    rename: tuple[tuple[str, str], ...] = ()
    join: tuple[Join, ...] = ()
    columns: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # group: (old, new) column keys
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()  # old section: the sections it is in now
    earlier_pack: Path | None = None  # the pack of ``source`` as it was, for versions signed on it

    def key_map(self) -> dict[str, str]:
        """Every old key and the key its value is in now (renamed or joined)."""
        found = dict(self.rename)
        for join in self.join:
            found.update({source: join.into for source in join.sources})
        return found

    def new_sections(self, old: str) -> tuple[str, ...]:
        """The sections an old section's fields are in now (itself when it is not listed)."""
        return dict(self.sections).get(old, (old,))


def steps_from(migrations: tuple[FormMigration, ...], version: str, current: str) -> tuple[FormMigration, ...] | None:
    """The steps from ``version`` to ``current``, in order; () when already current; None when the
    pack knows no way from that version (a newer or unrelated one: left as it is)."""
    chain: list[FormMigration] = []
    by_source = {step.source: step for step in migrations}
    while version != current:
        step = by_source.get(version)
        if step is None or step in chain:
            return None
        chain.append(step)
        version = step.target
    return tuple(chain)


def apply_steps(steps: tuple[FormMigration, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` (a case's, keyed by the old version's keys) with every step applied in turn."""
    result = dict(values)
    for step in steps:
        result = _apply(step, result)
    return result


def _apply(step: FormMigration, values: dict[str, Any]) -> dict[str, Any]:
    moved = set(step.key_map())
    result = {key: value for key, value in values.items() if key not in moved}
    for old, new in step.rename:
        if values.get(old) is not None:
            result[new] = values[old]
    for join in step.join:
        given = [values[s] for s in join.sources if values.get(s) is not None]
        if join.kind == "text":
            parts = [v for v in given if isinstance(v, str) and v.strip()]
            joined: Any = JOIN_SEPARATOR.join(parts) if parts else None
        else:
            joined = given[0] if given and all(v == given[0] for v in given) else None
        if joined is not None:
            result[join.into] = joined
        else:
            result.pop(join.into, None)
    for group, renames in step.columns:
        rows = result.get(group)
        if isinstance(rows, list):
            names = dict(renames)
            result[group] = [
                {names.get(k, k): v for k, v in row.items()} if isinstance(row, dict) else row for row in rows
            ]
    return result


# -- parsing --------------------------------------------------------------------------------
def parse_migrations(
    data: Any,
    path: Path,
    problems: Problems,
    fields: Mapping[str, FieldSpec],
    sections: Mapping[str, SectionSpec],
    version: str,
) -> tuple[FormMigration, ...]:
    """The steps of ``migrations.yaml``, each checked against the current form (``fields``,
    ``sections``, ``version``). A step's new keys must be fields of the form, or old keys of a
    later step; its old keys must no longer be fields (a field still in the form keeps its value)."""
    raw = data.get("migrations") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        problems.add(path, "top level", "must be a mapping with a list 'migrations'", line_of(data))
        return ()
    parsed = [(step, item) for item in raw if (step := _step(item, path, problems)) is not None]
    steps = [step for step, _item in parsed]
    items = [item for _step_, item in parsed]
    later: set[str] = set()
    for index in range(len(steps) - 1, -1, -1):
        step = steps[index] = _check_step(steps[index], items[index], path, problems, fields, sections, later)
        later |= set(step.key_map())
    _check_chain(steps, items, path, problems, version)
    return tuple(steps)


def _step(item: Any, path: Path, problems: Problems) -> FormMigration | None:
    line = line_of(item)
    if not isinstance(item, dict):
        problems.add(path, "migrations", "each step must be a mapping with from, to and the keys moved", line)
        return None
    where = f"migration from {item.get('from')!r}"
    for name in item:
        if name not in _STEP_SETTINGS:
            problems.add(path, where, f"unknown setting {name!r}", line)
    source, target = item.get("from"), item.get("to")
    if not isinstance(source, str) or not isinstance(target, str) or not source.strip() or source == target:
        problems.add(path, where, "'from' and 'to' must be two different versions, as text (\"1.0\")", line)
        return None
    rename = _pairs(item.get("rename"), path, problems, f"{where}, rename", line)
    joins = []
    for into, sources in _mapping(item.get("join"), path, problems, f"{where}, join", line).items():
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
            problems.add(path, f"{where}, join {into!r}", "must list the old keys joined into it", line_of(sources))
            continue
        joins.append(Join(str(into), tuple(sources), "text"))
    columns = tuple(
        (str(group), _pairs(renames, path, problems, f"{where}, columns of {group!r}", line))
        for group, renames in _mapping(item.get("columns"), path, problems, f"{where}, columns", line).items()
    )
    moved_sections = []
    for old, new in _mapping(item.get("sections"), path, problems, f"{where}, sections", line).items():
        new = [new] if isinstance(new, str) else new
        if not isinstance(new, list) or not new or not all(isinstance(s, str) for s in new):
            problems.add(path, f"{where}, section {old!r}", "must list the sections its fields are in now", line)
            continue
        moved_sections.append((str(old), tuple(new)))
    earlier = item.get("earlier_pack")
    earlier_path = None
    if earlier is not None:
        if not isinstance(earlier, str) or Path(earlier).is_absolute() or ".." in Path(earlier).parts:
            problems.add(path, where, "'earlier_pack' must name a folder inside the form folder", line)
        elif not (path.parent / earlier / "form.yaml").is_file():
            problems.add(path, where, f"'earlier_pack': {earlier!r} holds no form.yaml", line)
        else:
            earlier_path = path.parent / earlier
    why = item.get("why")
    return FormMigration(
        source.strip(),
        target.strip(),
        why.strip() if isinstance(why, str) else "",
        rename,
        tuple(joins),
        columns,
        tuple(moved_sections),
        earlier_path,
    )


def _check_step(
    step: FormMigration,
    item: Any,
    path: Path,
    problems: Problems,
    fields: Mapping[str, FieldSpec],
    sections: Mapping[str, SectionSpec],
    later: set[str],
) -> FormMigration:
    """Checks needing the current form; returns the step with each join's kind set from the
    type of the field it joins into."""
    where, line = f"migration from {step.source!r}", line_of(item)
    seen: set[str] = set()

    def old_key(key: str, what: str, into: str = "") -> None:
        if key in seen:
            problems.add(path, f"{where}, {what}", f"{key!r} is moved twice", line)
        seen.add(key)
        if key in fields and key != into:
            problems.add(path, f"{where}, {what}", f"{key!r} is still a field of this form: it keeps its value", line)

    def new_key(key: str, what: str) -> FieldSpec | None:
        if key not in fields and key not in later:
            problems.add(path, f"{where}, {what}", f"{key!r} is not a field of this form", line)
        return fields.get(key)

    for old, new in step.rename:
        old_key(old, f"rename {old!r}")
        new_key(new, f"rename {old!r}")
    joins = []
    for join in step.join:
        spec = new_key(join.into, f"join {join.into!r}")
        for source in join.sources:
            old_key(source, f"join {join.into!r}", join.into)
        kind = _JOINABLE.get(spec.type, "") if spec is not None else "text"
        if not kind:
            reason = (
                f"only a narrative, choice or rating can be joined into; {join.into!r} is {spec.type if spec else ''}"
            )
            problems.add(path, f"{where}, join {join.into!r}", reason, line)
            kind = "text"
        joins.append(Join(join.into, join.sources, kind))
    for group, renames in step.columns:
        spec = fields.get(group)
        if spec is None or spec.type != "group":
            problems.add(path, f"{where}, columns of {group!r}", "is not a group of this form", line)
            continue
        for _old, new in renames:
            if spec.sub_field(new) is None:
                problems.add(path, f"{where}, columns of {group!r}", f"{new!r} is not a column of it", line)
    for old, new_sections in step.sections:
        for section in new_sections:
            if section not in sections:
                problems.add(path, f"{where}, section {old!r}", f"{section!r} is not a section of this form", line)
    return replace(step, join=tuple(joins))


def _check_chain(steps: list[FormMigration], raw: list[Any], path: Path, problems: Problems, version: str) -> None:
    """Each step starts where the one before ended, and the last ends at the form's version."""
    for index, step in enumerate(steps):
        where, line = f"migration from {step.source!r}", line_of(raw[index])
        if index + 1 < len(steps) and steps[index + 1].source != step.target:
            problems.add(path, where, f"ends at {step.target!r}; the next step must start there", line)
        if index + 1 == len(steps) and step.target != version:
            problems.add(path, where, f"the last step must end at this form's version, {version!r}", line)


def _mapping(raw: Any, path: Path, problems: Problems, where: str, line: int | None) -> dict[Any, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(path, where, "must be a mapping", line_of(raw) or line)
        return {}
    return raw


def _pairs(raw: Any, path: Path, problems: Problems, where: str, line: int | None) -> tuple[tuple[str, str], ...]:
    found = []
    for old, new in _mapping(raw, path, problems, where, line).items():
        if not isinstance(new, str) or not new:
            problems.add(path, f"{where} {old!r}", "must name the new key", line_of(raw) or line)
            continue
        found.append((str(old), new))
    return tuple(found)
