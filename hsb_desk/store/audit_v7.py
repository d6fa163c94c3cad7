"""The audit log as schema version 7 and before stored it, kept as that code wrote it.

Each row held its entry as text, its previous entry's hash (``prev_hash``) and its own
(``hash``: SHA-256 over the entry and the previous hash, 64 hex characters); the newest hash was
also in ``meta`` as "seq:hash". Entries rewritten to digests at the upgrade to version 7 kept
their original hashes and were vouched for by ``audit_compacted`` and the "audit compacted"
entry; purged entries by the "case purged" entry's kept digests. ``V7Log`` appends, redacts and
checks such a log: the migrations up to version 7 use it (through ``AuditLog``, which hands a log
of this layout to it), the upgrade to version 8 checks with it before converting, and so does
the check of a backup made before that upgrade.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hsb_desk.store.audit_format import (
    CANONICAL,
    COMPACTED,
    PURGED,
    AuditEntry,
    AuditVerification,
    is_value_action,
    is_value_payload,
    named_by,
    parsed,
)
from hsb_desk.store.connection import Connection

GENESIS = "0" * 64
COLUMNS = "seq, at, actor, case_ref, action, field_key, old_json, new_json, prev_hash, hash"
# at, actor, case_ref, action, field_key, old_json, new_json: an entry without its seq.
Fields = tuple[str, str, str | None, str, str | None, str | None, str | None]


def digest(entry: AuditEntry, prev_hash: str) -> str:
    """An entry's hash in the layout of version 7 and before."""
    fields = [entry.seq, entry.at, entry.actor, entry.case_ref, entry.action, entry.field_key]
    payload = CANONICAL.encode([*fields, entry.old_json, entry.new_json, prev_hash])
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def compacted_digest(row: tuple[Any, ...]) -> str:
    """What vouched for an entry rewritten to digests at the upgrade to version 7."""
    return hashlib.sha256(CANONICAL.encode(list(row)).encode("ascii")).hexdigest()


