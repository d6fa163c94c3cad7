"""Reading a case's versions and sign-offs: what the window's Versions list, the report and the
command line show (the writes are in app/signoff/__init__.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hsb_desk.app.signoff.signed_versions import (
    COUNTERSIGN,
    SIGNOFF_LABELS,
    report_authorisations,
    report_signoffs,
    signed_frame,
    signed_label,
)
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.report.model import Authorisation, SignOff
from hsb_desk.store.coworking import CoworkingStore, SignoffRecord
from hsb_desk.store.records import CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession


@dataclass(frozen=True)
class VersionInfo:
    number: int
    reason: str
    status: str  # 'open' or 'signed'
    started_at: str
    signed_at: str | None
    signed_on: str | None  # the lead's sign-off date, YYYY-MM-DD
    signed_by: str | None  # "X on behalf of Y" when X signed for the lead
    authorised: str = ""  # the manager's countersignature: "Morgan Manager, does not agree with the outcome"
    authorised_by: str = ""  # the manager's name alone


def versions(session: WorkbookSession, reference: str) -> list[VersionInfo]:
    """Every version, oldest first; version 1 is listed (open) before it is first signed."""
    case = session.workbook.cases.get(reference)
    store = CoworkingStore.of(session.workbook)
    records = store.signoffs(case)
    leads = {r.version: r for r in records if r.what == "lead_signoff"}
    managers = {r.version: r for r in records if r.what == COUNTERSIGN}
    found = [
        VersionInfo(
            v.version,
            v.reason,
            v.status,
            v.started_at,
            v.signed_at,
            leads[v.version].signed_on if v.version in leads else None,
            _signer(leads[v.version]) if v.version in leads else None,
            _authorised(managers[v.version]) if v.version in managers else "",
            managers[v.version].who if v.version in managers else "",
        )
        for v in store.versions(case)
    ]
    return found or [VersionInfo(1, "First version", "open", case.created_at, None, None, None)]


AGREEMENT = {True: "agrees with the outcome", False: "does not agree with the outcome", None: ""}


def _authorised(record: SignoffRecord) -> str:
    """Who countersigned, and whether they agree with the outcome (when they said)."""
    agreement = AGREEMENT[record.agrees]
    return f"{record.who}, {agreement}" if agreement else record.who


def signed_values(session: WorkbookSession, reference: str, version: int) -> dict[str, Any]:
    """The values of a signed version exactly as they were signed (computed values included)."""
    return signed_frame(session, reference, version).values


def signoff_records(
    session: WorkbookSession, reference: str, version: int | None = None
) -> list[tuple[str, str, str, str]]:
    """(who, role, what, date YYYY-MM-DD) for ``version`` (default: the current one), in order."""
    return [(r.who, r.role, SIGNOFF_LABELS[r.what], r.signed_on) for r in _signoffs(session, reference, version)]


def signoffs_for_report(session: WorkbookSession, reference: str, version: int | None = None) -> list[SignOff]:
    """The sign-offs of ``version`` (default: the current one) as the report shows them, with
    on whose behalf the lead's was signed."""
    return report_signoffs(_signoffs(session, reference, version))


def authorisations_for_report(
    session: WorkbookSession, reference: str, version: int | None = None
) -> list[Authorisation]:
    """The managers' countersignatures of ``version`` (default: the current one) as the report's
    authorisation blocks: agreement with the outcome, comments, name, role and date."""
    return report_authorisations(_signoffs(session, reference, version))


def version_label(session: WorkbookSession, reference: str) -> str:
    """For the report and title bar, e.g. 'Version 2, signed off 3 March 2027'."""
    latest = versions(session, reference)[-1]
    if latest.status == "signed" and latest.signed_on:
        day = parse_iso_date(latest.signed_on)
        return signed_label(latest.number, day) if day else f"Version {latest.number}, signed off {latest.signed_on}"
    if latest.number == 1:
        return "Version 1, draft"
    return f"Version {latest.number}, draft amendment of version {latest.number - 1}"


def _current_version(store: CoworkingStore, case: CaseRecord) -> int:
    found = store.versions(case)
    return found[-1].version if found else 1


def _signoffs(session: WorkbookSession, reference: str, version: int | None) -> list[SignoffRecord]:
    """The sign-off records of ``version`` (None: the current one), in the order they were made."""
    case = session.workbook.cases.get(reference)
    store = CoworkingStore.of(session.workbook)
    return store.signoffs(case, version if version is not None else _current_version(store, case))


def _signer(record: SignoffRecord) -> str:
    return f"{record.who} on behalf of {record.on_behalf_of}" if record.on_behalf_of else record.who
