"""A field's value history: one revision per editing spell, each kept as a change, not a copy.

An editing spell is a run of saves of one field by one person with one action, with nothing else
written in between and no pause of ``SPELL_GAP`` or more (see ``AuditLog.record_value``, which
makes the same decision for the audit trail: one entry per spell, one revision per spell).

Each revision row keeps how to undo the spell (a reverse delta): the lengths of the text common
to the field's JSON before and after it (prefix and suffix) and the text the spell removed or
replaced. The newest revision ends at the stored value in ``field_values``, so any revision is
found by undoing the later ones from it; text typed is never stored twice, and the history grows
with what is deleted or overwritten, not with saves × the field's length. A row is deleted with
its case (purge, replace by import).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hsb_desk.store.connection import Connection

_ROW = "id, prefix, suffix, removed, saves"


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
    """The newest revision row of a field, as last written (so a save need not read it back)."""

    row_id: int
    case_id: int
    field_key: str
    change: Change
    saves: int


class ValueHistory:
    """Writes revisions in the caller's transaction. The open revision is remembered; the memory is
    proven by the update itself (it names the row's save count) and forgotten on rollback."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._open: _Open | None = None

    def forget(self) -> None:
        self._open = None

    def record(
        self,
        *,
        case_id: int,
        field_key: str,
        old_text: str,
        new_text: str,
        continued: bool,
        audit_seq: int,
        actor: str,
        action: str,
        at: str,
        revision: int,
    ) -> None:
        """Record one save. ``continued``: the save is part of the spell of the newest revision."""
        for _attempt in range(2 if continued else 0):
            current = self._current(case_id, field_key)
            if current is None:
                break
            moved = change(current.change.undo(old_text), new_text)
            updated = self._conn.execute(
                "UPDATE value_history SET prefix = ?, suffix = ?, removed = ?, saves = ?,"
                " ended_at = ?, revision = ?, audit_seq = ? WHERE id = ? AND saves = ?",
                (*_columns(moved), current.saves + 1, at, revision, audit_seq, current.row_id, current.saves),
            ).rowcount
            if updated == 1:
                self._open = _Open(current.row_id, case_id, field_key, moved, current.saves + 1)
                return
            self._open = None  # not what was remembered (a rollback): read the row and try again
        moved = change(old_text, new_text)
        cursor = self._conn.execute(
            "INSERT INTO value_history (case_id, field_key, audit_seq, actor, action, started_at, ended_at,"
            " saves, revision, prefix, suffix, removed) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (case_id, field_key, audit_seq, actor, action, at, at, revision, *_columns(moved)),
        )
        self._open = _Open(int(cursor.lastrowid or 0), case_id, field_key, moved, 1)

    def _current(self, case_id: int, field_key: str) -> _Open | None:
        known = self._open
        if known is not None and (known.case_id, known.field_key) == (case_id, field_key):
            return known
        row = self._conn.execute(
            f"SELECT {_ROW} FROM value_history WHERE case_id = ? AND field_key = ? ORDER BY id DESC LIMIT 1",
            (case_id, field_key),
        ).fetchone()
        if row is None:
            return None
        return _Open(row[0], case_id, field_key, Change(row[1], row[2], row[3]), row[4])

    def revisions(self, case_id: int, field_key: str, current_text: str) -> list[Revision]:
        """Every revision of the field, oldest first, rebuilt from the stored value."""
        rows = self._conn.execute(
            "SELECT actor, action, started_at, ended_at, saves, revision, prefix, suffix, removed"
            " FROM value_history WHERE case_id = ? AND field_key = ? ORDER BY id DESC",
            (case_id, field_key),
        ).fetchall()
        found: list[Revision] = []
        text = current_text
        for actor, action, started, ended, saves, revision, *moved in rows:
            found.append(Revision(json.loads(text) if text else None, actor, action, started, ended, saves, revision))
            text = Change(*moved).undo(text)
        found.reverse()
        return found


def _columns(moved: Change) -> Iterator[Any]:
    yield from (moved.prefix, moved.suffix, moved.removed)
