"""Version 8: a dense audit log, a value history of only what cannot be rebuilt, one reseal.

Version 7 stored every entry as text with two 64-character hashes, and each value entry with the
digests of the value before and after its spell (about 400 bytes an entry), beside a history row
per spell: a workbook held about eight times what had been typed. Version 8 stores a value entry
in about 35 bytes and the history only for spells that removed or replaced text (see
store/audit.py and store/history.py). This migration, run after a backup, in one transaction
(``schema.migrate``):

1. checks the version 7 chain as version 7 did (``audit_v7.V7Log``: that code, kept as it was),
   and every stored value against it;
2. copies the log into the version 8 layout, entry by entry, each read exactly as before: a
   value entry is stored densely only where what it names is recorded elsewhere (the next
   spell's old digest, the stored value), otherwise its payload is kept whole; every entry gets
   its version 8 link, computed over what it holds, from the first entry on (the reseal);
3. proves the copy: every entry read back from the new log equals the old one;
4. copies the value history, keeping only what cannot be rebuilt;
5. appends one "audit resealed" entry naming how many entries were resealed and the version 7
   head, and, when step 1 found the chain broken, where and why: the version 8 check reports
   that break for as long as the workbook exists, so the reseal never launders a broken chain;
6. checks the new log: a workbook whose chain and values verified must verify, one that did not
   must not; otherwise the whole upgrade is rolled back.

The compaction table of version 7 (``audit_compacted``) is dropped: step 1 checked each entry it
vouched for, and each is now covered by its own link.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from hsb_desk.store.audit import AuditLog
from hsb_desk.store.audit_format import (
    LINK0,
    RESEALED,
    ROW,
    TAG,
    AuditEntry,
    Head,
    Names,
    at_stored,
    is_legacy_layout,
    is_value_action,
    is_value_payload,
    link,
    named_by,
    old_stored,
    parsed,
    payload_text,
)
from hsb_desk.store.audit_v7 import COLUMNS, V7Log
from hsb_desk.store.audit_values import Context
from hsb_desk.store.connection import Connection

SQL = """
CREATE TABLE IF NOT EXISTS audit_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS audit_names_no_update BEFORE UPDATE ON audit_names
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER IF NOT EXISTS audit_names_no_delete BEFORE DELETE ON audit_names
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# No column types: a value entry's numbers and blobs are stored as they are. ``prev_hash`` is
# not stored (a link covers the one before it); the column stays, always empty, so that the
# version 7 migration's code still reads the table.
_LOG = """
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at NOT NULL,
    actor NOT NULL,
    case_ref,
    action NOT NULL,
    field_key,
    old_json,
    new_json,
    hash NOT NULL,
    prev_hash GENERATED ALWAYS AS (NULL) VIRTUAL
)"""

# The newest value entry may be amended while its spell goes on: its time, its saves and its
# link only. Every other update, and every delete, is refused.
_TRIGGERS = (
    "DROP TRIGGER IF EXISTS audit_log_no_update",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    OLD.seq = (SELECT max(seq) FROM audit_log) AND NEW.seq = OLD.seq
    AND typeof(OLD.action) = 'integer' AND NEW.action IS OLD.action AND NEW.actor IS OLD.actor
    AND NEW.case_ref IS OLD.case_ref AND NEW.field_key IS OLD.field_key AND NEW.old_json IS OLD.old_json
    AND OLD.new_json IS NOT NULL AND NEW.new_json IS NOT NULL
)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    "DROP TRIGGER IF EXISTS audit_log_no_delete",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)

_HISTORY_COLUMNS = ("audit_seq", "case_id", "first_seq", "started_at", "prefix", "suffix", "removed")
_HISTORY = """
CREATE TABLE value_history_v8 (
    audit_seq INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    first_seq INTEGER,
    started_at TEXT,
    prefix INTEGER NOT NULL,
    suffix INTEGER NOT NULL,
    removed TEXT NOT NULL
)"""

# What version 7 counted as a value entry (``unmatched_value``), in SQL and in Python.
_IS_VALUE = (
    "field_key IS NOT NULL AND (substr(new_json, 1, 10) = '{\"sha256\":'"
    " OR action IN ('value set', 'value imported') OR substr(action, 1, 27) = 'value merged from hand-back')"
)


