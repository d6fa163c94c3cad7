"""Section ownership, confirmation, sign-off, countersignature and amendment versions.

Version 1 of an assessment starts with the case. The lead's sign-off freezes the current version
with a snapshot of its values (as signed, computed values included) and makes the case read-only;
an amendment starts the next version with a written reason. Signed versions never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.errors import CaseReadOnly, InvalidInput, SignOffBlocked, WorkbookDamaged
from hsb_desk.formspec.model import OWNER_ROLES, FormDefinition
from hsb_desk.formspec.values import missing_required
from hsb_desk.store.coworking import CoworkingStore, SignoffRecord, values_digest
from hsb_desk.store.records import CaseRecord
from hsb_desk.store.workbook import Workbook

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

SIGNOFF_LABELS = {
    "coworker_confirmation": "Co-worker confirmation",
    "lead_signoff": "Lead practitioner sign-off",
    "manager_countersign": "Manager countersignature",
}
NOT_HANDED_OUT = (
    "This part of the case was not handed out to you, so it cannot be changed here; the lead keeps it up to date."
)
MAX_TEXT = 2000


@dataclass(frozen=True)
class VersionInfo:
    number: int
    reason: str
    status: str  # 'open' or 'signed'
    started_at: str
    signed_at: str | None
    signed_on: str | None  # the lead's sign-off date, YYYY-MM-DD
    signed_by: str | None


def require_editable(workbook: Workbook, form: FormDefinition, case: CaseRecord, key: str) -> None:
    """Refuse an edit to a signed-off case, or to a field outside the sections handed out here."""
    if case.status == "signed_off":
        raise CaseReadOnly()
    if case.status == "archived":
        raise CaseReadOnly("This case is archived and read-only.")
    restriction = CoworkingStore.of(workbook).restriction(case)
    if restriction is not None:
        section = form.section_of(key)
        if section is None or section.key not in restriction.sections:
            raise CaseReadOnly(NOT_HANDED_OUT)


def section_owners(session: WorkbookSession, reference: str) -> dict[str, str]:
    """Each section's owner, 'lead' or 'coworker': the form's default unless the lead reassigned it."""
    case = session.workbook.cases.get(reference)
    chosen = CoworkingStore.of(session.workbook).owners(case)
    return {s.key: chosen.get(s.key, s.owner) for s in session.form.sections}


def editable_sections(session: WorkbookSession, reference: str) -> tuple[str, ...]:
    """The sections that may be edited in this workbook (none once signed off)."""
    case = session.workbook.cases.get(reference)
    if case.status in ("signed_off", "archived"):
        return ()
    restriction = CoworkingStore.of(session.workbook).restriction(case)
    return restriction.sections if restriction else tuple(s.key for s in session.form.sections)


def is_coworker_copy(session: WorkbookSession, reference: str) -> bool:
    case = session.workbook.cases.get(reference)
    return CoworkingStore.of(session.workbook).restriction(case) is not None


def set_section_owner(session: WorkbookSession, reference: str, section_key: str, owner: str) -> Change:
    """The lead gives a section to the lead or the co-worker."""
    if session.form.section(section_key) is None:
        raise InvalidInput("There is no section with that key in this form.")
    if owner not in OWNER_ROLES:
        raise InvalidInput(f"A section's owner is one of: {', '.join(OWNER_ROLES)}.")
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        if case.status == "signed_off":
            raise CaseReadOnly()
        current = section_owners(session, reference)[section_key]
        if current == owner:
            return Change("owners", reference)
        store.set_owner(case, section_key, owner, current, session.actor)
    return Change("owners", reference, detail={"section": section_key, "owner": owner})


def request_signoff(session: WorkbookSession, reference: str) -> Change:
    """The lead marks the assessment ready for sign-off (needs every required field)."""
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        _require_open(case)
        _require_complete(session, case, None)
        session.workbook.cases.set_status(case, "awaiting_signoff", session.actor)
    return Change("status", reference, detail={"status": "awaiting_signoff"})


def confirm_sections(
    session: WorkbookSession, reference: str, name: str | None = None, role: str | None = None, on: str | None = None
) -> Change:
    """The co-worker confirms their sections: in their own copy, or recorded by the lead (with a name)."""
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_open(case)
        restriction = store.restriction(case)
        if restriction is not None:
            sections = restriction.sections
        else:
            if not (name or "").strip():
                raise InvalidInput("Give the co-worker's name to record their confirmation.")
            sections = tuple(k for k, o in section_owners(session, reference).items() if o == "coworker")
        _require_complete(session, case, sections)
        values = _section_values(session, case, sections)
        record = _record(session, case, store, "coworker_confirmation", name, role, on, values_digest(values))
        store.add_signoff(case, record, session.actor, "co-worker sections confirmed")
    return Change("signoff", reference, detail={"what": "coworker_confirmation"})


def sign_off(
    session: WorkbookSession, reference: str, name: str | None = None, role: str | None = None, on: str | None = None
) -> Change:
    """The lead signs the current version: it is frozen as signed and the case becomes read-only."""
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        _require_open(case)
        if case.status == "with_coworker":
            raise SignOffBlocked([], "The co-worker still has sections of this case: import their hand-back first.")
        _require_complete(session, case, None)
        number = _current_version(store, case)
        if not store.versions(case):
            store.start_version(case, 1, "First version", session.actor)
        snapshot = session.values_with_computed(reference)
        digest = store.sign_version(case, number, snapshot, session.actor)
        record = _record(session, case, store, "lead_signoff", name, role, on, digest)
        store.add_signoff(case, record, session.actor, "assessment signed off")
        session.workbook.cases.set_status(case, "signed_off", session.actor)
    return Change("signoff", reference, detail={"what": "lead_signoff", "version": number})


def countersign(session: WorkbookSession, reference: str, name: str, role: str, on: str | None = None) -> Change:
    """A manager's countersignature (name, role, date) on the signed current version."""
    if not name.strip() or not role.strip():
        raise InvalidInput("A countersignature needs the manager's name and role.")
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        if case.status != "signed_off":
            raise InvalidInput("Only a signed-off assessment can be countersigned.")
        number = _current_version(store, case)
        if any(r.what == "manager_countersign" for r in store.signoffs(case, number)):
            raise InvalidInput("This version is already countersigned.")
        digest = store.versions(case)[-1].snapshot_digest or ""
        record = _record(session, case, store, "manager_countersign", name, role, on, digest)
        store.add_signoff(case, record, session.actor, "assessment countersigned")
    return Change("signoff", reference, detail={"what": "manager_countersign", "version": number})


