"""The append-only audit log: every change, hash-chained so removal or alteration shows.

What an entry holds and how it is linked and stored: store/audit_format.py. Each entry's link
covers the one before it; the newest link and the one before it are kept whole in ``meta`` (the
head), each row keeps the first ``TAG`` bytes of its own, so ``verify`` names the first entry
that does not fit, and the head shows that nothing after it was cut off or rewritten. A value
entry names the value its spell left without storing its digest (store/audit_values.py), so the
chain covers every stored value too. Database triggers refuse UPDATE and DELETE, except amending
the newest value entry while its spell goes on (``record_value``: one entry per editing spell).

Redaction (permanently deleting a case): the payloads of the case's entries are blanked, and the
"case purged" entry lists each with the digest of its payloads, which is what its link covers.

A log in the layout of schema version 7 and before (the migrations up to version 7, the check of
a backup made before the upgrade) is handed to ``audit_v7.V7Log``, which keeps that code.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from hsb_desk.store.audit_format import (
    COMPACTED,
    CREATED,
    EMPTY_PAYLOAD,
    LINK0,
    PURGED,
    REMOVED,
    RESEALED,
    ROW,
    TAG,
    AuditEntry,
    AuditVerification,
    Head,
    Names,
    Read,
    at_stored,
    decode,
    is_legacy_layout,
    is_value_action,
    is_value_payload,
    link,
    named_by,
    new_stored,
    old_logical,
    old_stored,
    parse_head,
    payload_digest,
    payload_of,
    payload_text,
    recorded_break,
    spell_payload,
    value_payload,
)
from hsb_desk.store.audit_v7 import COLUMNS as _COLUMNS
from hsb_desk.store.audit_v7 import GENESIS, V7Log
from hsb_desk.store.audit_v7 import compacted_digest as _compacted_digest
from hsb_desk.store.audit_v7 import digest as _digest
from hsb_desk.store.audit_values import CURRENT, Context
from hsb_desk.store.connection import Connection

__all__ = [  # what other modules import from here (migration v007 the names of version 7 too)
    "COMPACTED",
    "CREATED",
    "GENESIS",
    "PURGED",
    "REMOVED",
    "RESEALED",
    "SPELL_GAP",
    "TAG",
    "_COLUMNS",
    "AuditEntry",
    "AuditLog",
    "AuditVerification",
    "_compacted_digest",
    "_digest",
    "_same_spell",
    "is_value_action",
    "is_value_payload",
    "named_by",
    "payload_digest",
    "value_payload",
]

SPELL_GAP = timedelta(minutes=5)  # a pause this long ends an editing spell
_SCHEMAS = ("main", "backup")  # schema names are ours, never input
# Each value entry's spell, in log order, with the next spell of the same case and field: the
# value a spell left is the one the next started from. Grouped by the names, however stored.
_SUCCESSORS = (
    "SELECT a.seq, lead(a.seq) OVER w, lead(a.old_json) OVER w FROM {s}.audit_log AS a"
    " LEFT JOIN {s}.audit_names AS c ON typeof(a.case_ref) = 'integer' AND c.id = a.case_ref"
    " LEFT JOIN {s}.audit_names AS f ON typeof(a.field_key) = 'integer' AND f.id = a.field_key"
    " WHERE typeof(a.action) = 'integer'"
    " WINDOW w AS (PARTITION BY coalesce(c.name, a.case_ref), coalesce(f.name, a.field_key) ORDER BY a.seq)"
    " ORDER BY a.seq"
)
# at, actor, case_ref, action, field_key, old_json, new_json: an entry without its seq.
_Fields = tuple[str, str, str | None, str, str | None, str | None, str | None]


def _same_spell(last: AuditEntry, at: str, actor: str, action: str, case_ref: str, field_key: str) -> bool:
    """Whether a save continues ``last``'s spell: same field, person and action, a value entry,
    no pause of ``SPELL_GAP`` or more (and nothing else written in between: ``last`` is newest)."""
    if (last.case_ref, last.field_key, last.actor, last.action) != (case_ref, field_key, actor, action):
        return False
    if not is_value_payload(last.new_json):
        return False
    try:
        pause = datetime.fromisoformat(at) - datetime.fromisoformat(last.at)
    except (TypeError, ValueError):
        return False
    return timedelta(0) <= pause < SPELL_GAP


@dataclass(frozen=True)
class _Spell:
    """The newest entry, when it is a value entry a save may continue."""

    entry: AuditEntry
    saves: int
    started: str  # when its first save was made


class AuditLog:
    """Appends within the caller's transaction, so a change and its entry commit together.

    ``schema`` lets the log of an attached database (a backup being verified) be read.

    The newest entry (its head, and the spell it may continue) is remembered after each append,
    so the next one need not read it back. The memory is never trusted on its own: the log's head
    in ``meta`` (written with every entry, in the same transaction) is moved on only if it still
    holds exactly what is remembered; if not (a rolled-back transaction, say), it is read again.
    ``Workbook.transaction`` also forgets it, and the names, on every rollback.
    """

    def __init__(self, conn: Connection, schema: str = "main") -> None:
        if schema not in _SCHEMAS:
            raise ValueError(f"unknown schema {schema!r}")
        self.conn, self.schema = conn, schema
        self._log, self._meta = f"{schema}.audit_log", f"{schema}.meta"
        self._legacy = V7Log(conn, schema) if is_legacy_layout(conn, schema) else None
        self.names = Names(conn, f"{schema}.audit_names")
        self._last: tuple[Head, _Spell | None] | None = None
        self._insert = f"INSERT INTO {self._log} ({ROW}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        self._amend = f"UPDATE {self._log} SET at = ?, new_json = ?, hash = ? WHERE seq = ? AND hash = ?"
        self._set_head = (
            f"INSERT INTO {self._meta} (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        self._move_head = f"UPDATE {self._meta} SET value = ? WHERE key = 'audit_head' AND value = ?"

    # -- writing ---------------------------------------------------------------------------
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
        """An entry, stored as written."""
        fields: _Fields = (at, actor, case_ref, action, field_key, old_json, new_json)
        if self._legacy is not None:
            return self._legacy.append(fields)
        return self._write(fields, dense=False)

    def record_value(
        self, *, at: str, actor: str, action: str, case_ref: str, field_key: str, old_text: str, new_text: str
    ) -> tuple[AuditEntry, bool]:
        """A field changed from ``old_text`` to ``new_text`` (JSON, "" for none): amend the newest
        entry when this save continues its spell, else append one. Returns the entry and whether
        it continued a spell. Only digests and lengths are written, never the value."""
        self._refuse_legacy()
        for _attempt in range(2):
            head, spell = self._last or self._read_newest()
            if spell is None or not _same_spell(spell.entry, at, actor, action, case_ref, field_key):
                break
            saves = spell.saves + 1
            started = spell.started if spell.started != at else None
            entry = replace(spell.entry, at=at, new_json=spell_payload(new_text, saves, started))
            moved = Head(head.seq, head.prev, link(head.prev, entry))
            if self._conn_execute(self._move_head, (moved.text(), head.text())) != 1:
                self.forget_head()  # what was remembered is not the head: read it and decide again
                continue
            amended = (at_stored(at), new_stored(at, saves, started, entry.new_json or ""))
            if self._conn_execute(self._amend, (*amended, moved.link[:TAG], head.seq, head.link[:TAG])) != 1:
                raise RuntimeError("the audit log's newest entry is not the one in meta")
            self._last = (moved, _Spell(entry, saves, spell.started))
            return entry, True
        fields = (at, actor, case_ref, action, field_key, value_payload(old_text), spell_payload(new_text, 1, None))
        return self._write(fields, dense=True), False

    def _conn_execute(self, sql: str, params: tuple[Any, ...]) -> int:
        return int(self.conn.execute(sql, params).rowcount)

    def _write(self, fields: _Fields, dense: bool) -> AuditEntry:
        remembered, self._last = self._last, None  # known again only once this entry is in
        head = self._read_newest()[0] if remembered is None else remembered[0]
        entry = AuditEntry(head.seq + 1, *fields)
        moved = Head(entry.seq, head.link, link(head.link, entry))
        # The head moves before the entry is written: the compare-and-set is what proves the
        # remembered head current, and an entry once written cannot be taken back (the log's
        # triggers). Both are in the caller's transaction, which a failure rolls back whole.
        if remembered is None:
            self.conn.execute(self._set_head, (moved.text(),))
        elif self._conn_execute(self._move_head, (moved.text(), head.text())) != 1:
            self.names.forget()  # numbered in a transaction that was rolled back, perhaps
            head = self._read_newest()[0]  # the head in meta is not what was remembered
            entry = AuditEntry(head.seq + 1, *fields)
            moved = Head(entry.seq, head.link, link(head.link, entry))
            self.conn.execute(self._set_head, (moved.text(),))
        at, actor, case_ref, action, field_key, old_json, new_json = fields
        stored: tuple[Any, ...] = fields
        if dense:
            names = self.names
            numbers = (names.id(actor), names.id(case_ref), names.id(action), names.id(field_key))
            stored = (at_stored(at), *numbers, old_stored(old_json), new_stored(at, 1, None, new_json or ""))
        self.conn.execute(self._insert, (entry.seq, *stored, moved.link[:TAG]))
        self._last = (moved, _Spell(entry, 1, at) if dense else None)
        return entry

    def forget_head(self) -> None:
        """Read the newest entry and the names again at the next write (after a rollback, say)."""
        self._last = None
        self.names.forget()

    def _read_newest(self) -> tuple[Head, _Spell | None]:
        """The head (from meta: the log keeps only the start of each link) and, when the newest
        entry is a value entry that fits it, the spell a save may continue."""
        found = self.conn.execute(f"SELECT value FROM {self._meta} WHERE key = 'audit_head'").fetchone()
        row = self.conn.execute(f"SELECT {ROW} FROM {self._log} ORDER BY seq DESC LIMIT 1").fetchone()
        head, newest = parse_head(found[0] if found else None), (row[0] if row else 0)
        if head is None or head.seq != newest:
            # Not as this code leaves it (entries cut off, say): go on from the log's end, linked
            # to what meta holds, so that the check shows where the two part.
            return Head(newest, LINK0, head.link if head else LINK0), None
        read = decode(row, self.names) if row else None
        if read is None or read.spell is None or read.tag != head.link[:TAG]:
            return head, None
        saves, started = read.spell
        entry = replace(read.entry, new_json=EMPTY_PAYLOAD)  # a value entry; its payload is rewritten
        return head, _Spell(entry, saves or 1, started or read.entry.at)

    # -- reading ---------------------------------------------------------------------------
    def entries(self, case_ref: str | None = None) -> list[AuditEntry]:
        """Every entry (or every entry about one case) as written, oldest first."""
        return [entry for _read, entry in self._complete(case_ref)]

    def final_values(self, case_ref: str) -> list[list[Any]]:
        """``[seq, sha256, length]`` of the latest spell of each field in the case's current
        life: what the "case removed" entry records before the values go."""
        latest: dict[str | None, AuditEntry] = {}
        for read, entry in self._complete(case_ref):
            if entry.action == CREATED and not read.dense:
                latest.clear()
            elif read.dense:
                latest[entry.field_key] = entry
        return [[e.seq, *named_by(e.new_json)] for e in latest.values()]

    def _complete(self, case_ref: str | None) -> list[tuple[Read, AuditEntry]]:
        self._refuse_legacy()
        names = self._stored_names()
        where: str = ""
        params: tuple[Any, ...] = ()
        if case_ref is not None:  # a value entry names its case by number
            number = names.find(case_ref)
            where, params = " WHERE case_ref = ? OR case_ref = ?", (case_ref, -1 if number is None else number)
        rows = self.conn.execute(f"SELECT {ROW} FROM {self._log}{where} ORDER BY seq", params).fetchall()
        reads = [decode(row, names) for row in rows]
        following: dict[int, tuple[int, str | None]] = {}
        last: dict[tuple[str | None, str | None], int] = {}
        for read in reads:
            if read.dense:
                key = (read.entry.case_ref, read.entry.field_key)
                if key in last:
                    following[last[key]] = (read.entry.seq, read.entry.old_json)
                last[key] = read.entry.seq
        context = Context(self.conn, self.schema, case_ref)
        completed = []
        for read in reads:
            entry = read.entry
            if read.spell is not None:
                nxt, old = following.get(entry.seq, (None, None))
                named = context.named(entry, context.place(entry, nxt), old)
                entry = replace(entry, new_json=None if named is None else payload_text(*named, *read.spell))
            completed.append((read, entry))
        return completed

    def verify(self) -> AuditVerification:
        """The chain, the head, and every stored value against the entry that names it."""
        if self._legacy is not None:
            return self._legacy.verify()
        found = self.conn.execute(f"SELECT value FROM {self._meta} WHERE key = 'audit_head'").fetchone()
        head = parse_head(found[0] if found else None)
        newest = self.conn.execute(f"SELECT count(*), max(seq) FROM {self._log}").fetchone()
        if head is not None and head.seq > (newest[1] or 0):
            # Said first: a spell's value is named by the next spell of its field, so without the
            # entries cut off, the last one left would seem to be the one altered.
            return AuditVerification(newest[0], (newest[1] or 0) + 1, "entries were removed from the end")
        if newest[0] != (newest[1] or 0):  # likewise a removed entry: named, not the spell before it
            gap = self.conn.execute(
                f"SELECT ifnull((SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM {self._log} WHERE seq = 1)),"
                f" (SELECT min(seq) + 1 FROM {self._log} AS a WHERE NOT EXISTS"
                f" (SELECT 1 FROM {self._log} AS b WHERE b.seq = a.seq + 1)))"
            ).fetchone()[0]
            return AuditVerification(int(gap) - 1, int(gap), "an entry is missing")
        for seq, payload in self.conn.execute(f"SELECT seq, new_json FROM {self._log} WHERE action = ?", (RESEALED,)):
            recorded = recorded_break(payload)
            if recorded is not None:  # found before anything written since: said first, like the old check
                return AuditVerification(seq - 1, *recorded)
        count = 0
        for entry, problem in self.walk():
            if problem is not None:
                return AuditVerification(count, *problem)
            count += entry is not None
        return AuditVerification(count, None)

    def walk(self) -> Generator[tuple[AuditEntry | None, tuple[int, str] | None], None, None]:
        """Every entry as written, oldest first (value entries' payloads completed from where
        their values are recorded), each with (seq, reason) when it does not fit; then, when the
        head or the stored values do not fit the log, (None, (seq, reason))."""
        with closing(self._chained()) as chained:
            for entry, problem, _link in chained:
                yield entry, problem

    def link_at(self, seq: int) -> Head | None:
        """Entry ``seq``'s whole link and the link before it, computed from the first entry on as
        the check computes them (None when the log holds no entry ``seq``). Reads only: what a
        record of the head kept outside the workbook is compared with (app/chain_record.py)."""
        if self._legacy is not None:
            return None
        before = LINK0
        with closing(self._chained()) as chained:
            for entry, _problem, found in chained:
                if entry is None or entry.seq > seq:
                    return None
                if entry.seq == seq:
                    return Head(seq, before, found)
                before = found
        return None

    def _chained(self) -> Generator[tuple[AuditEntry | None, tuple[int, str] | None, bytes], None, None]:
        """``walk``, with each entry's link as computed."""
        self._refuse_legacy()
        context = Context(self.conn, self.schema)
        successors = self.conn.execute(_SUCCESSORS.format(s=self.schema))
        rows = self.conn.execute(f"SELECT {ROW} FROM {self._log} ORDER BY seq")
        try:
            yield from self._walk(context, rows, successors)
        finally:  # a walk stopped early must not hold the tables
            rows.close()
            successors.close()

    def _walk(
        self, context: Context, rows: Iterable[tuple[Any, ...]], successors: Iterator[tuple[Any, ...]]
    ) -> Iterator[tuple[AuditEntry | None, tuple[int, str] | None, bytes]]:
        prev = before = LINK0
        expected, claimed = 1, 0
        names = self._stored_names()
        for row in rows:
            read = decode(row, names)
            entry = read.entry
            problem = None if entry.seq == expected else (expected, "an entry is missing")
            reason = "the entry was altered"
            if read.dense:
                succeeding = next(successors, (None, None, None))
                place = context.place(entry, succeeding[1] if succeeding[0] == entry.seq else None)
                if read.spell is not None:  # the value it left is recorded elsewhere
                    named = context.named(entry, place, old_logical(succeeding[2]))
                    if named is None:
                        problem = problem or (entry.seq, "the value it left is not recorded")
                    else:
                        entry = replace(entry, new_json=payload_text(*named, *read.spell))
                    if place == CURRENT and named is not None:
                        reason = "the entry, or the stored value it names, was altered"
                        claimed += named[1] > 0
                elif place == CURRENT:
                    stored = context.values.named(entry.case_ref, entry.field_key)
                    if named_by(entry.new_json) != stored:
                        problem = problem or (entry.seq, "a stored value does not match its audit entry")
                    claimed += stored[1] > 0
            found = link(prev, entry)
            vouched = context.vouched.get(entry.seq)
            if found[:TAG] != read.tag and vouched is not None and entry.old_json is entry.new_json is None:
                found = link(prev, entry, vouched)  # blanked by a purge that vouches for it
            if found[:TAG] != read.tag:
                problem = problem or (entry.seq, reason)
            if entry.action == RESEALED and not read.dense:
                problem = problem or recorded_break(entry.new_json)
            yield entry, problem, found
            before, prev, expected = prev, found, entry.seq + 1
        count = expected - 1
        head = self.conn.execute(f"SELECT value FROM {self._meta} WHERE key = 'audit_head'").fetchone()
        if (head[0] if head else None) != (Head(count, before, prev).text() if count else None):
            yield None, (expected, "entries were removed from the end"), prev
        elif context.values.count() > claimed:
            yield None, (expected, "a stored value has no audit entry"), prev

    def redact_case(self, case_ref: str) -> list[list[Any]]:
        """Blank the payloads of every entry about ``case_ref`` (within the caller's transaction)
        and return the ``[seq, payload digest]`` pairs that the "case purged" entry must record.

        The append-only trigger is lifted for this one statement and put back exactly as it was,
        inside the same transaction, so no other code path can ever update the log.
        """
        if self._legacy is not None:
            return self._legacy.redact_case(case_ref)
        kept = [e for e in self.entries(case_ref) if e.action != PURGED and (e.old_json, e.new_json) != (None, None)]
        if not kept:
            return []
        trigger = self.conn.execute(
            f"SELECT sql FROM {self.schema}.sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
        ).fetchone()
        if trigger is not None:
            self.conn.execute(f"DROP TRIGGER {self.schema}.audit_log_no_update")
        self.conn.executemany(
            f"UPDATE {self._log} SET old_json = NULL, new_json = NULL WHERE seq = ?", [(e.seq,) for e in kept]
        )
        if trigger is not None:
            self.conn.execute(trigger[0])
        if self._last is not None:
            self._last = (self._last[0], None)  # a blanked spell is never continued
        return [[e.seq, payload_of(e.old_json, e.new_json).hex()] for e in kept]

    def _stored_names(self) -> Names:
        """The names as the workbook holds them (what a read or a check must go by), not as this
        writer remembers them."""
        return Names(self.conn, f"{self.schema}.audit_names")

    def _refuse_legacy(self) -> None:
        if self._legacy is not None:
            raise RuntimeError("this audit log is in the layout of schema version 7: upgrade it first")
