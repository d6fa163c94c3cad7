"""The append-only audit log: every change, hash-chained so removal or alteration shows.

Each entry's hash covers its own fields and the previous entry's hash. ``verify`` walks the
chain and names the first entry that does not fit. The newest hash is also kept in ``meta`` so
that cutting entries off the end is detected too. The database triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hsb_desk.store.connection import Connection

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    case_ref: str | None
    action: str
    field_key: str | None
    old_json: str | None
    new_json: str | None


@dataclass(frozen=True)
class AuditVerification:
    entries: int
    first_broken: int | None  # seq of the first entry that does not fit, None when intact
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def _digest(entry: AuditEntry, prev_hash: str) -> str:
    payload = json.dumps(
        [
            entry.seq,
            entry.at,
            entry.actor,
            entry.case_ref,
            entry.action,
            entry.field_key,
            entry.old_json,
            entry.new_json,
            prev_hash,
        ],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


class AuditLog:
    """Appends within the caller's transaction, so a change and its entry commit together."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(
        self,
        *,
        at: str,
        actor: str,
        action: str,
        case_ref: str | None = None,
        field_key: str | None = None,
        old_json: str | None = None,
        new_json: str | None = None,
    ) -> AuditEntry:
        row = self._conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
        entry = AuditEntry(seq, at, actor, case_ref, action, field_key, old_json, new_json)
        digest = _digest(entry, prev_hash)
        self._conn.execute(
            "INSERT INTO audit_log (seq, at, actor, case_ref, action, field_key, old_json,"
            " new_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor, case_ref, action, field_key, old_json, new_json, prev_hash, digest),
        )
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{seq}:{digest}",),
        )
        return entry

    def entries(self, case_ref: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, actor, case_ref, action, field_key, old_json, new_json FROM audit_log"
        params: tuple[Any, ...] = ()
        if case_ref is not None:
            sql += " WHERE case_ref = ?"
            params = (case_ref,)
        return [AuditEntry(*row) for row in self._conn.execute(sql + " ORDER BY seq", params)]

    def verify(self) -> AuditVerification:
        prev_hash, expected_seq, count = GENESIS, 1, 0
        rows = self._conn.execute(
            "SELECT seq, at, actor, case_ref, action, field_key, old_json, new_json, prev_hash, hash"
            " FROM audit_log ORDER BY seq"
        )
        for row in rows:
            entry = AuditEntry(*row[:8])
            if entry.seq != expected_seq:
                return AuditVerification(count, expected_seq, "an entry is missing")
            if row[8] != prev_hash or _digest(entry, prev_hash) != row[9]:
                return AuditVerification(count, entry.seq, "the entry was altered")
            prev_hash, expected_seq, count = row[9], expected_seq + 1, count + 1
        head = self._conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        expected_head = f"{expected_seq - 1}:{prev_hash}" if count else None
        if (head[0] if head else None) != expected_head:
            return AuditVerification(count, expected_seq, "entries were removed from the end")
        return AuditVerification(count, None)
