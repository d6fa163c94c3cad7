"""A field's value history: every editing spell's end value can be rebuilt, none is stored twice.

An editing spell is a run of saves of one field by one person with one action, with nothing else
written in between and no pause of ``SPELL_GAP`` or more; the audit log keeps one value entry per
spell (``AuditLog.record_value``), holding who, when, how many saves, and the digest and length of
the value the spell started from. The value a field holds now is in ``field_values``. So the
history only needs to say how to undo each spell, and most need nothing at all: a spell that only
typed at the end is undone by cutting the value back to the length it started from, which its
audit entry holds (``cut_back``). Only a spell that removed or replaced text has a row here
(schema version 8): the lengths of the text common to the value before and after it (prefix and suffix) and the
text it removed or replaced (a reverse delta). ``revisions`` rebuilds each spell's end value by
undoing the later spells from the stored value, and checks each value rebuilt against the digest
the audit log names for it. A row is deleted with its case (purge, replace by import).

Rows upgraded from version 7 may also say where a spell began (``first_seq``: before version 7
every save had its own entry, and several entries made one spell) and when (``started_at``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hsb_desk.errors import WorkbookDamaged
from hsb_desk.store.audit import CREATED, AuditEntry, AuditLog, named_by
from hsb_desk.store.connection import Connection


@dataclass(frozen=True)
class Change:
    """How to undo a change of a field's JSON text from ``base`` to ``end``:
    ``base = end[:prefix] + removed + end[len(end) - suffix:]``. An absent value is the empty
    text (no JSON text is empty)."""

    prefix: int
    suffix: int
    removed: str

    def undo(self, end: str) -> str:
        return end[: self.prefix] + self.removed + end[len(end) - self.suffix :]


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (slice comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    if a[:high] == b[:high]:
        return high
    while low < high:  # a[:low] == b[:low] and a[:high] != b[:high]
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    if high == 0 or a[len(a) - high :] == b[len(b) - high :]:
        return high
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def cut_back(end: str, length: int) -> str:
    """Undo a spell that only typed at the end of a value: the value cut back to the ``length``
    it had, keeping its last character (a JSON text typed into ends with the same closing quote
    or bracket it started with); no value when it had none."""
    return end[: length - 1] + end[-1:] if length else ""


def change(base: str, end: str) -> Change:
    prefix = _common_prefix(base, end)
    suffix = _common_suffix(base[prefix:], end[prefix:])
    return Change(prefix, suffix, base[prefix : len(base) - suffix])


@dataclass(frozen=True)
class Revision:
    value: Any  # None: the field was cleared
    actor: str
    action: str
    started_at: str
    ended_at: str
    saves: int
    revision: int  # the field's revision number at the end of the spell


@dataclass
class _Open:
    """The spell under way (its audit entry is the newest), as last written."""

    audit_seq: int
    base: str  # the field's text before the spell
    has_row: bool


class ValueHistory:
    """Writes the spells' undo rows in the caller's transaction. The spell under way is
    remembered (its base text, whether it has a row), proven by its audit entry's seq and
    forgotten on rollback."""

    def __init__(self, conn: Connection, audit: AuditLog) -> None:
        self._conn, self._audit = conn, audit
        self._open: _Open | None = None

    def forget(self) -> None:
        self._open = None

    def record(self, *, case_id: int, entry: AuditEntry, old_text: str, new_text: str, continued: bool) -> None:
        """Record one save, whose spell's audit entry is ``entry`` (``continued``: amended)."""
        known = self._open
        if not continued:
            known = _Open(entry.seq, old_text, False)
        elif known is None or known.audit_seq != entry.seq:
            row = self._conn.execute(
                "SELECT prefix, suffix, removed FROM value_history WHERE audit_seq = ?", (entry.seq,)
            ).fetchone()
            base = Change(*row).undo(old_text) if row else cut_back(old_text, named_by(entry.old_json)[1])
            known = _Open(entry.seq, base, row is not None)
        plain = cut_back(new_text, len(known.base)) == known.base
        if plain:  # undone by cutting back to the length its audit entry names: no row
            if known.has_row:
                self._conn.execute("DELETE FROM value_history WHERE audit_seq = ?", (entry.seq,))
        else:
            moved = change(known.base, new_text)
            self._conn.execute(
                "INSERT INTO value_history (audit_seq, case_id, prefix, suffix, removed) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (audit_seq) DO UPDATE SET prefix = excluded.prefix, suffix = excluded.suffix,"
                " removed = excluded.removed",
                (entry.seq, case_id, moved.prefix, moved.suffix, moved.removed),
            )
        self._open = _Open(entry.seq, known.base, not plain)

    def revisions(self, case_id: int, case_ref: str, field_key: str, current_text: str) -> list[Revision]:
        """Every revision of the field since the case was last created, oldest first, rebuilt from
        the stored value and checked against the audit log's digests."""
        spells: list[AuditEntry] = []
        for entry in self._audit.entries(case_ref):
            if entry.action == CREATED and entry.field_key is None:
                spells = []
            elif entry.field_key == field_key and _is_spell(entry):
                spells.append(entry)
        rows = {
            row[0]: row[1:]
            for row in self._conn.execute(
                "SELECT audit_seq, first_seq, started_at, prefix, suffix, removed FROM value_history WHERE case_id = ?",
                (case_id,),
            )
        }
        counts, total = [], 0
        for entry in spells:
            total += _saves(entry)
            counts.append(total)
        found: list[Revision] = []
        text, index = current_text, len(spells) - 1
        while index >= 0:
            entry, row = spells[index], rows.get(spells[index].seq)
            first = index
            while row is not None and row[0] is not None and first > 0 and spells[first - 1].seq >= row[0]:
                first -= 1  # entries written before version 7: one spell of several saves
            payload = json.loads(entry.new_json or "{}") if entry.new_json else {}
            started = (row[1] if row else None) or payload.get("started") or spells[first].at
            saves = sum(_saves(spell) for spell in spells[first : index + 1])
            value = json.loads(text) if text else None
            found.append(Revision(value, entry.actor, entry.action, started, entry.at, saves, counts[index]))
            base_sha, base_length = named_by(spells[first].old_json)
            text = Change(*row[2:]).undo(text) if row else cut_back(text, base_length)
            if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != base_sha:
                raise WorkbookDamaged()  # the history does not rebuild what the audit log names
            index = first - 1
        found.reverse()
        return found


def _is_spell(entry: AuditEntry) -> bool:
    """A value entry with digests (what ``ValueRepository.set`` writes)."""
    return (entry.new_json or "").startswith('{"sha256":') and (entry.old_json or "").startswith('{"sha256":')


def _saves(entry: AuditEntry) -> int:
    try:
        return int(json.loads(entry.new_json or "{}").get("saves", 1))
    except (ValueError, TypeError, AttributeError):
        return 1