class V7Log:
    """The audit log of schema version 7 and before: appending, redacting and checking it, as
    that code did (migrations up to version 7 and the check of an older backup use it)."""

    def __init__(self, conn: Connection, schema: str = "main") -> None:
        self._conn, self._log, self._meta = conn, f"{schema}.audit_log", f"{schema}.meta"
        self._compacted = f"{schema}.audit_compacted"

    def append(self, fields: Fields) -> AuditEntry:
        row = self._conn.execute(f"SELECT seq, hash FROM {self._log} ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (row[0], row[1]) if row else (0, GENESIS)
        entry = AuditEntry(seq + 1, *fields)
        hashed = digest(entry, prev_hash)
        self._conn.execute(
            f"INSERT INTO {self._meta} (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{entry.seq}:{hashed}",),
        )
        self._conn.execute(
            f"INSERT INTO {self._log} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.seq, *fields, prev_hash, hashed),
        )
        return entry

    def verify(self) -> AuditVerification:
        prev_hash, expected_seq, count = GENESIS, 1, 0
        vouched = self._vouched_redactions()
        compaction = self._compaction()
        upto, vouches, total = compaction if compaction else (0, {}, hashlib.sha256())
        for row in self._conn.execute(f"SELECT {COLUMNS} FROM {self._log} ORDER BY seq"):
            entry = AuditEntry(*row[:8])
            if entry.seq != expected_seq:
                return AuditVerification(count, expected_seq, "an entry is missing")
            if row[8] != prev_hash:
                return AuditVerification(count, entry.seq, "the entry was altered")
            if entry.old_json is None and entry.new_json is None and entry.seq in vouched:
                intact = vouched[entry.seq] == _kept_digest(row)
                if entry.seq < upto and entry.seq in vouches:
                    total.update(vouches[entry.seq].encode("ascii"))  # compacted, then purged
            elif entry.seq < upto and entry.field_key is not None and is_value_payload(entry.new_json):
                kept = compacted_digest(row)
                intact = vouches.get(entry.seq) == kept
                total.update(kept.encode("ascii"))
            else:
                intact = digest(entry, prev_hash) == row[9]
            if intact and entry.seq == upto:
                intact = _vouches_for(entry.new_json, total.hexdigest())
            if not intact:
                return AuditVerification(count, entry.seq, "the entry was altered")
            prev_hash, expected_seq, count = row[9], expected_seq + 1, count + 1
        head = self._conn.execute(f"SELECT value FROM {self._meta} WHERE key = 'audit_head'").fetchone()
        expected_head = f"{expected_seq - 1}:{prev_hash}" if count else None
        if (head[0] if head else None) != expected_head:
            return AuditVerification(count, expected_seq, "entries were removed from the end")
        return AuditVerification(count, None)

    def _compaction(self) -> tuple[int, dict[int, str], Any] | None:
        row = self._conn.execute(
            f"SELECT seq FROM {self._log} WHERE action = ? ORDER BY seq LIMIT 1", (COMPACTED,)
        ).fetchone()
        if row is None:
            return None
        vouches = dict(self._conn.execute(f"SELECT seq, digest FROM {self._compacted}").fetchall())
        return int(row[0]), vouches, hashlib.sha256()

    def _vouched_redactions(self) -> dict[int, str]:
        vouched: dict[int, str] = {}
        rows = self._conn.execute(f"SELECT seq, new_json FROM {self._log} WHERE action = ?", (PURGED,))
        for seq, new_json in rows:
            try:
                listed = json.loads(new_json)["redacted"]
                pairs = [(int(s), str(d)) for s, d in listed if int(s) < seq]
            except (TypeError, ValueError, KeyError):
                continue
            vouched.update(pairs)
        return vouched

    def redact_case(self, case_ref: str) -> list[list[Any]]:
        rows = self._conn.execute(
            f"SELECT {COLUMNS} FROM {self._log} WHERE case_ref = ? AND action != ?"
            " AND (old_json IS NOT NULL OR new_json IS NOT NULL) ORDER BY seq",
            (case_ref, PURGED),
        ).fetchall()
        if not rows:
            return []
        trigger = self._conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
        ).fetchone()
        if trigger is not None:
            self._conn.execute("DROP TRIGGER audit_log_no_update")
        self._conn.executemany(
            f"UPDATE {self._log} SET old_json = NULL, new_json = NULL WHERE seq = ?", [(row[0],) for row in rows]
        )
        if trigger is not None:
            self._conn.execute(trigger[0])
        return [[row[0], _kept_digest(row)] for row in rows]

    def unmatched_value(self) -> int | None:
        """Version 7's check of the stored values: the seq of the last value entry of a field
        whose stored value is not the one it names (or one past the end: a value with no entry)."""
        last: dict[tuple[str, str], tuple[int, str | None]] = {}
        lives: dict[str, list[tuple[str, str]]] = {}
        newest = 0
        rows = self._conn.execute(
            f"SELECT seq, case_ref, field_key, action, new_json FROM {self._log}"
            " WHERE field_key IS NOT NULL OR action = 'case created' ORDER BY seq"
        )
        for seq, case_ref, field_key, action, new_json in rows:
            newest = seq
            if field_key is None:
                for key in lives.pop(case_ref, []):
                    last.pop(key, None)
            elif is_value_payload(new_json) or is_value_action(action):
                if (case_ref, field_key) not in last:
                    lives.setdefault(case_ref, []).append((case_ref, field_key))
                found = parsed(new_json) if is_value_payload(new_json) else None
                last[(case_ref, field_key)] = (seq, found[0] if found else named_by(new_json)[0])
        seen = set()
        stored = "SELECT c.reference, v.field_key, v.value_json FROM field_values v JOIN cases c ON c.id = v.case_id"
        for reference, field_key, value_json in self._conn.execute(stored):
            seen.add((reference, field_key))
            entry = last.get((reference, field_key))
            if entry is None:
                return newest + 1
            if entry[1] != hashlib.sha256(value_json.encode("ascii")).hexdigest():
                return entry[0]
        cases = {row[0] for row in self._conn.execute("SELECT reference FROM cases")}
        empty = hashlib.sha256(b"").hexdigest()
        for key, (seq, named) in sorted(last.items(), key=lambda item: item[1][0]):
            if key[0] in cases and key not in seen and named != empty:
                return seq
        return None


def _kept_digest(row: tuple[Any, ...]) -> str:
    seq, at, actor, case_ref, action, field_key, _old, _new, prev_hash, own = row
    payload = CANONICAL.encode([seq, at, actor, case_ref, action, field_key, prev_hash, own])
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _vouches_for(payload: str | None, total: str) -> bool:
    try:
        return isinstance(payload, str) and json.loads(payload).get("digest") == total
    except (ValueError, AttributeError):
        return False