def amend(session: WorkbookSession, reference: str, reason: str) -> Change:
    """Start the next version of a signed-off assessment; the signed versions stay as they were."""
    reason = _clean(reason)
    if not reason:
        raise InvalidInput("Write the reason for the amendment: it is shown with the new version.")
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        if case.status != "signed_off":
            raise InvalidInput("Only a signed-off assessment can be amended; this one can still be edited.")
        number = _current_version(store, case) + 1
        store.start_version(case, number, reason, session.actor)
        session.workbook.cases.set_status(case, "draft", session.actor)
    return Change("version", reference, detail={"version": number})


def record_imported_confirmation(
    session: WorkbookSession, case: CaseRecord, store: CoworkingStore, confirmation: dict[str, str], digest: str
) -> None:
    """The co-worker's confirmation, carried in their hand-back, recorded in the lead's workbook."""
    record = SignoffRecord(
        _current_version(store, case),
        "coworker_confirmation",
        _clean(confirmation["who"]),
        _clean(confirmation["role"]),
        confirmation["date"],
        session.workbook.clock(),
        digest,
    )
    store.add_signoff(case, record, session.actor, "co-worker confirmation imported from hand-back")


def versions(session: WorkbookSession, reference: str) -> list[VersionInfo]:
    """Every version, oldest first; version 1 is listed (open) before it is first signed."""
    case = session.workbook.cases.get(reference)
    store = CoworkingStore.of(session.workbook)
    leads = {r.version: r for r in store.signoffs(case) if r.what == "lead_signoff"}
    found = [
        VersionInfo(
            v.version,
            v.reason,
            v.status,
            v.started_at,
            v.signed_at,
            leads[v.version].signed_on if v.version in leads else None,
            leads[v.version].who if v.version in leads else None,
        )
        for v in store.versions(case)
    ]
    return found or [VersionInfo(1, "First version", "open", case.created_at, None, None, None)]


