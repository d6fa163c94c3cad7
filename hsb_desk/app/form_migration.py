"""Bringing cases up to the form pack's version (forms/migrations.yaml, docs/forms.md).

When a workbook is opened, every case started on an earlier version that the pack knows how to
bring up is migrated: its values moved to their new keys, in one transaction, each move audited
like any other change (a "value moved by form version" entry per field, and a "form version
changed" entry per case naming the keys moved). An imported JSON document or exchange file of an
earlier version is migrated in memory before it is checked. Signed versions are never rewritten:
their report is laid out with the pack they were signed on (``signed_form``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.form_versions import can_migrate, migrated_sections
from hsb_desk.formspec.loader import load_form
from hsb_desk.formspec.migrations import FormMigration, apply_steps, steps_from
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.store.coworking import CoworkingStore, Handout, Restriction
from hsb_desk.store.records import FORM_VERSION_CHANGED, CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

MOVED = "value moved by form version"  # the audit action of each value a migration moves


def migrate_cases(session: WorkbookSession) -> list[str]:
    """Bring every case the pack knows how to up to its version, all in one transaction; returns
    the references migrated. A case on an unknown version is left as it is."""
    form, workbook = session.form, session.workbook
    versions = tuple(v for v in workbook.cases.form_versions() if can_migrate(form, v))
    waiting = workbook.cases.on_form_version(versions) if versions else []
    if not waiting:
        return []
    with workbook.transaction():
        for reference in waiting:
            _migrate_case(session, workbook.cases.get(reference))
    return waiting


def _migrate_case(session: WorkbookSession, case: CaseRecord) -> None:
    workbook, actor = session.workbook, session.actor
    steps = steps_from(session.form.migrations, case.form_version, session.form.version) or ()
    held = workbook.values.values(case)
    moved = apply_steps(steps, held)
    now = workbook.clock()
    changed = [k for k in moved if moved[k] != held.get(k)] + [k for k in held if k not in moved]
    for key in changed:  # new keys first, then the old ones cleared: text is never out of the store
        workbook.values.set(case, key, moved.get(key), actor, action=MOVED, at=now)
    store = CoworkingStore.of(workbook)
    _move_owners(store, case, steps, actor)
    restriction = store.restriction(case)
    if restriction is not None:
        sections = migrated_sections(session.form, case.form_version, restriction.sections)
        synced = apply_steps(steps, restriction.synced)
        store.set_restriction(
            case, Restriction(case.id, restriction.handout_id, sections, synced, restriction.lead_name), actor
        )
    detail = {"moved": sorted(k for k in held if k not in moved or moved[k] != held[k])}
    workbook.cases.set_form_version(case, session.form.version, actor, detail)


def _move_owners(store: CoworkingStore, case: CaseRecord, steps: tuple[FormMigration, ...], actor: str) -> None:
    """A section the lead gave someone other than its default: its new sections follow."""
    owners = store.owners(case)
    for step in steps:
        for old, new_sections in step.sections:
            if old in owners:
                for section in new_sections:
                    if section != old and section not in owners:
                        store.set_owner(case, section, owners[old], "", actor)
                        owners[section] = owners[old]


# -- signed versions ----------------------------------------------------------------------
def signed_on_version(session: WorkbookSession, case: CaseRecord, frame: Mapping[str, Any] | None) -> str:
    """The form version a signed version was signed on: its frame says so (from this release);
    before, the version the case had until its first form migration, or the case's own."""
    if frame is not None and isinstance(frame.get("form_version"), str):
        return str(frame["form_version"])
    for entry in session.workbook.audit.entries(case.reference):
        if entry.action == FORM_VERSION_CHANGED and entry.old_json:
            found = json.loads(entry.old_json)
            if isinstance(found, str):
                return found
    return case.form_version


def signed_form(session: WorkbookSession, version: str) -> FormDefinition:
    """The form a version signed on ``version`` is shown with: this one, or the earlier pack the
    migrations keep for it (this one when the pack keeps none)."""
    if version == session.form.version:
        return session.form
    step = next((s for s in session.form.migrations if s.source == version), None)
    if step is None or step.earlier_pack is None:
        return session.form
    return _earlier(step.earlier_pack)


@cache
def _earlier(folder: Path) -> FormDefinition:
    return load_form(folder)


def migrated_handout(session: WorkbookSession, case: CaseRecord, handout: Handout) -> Handout:
    """A hand-out recorded before its case was brought up to this form version, keyed as this
    version (its sections, the lead's values and revisions, the co-worker's as last seen), so that
    the hand-back answering it merges field by field as before. Unchanged when it is current."""
    if all(session.form.get_field(key) is not None for key in handout.base):
        return handout
    version = signed_on_version(session, case, None)  # the version the case had before it was brought up
    steps = steps_from(session.form.migrations, version, session.form.version)
    if not steps:
        return handout
    values = apply_steps(steps, {k: v for k, (_rev, v) in handout.base.items()})
    revisions: dict[str, int] = {}
    for old, (rev, _value) in handout.base.items():
        new = old
        for step in steps:
            new = step.key_map().get(new, new)
        revisions[new] = max(rev, revisions.get(new, rev))
    sections = migrated_sections(session.form, version, handout.sections)
    # Fields new in those sections were empty on both sides when the hand-out was made.
    keys = dict.fromkeys([*revisions, *session.form.stored_keys(sections)])
    base = {key: (revisions.get(key, 0), values.get(key)) for key in keys}
    return replace(handout, sections=sections, base=base, theirs=apply_steps(steps, handout.theirs))
