"""The sharing record of a case: every report, JSON and exchange file written from it.

Each export adds one entry to the case's hash-chained audit trail, in the same transaction as the
file is written, so there is no entry without a file and no file without an entry. An entry keeps
the file's name only, never its folder (a folder can name a person).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.files import kept_only_if_recorded
from hsb_desk.store.audit import AuditEntry
from hsb_desk.store.records import decode_object, encode

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

REPORT_EXPORTED = "report exported"
JSON_EXPORTED = "case data exported"
HANDOUT_EXPORTED = "hand-out exported"
HANDBACK_EXPORTED = "hand-back exported"
SHARING_ACTIONS = (REPORT_EXPORTED, JSON_EXPORTED, HANDOUT_EXPORTED, HANDBACK_EXPORTED)
REPORT_KINDS = {
    "full": "Full report",
    "shared": "Shared version",
    "safety_plan": "Immediate safety plan",  # the stand-alone safety plan (app/reports/safety_plan.py)
    "safety_plan_shared": "Immediate safety plan, shared version",
    "review": "Report of a review",  # app/reports/review_report.py
}
STANDARD_OUTPUT = "(printed, not saved to a file)"


@dataclass(frozen=True)
class SharingEntry:
    """One export: when (ISO time, UTC), who made it, what it was, and the file's name."""

    when: str
    who: str
    what: str
    file_name: str


def write_recorded(
    session: WorkbookSession, reference: str, path: Path, data: bytes, action: str, details: dict[str, Any]
) -> Path:
    """Write ``data`` to ``path`` and add its audit entry (``details`` and the file name), both
    or neither: the entry commits only once the file is complete."""
    with kept_only_if_recorded(path) as write, session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        record_export(session, case.reference, action, {**details, "file": path.name})
        write(data)
    return path


def record_export(session: WorkbookSession, reference: str, action: str, details: dict[str, Any]) -> None:
    """The audit entry of one export, in the caller's transaction."""
    session.workbook.audit.append(
        at=session.workbook.clock(),
        actor=session.actor,
        action=action,
        case_ref=reference,
        new_json=encode(details),
    )


def sharing_record(session: WorkbookSession, reference: str) -> list[SharingEntry]:
    """Every export of case ``reference``, oldest first."""
    case = session.workbook.cases.get(reference)
    entries = session.workbook.audit.entries(case.reference)
    return [_entry(e) for e in entries if e.action in SHARING_ACTIONS]


def _entry(entry: AuditEntry) -> SharingEntry:
    details = decode_object(entry.new_json)
    file_name = str(details.get("file") or "")
    if entry.action == REPORT_EXPORTED:
        what = describe_report(
            details.get("kind"), details.get("version"), bool(details.get("protected")), details.get("recipient")
        )
    elif entry.action == JSON_EXPORTED:
        what = f"Case data (JSON){_version(details.get('version'))}"
        file_name = file_name or STANDARD_OUTPUT
    elif entry.action == HANDOUT_EXPORTED:
        what = "Hand-out to the co-worker (encrypted)"
    else:
        what = "Hand-back to the lead (encrypted)"
    return SharingEntry(entry.at, entry.actor, what, file_name)


def describe_report(kind: Any, version: Any, protected: bool, recipient: Any = None) -> str:
    """'Full report, version 2, protected by a password', and ', copy for NAME, AGENCY' when the
    copy was made for one recipient."""
    name = REPORT_KINDS.get(str(kind), "Report")
    guard = "protected by a password" if protected else "not password-protected"
    whom = f", copy for {recipient}" if isinstance(recipient, str) and recipient else ""
    return f"{name}{_version(version)}, {guard}{whom}"


def _version(version: Any) -> str:
    return f", version {version}" if isinstance(version, int) and not isinstance(version, bool) else ""
