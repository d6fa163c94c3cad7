"""What every per-case repository beyond values shares: the connection, the audit log, the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from hsb_desk.store.audit import AuditLog
from hsb_desk.store.connection import Connection
from hsb_desk.store.records import CaseRecord, encode
from hsb_desk.store.workbook import Workbook


class CaseStore:
    """Base of the co-working and pathway repositories: every change they make is audited in the
    caller's transaction through ``_log``."""

    def __init__(self, conn: Connection, audit: AuditLog, clock: Callable[[], str]) -> None:
        self._conn, self._audit, self._clock = conn, audit, clock

    @classmethod
    def of(cls, workbook: Workbook) -> Self:
        return cls(workbook.conn, workbook.audit, workbook.clock)

    def _log(self, case: CaseRecord, actor: str, action: str, new: Any = None, old: Any = None) -> None:
        self._audit.append(
            at=self._clock(),
            actor=actor,
            action=action,
            case_ref=case.reference,
            old_json=None if old is None else encode(old),
            new_json=None if new is None else encode(new),
        )
