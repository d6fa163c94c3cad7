"""What a service call changed, so that each screen refreshes only what it shows.

Every service that writes returns a ``Change`` (or a result carrying one, or a list of them):
its kind, the case, the fields and sections it touched, and the record sets those live in. The
window hands each to one ``changed`` signal (ui/bridge.py) and every screen asks whether the
change touches what it shows (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Flag, StrEnum, auto
from typing import Any


@dataclass(frozen=True, slots=True)  # slots: a workbook can hold thousands (bench/)
class CaseSummary:
    reference: str
    child_name: str
    status: str
    updated_at: str
    archived: bool
    next_due: str | None = None  # ISO date of the earliest open time limit
    next_due_label: str = ""
    overdue: bool = False


class ChangeKind(StrEnum):
    """What happened. A StrEnum: the audit trail and the command line's JSON keep the words."""

    CASE_CREATED = "case_created"
    VALUE = "value"
    STATUS = "status"
    CASE_IMPORTED = "case_imported"
    CASE_PURGED = "case_purged"
    PROFILE = "profile"
    PASSPHRASE = "passphrase"
    OWNERS = "owners"
    HANDOUT_EXPORTED = "handout_exported"
    HANDOUT_IMPORTED = "handout_imported"
    HANDBACK_EXPORTED = "handback_exported"
    HANDBACK_IMPORTED = "handback_imported"
    SIGNOFF = "signoff"
    VERSION = "version"
    MEETING = "meeting"
    ACTION = "action"
    CHRONOLOGY = "chronology"
    REPORT_EXPORTED = "report_exported"
    PROCEDURE = "procedure"
    RULE = "rule"
    REVIEW = "review"
    CLOSURE = "closure"


class Records(Flag):
    """The record sets of a workbook a change can touch; a screen subscribes to those it shows."""

    NONE = 0
    CASES = auto()  # which cases exist (the case list's rows)
    VALUES = auto()  # a case's answers
    STATUS = auto()  # a case's status: draft, with the co-worker, signed off, archived
    OWNERS = auto()  # who fills which section
    VERSIONS = auto()  # signed versions, sign-offs, countersignatures
    PATHWAY = auto()  # meetings, actions and chronology entries
    SHARING = auto()  # what was exported and to whom
    PROFILE = auto()  # the practitioner's own details
    KEY = auto()  # the passphrase
    PROCEDURE = auto()  # the workbook's procedure profile (its rules and option lists)


_CASE = Records.CASES | Records.VALUES | Records.STATUS | Records.OWNERS
TOUCHES: dict[ChangeKind, Records] = {
    ChangeKind.CASE_CREATED: Records.CASES | Records.STATUS,
    ChangeKind.VALUE: Records.VALUES,
    ChangeKind.STATUS: Records.STATUS,
    ChangeKind.CASE_IMPORTED: _CASE,
    ChangeKind.CASE_PURGED: _CASE | Records.VERSIONS | Records.PATHWAY | Records.SHARING,
    ChangeKind.PROFILE: Records.PROFILE,
    ChangeKind.PASSPHRASE: Records.KEY,
    ChangeKind.OWNERS: Records.OWNERS,
    ChangeKind.HANDOUT_EXPORTED: Records.STATUS | Records.SHARING,
    ChangeKind.HANDOUT_IMPORTED: _CASE,
    ChangeKind.HANDBACK_EXPORTED: Records.STATUS | Records.SHARING,
    ChangeKind.HANDBACK_IMPORTED: Records.VALUES | Records.STATUS,
    ChangeKind.SIGNOFF: Records.STATUS | Records.VERSIONS,
    ChangeKind.VERSION: Records.STATUS | Records.VERSIONS,
    ChangeKind.MEETING: Records.PATHWAY,
    ChangeKind.ACTION: Records.PATHWAY,
    ChangeKind.CHRONOLOGY: Records.PATHWAY,
    ChangeKind.REPORT_EXPORTED: Records.SHARING,
    ChangeKind.PROCEDURE: Records.PROCEDURE | Records.PATHWAY,
    ChangeKind.RULE: Records.PATHWAY,
    ChangeKind.REVIEW: Records.PATHWAY,
    ChangeKind.CLOSURE: Records.STATUS | Records.PATHWAY,
}


@dataclass(frozen=True)
class Change:
    """One change to the workbook. ``case_reference`` is None for workbook-wide changes
    (profile, passphrase); ``fields`` and ``sections`` are what it touched, when it knows."""

    kind: ChangeKind
    case_reference: str | None = None
    fields: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    sections: tuple[str, ...] = ()

    @property
    def records(self) -> Records:
        return TOUCHES[self.kind]

    def touches(self, records: Records, reference: str | None = None) -> bool:
        """Whether this change touches any of ``records`` (of case ``reference``, if given;
        workbook-wide changes touch every case)."""
        if not self.records & records:
            return False
        return reference is None or self.case_reference in (None, reference)


def changes_in(result: Any) -> list[Change]:
    """The changes a service returned: a Change, a result carrying one (``.change``), or a
    list or tuple of those. Anything else (a read) changed nothing."""
    if isinstance(result, Change):
        return [result]
    carried = getattr(result, "change", None)
    if isinstance(carried, Change):
        return [carried]
    if isinstance(result, list | tuple):
        return [change for item in result for change in changes_in(item)]
    return []

