"""Parsing a procedure profile (``forms/procedures/*.yaml``): time limits, age rules, reminders,
notices, meetings, duties and the option lists an authority replaces, every problem located.

The numbers live in the YAML so that an authority can change them without code; this module
only checks them and builds the plain ``ProcedureProfile`` that ``hsb_desk.domain.procedure``
applies to a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hsb_desk.domain.procedure import ProcedureProfile
from hsb_desk.formspec.fields import SIMPLE_KEY
from hsb_desk.formspec.model import FieldSpec, Option
from hsb_desk.formspec.procedure_reader import TOP_SETTINGS, ProfileReader
from hsb_desk.formspec.procedure_rules_reader import RuleReader
from hsb_desk.formspec.source import Problems, line_of


@dataclass(frozen=True)
class LoadedProcedure:
    """A profile with the form's option lists it replaces (list name -> options)."""

    profile: ProcedureProfile
    option_lists: dict[str, tuple[Option, ...]] = field(default_factory=dict)


def parse_procedure(
    raw: Any,
    path: Path,
    problems: Problems,
    fields: Mapping[str, FieldSpec] | None = None,
    form_lists: Mapping[str, tuple[Option, ...]] | None = None,
) -> ProcedureProfile | None:
    """Check a loaded profile and build it, or None if anything is wrong (see ``read_procedure``)."""
    loaded = read_procedure(raw, path, problems, fields, form_lists)
    return loaded.profile if loaded is not None else None


def read_procedure(
    raw: Any,
    path: Path,
    problems: Problems,
    fields: Mapping[str, FieldSpec] | None = None,
    form_lists: Mapping[str, tuple[Option, ...]] | None = None,
) -> LoadedProcedure | None:
    """Check a loaded profile and build it with its option lists, or None if anything is wrong.

    With ``fields`` (the form's top-level fields by key) every field a rule names is also checked
    to exist and to have the right type, and every value a rule names to be one of its options
    (the profile's own list where it replaces the form's). With ``form_lists`` (the form's option
    lists) each list the profile replaces must be one of them, and must keep every value the
    form's own conditions read.
    """
    before = len(problems.lines)
    if not isinstance(raw, dict):
        problems.add(path, "top level", "must be a mapping with deadlines, age_rules and reminders")
        return None
    reader = RuleReader(path, problems, fields)
    reader.unknown(raw, TOP_SETTINGS, "top level")
    option_lists = reader.option_lists(raw.get("option_lists"), line_of(raw), form_lists)
    if fields is not None and option_lists:
        reader.fields = with_lists(fields, option_lists)
        _check_form_conditions(reader, fields, option_lists, line_of(raw.get("option_lists")) or line_of(raw))
    profile_id = raw.get("id", "")
    if profile_id != "" and (not isinstance(profile_id, str) or not SIMPLE_KEY.match(profile_id)):
        reader.bad("top level", "'id' must be lower-case letters, digits and _", line_of(raw))
        profile_id = ""
    name = reader.text(raw, "name", "top level", required=False)
    dob_field = reader.field_key(raw, "date_of_birth_field", "top level", want="date")
    closures = reader.closures(raw.get("extra_closures"), line_of(raw))
    meeting_types = reader.meetings(raw.get("meetings"), line_of(raw))
    deadlines = tuple(reader.each(raw, "deadlines", reader.deadline))
    age_rules = tuple(reader.each(raw, "age_rules", reader.age_rule))
    reminders = tuple(reader.each(raw, "reminders", reader.reminder))
    notices = tuple(reader.each(raw, "notices", reader.notice))
    changes = tuple(reader.each(raw, "changes", reader.change))
    duties = reader.duties(raw.get("duties"), line_of(raw))
    if len(problems.lines) > before:
        return None
    profile = ProcedureProfile(
        name=name,
        date_of_birth_field=dob_field,
        deadlines=deadlines,
        age_rules=age_rules,
        reminders=reminders,
        extra_closures=closures,
        meeting_types=meeting_types,
        id=str(profile_id),
        authority=reader.text(raw, "authority", "top level", required=False),
        source=reader.text(raw, "source", "top level", required=False),
        summary=reader.text(raw, "summary", "top level", required=False),
        duties=duties,
        notices=notices,
        changes=changes,
    )
    return LoadedProcedure(profile, option_lists)


def with_lists(fields: Mapping[str, FieldSpec], lists: Mapping[str, tuple[Option, ...]]) -> dict[str, FieldSpec]:
    """``fields`` with the options of each field that uses one of ``lists`` by name replaced."""
    return {
        key: replace(spec, options=lists[spec.options_list]) if spec.options_list in lists else spec
        for key, spec in fields.items()
    }


def _check_form_conditions(
    reader: ProfileReader, fields: Mapping[str, FieldSpec], lists: Mapping[str, tuple[Option, ...]], line: int | None
) -> None:
    """A replaced list must keep every value the form's own conditions (``condition:``) read."""
    for spec in fields.values():
        for sub in (spec, *spec.fields):
            if sub.condition is None:
                continue
            target = fields.get(sub.condition.field)
            if target is None or target.options_list not in lists:
                continue
            kept = {o.value for o in lists[target.options_list]}
            for value in sub.condition.values:
                if value not in kept:
                    reader.bad(
                        f"option list {target.options_list!r}",
                        f"must keep the value {value!r}: the form shows {sub.key!r} when {target.key!r} is {value!r}",
                        line,
                    )