def _is_value(entry: AuditEntry) -> bool:
    return entry.field_key is not None and (is_value_payload(entry.new_json) or is_value_action(entry.action))


# -- the upgrade ---------------------------------------------------------------------------------
def STEP(conn: Connection) -> None:  # the name the migration loader looks for
    legacy = is_legacy_layout(conn)
    if legacy and conn.execute("SELECT EXISTS (SELECT 1 FROM audit_log)").fetchone()[0]:
        _upgrade(conn)
    else:
        # A new workbook (or one already in this layout: tests run older migrations over it): no
        # entries to carry over, so none of the upgrade's statements run. That also keeps the
        # distinct statements a new workbook's connection has run well under the 100 its
        # statement cache holds (sqlcipher3's cache keeps the most used; once it is full, each
        # statement first run after that evicts the one before, and the saves never hit it).
        if conn.execute("SELECT EXISTS (SELECT 1 FROM value_history)").fetchone()[0]:
            raise RuntimeError("a value history without the audit log it comes from")
        if legacy:
            conn.execute("DROP TABLE audit_log")
            conn.execute(_LOG)
        if _columns(conn, "value_history") != list(_HISTORY_COLUMNS):
            conn.execute("DROP TABLE value_history")
            conn.execute(_HISTORY)
            conn.execute("ALTER TABLE value_history_v8 RENAME TO value_history")
        for sql in _TRIGGERS:
            conn.execute(sql)
    conn.execute("DROP TABLE IF EXISTS audit_compacted")


def _upgrade(conn: Connection) -> None:
    old = V7Log(conn)
    chain = old.verify()
    verified = chain.ok and old.unmatched_value() is None
    found = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    conn.execute("ALTER TABLE audit_log RENAME TO audit_log_v7")
    conn.execute(_LOG)
    count = _copy(conn)
    _prove(conn)
    _upgrade_history(conn)
    conn.execute("DROP TABLE audit_log_v7")
    for sql in _TRIGGERS:
        conn.execute(sql)
    if count:
        record: dict[str, Any] = {"format": 8, "entries": count, "old_head": found[0] if found else None}
        if not chain.ok:
            record["broken"] = {"seq": chain.first_broken, "reason": chain.reason}
        AuditLog(conn).append(
            at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            actor="HSB Desk",
            action=RESEALED,
            new_json=json.dumps(record, ensure_ascii=True, separators=(",", ":")),
        )
    after = AuditLog(conn).verify()
    if after.ok != verified:
        raise RuntimeError(f"the audit trail would read differently after the upgrade: {after}")


