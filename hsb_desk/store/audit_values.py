"""What names the value each spell left (schema version 8).

A value entry does not store the digest of the value its spell left: that value is recorded
elsewhere already. If a later spell of the same field followed in the same case life, it is the
value that spell started from (the old digest that entry stores); if the spell is the latest of
a case that exists, it is the value in ``field_values``; if the case was later removed by an
import, its "case removed" entry lists it. ``Context`` says which, for ``AuditLog``.
"""

from __future__ import annotations

import bisect
import json
from collections import OrderedDict
from typing import Any

from hsb_desk.store.audit_format import CREATED, NO_VALUE, PURGED, REMOVED, AuditEntry, named_by, sha
from hsb_desk.store.connection import Connection

SUPERSEDED, CURRENT, ENDED = "superseded", "current", "ended"


class StoredValues:
    """Digests of the values in ``field_values``, a case at a time (a few cases remembered)."""

    def __init__(self, conn: Connection, schema: str, case_ref: str | None = None) -> None:
        self._conn, self._schema = conn, schema
        where, params = ("", ()) if case_ref is None else (" WHERE reference = ?", (case_ref,))
        self._cases = dict(conn.execute(f"SELECT reference, id FROM {schema}.cases{where}", params).fetchall())
        self._cache: OrderedDict[str, dict[str, tuple[str, int]]] = OrderedDict()

    def exists(self, case_ref: str | None) -> bool:
        return case_ref in self._cases

    def named(self, case_ref: str | None, field_key: str | None) -> tuple[str, int]:
        found = self._cache.get(case_ref or "")
        if found is None:
            rows = self._conn.execute(
                f"SELECT field_key, value_json FROM {self._schema}.field_values WHERE case_id = ?",
                (self._cases.get(case_ref),),
            )
            found = self._cache[case_ref or ""] = {key: (sha(text), len(text)) for key, text in rows}
            if len(self._cache) > 64:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(case_ref or "")
        return found.get(field_key or "", NO_VALUE)

    def count(self) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {self._schema}.field_values").fetchone()[0])


class Context:
    """What a value entry's spell is (superseded by a later one, the latest of a case that exists,
    or the latest of a case that was removed or purged) and the value it left: from the case
    lives ("case created" entries), the lists in "case removed" and "case purged" entries, and
    the stored values."""

    def __init__(self, conn: Connection, schema: str, case_ref: str | None = None, table: str = "audit_log") -> None:
        self.lives: dict[str, list[int]] = {}
        self.finals: dict[int, tuple[str, str, int]] = {}  # seq -> (case, sha256, length)
        self.vouched: dict[int, bytes] = {}  # seq -> digest of the payloads a purge blanked
        sql = f"SELECT seq, case_ref, action, new_json FROM {schema}.{table} WHERE action IN (?, ?, ?)"
        params: tuple[Any, ...] = (CREATED, REMOVED, PURGED)
        if case_ref is not None:
            sql, params = sql + " AND case_ref = ?", (*params, case_ref)
        for seq, case, action, payload in conn.execute(sql + " ORDER BY seq", params):
            if action == CREATED:
                self.lives.setdefault(case, []).append(seq)
                continue
            try:
                found = json.loads(payload) if isinstance(payload, str) else None
                found = found if isinstance(found, dict) else {}
                listed = found.get("final" if action == REMOVED else "redacted") or ()
                for item in listed:
                    if action == REMOVED and int(item[0]) < seq:
                        self.finals[int(item[0])] = (case, str(item[1]), int(item[2]))
                    elif action == PURGED and int(item[0]) < seq and len(bytes.fromhex(item[1])) == 32:
                        self.vouched[int(item[0])] = bytes.fromhex(item[1])
            except (TypeError, ValueError, KeyError, IndexError):
                continue  # not a list this code wrote: the walk judges the entry itself
        self.values = StoredValues(conn, schema, case_ref)

    def place(self, entry: AuditEntry, next_seq: int | None) -> str:
        starts = self.lives.get(entry.case_ref or "", [])
        later = bisect.bisect_right(starts, entry.seq)
        life_ends = starts[later] if later < len(starts) else None
        if next_seq is not None and (life_ends is None or next_seq < life_ends):
            return SUPERSEDED
        return CURRENT if life_ends is None and self.values.exists(entry.case_ref) else ENDED

    def named(self, entry: AuditEntry, place: str, next_old: str | None) -> tuple[str, int] | None:
        if place == SUPERSEDED:
            return named_by(next_old)
        if place == CURRENT:
            return self.values.named(entry.case_ref, entry.field_key)
        final = self.finals.get(entry.seq)
        return (final[1], final[2]) if final is not None and final[0] == entry.case_ref else None
