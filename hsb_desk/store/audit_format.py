"""An audit entry, its link, and how it is stored (schema version 8).

An entry reads as (seq, at, actor, case_ref, action, field_key, old_json, new_json), exactly as
it was written. A value entry's payloads are ``{"sha256": ..., "length": ...}`` of the field's
JSON text before and after its editing spell ("" for no value), the new one with the spell's
``saves`` and, when it took time, when it ``started``. An entry's *link* is SHA-256 over the
previous link, the SHA-256 of its two payloads (``payload_of``: what a purge keeps when it blanks
them) and its other fields.

How a row holds an entry: an entry other than a value entry is kept as written, as text. A value
entry is kept densely: its time as milliseconds since 1970 (UTC; text when the clock wrote some
other form), its actor, case, action and field as numbers from ``audit_names`` (``Names``); the
old payload as the 32-byte digest and the length (an empty blob for no value, the text itself
for the few entries of version 6 and before kept whole); the new payload as the number of saves
and, when the spell took time, its length in milliseconds (``new_stored``), because the value it
names is recorded elsewhere in the workbook (store/audit_values.py); or whole, when it is not.
Every row keeps the first ``TAG`` bytes of its link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hsb_desk.store.connection import Connection

PURGED = "case purged"
COMPACTED = "audit compacted"
RESEALED = "audit resealed"
REMOVED = "case removed"
CREATED = "case created"
TAG = 8  # bytes of its link each row keeps (the head in meta keeps the whole link)
LINK0 = bytes(32)
ROW = "seq, at, actor, case_ref, action, field_key, old_json, new_json, hash"
_DIGEST_MARK = '{"sha256":'  # how a value entry's payload starts (no value's JSON does)
# One encoder, built once: the same text as json.dumps with these arguments, without building an
# encoder for every entry (a link is computed on every edit).
CANONICAL = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


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


def value_payload(text: str, saves: int | None = None) -> str:
    """A value entry's payload: the digest and length of a field's JSON text ("" for no value)
    and, for the new value, how many saves the spell made."""
    payload: dict[str, Any] = {"sha256": hashlib.sha256(text.encode("ascii")).hexdigest(), "length": len(text)}
    if saves is not None:
        payload["saves"] = saves
    return CANONICAL.encode(payload)


def is_value_action(action: str) -> bool:
    """What ``ValueRepository.set`` records (the merge's "own value kept" changes nothing)."""
    return action in ("value set", "value imported") or action.startswith("value merged from hand-back")


def is_value_payload(text: str | None) -> bool:
    return text is not None and text.startswith(_DIGEST_MARK)


def payload_digest(text: str) -> str | None:
    """The sha256 a value payload names (None when it is not one)."""
    found = parsed(text)
    return found[0] if found else None


# -- payloads and links (schema version 8) --------------------------------------------------------
def sha(text: Any) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else repr(text).encode()
    return hashlib.sha256(data).hexdigest()


NO_VALUE = (sha(""), 0)
EMPTY_PAYLOAD = value_payload("")


def payload_text(sha: str, length: int, saves: int | None = None, started: str | None = None) -> str:
    """The text ``CANONICAL`` makes of {"sha256", "length"[, "saves"][, "started"]}, built directly."""
    text = f'{{"sha256":"{sha}","length":{length}'
    if saves is not None:
        text += f',"saves":{saves}'
    if started is not None:
        text += f',"started":{CANONICAL.encode(started)}'
    return text + "}"


def spell_payload(text: str, saves: int | None, started: str | None) -> str:
    """A spell's new payload: what it left (``text``), its saves, when it started (if earlier)."""
    return payload_text(sha(text), len(text), saves, started)


def parsed(payload: str | None) -> tuple[str, int, dict[str, Any]] | None:
    """(sha256, length, everything) of a value payload; None when it is not one."""
    if not is_value_payload(payload):
        return None
    try:
        found = json.loads(payload or "")
    except ValueError:
        return None
    sha, length = found.get("sha256"), found.get("length")
    if not isinstance(sha, str) or type(length) is not int:
        return None
    return sha, length, found


def named_by(payload: str | None) -> tuple[str, int]:
    """The (sha256, length) of the value a payload names: a digest payload's, or a whole value's
    own (entries written before version 7 whose hash did not fit kept the whole text)."""
    found = parsed(payload)
    return (found[0], found[1]) if found else (sha(payload or ""), len(payload or ""))


def payload_of(old_json: str | None, new_json: str | None) -> bytes:
    """The digest of an entry's two payloads: what its link covers, and what a purge keeps."""
    return hashlib.sha256(CANONICAL.encode([old_json, new_json]).encode("ascii")).digest()


def link(prev: bytes, entry: AuditEntry, payloads: bytes | None = None) -> bytes:
    """An entry's link: SHA-256 over the previous link, its payloads' digest and its other fields."""
    fields = CANONICAL.encode([entry.seq, entry.at, entry.actor, entry.case_ref, entry.action, entry.field_key])
    digest = payload_of(entry.old_json, entry.new_json) if payloads is None else payloads
    return hashlib.sha256(prev + digest + fields.encode("ascii")).digest()


# -- how a value entry is stored -------------------------------------------------------------------
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_HOURS: dict[int, str] = {}  # hour since the epoch -> "YYYY-MM-DDTHH:"


def at_text(ms: int) -> str:
    """Milliseconds since the epoch as the clock writes them: 2026-01-05T09:00:00.000+00:00."""
    hour, rest = divmod(ms, 3_600_000)
    prefix = _HOURS.get(hour)
    if prefix is None:
        if len(_HOURS) > 4096:
            _HOURS.clear()
        prefix = _HOURS[hour] = (_EPOCH + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:")
    minutes, rest = divmod(rest, 60_000)
    return f"{prefix}{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}+00:00"


def at_ms(at: str) -> int | None:
    """``at`` as milliseconds when ``at_text`` gives it back exactly, else None (kept as text)."""
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    if moment.utcoffset() != timedelta(0):
        return None
    ms = (moment - _EPOCH) // _MS
    return ms if at_text(ms) == at else None


def at_stored(at: str) -> int | str:
    ms = at_ms(at)
    return at if ms is None else ms


def old_stored(old_json: str | None) -> bytes | str | None:
    """A value entry's old payload: an empty blob for no value, the digest and the length, or
    (rarely: entries kept whole before version 7) the text itself."""
    if old_json is None or old_json == EMPTY_PAYLOAD:
        return None if old_json is None else b""
    found = parsed(old_json)
    if found is None or set(found[2]) != {"sha256", "length"} or payload_text(found[0], found[1]) != old_json:
        return old_json
    return bytes.fromhex(found[0]) + _uint(found[1])


def old_logical(stored: Any) -> str | None:
    if stored is None or isinstance(stored, str):
        return stored
    if isinstance(stored, bytes):
        if not stored:
            return EMPTY_PAYLOAD
        return payload_text(stored[:32].hex(), int.from_bytes(stored[32:], "big")) if len(stored) > 32 else stored.hex()
    return repr(stored)


def new_stored(at: str, saves: int | None, started: str | None, new_json: str) -> int | bytes | str:
    """A spell's new payload, ``new_json``, whose value is named elsewhere: the saves (0 when the
    payload has none) and, when it started before ``at``, the milliseconds it took."""
    if started is None:
        return saves or 0
    end, start = at_ms(at), at_ms(started)
    if end is None or start is None or start > end:
        return new_json  # a clock this code does not write: kept whole
    return _uint(saves or 0, varint=True) + _uint(end - start, varint=True)


def spell_of(stored_new: Any, stored_at: Any) -> tuple[int | None, str | None] | None:
    """(saves, started) of a new payload stored as ``new_stored`` makes it; None when it is kept
    whole (or blank)."""
    if type(stored_new) is int:
        return stored_new or None, None
    if isinstance(stored_new, bytes) and type(stored_at) is int:
        saves, took = _varints(stored_new)
        return saves or None, at_text(stored_at - took)
    return None


def _uint(number: int, varint: bool = False) -> bytes:
    if not varint:
        return number.to_bytes(max(1, (number.bit_length() + 7) // 8), "big")
    out = bytearray()
    while True:
        out.append((number & 0x7F) | (0x80 if number > 0x7F else 0))
        number >>= 7
        if not number:
            return bytes(out)


def _varints(data: bytes) -> tuple[int, int]:
    numbers, number, shift = [], 0, 0
    for byte in data:
        number |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            numbers.append(number)
            number, shift = 0, 0
    first, second, *_rest = [*numbers, 0, 0]
    return first, second


class Names:
    """Actors, cases, actions and field keys of value entries, numbered once (``audit_names``),
    all read into memory at first use; a name is added in the caller's transaction."""

    def __init__(self, conn: Connection, table: str) -> None:
        self._conn, self._table = conn, table
        self._ids: dict[str, int] | None = None
        self._names: dict[int, str] = {}

    def _load(self) -> dict[str, int]:
        if self._ids is None:
            rows = self._conn.execute(f"SELECT id, name FROM {self._table} ORDER BY id").fetchall()
            self._names = dict(rows)
            self._ids = {}
            for number, name in rows:
                self._ids.setdefault(name, number)
        return self._ids

    def id(self, name: str | None) -> int | None:
        if name is None:
            return None
        ids = self._load()
        if name not in ids:
            number = int(self._conn.execute(f"INSERT INTO {self._table} (name) VALUES (?)", (name,)).lastrowid or 0)
            ids[name], self._names[number] = number, name
        return ids[name]

    def find(self, name: str) -> int | None:
        return self._load().get(name)

    def name(self, stored: Any) -> str | None:
        if stored is None or isinstance(stored, str):
            return stored
        self._load()
        found = self._names.get(stored) if type(stored) is int else None
        return found if found is not None else f"<no name {stored!r}>"

    def forget(self) -> None:
        self._ids, self._names = None, {}


@dataclass(frozen=True)
class Read:
    """A stored row as an entry. A value entry's new payload, when its value is named elsewhere,
    is None here until completed (``spell`` is its (saves, started))."""

    entry: AuditEntry
    tag: bytes
    dense: bool
    spell: tuple[int | None, str | None] | None


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else repr(value)


def decode(row: tuple[Any, ...], names: Names) -> Read:
    seq, at, actor, case_ref, action, field_key, old, new, tag = row
    tag = tag if isinstance(tag, bytes) else b""
    if type(action) is not int:  # stored as written
        fields = (_text(at), _text(actor), _text(case_ref), _text(action), _text(field_key), _text(old), _text(new))
        return Read(AuditEntry(seq, *fields), tag, False, None)
    spell = spell_of(new, at)
    entry = AuditEntry(
        seq,
        at_text(at) if type(at) is int else _text(at),
        names.name(actor) or "",
        names.name(case_ref),
        names.name(action) or "",
        names.name(field_key),
        old_logical(old),
        None if spell is not None else _text(new),
    )
    return Read(entry, tag, True, spell)


def is_legacy_layout(conn: Connection, schema: str = "main") -> bool:
    """Whether the log is in the layout of version 7 and before (each whole link stored)."""
    columns = conn.execute(f"PRAGMA {schema}.table_xinfo(audit_log)").fetchall()
    return any(column[1] == "prev_hash" and column[6] == 0 for column in columns)


# -- the head in meta, and what an upgrade records --------------------------------------------------
@dataclass(frozen=True)
class Head:
    """The newest entry's seq and link, and the link before it (what amending it needs)."""

    seq: int
    prev: bytes
    link: bytes

    def text(self) -> str:
        return f"{self.seq}:{self.prev.hex()}:{self.link.hex()}"


def parse_head(text: Any) -> Head | None:
    try:
        seq, prev, last = str(text).split(":")
        head = Head(int(seq), bytes.fromhex(prev), bytes.fromhex(last))
    except ValueError:
        return None
    return head if len(head.prev) == len(head.link) == 32 else None


def recorded_break(payload: str | None) -> tuple[int, str] | None:
    """The break an upgrade found and recorded (it never seals over one)."""
    try:
        found = json.loads(payload or "{}").get("broken")
        seq, reason = found["seq"], found["reason"]
    except (ValueError, AttributeError, TypeError, KeyError):
        return None
    return (int(seq), f"{reason} (found at the upgrade to schema version 8)") if isinstance(seq, int) else None
