"""Hand-out and hand-back between the lead's and the co-worker's workbooks (docs/exchange.md).

The lead exports a hand-out (the case's basic details and the co-worker's sections); the
co-worker imports it as a restricted copy, fills their sections and exports a hand-back; the lead
previews it and applies it field by field. A field both of them changed is a conflict: the lead
chooses, and nothing is overwritten silently. Every file is opened and checked in full before the
workbook is touched; importing the same file again changes nothing, and a file older than one
already imported is refused (``sequence``: every file carries its number).

The services are here; beside them ``parts`` makes each file's payload and passphrase,
``sections`` says which sections a hand-out carries, and ``targets`` finds and checks the copy or
hand-out a file is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.exchange import sequence
from hsb_desk.app.exchange.envelope import (
    ExchangeFile,
    ScryptParams,
    basic_detail_keys,
    check_payload,
    new_handout_id,
    seal,
)
from hsb_desk.app.exchange.merge import MergeConflict, as_json, plan, record_confirmation
from hsb_desk.app.exchange.parts import exchange_passphrase, handback_payload, handout_payload, scrypt_params
from hsb_desk.app.exchange.sections import audit_kept_out, handout_sections, lead_chooses
from hsb_desk.app.exchange.targets import (
    coworker_restriction,
    handback_target,
    handbacks_exported,
    refuse_unless_refreshable,
)
from hsb_desk.app.files import kept_only_if_recorded
from hsb_desk.app.signoff import section_owners
from hsb_desk.errors import ImportRejected, InvalidInput, MergeConflicts
from hsb_desk.store.coworking import CoworkingStore, Handout, Restriction, values_digest

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

CHANGED_MEANWHILE = "Another {what} of this case was saved meanwhile; export the {what} again."


@dataclass(frozen=True)
class ExportResult:
    """``passphrase`` is shown to the user once and never stored; ``number`` is the file's
    number among the hand-outs of its case, or the hand-backs of its hand-out."""

    path: Path
    passphrase: str
    handout_id: str
    change: Change
    number: int
    kept_out: tuple[str, ...] = ()  # a hand-out: the co-worker's sections kept out of it (section keys)


@dataclass(frozen=True)
class HandbackPreview:
    case_reference: str
    handout_id: str
    coworker: str
    already_imported: bool
    incoming: tuple[str, ...]  # fields that will take the co-worker's value without a question
    conflicts: tuple[MergeConflict, ...]


# -- sealing beside the workbook ------------------------------------------------------------
@dataclass(frozen=True)
class SealJob:
    """An exchange file read from the workbook and ready to be sealed. Sealing (scrypt, about a
    second) needs no workbook, so the window runs it beside the database thread and the
    transaction that records the file holds no key derivation (docs/architecture.md)."""

    kind: str
    reference: str
    file_id: str
    payload: dict[str, Any]
    passphrase: str
    kdf: ScryptParams
    out: Path
    record: Any  # what the recording step stores: the Handout, or the hand-back's values
    include_kept_out: bool = False  # a hand-out: the lead chose to include the sections kept out by default

    def seal(self) -> bytes:
        return seal(self.kind, self.file_id, self.payload, self.passphrase, self.kdf)


# -- the lead: hand-out -------------------------------------------------------------------
def export_handout(
    session: WorkbookSession,
    reference: str,
    out: Path,
    passphrase: str | None = None,
    kdf: ScryptParams | None = None,
    include_kept_out: bool = False,
) -> ExportResult:
    """Write a hand-out of the co-worker's sections; the case becomes 'with co-worker'. A section
    the form keeps out of hand-outs (``handout: lead_chooses``) goes only if ``include_kept_out``."""
    job = prepare_handout(session, reference, out, passphrase, kdf, include_kept_out)
    return record_handout(session, job, job.seal())


def prepare_handout(
    session: WorkbookSession,
    reference: str,
    out: Path,
    passphrase: str | None = None,
    kdf: ScryptParams | None = None,
    include_kept_out: bool = False,
) -> SealJob:
    """Read what a hand-out of the co-worker's sections holds (nothing is written yet)."""
    passphrase = exchange_passphrase(passphrase)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        sections = handout_sections(session, case, include_kept_out)
        records = session.workbook.values.records(case)
        keys = session.form.stored_keys(sections)
        base = {k: (records[k].revision, records[k].value) if k in records else (0, None) for k in keys}
        details = {k: records[k].value for k in basic_detail_keys(session.form) if k in records and k not in keys}
        created = session.workbook.clock()
        number = CoworkingStore.of(session.workbook).next_handout_number(case)
        numbering = sequence.numbered(number, session.workbook.workbook_id)
    payload = handout_payload(session, case, sections, base, details, created, numbering)
    handout_id = new_handout_id()
    theirs = {k: v for k, (_, v) in base.items()}
    handout = Handout(handout_id, case.id, "sent", sections, base, theirs, "", created, None, number)
    return SealJob(
        "handout", case.reference, handout_id, payload, passphrase, scrypt_params(kdf), out, handout, include_kept_out
    )


