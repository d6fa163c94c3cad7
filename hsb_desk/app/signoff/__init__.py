"""Section ownership, confirmation, sign-off, countersignature and amendment versions.

Version 1 of an assessment starts with the case. The lead's sign-off freezes the current version
with a snapshot of its values (as signed, computed values included) and its frame (status, label,
date, chronology: app/signoff/signed_versions.py), and makes the case read-only; an amendment starts the
next version with a written reason. Signed versions never change.

The lead's sign-off records the person at the keyboard: this workbook's profile. When that is not
the case's lead practitioner (the field with role ``lead_practitioner``), sign-off is refused
unless the signer says they sign on the lead's behalf, which the record and the report then say.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.signoff.signed_versions import SIGNOFF_LABELS as SIGNOFF_LABELS
from hsb_desk.app.signoff.signed_versions import SignedFrame as SignedFrame  # signoff.signed_frame is the API
from hsb_desk.app.signoff.signed_versions import checked_authorisation, frame_at_signing
from hsb_desk.app.signoff.signed_versions import signed_frame as signed_frame
from hsb_desk.app.signoff.signed_versions import signed_version_problems as signed_version_problems

# The readers, here under the names the callers have always used (signoff.versions ...).
from hsb_desk.app.signoff.versions import AGREEMENT as AGREEMENT
from hsb_desk.app.signoff.versions import VersionInfo as VersionInfo
from hsb_desk.app.signoff.versions import _current_version
from hsb_desk.app.signoff.versions import authorisations_for_report as authorisations_for_report
from hsb_desk.app.signoff.versions import signed_values as signed_values
from hsb_desk.app.signoff.versions import signoff_records as signoff_records
from hsb_desk.app.signoff.versions import signoffs_for_report as signoffs_for_report
from hsb_desk.app.signoff.versions import version_label as version_label
from hsb_desk.app.signoff.versions import versions as versions
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import CASE_CLOSED, CaseReadOnly, InvalidInput, SignOffBlocked
from hsb_desk.formspec.model import OWNER_ROLES, FormDefinition
from hsb_desk.formspec.values import missing_required
from hsb_desk.store.case_over_time import CaseOverTimeStore, ReassessmentRow
from hsb_desk.store.coworking import CoworkingStore, SignoffRecord, values_digest
from hsb_desk.store.records import LOCKED_STATUSES, CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

MAX_TEXT = 2000
LEAD_ROLE = "lead_practitioner"
NOT_THE_LEAD = (
    "This case's lead practitioner is {lead}, but this workbook's profile (who is signing) is {signer}. "
    "Sign off only as the lead, or say that you sign on {lead}'s behalf."
)
NO_NAME_FOR_LEAD = (
    "The lead's sign-off records who signs: this workbook's profile. Leave out the name; "
    "to sign for the lead practitioner, say that you sign on their behalf."
)


def section_owners(session: WorkbookSession, reference: str, form: FormDefinition | None = None) -> dict[str, str]:
    """Each section's owner, 'lead' or 'coworker': the form's default unless the lead reassigned it.
    ``form``: the sections of another form than the session's (the one a version was signed on)."""
    case = session.workbook.cases.get(reference)
    chosen = CoworkingStore.of(session.workbook).owners(case)
    return {s.key: chosen.get(s.key, s.owner) for s in (form or session.form).sections}


def editable_sections(session: WorkbookSession, reference: str) -> tuple[str, ...]:
    """The sections that may be edited in this workbook (none once signed off)."""
    case = session.workbook.cases.get(reference)
    if case.status in LOCKED_STATUSES:
        return ()
    restriction = CoworkingStore.of(session.workbook).restriction(case)
    return restriction.sections if restriction else tuple(s.key for s in session.form.sections)


def roles_here(session: WorkbookSession, reference: str | None) -> tuple[bool, bool]:
    """(lead, co-worker): which of the two sets of case commands apply. For a case, the one its
    copy is; for the workbook as a whole (no case chosen), each that any of its cases needs, the
    lead's alone in an empty workbook."""
    if reference is not None:
        copy = is_coworker_copy(session, reference)
        return not copy, copy
    copies, cases = CoworkingStore.of(session.workbook).copies_and_cases()
    return copies < cases or cases == 0, copies > 0


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
        if case.status in LOCKED_STATUSES:
            raise CaseReadOnly()
        current = section_owners(session, reference)[section_key]
        if current == owner:
            return Change(ChangeKind.OWNERS, reference)
        store.set_owner(case, section_key, owner, current, session.actor)
    return Change(ChangeKind.OWNERS, reference, detail={"section": section_key, "owner": owner})


def request_signoff(session: WorkbookSession, reference: str) -> Change:
    """The lead marks the assessment ready for sign-off (needs every required field)."""
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        _require_open(case)
        _require_complete(session, case, None)
        session.workbook.cases.set_status(case, "awaiting_signoff", session.actor)
    return Change(ChangeKind.STATUS, reference, detail={"status": "awaiting_signoff"})


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
    return Change(ChangeKind.SIGNOFF, reference, detail={"what": "coworker_confirmation"})


