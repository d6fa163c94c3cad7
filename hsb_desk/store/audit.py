"""The append-only audit log: every change, hash-chained so removal or alteration shows.

Each entry's hash covers its own fields and the previous entry's hash. ``verify`` walks the
chain and names the first entry that does not fit. The newest hash is also kept in ``meta`` so
that cutting entries off the end is detected too. The database triggers refuse UPDATE and DELETE.

Redaction (permanently deleting a case): the payloads (old and new values) of the case's entries
are blanked, and a "case purged" entry lists each blanked entry with a hash of everything it kept
(seq, time, who, case, action, field, and its link hashes). ``verify`` accepts a blanked entry only
when a later, itself intact, "case purged" entry vouches for it, so the chain stays verifiable
while the values are gone.

Value changes (schema version 7) carry digests, not values: ``{"sha256": ..., "length": ...}`` of
the field's JSON text before and after (the empty text for no value), and the newest entry of an
editing spell is amended in place while the spell goes on (``record_value``): one entry per field
per spell, its hash recomputed and the head in ``meta`` moved with it, so the chain is whole after
every save. Only that newest entry can be amended (the database trigger says exactly what may
change). Entries rewritten to digests when a workbook was upgraded keep their original hashes and
are vouched for by the "audit compacted" entry: see ``_compaction`` and docs/storage.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from hsb_desk.store.connection import Connection

GENESIS = "0" * 64
PURGED = "case purged"
COMPACTED = "audit compacted"
SPELL_GAP = timedelta(minutes=5)  # a pause this long ends an editing spell
_DIGEST_MARK = '{"sha256":'  # how a value entry's payload starts (no value's JSON does)
_SCHEMAS = ("main", "backup")  # schema names are ours, never input
_COLUMNS = "seq, at, actor, case_ref, action, field_key, old_json, new_json, prev_hash, hash"
# One encoder, built once: the same text as json.dumps with these arguments, without building an
# encoder for every entry (the digest is computed on every edit).
_CANONICAL = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
# at, actor, case_ref, action, field_key, old_json, new_json: an entry without its seq.
_Fields = tuple[str, str, str | None, str, str | None, str | None, str | None]


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
    payload = _CANONICAL.encode(
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
        ]
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _following(head: tuple[int, str], fields: _Fields) -> tuple[AuditEntry, str]:
    """The entry after ``head`` (seq, hash) and its hash."""
    entry = AuditEntry(head[0] + 1, *fields)
    return entry, _digest(entry, head[1])


def _kept_digest(row: tuple[Any, ...]) -> str:
    """What a redacted entry keeps: everything except its payload, including its link hashes."""
    seq, at, actor, case_ref, action, field_key, _old, _new, prev_hash, digest = row
    payload = _CANONICAL.encode([seq, at, actor, case_ref, action, field_key, prev_hash, digest])
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def value_payload(text: str, saves: int | None = None) -> str:
    """A value entry's payload: the digest and length of a field's JSON text ("" for no value)
    and, for the new value, how many saves the spell made (its start is in the value history)."""
    payload: dict[str, Any] = {"sha256": hashlib.sha256(text.encode("ascii")).hexdigest(), "length": len(text)}
    if saves is not None:
        payload["saves"] = saves
    return _CANONICAL.encode(payload)


def is_value_action(action: str) -> bool:
    """What ``ValueRepository.set`` records (the merge's "own value kept" changes nothing)."""
    return action in ("value set", "value imported") or action.startswith("value merged from hand-back")


def is_value_payload(text: str | None) -> bool:
    return text is not None and text.startswith(_DIGEST_MARK)


def payload_digest(text: str) -> str | None:
    """The sha256 a value payload names (None when it is not one)."""
    try:
        found = json.loads(text)["sha256"] if is_value_payload(text) else None
    except (ValueError, KeyError, TypeError):
        return None
    return found if isinstance(found, str) else None


def _compacted_digest(row: tuple[Any, ...]) -> str:
    """What vouches for an entry rewritten to digests at the upgrade: all it holds, and its hashes."""
    return hashlib.sha256(_CANONICAL.encode(list(row)).encode("ascii")).hexdigest()


def _same_spell(last: AuditEntry, at: str, actor: str, action: str, case_ref: str, field_key: str) -> bool:
    if (last.case_ref, last.field_key, last.actor, last.action) != (case_ref, field_key, actor, action):
        return False
    if not is_value_payload(last.new_json):
        return False
    try:
        pause = datetime.fromisoformat(at) - datetime.fromisoformat(last.at)
    except (TypeError, ValueError):
        return False
    return timedelta(0) <= pause < SPELL_GAP


def _vouches_for(payload: str | None, total: str) -> bool:
    """Whether an "audit compacted" entry names ``total``, the digest over the entries it vouches for."""
    try:
        return isinstance(payload, str) and json.loads(payload).get("digest") == total
    except (ValueError, AttributeError):
        return False


class AuditLog:
    """Appends within the caller's transaction, so a change and its entry commit together.

    ``schema`` lets the log of an attached database (a backup being verified) be read.

    The newest entry (with its hashes) is remembered after each append, so the next one need not
    read it back. The memory is never trusted on its own: the log's head in ``meta`` (written
    with every entry, in the same transaction) is moved on only if it still holds exactly what is
    remembered; if not (a rolled-back transaction, say), the newest entry is read from the log as
    before. ``Workbook.transaction`` also forgets it on every rollback.
    """

    def __init__(self, conn: Connection, schema: str = "main") -> None:
        if schema not in _SCHEMAS:
            raise ValueError(f"unknown schema {schema!r}")
        self._conn = conn
        self._log = f"{schema}.audit_log"
        self._meta = f"{schema}.meta"
        self._compacted = f"{schema}.audit_compacted"
        # The newest entry, its previous hash and its hash, as last written (None: read it).
        self._last: tuple[AuditEntry, str, str] | None = None
        self._select_last = f"SELECT {_COLUMNS} FROM {self._log} ORDER BY seq DESC LIMIT 1"
        self._insert = f"INSERT INTO {self._log} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        self._amend = f"UPDATE {self._log} SET at = ?, new_json = ?, hash = ? WHERE seq = ? AND hash = ?"
        self._set_head = (
            f"INSERT INTO {self._meta} (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        self._move_head = f"UPDATE {self._meta} SET value = ? WHERE key = 'audit_head' AND value = ?"

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
        fields: _Fields = (at, actor, case_ref, action, field_key, old_json, new_json)
        remembered, self._last = self._last, None  # known again only once this entry is in
        head = self._newest() if remembered is None else (remembered[0].seq, remembered[2])
        entry, digest = _following(head, fields)
        # The head moves before the entry is written: the compare-and-set is what proves the
        # remembered head current, and an entry once written cannot be taken back (the log's
        # triggers). Both are in the caller's transaction, which a failure rolls back whole.
        if remembered is None:
            self._conn.execute(self._set_head, (f"{entry.seq}:{digest}",))
        elif self._conn.execute(self._move_head, (f"{entry.seq}:{digest}", f"{head[0]}:{head[1]}")).rowcount != 1:
            # The head in meta is not what was remembered: read the newest entry from the log.
            head = self._newest()
            entry, digest = _following(head, fields)
            self._conn.execute(self._set_head, (f"{entry.seq}:{digest}",))
        self._conn.execute(self._insert, (entry.seq, *fields, head[1], digest))
        self._last = (entry, head[1], digest)
        return entry

    def record_value(
        self, *, at: str, actor: str, action: str, case_ref: str, field_key: str, old_text: str, new_text: str
    ) -> tuple[AuditEntry, bool]:
        """A field changed from ``old_text`` to ``new_text`` (JSON, "" for none): amend the newest
        entry when this save continues its spell, else append one. Returns the entry and whether
        it continued a spell. Only digests and lengths are written, never the value."""
        for _attempt in range(2):
            last = self._last or self._read_last()
            if last is None or not _same_spell(last[0], at, actor, action, case_ref, field_key):
                break
            entry, prev_hash, digest = last
            spell = json.loads(entry.new_json or "{}")
            payload = value_payload(new_text, spell.get("saves", 1) + 1)
            amended = replace(entry, at=at, new_json=payload)
            new_digest = _digest(amended, prev_hash)
            moved = self._conn.execute(self._move_head, (f"{entry.seq}:{new_digest}", f"{entry.seq}:{digest}"))
            if moved.rowcount != 1:
                self._last = None  # what was remembered is not the head: read it and decide again
                continue
            if self._conn.execute(self._amend, (at, amended.new_json, new_digest, entry.seq, digest)).rowcount != 1:
                raise RuntimeError("the audit log's newest entry is not the one in meta")
            self._last = (amended, prev_hash, new_digest)
            return amended, True
        entry = self.append(
            at=at,
            actor=actor,
            action=action,
            case_ref=case_ref,
            field_key=field_key,
            old_json=value_payload(old_text),
            new_json=value_payload(new_text, 1),
        )
        return entry, False

    def forget_head(self) -> None:
        """Read the newest entry from the log at the next append (after a rollback, say)."""
        self._last = None

    def _read_last(self) -> tuple[AuditEntry, str, str] | None:
        row = self._conn.execute(self._select_last).fetchone()
        self._last = None if row is None else (AuditEntry(*row[:8]), row[8], row[9])
        return self._last

    def _newest(self) -> tuple[int, str]:
        """(seq, hash) of the newest entry, read from the log; (0, GENESIS) when it is empty."""
        last = self._read_last()
        self._last = None
        return (last[0].seq, last[2]) if last else (0, GENESIS)

    def entries(self, case_ref: str | None = None) -> list[AuditEntry]:
        sql = f"SELECT seq, at, actor, case_ref, action, field_key, old_json, new_json FROM {self._log}"
        params: tuple[Any, ...] = ()
        if case_ref is not None:
            sql += " WHERE case_ref = ?"
            params = (case_ref,)
        return [AuditEntry(*row) for row in self._conn.execute(sql + " ORDER BY seq", params)]

    def verify(self) -> AuditVerification:
        prev_hash, expected_seq, count = GENESIS, 1, 0
        vouched = self._vouched_redactions()
        compaction = self._compaction()
        upto, vouches, total = compaction if compaction else (0, {}, hashlib.sha256())
        for row in self._conn.execute(f"SELECT {_COLUMNS} FROM {self._log} ORDER BY seq"):
            entry = AuditEntry(*row[:8])
            if entry.seq != expected_seq:
                return AuditVerification(count, expected_seq, "an entry is missing")
            if row[8] != prev_hash:
                return AuditVerification(count, entry.seq, "the entry was altered")
            redacted = entry.old_json is None and entry.new_json is None and entry.seq in vouched
            if redacted:
                intact = vouched[entry.seq] == _kept_digest(row)
                if entry.seq < upto and entry.seq in vouches:
                    total.update(vouches[entry.seq].encode("ascii"))  # compacted, then purged
            elif entry.seq < upto and entry.field_key is not None and is_value_payload(entry.new_json):
                kept = _compacted_digest(row)
                intact = vouches.get(entry.seq) == kept
                total.update(kept.encode("ascii"))
            else:
                intact = _digest(entry, prev_hash) == row[9]
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
        """(seq of the "audit compacted" entry, seq -> digest of each entry it vouches for, the
        running digest over them) when the log was compacted at an upgrade; None otherwise."""
        row = self._conn.execute(
            f"SELECT seq FROM {self._log} WHERE action = ? ORDER BY seq LIMIT 1", (COMPACTED,)
        ).fetchone()
        if row is None:
            return None
        vouches = dict(self._conn.execute(f"SELECT seq, digest FROM {self._compacted}").fetchall())
        return int(row[0]), vouches, hashlib.sha256()

    def _vouched_redactions(self) -> dict[int, str]:
        """seq -> kept digest, as listed by "case purged" entries later in the log. Those entries
        are themselves checked in the walk, so a forged list fails there."""
        vouched: dict[int, str] = {}
        rows = self._conn.execute(f"SELECT seq, new_json FROM {self._log} WHERE action = ?", (PURGED,))
        for seq, new_json in rows:
            try:
                listed = json.loads(new_json)["redacted"]
                pairs = [(int(s), str(d)) for s, d in listed if int(s) < seq]
            except (TypeError, ValueError, KeyError):
                continue  # not a redaction record: the walk judges the entry itself
            vouched.update(pairs)
        return vouched

    def redact_case(self, case_ref: str) -> list[list[Any]]:
        """Blank the payloads of every entry about ``case_ref`` (within the caller's transaction)
        and return the ``[seq, kept digest]`` pairs that the "case purged" entry must record.

        The append-only trigger is lifted for this one statement and put back exactly as it was,
        inside the same transaction, so no other code path can ever update the log.
        """
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM {self._log} WHERE case_ref = ? AND action != ?"
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