def record_handout(session: WorkbookSession, job: SealJob, data: bytes) -> ExportResult:
    """Record the sealed hand-out and write its file, both or neither; the case becomes 'with
    co-worker'. Refused if the case was signed off or its sections changed hands meanwhile."""
    store = CoworkingStore.of(session.workbook)
    handout: Handout = job.record
    with kept_only_if_recorded(job.out) as write, session.workbook.transaction():
        case = session.workbook.cases.get(job.reference)
        if handout_sections(session, case, job.include_kept_out) != handout.sections:
            raise InvalidInput("The sections given to the co-worker changed meanwhile; export the hand-out again.")
        if store.next_handout_number(case) != handout.sequence:
            raise InvalidInput(CHANGED_MEANWHILE.format(what="hand-out"))
        store.add_handout(case, handout, session.actor, file_name=job.out.name)
        kept_out = audit_kept_out(session, case, handout)
        if case.status != "with_coworker":
            session.workbook.cases.set_status(case, "with_coworker", session.actor)
        write(data)  # last in the transaction: no record without the file, no file without it
    change = Change(ChangeKind.HANDOUT_EXPORTED, job.reference, detail={"path": str(job.out)})
    return ExportResult(job.out, job.passphrase, job.file_id, change, handout.sequence or 0, kept_out)


def kept_out_sections(session: WorkbookSession, reference: str) -> tuple[str, ...]:
    """The co-worker's sections of a case that a hand-out leaves out unless the lead includes
    them (``handout: lead_chooses`` in the form): what the hand-out dialog asks about."""
    with session.workbook.transaction():
        owners = section_owners(session, reference)
    return tuple(k for k, owner in owners.items() if owner == "coworker" and lead_chooses(session, k))


# -- the co-worker: import the hand-out, export the hand-back ------------------------------
def import_handout(session: WorkbookSession, package: ExchangeFile) -> Change:
    """Create (or refresh) the restricted copy of the case from a hand-out."""
    if package.kind != "handout":
        raise ImportRejected("This file is a hand-back: the lead imports it. Nothing was changed.")
    payload = check_payload(session.form, package, session.today())
    reference, sections = payload["case"]["reference"], tuple(payload["sections"])
    lead, stamp = payload["from"]["name"], sequence.stamp_of(payload)
    store = CoworkingStore.of(session.workbook)
    actor, action = session.actor, f"value imported from hand-out {package.handout_id} by {lead}"
    with session.workbook.transaction():
        if store.was_imported(package.file_id, package.digest):
            return Change(ChangeKind.HANDOUT_IMPORTED, reference, detail={"already_imported": True})
        sequence.refuse_unless_newer(store, package, reference, stamp)
        case = session.workbook.cases.find(reference)
        if case is None:
            case = session.workbook.cases.create(
                reference, session.form.id, payload["case"]["form_version"], actor, "with_coworker"
            )
        else:
            refuse_unless_refreshable(session, store, case)
            if case.status != "with_coworker":
                case = session.workbook.cases.set_status(case, "with_coworker", actor)
        keys = session.form.stored_keys(sections)
        changed = []
        for key in [*keys, *payload["details"]]:
            incoming = payload["values"].get(key) if key in keys else payload["details"][key]
            if session.workbook.values.set(case, key, incoming, actor, action=action):
                changed.append(key)
        # A refreshed copy holds what this hand-out gives and nothing more: answers an earlier one
        # gave (a section the lead has taken back, or kept out this time) are no longer the
        # co-worker's to see. Nothing of the co-worker's own is lost: a copy with work not handed
        # back is refused above.
        given = {*keys, *payload["details"]}
        removed = f"value removed: not in hand-out {package.handout_id} from {lead}"
        for key in [k for k in session.workbook.values.values(case) if k not in given]:
            if session.workbook.values.set(case, key, None, actor, action=removed):
                changed.append(key)
        synced = {k: payload["values"].get(k) for k in keys}
        store.set_restriction(case, Restriction(case.id, package.handout_id, sections, synced, lead), actor)
        received = Handout(
            package.handout_id, case.id, "received", sections, {}, synced, lead, stamp.made, None, stamp.number
        )
        store.add_handout(case, received, actor)
        sequence.record_import(store, case, package, stamp, actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.HANDOUT_IMPORTED, reference, tuple(changed))


def export_handback(
    session: WorkbookSession,
    reference: str,
    out: Path,
    passphrase: str | None = None,
    kdf: ScryptParams | None = None,
) -> ExportResult:
    """Write the co-worker's sections back for the lead, with their confirmation if still current."""
    job = prepare_handback(session, reference, out, passphrase, kdf)
    return record_handback(session, job, job.seal())


