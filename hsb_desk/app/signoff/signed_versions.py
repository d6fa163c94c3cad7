"""A signed version as its report shows it, frozen at signing: values, status, label, sign-off
date, chronology and sign-off rows (see app/signoff/__init__.py, which signs, and docs/report.md);
and a manager's authorisation of it (their countersignature: agreement with the outcome, comments).

At sign-off the frame (status, label, date, chronology) is stored beside the values with its own
digest, and both digests are recorded in the "version signed" audit entry. Every read checks the
version against that entry and its sign-offs against theirs (app/signoff/at_signing.py), so a
version rewritten together with its digest columns is refused, not exported as signed. A version
signed before schema version 6 has no stored frame: one is built from what was kept (the
snapshot's values, status "signed off", the lead's sign-off date, and the chronology as far as
the record shows it at that date).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.app.form_migration import signed_on_version
from hsb_desk.app.pathway.chronology import KIND_ORDER, SOURCE_MEETINGS, SOURCE_RECORD, chronology, from_values
from hsb_desk.app.signoff.at_signing import mismatch, recorded
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.errors import InvalidInput, WorkbookDamaged
from hsb_desk.report.model import Authorisation, ChronologyEntry, SignOff
from hsb_desk.store.audit_format import AuditEntry
from hsb_desk.store.coworking import CoworkingStore, SignoffRecord, VersionRecord
from hsb_desk.store.records import CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.pathway.chronology import ChronologyEntry as CaseEvent
    from hsb_desk.app.session import WorkbookSession

SIGNOFF_LABELS = {
    "coworker_confirmation": "Co-worker confirmation",
    "lead_signoff": "Lead practitioner sign-off",
    "manager_countersign": "Manager countersignature",
}
SIGNED_STATUS = "signed_off"
ALTERED = (
    "Version {number} of this assessment is not what the audit trail recorded when it was signed: {problem}. "
    "It was changed outside HSB Desk, so it cannot be used or exported as signed. Restore the workbook from a "
    "backup, or ask your IT service."
)
#: The audit entries a lead's sign-off appends (the version frozen, the sign-off recorded).
SIGNED_ACTIONS = ("version signed", "assessment signed off")
COUNTERSIGN = "manager_countersign"
#: A manager's comments with their countersignature: a few paragraphs, not a second assessment.
MAX_COMMENTS = 4000
COMMENTS_NEEDED = (
    "The manager does not agree with the outcome of the assessment: write their comments, saying why. "
    "Nothing was recorded."
)
COMMENTS_TOO_LONG = "The manager's comments are too long: at most {limit:,} characters. Nothing was recorded."


@dataclass(frozen=True)
class SignedFrame:
    """Everything the report of signed version ``number`` shows, as at signing."""

    number: int
    values: dict[str, Any]  # as signed, computed values included
    status: str  # 'signed_off'
    label: str  # 'Version 1, signed off 3 March 2027'
    signed_on: date
    signoffs: tuple[SignOff, ...]  # of that version, a later countersignature included
    chronology: tuple[ChronologyEntry, ...]  # as at signing
    form_version: str = ""  # the form version it was signed on (app/form_migration.py)


def signed_label(number: int, signed_on: date) -> str:
    return f"Version {number}, signed off {format_uk_date(signed_on)}"


def frame_at_signing(session: WorkbookSession, reference: str, number: int, signed_on: str) -> dict[str, Any]:
    """What sign_off stores beside the values: called once the lead's sign-off is recorded, so
    the chronology holds the sign-off itself."""
    day = parse_iso_date(signed_on)
    if day is None:
        raise InvalidInput("Give the date as YYYY-MM-DD.")
    return {
        "status": SIGNED_STATUS,
        "label": signed_label(number, day),
        "signed_on": day.isoformat(),
        "chronology": [[e.date.isoformat(), e.what] for e in chronology(session, reference)],
        "form_version": session.form.version,
    }


def report_signoffs(records: Iterable[SignoffRecord]) -> list[SignOff]:
    """Sign-off records as the report shows them."""
    return [SignOff(r.who, r.role, SIGNOFF_LABELS[r.what], _day(r.signed_on), r.on_behalf_of, r.what) for r in records]


def report_authorisations(records: Iterable[SignoffRecord]) -> list[Authorisation]:
    """The managers' countersignatures among ``records`` as the report's authorisation blocks."""
    return [
        Authorisation(r.who, r.role, _day(r.signed_on), r.agrees, r.comments) for r in records if r.what == COUNTERSIGN
    ]


def checked_authorisation(agrees: bool | None, comments: str | None) -> str:
    """The comments of a manager's countersignature as recorded: without control characters
    (line breaks and tabs kept), trimmed. InvalidInput when ``agrees`` is not True, False or None,
    when the manager does not agree and says nothing, or when the comments are too long."""
    if agrees is not None and not isinstance(agrees, bool):
        raise InvalidInput("Say whether the manager agrees with the outcome of the assessment, or does not.")
    if comments is not None and not isinstance(comments, str):
        raise InvalidInput("The manager's comments must be text.")
    kept = "".join(ch for ch in comments or "" if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    kept = kept.strip()
    if len(kept) > MAX_COMMENTS:
        raise InvalidInput(COMMENTS_TOO_LONG.format(limit=MAX_COMMENTS))
    if agrees is False and not kept:
        raise InvalidInput(COMMENTS_NEEDED)
    return kept


def signed_frame(session: WorkbookSession, reference: str, number: int) -> SignedFrame:
    """Signed version ``number`` exactly as it was signed. Raises InvalidInput when that version
    was not signed, WorkbookDamaged (saying so) when what is kept is not what the audit trail
    recorded at signing."""
    case = session.workbook.cases.get(reference)
    store = CoworkingStore.of(session.workbook)
    at = recorded(session.workbook.audit.entries(case.reference))
    record = next((v for v in store.versions(case) if v.version == number), None)
    records = store.signoffs(case, number)
    problem = mismatch(number, record, records, at)
    if problem is not None:
        raise WorkbookDamaged(ALTERED.format(number=number, problem=problem))
    if record is None or record.status != "signed" or record.snapshot is None:
        raise InvalidInput(f"Version {number} of this assessment has not been signed.")
    signoffs = tuple(report_signoffs(records))
    signed_on_form = signed_on_version(session, case, record.frame)
    if record.frame is None:
        return replace(_legacy_frame(session, case, record, records, signoffs), form_version=signed_on_form)
    try:
        frame = record.frame
        signed_on = date.fromisoformat(frame["signed_on"])
        entries = tuple(ChronologyEntry(date.fromisoformat(day), str(what)) for day, what in frame["chronology"])
        status, label = str(frame["status"]), str(frame["label"])
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkbookDamaged() from exc
    return SignedFrame(number, dict(record.snapshot), status, label, signed_on, signoffs, entries, signed_on_form)


def signed_version_problems(session: WorkbookSession) -> list[str]:
    """For ``hsb-desk check``: each version, in every case, that is not what the audit trail
    recorded when it was signed ("case R, version N: why")."""
    store = CoworkingStore.of(session.workbook)
    by_case: dict[str | None, list[AuditEntry]] = {}
    for entry in session.workbook.audit.entries():
        by_case.setdefault(entry.case_ref, []).append(entry)
    problems = []
    for reference, *_summary in session.workbook.cases.summaries(None):
        case = session.workbook.cases.get(reference)
        at = recorded(by_case.get(reference, []))
        kept = {v.version: v for v in store.versions(case)}
        for number in sorted(set(kept) | set(at.signed)):
            problem = mismatch(number, kept.get(number), store.signoffs(case, number), at)
            if problem is not None:
                problems.append(f"case {reference}, version {number}: {problem}")
    return problems


# -- versions signed before schema version 6 -----------------------------------------------
def _legacy_frame(
    session: WorkbookSession,
    case: CaseRecord,
    record: VersionRecord,
    records: list[SignoffRecord],
    signoffs: tuple[SignOff, ...],
) -> SignedFrame:
    snapshot = dict(record.snapshot or {})
    lead = [r for r in records if r.what == "lead_signoff"]
    signed_on = _day(lead[-1].signed_on) if lead else _day((record.signed_at or "")[:10])
    entries = _chronology_then(session, case, snapshot, record.version, signed_on)
    label = signed_label(record.version, signed_on)
    return SignedFrame(record.version, snapshot, SIGNED_STATUS, label, signed_on, signoffs, entries)


def _chronology_then(
    session: WorkbookSession, case: CaseRecord, snapshot: Mapping[str, Any], number: int, signed_on: date
) -> tuple[ChronologyEntry, ...]:
    """The chronology from the signed values, and the record's own entries (meetings, actions,
    audit events, manual entries) dated on or before the signing date; audit events recorded
    after the version was signed are left out even on that date."""
    upto = _signed_seq(session, case, number)
    kept: list[CaseEvent] = [
        e
        for e in chronology(session, case.reference)
        if (e.source == SOURCE_RECORD and (upto is None or e.order <= upto)) or e.source == SOURCE_MEETINGS or e.manual
    ]
    events = [e for e in [*from_values(session.form, snapshot), *kept] if e.date <= signed_on]
    events.sort(key=lambda e: (e.date, KIND_ORDER.index(e.kind), e.order))
    return tuple(ChronologyEntry(e.date, e.what) for e in events)


def _signed_seq(session: WorkbookSession, case: CaseRecord, number: int) -> int | None:
    """The last audit entry of version ``number``'s sign-off, or None if none is found."""
    found = None
    for entry in session.workbook.audit.entries(case.reference):
        if entry.action not in SIGNED_ACTIONS or not entry.new_json:
            continue
        try:
            detail = json.loads(entry.new_json)
        except ValueError:
            continue
        if isinstance(detail, dict) and detail.get("version") == number:
            found = entry.seq if found is None else max(found, entry.seq)
    return found


def _day(text: str) -> date:
    parsed = parse_iso_date(text)
    if parsed is None:  # recorded by our own code as ISO; anything else is a damaged record
        raise WorkbookDamaged()
    return parsed