def _copy(conn: Connection) -> int:
    """Every entry of the old log into the new one, as it reads, each linked to the one before."""
    names, context = Names(conn, "main.audit_names"), Context(conn, "main", table="audit_log_v7")
    successors = conn.execute(
        f"SELECT seq, lead(seq) OVER w, lead(old_json) OVER w FROM audit_log_v7 WHERE {_IS_VALUE}"
        " WINDOW w AS (PARTITION BY case_ref, field_key ORDER BY seq) ORDER BY seq"
    )
    prev = before = LINK0
    rows: list[tuple[Any, ...]] = []
    count = newest = 0
    following = iter(successors)
    for row in conn.execute(f"SELECT {COLUMNS} FROM audit_log_v7 ORDER BY seq"):
        entry = AuditEntry(*row[:8])
        stored: tuple[Any, ...] = row[1:8]
        if _is_value(entry):
            seq, next_seq, next_old = next(following)
            if seq != entry.seq:
                raise RuntimeError("the value entries of the old log could not be followed")
            named = context.named(entry, context.place(entry, next_seq), next_old)
            ids = (names.id(entry.actor), names.id(entry.case_ref), names.id(entry.action), names.id(entry.field_key))
            stored = (at_stored(entry.at), *ids, old_stored(entry.old_json), _new(entry.new_json, named))
        before, prev = prev, link(prev, entry)
        rows.append((entry.seq, *stored, prev[:TAG]))
        count, newest = count + 1, entry.seq
        if len(rows) >= 2000:
            conn.executemany(f"INSERT INTO audit_log ({ROW}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            rows = []
    conn.executemany(f"INSERT INTO audit_log ({ROW}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    successors.close()
    conn.execute("DELETE FROM meta WHERE key = 'audit_head'")
    if count:
        conn.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?)", (Head(newest, before, prev).text(),))
    return count


def _new(new_json: str | None, named: tuple[str, int] | None) -> Any:
    """The new payload as stored: its saves alone when what it names is recorded elsewhere and
    reads back exactly; otherwise whole."""
    found = parsed(new_json)
    if found is None or named != (found[0], found[1]) or not set(found[2]) <= {"sha256", "length", "saves"}:
        return new_json
    saves = found[2].get("saves")
    if saves is not None and (type(saves) is not int or saves < 1):
        return new_json
    return (saves or 0) if payload_text(found[0], found[1], saves) == new_json else new_json


def _prove(conn: Connection) -> None:
    """Every entry of the new log reads exactly as the old one did."""
    walk = AuditLog(conn).walk()
    try:
        for row in conn.execute(f"SELECT {COLUMNS} FROM audit_log_v7 ORDER BY seq"):
            entry, _problem = next(walk, (None, None))
            if entry != AuditEntry(*row[:8]):
                raise RuntimeError(f"entry {row[0]} would not read as it did before the upgrade")
    finally:
        walk.close()


def _upgrade_history(conn: Connection) -> None:
    """Version 7 kept a row per spell, named by its first entry; version 8 keeps a row only for a
    spell that cannot be undone by cutting the value back to the length its entry names, or that
    spans several entries (saves before version 7), or whose start its entry does not hold."""
    conn.execute(_HISTORY)
    lives: dict[str, int] = dict(
        conn.execute("SELECT case_ref, max(seq) FROM audit_log_v7 WHERE action = 'case created' GROUP BY case_ref")
    )
    reading = conn.execute(
        f"SELECT case_ref, field_key, seq, at, old_json FROM audit_log_v7 WHERE {_IS_VALUE}"
        " AND case_ref IS NOT NULL ORDER BY case_ref, field_key, seq"
    )
    entries = _grouped(reading)
    spells = _grouped(
        conn.execute(
            "SELECT c.reference, h.field_key, h.audit_seq, h.case_id, h.started_at, h.prefix, h.suffix, h.removed"
            " FROM value_history h JOIN cases c ON c.id = h.case_id ORDER BY c.reference, h.field_key, h.audit_seq"
        )
    )
    written: list[tuple[Any, ...]] = []
    current = next(entries, None)
    for key, group in spells:  # both in (case, field) order: a merge
        while current is not None and current[0] < key:
            current = next(entries, None)
        life = lives.get(key[0], 0)
        mine = [m for m in current[1] if m[0] > life] if current is not None and current[0] == key else []
        for number, (start, case_id, started_at, prefix, suffix, removed) in enumerate(group):
            stop = group[number + 1][0] if number + 1 < len(group) else None
            span = [m for m in mine if m[0] >= start and (stop is None or m[0] < stop)]
            last, first = (span[-1][0], span[0]) if span else (start, (start, None, None))
            first_seq = first[0] if first[0] != last else None
            started = started_at if started_at != first[1] else None
            length = named_by(first[2])[1]  # what cut_back takes: (0, 0, "") from nothing, else (length - 1, 1, "")
            plain = (prefix, suffix, removed) == ((length - 1, 1, "") if length else (0, 0, ""))
            if not plain or first_seq is not None or started is not None:
                written.append((last, case_id, first_seq, started, prefix, suffix, removed))
    reading.close()  # read no further: the table is about to go
    conn.executemany(
        "INSERT OR IGNORE INTO value_history_v8 (audit_seq, case_id, first_seq, started_at, prefix, suffix, removed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        written,
    )
    conn.execute("DROP TABLE value_history")
    conn.execute("ALTER TABLE value_history_v8 RENAME TO value_history")


def _grouped(rows: Any) -> Iterator[tuple[tuple[Any, Any], list[tuple[Any, ...]]]]:
    """Rows ordered by (case, field, ...) as ((case, field), [the rest of each row]) groups."""
    key: tuple[Any, Any] | None = None
    group: list[tuple[Any, ...]] = []
    for row in rows:
        if (row[0], row[1]) != key:
            if key is not None:
                yield key, group
            key, group = (row[0], row[1]), []
        group.append(tuple(row[2:]))
    if key is not None:
        yield key, group


def _columns(conn: Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
