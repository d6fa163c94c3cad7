"""Version 7: value changes are audited by digest, and each field keeps a coalesced history.

Before version 7 every save of a field appended an audit entry holding the field's whole old and
new text, so a narrative typed with autosave made a log quadratic in its length. This migration
(run after a backup, in one transaction, see ``schema.migrate``):

1. adds ``value_history`` (one revision per editing spell, kept as a change: see store/history.py)
   and ``audit_compacted`` (what vouches for the rewritten entries), and lets the newest value
   entry of the log be amended while its spell goes on (the trigger says exactly what may change);
2. rebuilds the value history from the old entries, coalesced into spells as new saves are;
3. rewrites each old value entry whose hash still proves its content to digests of its old and
   new text, keeping its hashes, and appends an "audit compacted" entry naming the digest over
   what each rewritten entry now holds (``audit_compacted`` keeps the per-entry digests, so an
   entry altered later is named). An entry whose hash did not fit is left as it was, so the
   check still reports it: the upgrade never launders a broken chain. Nothing is compacted when
   the log's head in ``meta`` does not match the log (entries cut off the end stay visible);
4. verifies: a chain that verified before still verifies, or the upgrade is rolled back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from datetime import UTC, datetime
from typing import Any

from hsb_desk.store.audit import (
    _COLUMNS,
    COMPACTED,
    PURGED,
    AuditEntry,
    AuditLog,
    _compacted_digest,
    _digest,
    _same_spell,
    is_value_action,
    value_payload,
)
from hsb_desk.store.connection import Connection
from hsb_desk.store.history import change

SQL = """
CREATE TABLE value_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    audit_seq INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    saves INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    prefix INTEGER NOT NULL,
    suffix INTEGER NOT NULL,
    removed TEXT NOT NULL
);
CREATE INDEX value_history_field ON value_history(case_id, field_key);

CREATE TABLE audit_compacted (
    seq INTEGER PRIMARY KEY,
    digest TEXT NOT NULL
);

CREATE TRIGGER audit_compacted_no_change BEFORE UPDATE ON audit_compacted
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_compacted_no_delete BEFORE DELETE ON audit_compacted
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

DROP TRIGGER IF EXISTS audit_log_no_update;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    OLD.seq = (SELECT max(seq) FROM audit_log) AND NEW.seq = OLD.seq
    AND OLD.field_key IS NOT NULL AND NEW.field_key IS OLD.field_key
    AND NEW.case_ref IS OLD.case_ref AND NEW.actor IS OLD.actor AND NEW.action IS OLD.action
    AND NEW.old_json IS OLD.old_json AND NEW.prev_hash IS OLD.prev_hash
    AND OLD.new_json LIKE '{"sha256":%' AND NEW.new_json LIKE '{"sha256":%'
)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

_LIFE_STARTS = ("case created", PURGED, "case removed")


@dataclass
class _Spell:
    case_ref: str
    field_key: str
    entry: AuditEntry  # as a spell's entry would read now (digests, saves, since)
    base: str  # the field's text before the spell
    end: str  # and after it
    revision: int
    saves: int = 1
    started_at: str = ""


