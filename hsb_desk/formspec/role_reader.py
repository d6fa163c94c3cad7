"""The ``roles:`` setting of form.yaml: which field each feature reads (docs/forms.md, "Roles").

A role names a field of the form (or a column of a group field) of a type its feature can read,
with the option values it needs (``ROLES``). Read after the sections, since every role is checked
against the fields they define; kept out of ``loader`` so the form file's reader stays short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.formspec.model import ROLES, FieldSpec, RoleRef, RoleSpec
from hsb_desk.formspec.source import Problems, line_of


def parse_roles(raw: Any, path: Path, problems: Problems, index: dict[str, FieldSpec]) -> dict[str, RoleRef]:
    """``roles:`` maps a role to a field key, or to ``{field: GROUP, column: SUB}`` for a column
    of a group; each must name a field of a type its feature reads (``ROLES``)."""
    if raw is not None and not isinstance(raw, dict):
        problems.add(path, "roles", "must map role names to field keys", line_of(raw))
        return {}
    raw = raw or {}
    roles: dict[str, RoleRef] = {}
    # Groups before their columns, whatever the order written, so a column can be checked against its group.
    for name in sorted(raw, key=lambda n: bool(ROLES[n].group) if n in ROLES else False):
        # A mapping knows its line; a plain key does not, and the role's name says where it is.
        where, line = f"role {name!r}", line_of(raw[name])
        spec = ROLES.get(name)
        if spec is None:
            problems.add(path, where, f"unknown role (known roles: {', '.join(ROLES)})", line)
            continue
        found = _role_target(spec, raw[name], index, roles, (path, where, line), problems)
        if found is not None:
            roles[str(name)] = found
    for name, spec in ROLES.items():
        if spec.required and name not in raw:
            wanted = " or ".join(spec.types)
            reason = f"the role {name!r} is missing: name the {wanted} field for {spec.feature}"
            problems.add(path, "roles", reason, line_of(raw))
    return roles


def _role_target(
    spec: RoleSpec,
    target: Any,
    index: dict[str, FieldSpec],
    roles: dict[str, RoleRef],
    at: tuple[Path, str, int | None],
    problems: Problems,
) -> RoleRef | None:
    """The checked reference of one role, or None once the reason it cannot be used is reported."""
    path, where, line = at
    key, column = (target.get("field"), target.get("column")) if isinstance(target, dict) else (target, None)
    if not isinstance(key, str) or key not in index:
        problems.add(path, where, f"names {key!r}, which is not a field of this form", line)
        return None
    named = index[key]
    described = repr(key)
    if spec.group:
        group = roles.get(spec.group)
        if group is None:
            reason = f"names a column of the {spec.group!r} group: that role is missing or wrong"
            problems.add(path, where, reason, line)
            return None
        if key != group.field:
            problems.add(path, where, f"needs a column of {group.field!r}, the {spec.group!r} group; not {key!r}", line)
            return None
        sub = named.sub_field(column) if isinstance(column, str) else None
        if sub is None:
            problems.add(path, where, f"needs {{field: {key}, column: SUB}} naming a column of {key!r}", line)
            return None
        named, described = sub, f"column {column!r} of {key!r}"
    elif column is not None:
        problems.add(path, where, "names a whole field; it takes no column", line)
        return None
    if named.type not in spec.types:
        wanted = " or ".join(spec.types)
        problems.add(path, where, f"needs a {wanted} field for {spec.feature}; {described} is {named.type}", line)
        return None
    missing = [value for value in spec.options if value not in {o.value for o in named.options}]
    if missing:
        needed = ", ".join(repr(v) for v in missing)
        problems.add(path, where, f"{described} needs the option values {needed} for {spec.feature}", line)
        return None
    return RoleRef(key, column if spec.group else None)