def sign_off(
    session: WorkbookSession,
    reference: str,
    name: str | None = None,
    role: str | None = None,
    on: str | None = None,
    on_behalf_of_lead: bool = False,
) -> Change:
    """The lead signs the current version: it is frozen as signed and the case becomes read-only.

    The signer is this workbook's profile (``name`` is refused: the lead's sign-off never records
    a typed-in signer); ``role`` may replace the profile's role. A signer who is not the case's
    lead practitioner is refused unless ``on_behalf_of_lead``, which is then recorded."""
    if _clean(name):
        raise InvalidInput(NO_NAME_FOR_LEAD)
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        _require_open(case)
        if case.status == "with_coworker":
            raise SignOffBlocked([], "The co-worker still has sections of this case: import their hand-back first.")
        _require_complete(session, case, None)
        mismatch = lead_mismatch(session, reference)
        if mismatch is not None and not on_behalf_of_lead:
            signer, lead = mismatch
            raise InvalidInput(NOT_THE_LEAD.format(lead=lead, signer=signer))
        number = _current_version(store, case)
        if not store.versions(case):
            store.start_version(case, 1, "First version", session.actor)
        snapshot = session.values_with_computed(reference)
        record = _record(session, case, store, "lead_signoff", None, role, on, values_digest(snapshot))
        if mismatch is not None:
            record = replace(record, on_behalf_of=mismatch[1])
        store.add_signoff(case, record, session.actor, "assessment signed off")
        # The frame is taken once the sign-off is recorded, so its chronology holds the sign-off.
        frame = frame_at_signing(session, reference, number, record.signed_on)
        store.sign_version(case, number, snapshot, frame, session.actor)
        session.workbook.cases.set_status(case, "signed_off", session.actor)
    return Change(ChangeKind.SIGNOFF, reference, detail={"what": "lead_signoff", "version": number})


def lead_mismatch(session: WorkbookSession, reference: str) -> tuple[str, str] | None:
    """(signer, lead) when this workbook's profile is not the case's recorded lead practitioner
    (compared trimmed and case-folded); None when it is, or the form or case names no lead."""
    key = session.form.role_key(LEAD_ROLE)
    if key is None:
        return None
    lead = _clean(str(session.values(reference).get(key) or ""))
    if not lead:
        return None  # required in the real pack: the completeness check refuses first
    profile = session.profile()
    signer = _clean((profile.name if profile else "") or session.actor)
    return None if _same_name(signer, lead) else (signer, lead)


def countersign(
    session: WorkbookSession,
    reference: str,
    name: str,
    role: str,
    on: str | None = None,
    agrees: bool | None = None,
    comments: str = "",
) -> Change:
    """A manager's countersignature (name, role, date) on the signed current version: their
    authorisation of it, saying whether they agree with its outcome (``agrees``; None: not said)
    and their ``comments``, which are required when they do not agree."""
    if not name.strip() or not role.strip():
        raise InvalidInput("A countersignature needs the manager's name and role.")
    said = checked_authorisation(agrees, comments)
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
        record = replace(record, agrees=agrees, comments=said)
        store.add_signoff(case, record, session.actor, "assessment countersigned")
    return Change(ChangeKind.SIGNOFF, reference, detail={"what": "manager_countersign", "version": number})


def amend(session: WorkbookSession, reference: str, reason: str) -> Change:
    """Start the next version of a signed-off assessment; the signed versions stay as they were."""
    reason = _clean(reason)
    if not reason:
        raise InvalidInput("Write the reason for the amendment: it is shown with the new version.")
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        if case.status in ("closed", "archived"):
            raise CaseReadOnly(_READ_ONLY[case.status])
        if case.status != "signed_off":
            raise InvalidInput("Only a signed-off assessment can be amended; this one can still be edited.")
        number = _current_version(store, case) + 1
        store.start_version(case, number, reason, session.actor)
        session.workbook.cases.set_status(case, "draft", session.actor)
    return Change(ChangeKind.VERSION, reference, detail={"version": number})


def reassess(session: WorkbookSession, reference: str, reason: str) -> Change:
    """Start a new assessment of the same case from the last one's values: the next version,
    marked as a reassessment, with its own sign-off. The signed versions stay as they were, and
    the change over time shows each assessment beside the reviews between them."""
    reason = _clean(reason)
    if not reason:
        raise InvalidInput("Write why the case is reassessed: it is shown with the new assessment.")
    store = CoworkingStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        _require_lead_copy(store, case)
        if case.status in ("closed", "archived"):
            raise CaseReadOnly(_READ_ONLY[case.status])
        if case.status != "signed_off":
            raise InvalidInput(
                "Only a signed-off assessment can be followed by a reassessment; this one is still open."
            )
        number = _current_version(store, case) + 1
        store.start_version(case, number, reason, session.actor, "reassessment started")
        row = ReassessmentRow(number, reason, session.actor, session.workbook.clock())
        CaseOverTimeStore.of(session.workbook).add_reassessment(case, row)
        session.workbook.cases.set_status(case, "draft", session.actor)
    return Change(ChangeKind.VERSION, reference, detail={"version": number, "reassessment": True})


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


# -- helpers ------------------------------------------------------------------------------
_READ_ONLY = {
    "closed": CASE_CLOSED,
    "archived": "This case is archived and read-only.",
}


def _require_lead_copy(store: CoworkingStore, case: CaseRecord) -> None:
    if store.restriction(case) is not None:
        raise CaseReadOnly("This is a co-worker copy of the case: only the lead can do this, in the lead's workbook.")


def _require_open(case: CaseRecord) -> None:
    if case.status == "signed_off":
        raise CaseReadOnly("This assessment is already signed off. Start an amendment to change it.")
    if case.status in ("closed", "archived"):
        raise CaseReadOnly(_READ_ONLY[case.status])


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


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean(text: str | None) -> str:
    """Trimmed text without control characters (except line breaks), at most MAX_TEXT long."""
    if not text:
        return ""
    kept = "".join(ch for ch in str(text) if ch in "\n\t" or ch.isprintable())
    return kept.strip()[:MAX_TEXT]