@dataclass
class _Rebuild:
    """The value history, rebuilt spell by spell in log order (any other entry ends a spell)."""

    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    revisions: dict[tuple[str, str], int] = field(default_factory=dict)
    spells: list[_Spell] = field(default_factory=list)
    open: _Spell | None = None

    def entry(self, entry: AuditEntry) -> None:
        if entry.action in _LIFE_STARTS and entry.case_ref is not None:
            self._close()
            self._forget(entry.case_ref)
            return
        if not (entry.field_key and entry.case_ref and is_value_action(entry.action)):
            self._close()
            return
        if entry.old_json is None and entry.new_json is None:
            self._close()  # redacted by a purge before the upgrade: the case is gone
            return
        key = (entry.case_ref, entry.field_key)
        new = entry.new_json or ""
        revision = self.revisions.get(key, 0) + 1
        self.revisions[key] = revision
        old = self.texts.get(key, "")
        self.texts[key] = new
        spell = self.open
        if spell is not None and _same_spell(spell.entry, entry.at, entry.actor, entry.action, *key):
            spell.end, spell.revision, spell.saves = new, revision, spell.saves + 1
            spell.entry = AuditEntry(spell.entry.seq, entry.at, *_rest(spell.entry), value_payload(new))
            return
        self._close()
        payload = value_payload(new, 1)
        self.open = _Spell(*key, AuditEntry(entry.seq, entry.at, *_rest(entry), payload), old, new, revision)
        self.open.started_at = entry.at

    def _close(self) -> None:
        if self.open is not None:
            self.spells.append(self.open)
            self.open = None

    def _forget(self, case_ref: str) -> None:
        for key in [k for k in self.texts if k[0] == case_ref]:
            del self.texts[key]
            self.revisions.pop(key, None)
        self.spells = [s for s in self.spells if s.case_ref != case_ref]

    def write(self, conn: Connection) -> None:
        self._close()
        cases = dict(conn.execute("SELECT reference, id FROM cases").fetchall())
        rows = []
        for spell in self.spells:
            case_id = cases.get(spell.case_ref)
            if case_id is None:
                continue
            moved = change(spell.base, spell.end)
            entry = spell.entry
            spelled = (case_id, spell.field_key, entry.seq, entry.actor, entry.action, spell.started_at, entry.at)
            rows.append((*spelled, spell.saves, spell.revision, *astuple(moved)))
        conn.executemany(
            "INSERT INTO value_history (case_id, field_key, audit_seq, actor, action, started_at, ended_at,"
            " saves, revision, prefix, suffix, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _rest(entry: AuditEntry) -> tuple[str, str | None, str, str | None, str | None]:
    """actor, case_ref, action, field_key and old_json, as a value entry's digests read them."""
    old = entry.old_json
    digest = old if old is not None and old.startswith('{"sha256":') else value_payload(old or "")
    return entry.actor, entry.case_ref, entry.action, entry.field_key, digest


def STEP(conn: Connection) -> None:  # the name the migration loader looks for
    log = AuditLog(conn)
    verified_before = log.verify().ok
    rebuild = _Rebuild()
    rewritten: list[tuple[str, str, int]] = []
    vouches: list[tuple[int, str]] = []
    head = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    newest = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    compact = newest is not None and head is not None and head[0] == f"{newest[0]}:{newest[1]}"
    for row in conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq"):
        entry = AuditEntry(*row[:8])
        rebuild.entry(entry)
        if not (compact and entry.field_key and is_value_action(entry.action)):
            continue
        if entry.old_json is None and entry.new_json is None:
            continue  # redacted by a purge: nothing to rewrite
        if _digest(entry, row[8]) != row[9]:
            continue  # does not fit its hash: left as it is, for the check to report
        old, new = value_payload(entry.old_json or ""), value_payload(entry.new_json or "")
        rewritten.append((old, new, entry.seq))
        vouches.append((entry.seq, _compacted_digest((*row[:6], old, new, row[8], row[9]))))
    rebuild.write(conn)
    if rewritten:
        trigger = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
        ).fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.executemany("UPDATE audit_log SET old_json = ?, new_json = ? WHERE seq = ?", rewritten)
        _repack(conn, trigger)
        conn.executemany("INSERT INTO audit_compacted (seq, digest) VALUES (?, ?)", vouches)
        total = _total(digest for _seq, digest in vouches)
        payload: dict[str, Any] = {"entries": len(vouches), "digest": total, "old_head": head[0] if head else None}
        log.append(
            at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            actor="HSB Desk",
            action=COMPACTED,
            new_json=json.dumps(payload, ensure_ascii=True, separators=(",", ":")),
        )
    if verified_before and not log.verify().ok:
        raise RuntimeError("the audit trail did not verify after the upgrade")


def _repack(conn: Connection, no_update: str) -> None:
    """Copy the log into a fresh table: rows that shrank from whole texts to digests would
    otherwise leave one small row per page. The old pages are zeroed (secure_delete) and reused;
    the file itself shrinks only at a VACUUM."""
    no_delete = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'"
    ).fetchone()
    table = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone()[0]
    conn.execute(table.replace("CREATE TABLE audit_log", "CREATE TABLE audit_log_repacked", 1))
    conn.execute(f"INSERT INTO audit_log_repacked ({_COLUMNS}) SELECT {_COLUMNS} FROM audit_log ORDER BY seq")
    conn.execute("DROP TABLE audit_log")
    conn.execute("ALTER TABLE audit_log_repacked RENAME TO audit_log")
    conn.execute(no_update)
    if no_delete is not None:
        conn.execute(no_delete[0])


def _total(digests: Iterable[str]) -> str:
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest.encode("ascii"))
    return total.hexdigest()
