"""The checks of a form pack that need the whole form, made once every section is read.

Section and field keys unique across the pack, reference topics that exist, conditions on fields
and option values that exist, computed fields over sources of the right type, and each section's
historical and changeable factors standing together. Each problem is reported with its file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.formspec.model import FACTOR_KINDS, FieldSpec, SectionSpec
from hsb_desk.formspec.source import Problems


def check_sections(
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
        _check_factors(section, path, problems)
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


def _check_factors(section: SectionSpec, path: Path, problems: Problems) -> None:
    """Historical (fixed) and changeable factors kept apart: each kind's fields stand together,
    the fixed ones before the changeable ones, so that each can have one subheading."""
    runs = [spec for n, spec in enumerate(section.fields) if n == 0 or section.fields[n - 1].factor != spec.factor]
    kinds = [spec.factor for spec in runs]
    for n, spec in enumerate(runs):
        if spec.factor and spec.factor in kinds[:n]:
            problems.add(path, f"field {spec.key!r}", f"the {spec.factor!r} factors of a section must stand together")
    marked = [kind for kind in kinds if kind]
    if all(kind in marked for kind in FACTOR_KINDS) and marked.index(FACTOR_KINDS[1]) < marked.index(FACTOR_KINDS[0]):
        first = next(spec for spec in runs if spec.factor == FACTOR_KINDS[0])
        problems.add(path, f"field {first.key!r}", "the fixed factors of a section come before the changeable ones")
