"""What a service call changed, so that each screen refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Change:
    """``kind`` is one of: case_created, value, status, case_imported, case_purged, profile,
    passphrase, owners, handout_exported, handout_imported, handback_exported,
    handback_imported, signoff, version."""

    kind: str
    case_reference: str | None = None
    fields: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