def prepare_handback(
    session: WorkbookSession,
    reference: str,
    out: Path,
    passphrase: str | None = None,
    kdf: ScryptParams | None = None,
) -> SealJob:
    """Read what a hand-back of the co-worker's sections holds (nothing is written yet)."""
    passphrase = exchange_passphrase(passphrase)
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        restriction = coworker_restriction(store, case)
        held = session.workbook.values.values(case)
        values = {k: held.get(k) for k in session.form.stored_keys(restriction.sections)}
        digest = values_digest(values)
        confirmed = [r for r in store.signoffs(case) if r.what == "coworker_confirmation" and r.covers_digest == digest]
        created = session.workbook.clock()
        number = handbacks_exported(store, restriction) + 1
        numbering = sequence.numbered(number, session.workbook.workbook_id)
    payload = handback_payload(session, case, restriction.sections, values, confirmed, created, numbering)
    record = (values, number)
    return SealJob(
        "handback", case.reference, restriction.handout_id, payload, passphrase, scrypt_params(kdf), out, record
    )


def record_handback(session: WorkbookSession, job: SealJob, data: bytes) -> ExportResult:
    """Record the sealed hand-back (the values it carries are now the lead's to merge) and write
    its file, both or neither."""
    store = CoworkingStore.of(session.workbook)
    with kept_only_if_recorded(job.out) as write, session.workbook.transaction():
        case = session.workbook.cases.get(job.reference)
        restriction = coworker_restriction(store, case)
        values, number = job.record
        if restriction.handout_id != job.file_id:
            raise InvalidInput("A new hand-out of this case was imported meanwhile; export the hand-back again.")
        if handbacks_exported(store, restriction) != number - 1:
            raise InvalidInput(CHANGED_MEANWHILE.format(what="hand-back"))
        store.mark_synced(case, values, restriction.handout_id, session.actor, file_name=job.out.name, number=number)
        write(data)
    change = Change(ChangeKind.HANDBACK_EXPORTED, job.reference, detail={"path": str(job.out)})
    return ExportResult(job.out, job.passphrase, restriction.handout_id, change, number)


# -- the lead: preview and apply the hand-back ---------------------------------------------
def preview_handback(session: WorkbookSession, package: ExchangeFile) -> HandbackPreview:
    """What applying the hand-back would do, with every conflict's two values side by side."""
    case, handout, payload = handback_target(session, package)
    store = CoworkingStore.of(session.workbook)
    already = store.was_imported(package.file_id, package.digest)
    if not already:
        sequence.refuse_unless_newer(store, package, case.reference, sequence.stamp_of(payload))
    take, conflicts = plan(session, case, handout, payload["values"])
    return HandbackPreview(case.reference, handout.id, payload["from"]["name"], already, tuple(take), tuple(conflicts))


def apply_handback(session: WorkbookSession, package: ExchangeFile, choices: Mapping[str, str] | None = None) -> Change:
    """Merge field by field. Every conflict needs a choice, 'mine' or 'theirs', or nothing changes."""
    choices = dict(choices or {})
    if any(choice not in ("mine", "theirs") for choice in choices.values()):
        raise InvalidInput("Choose 'mine' or 'theirs' for each field changed by both of you.")
    store = CoworkingStore.of(session.workbook)
    actor, values = session.actor, session.workbook.values
    with session.workbook.transaction():
        case, handout, payload = handback_target(session, package)
        if store.was_imported(package.file_id, package.digest):
            return Change(ChangeKind.HANDBACK_IMPORTED, case.reference, detail={"already_imported": True})
        stamp = sequence.stamp_of(payload)
        sequence.refuse_unless_newer(store, package, case.reference, stamp)
        take, conflicts = plan(session, case, handout, payload["values"])
        unresolved = [c.field_key for c in conflicts if c.field_key not in choices]
        if unresolved:
            raise MergeConflicts(unresolved)
        coworker = payload["from"]["name"]
        action = f"value merged from hand-back {handout.id} by {coworker}"
        changed = [key for key, value in take.items() if values.set(case, key, value, actor, action=action)]
        for conflict in conflicts:
            if choices[conflict.field_key] == "theirs":
                if values.set(case, conflict.field_key, conflict.theirs, actor, action=action + " (chosen over own)"):
                    changed.append(conflict.field_key)
            else:
                session.workbook.audit.append(
                    at=session.workbook.clock(),
                    actor=actor,
                    case_ref=case.reference,
                    field_key=conflict.field_key,
                    action=f"own value kept over hand-back {handout.id} by {coworker}",
                    old_json=as_json(conflict.theirs),
                    new_json=as_json(conflict.mine),
                )
        records = values.records(case)
        keys = list(handout.base)
        base = {k: (records[k].revision, records[k].value) if k in records else (0, None) for k in keys}
        store.set_handout_sync(handout.id, base, {k: payload["values"].get(k) for k in keys})
        record_confirmation(session, case, store, payload, base)
        if case.status != "draft":
            session.workbook.cases.set_status(case, "draft", actor)
        sequence.record_import(store, case, package, stamp, actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.HANDBACK_IMPORTED, case.reference, tuple(changed), detail={"conflicts": len(conflicts)})