def signed_values(session: WorkbookSession, reference: str, version: int) -> dict[str, Any]:
    """The values of a signed version exactly as they were signed (computed values included)."""
    case = session.workbook.cases.get(reference)
    for record in CoworkingStore.of(session.workbook).versions(case):
        if record.version == version and record.status == "signed" and record.snapshot is not None:
            if values_digest(record.snapshot) != record.snapshot_digest:
                raise WorkbookDamaged()
            return dict(record.snapshot)
    raise InvalidInput(f"Version {version} of this assessment has not been signed.")


def signoff_records(
    session: WorkbookSession, reference: str, version: int | None = None
) -> list[tuple[str, str, str, str]]:
    """(who, role, what, date YYYY-MM-DD) for ``version`` (default: the current one), in order."""
    case = session.workbook.cases.get(reference)
    store = CoworkingStore.of(session.workbook)
    number = version if version is not None else _current_version(store, case)
    return [(r.who, r.role, SIGNOFF_LABELS[r.what], r.signed_on) for r in store.signoffs(case, number)]


def version_label(session: WorkbookSession, reference: str) -> str:
    """For the report and title bar, e.g. 'Version 2, signed off 3 March 2027'."""
    latest = versions(session, reference)[-1]
    if latest.status == "signed" and latest.signed_on:
        day = parse_iso_date(latest.signed_on)
        return f"Version {latest.number}, signed off {format_uk_date(day) if day else latest.signed_on}"
    if latest.number == 1:
        return "Version 1, draft"
    return f"Version {latest.number}, draft amendment of version {latest.number - 1}"


# -- helpers ------------------------------------------------------------------------------
def _current_version(store: CoworkingStore, case: CaseRecord) -> int:
    found = store.versions(case)
    return found[-1].version if found else 1


def _require_lead_copy(store: CoworkingStore, case: CaseRecord) -> None:
    if store.restriction(case) is not None:
        raise CaseReadOnly("This is a co-worker copy of the case: only the lead can do this, in the lead's workbook.")


def _require_open(case: CaseRecord) -> None:
    if case.status == "signed_off":
        raise CaseReadOnly("This assessment is already signed off. Start an amendment to change it.")


def _require_complete(session: WorkbookSession, case: CaseRecord, sections: tuple[str, ...] | None) -> None:
    missing = missing_required(session.form, session.workbook.values.values(case))
    if sections is not None:
        missing = [m for m in missing if m.section in sections]
    if missing:
        raise SignOffBlocked(missing)


def _section_values(session: WorkbookSession, case: CaseRecord, sections: tuple[str, ...]) -> dict[str, Any]:
    values = session.workbook.values.values(case)
    return {key: values.get(key) for key in session.form.stored_keys(sections)}


def _record(
    session: WorkbookSession,
    case: CaseRecord,
    store: CoworkingStore,
    what: str,
    name: str | None,
    role: str | None,
    on: str | None,
    digest: str,
) -> SignoffRecord:
    profile = session.profile()
    if _clean(name):  # someone else signing, recorded here: their own name and role
        who, role_text = _clean(name), _clean(role)
    else:
        who = (profile.name if profile else "") or session.actor
        role_text = _clean(role) or (profile.role if profile else "")
    return SignoffRecord(
        _current_version(store, case), what, who, role_text, _date(session, on), session.workbook.clock(), digest
    )


def _date(session: WorkbookSession, on: str | None) -> str:
    today = session.today()
    if on is None:
        return today.isoformat()
    day = parse_iso_date(on) if isinstance(on, str) else None
    if day is None:
        raise InvalidInput("Give the date as YYYY-MM-DD.")
    if day > today:
        raise InvalidInput("A sign-off date cannot be in the future.")
    return day.isoformat()


def _clean(text: str | None) -> str:
    """Trimmed text without control characters (except line breaks), at most MAX_TEXT long."""
    if not text:
        return ""
    kept = "".join(ch for ch in str(text) if ch in "\n\t" or ch.isprintable())
    return kept.strip()[:MAX_TEXT]
