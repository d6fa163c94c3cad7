"""The head of each workbook's audit chain, recorded outside it, so that an older copy put in its
place is noticed.

Whoever can write the workbook's file can copy an older copy of it (a backup, say) over it, with
no passphrase, and that copy passes every check of its own: its chain is whole. So at each close
(``remember``) HSB Desk records, in the user's own folder (``chain-heads.json``, private like
every file it makes), how many entries the workbook's chain holds and a digest of the newest
one's link; on the next open (``compare``) the chain must still hold that entry with that link.
A workbook found older is marked so: its close leaves the record of the newer copy as it was, and
every open warns again (``older_copy``) until this copy is accepted (``accept``: a restore
through HSB Desk, ``hsb-desk check --keep-this-copy``, the window's question) or the newer one
is back.

The record is keyed by a digest of the workbook's id (schema version 9), never its path, and
holds only numbers and digests salted with that id, which only the workbook holds: no file name,
no reference, nothing of a case, and nothing that confirms a guess at one.

An entry that ends an editing spell is amended while the spell goes on (store/audit.py), so its
link may change after it was recorded; it keeps its sequence number, who, case, action, field
and the value before, and the link before it. That is recorded too (``spell``), and a chain
whose entry still holds it is the same chain, its spell gone on (after a crash, say).

A migration that rewrites the links (as version 8's reseal did, before workbooks had an id) must
``accept`` the workbook after it, or every record would warn.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.atomic_write import write_atomically
from hsb_desk.errors import HsbDeskError
from hsb_desk.store.audit_format import CANONICAL, ROW, Head, Names, decode, parse_head
from hsb_desk.store.connection import Connection, DatabaseError
from hsb_desk.store.workbook import Workbook

log = logging.getLogger(__name__)
FILE_NAME = "chain-heads.json"
KEEP = 256  # workbooks remembered; the one written longest ago goes first
_HEX64 = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class OlderCopy:
    """The workbook open is not the one last closed on this computer, nor a later state of it."""

    seen: int  # entries its audit chain held when last closed here
    found: int  # entries it holds now

    @property
    def detail(self) -> str:
        if self.found < self.seen:
            return (
                f"its audit trail holds {self.found} entries, and when it was last closed on this computer "
                f"it held {self.seen}"
            )
        return "its audit trail is not the one it had when it was last closed on this computer"


@dataclass(frozen=True)
class _Anchor:
    key: str
    seq: int
    head: str
    spell: str | None


def compare(workbook: Workbook) -> OlderCopy | None:
    """Whether ``workbook`` is older than the copy last closed on this computer (None: it is that
    copy, or a later state of it, or none was recorded). The answer is kept with the record. Reads
    the chain from the first entry when entries were added since the record (after a crash)."""
    workbook_id = _workbook_id(workbook.conn)
    records = _load()
    record = records.get(_key(workbook_id)) if workbook_id is not None else None
    if record is None:
        return None
    found = _older(workbook, record, walk=True)
    if (found is not None) != bool(record.get("older")):
        if found is None:
            record.pop("older", None)
        else:
            record["older"] = True
        try:
            _save(records)
        except OSError as exc:  # the warning is still given now; the next open compares again
            log.warning("the audit chain's record could not be saved (%s)", exc.__class__.__name__)
    return found


def older_copy(workbook: Workbook) -> OlderCopy | None:
    """What the last ``compare`` of this workbook found, without reading its chain again."""
    workbook_id = _workbook_id(workbook.conn)
    record = _load().get(_key(workbook_id)) if workbook_id is not None else None
    if record is None or not record.get("older"):
        return None
    head = _head(workbook.conn)
    return OlderCopy(int(record["seq"]), head.seq if head else 0)


def remember(workbook: Workbook) -> None:
    """At close: record the chain's head, unless this copy was found older than the one recorded
    (that record is kept). Never raises: closing goes on whatever happens here."""
    try:
        anchor = _anchor(workbook.conn)
        if anchor is None:
            return
        records = _load()
        record = records.get(anchor.key)
        if record is not None and (record.get("older") or _older(workbook, record, walk=False)):
            if not record.get("older"):  # opened without a comparison: found older now
                record["older"] = True
                _save(records)
            return
        _put(records, anchor)
    except (HsbDeskError, DatabaseError, OSError, ValueError) as exc:
        log.warning("the audit chain's head could not be recorded (%s)", exc.__class__.__name__)


def accept(workbook: Workbook) -> bool:
    """Record this copy's head as the newest seen, whatever was recorded (True when recorded)."""
    return _record_newest(workbook.conn, "the audit chain's head")


def _record_newest(conn: Connection, what: str) -> bool:
    try:
        anchor = _anchor(conn)
        if anchor is not None:
            _put(_load(), anchor)
        return True
    except (HsbDeskError, DatabaseError, OSError, ValueError) as exc:
        log.warning("%s could not be recorded (%s)", what, exc.__class__.__name__)
        return False


def accept_file(path: Path, passphrase: str) -> bool:
    """``accept`` for a closed workbook file: after a backup was restored through HSB Desk, so the
    restored copy is what the next open expects. Opens it read-only; never raises."""
    from hsb_desk.store.backup import open_read_only  # only here: a restore is rare

    try:
        conn = open_read_only(path, passphrase)
    except HsbDeskError as exc:
        log.warning("the restored workbook's chain head could not be read (%s)", exc.__class__.__name__)
        return False
    try:
        return _record_newest(conn, "the restored workbook's chain head")
    finally:
        conn.close()


# -- comparing ------------------------------------------------------------------------------------
def _older(workbook: Workbook, record: dict[str, Any], walk: bool) -> OlderCopy | None:
    """None when the chain holds the recorded entry with its link (or its spell gone on); without
    ``walk``, also when telling would mean reading the chain from the start."""
    conn, workbook_id, seq = workbook.conn, _workbook_id(workbook.conn) or "", int(record["seq"])
    head = _head(conn)
    count = head.seq if head else 0
    if head is None or head.seq < seq:
        return OlderCopy(seq, count)
    if head.seq == seq:
        links: Head | None = head
    elif walk:
        links = workbook.audit.link_at(seq)
    else:
        return None
    if links is not None and _digest(workbook_id, "head", seq, links.link) == record["head"]:
        return None
    spell = record.get("spell")
    if links is not None and spell is not None and _spell(conn, workbook_id, seq, links.prev) == spell:
        return None
    return OlderCopy(seq, count)


def _head(conn: Connection) -> Head | None:
    found = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    return parse_head(found[0]) if found else None


def _workbook_id(conn: Connection) -> str | None:
    found = conn.execute("SELECT value FROM meta WHERE key = 'workbook_id'").fetchone()
    return str(found[0]) if found else None


def _anchor(conn: Connection) -> _Anchor | None:
    """What is recorded of this chain: None when it has no entry, or no id (before version 9)."""
    workbook_id, head = _workbook_id(conn), _head(conn)
    if workbook_id is None or head is None or head.seq < 1:
        return None
    head_digest = _digest(workbook_id, "head", head.seq, head.link)
    return _Anchor(_key(workbook_id), head.seq, head_digest, _spell(conn, workbook_id, head.seq, head.prev))


def _spell(conn: Connection, workbook_id: str, seq: int, prev: bytes) -> str | None:
    """For an entry that ends an editing spell: a digest of what amending it keeps."""
    row = conn.execute(f"SELECT {ROW} FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        return None
    read = decode(row, Names(conn, "main.audit_names"))
    if not read.dense or read.spell is None:
        return None
    entry = read.entry
    kept = CANONICAL.encode([entry.actor, entry.case_ref, entry.action, entry.field_key, entry.old_json])
    return _digest(workbook_id, "spell", seq, prev, kept)


def _digest(workbook_id: str, *parts: str | int | bytes) -> str:
    digest = hashlib.sha256(b"hsb-desk chain record\x00")
    for part in (workbook_id, *parts):
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _key(workbook_id: str) -> str:
    return _digest(workbook_id, "workbook")[:32]


# -- the file -------------------------------------------------------------------------------------
def _path() -> Path:
    return paths.user_data_dir() / FILE_NAME


def _is_digest(value: Any, length: int = 64) -> bool:
    return isinstance(value, str) and len(value) == length and set(value) <= _HEX64


def _valid(key: Any, record: Any) -> bool:
    if not (_is_digest(key, 32) and isinstance(record, dict)):
        return False
    seq, spell, older = record.get("seq"), record.get("spell"), record.get("older", False)
    return (
        type(seq) is int
        and 1 <= seq < 2**63
        and _is_digest(record.get("head"))
        and (spell is None or _is_digest(spell))
        and isinstance(older, bool)
        and set(record) <= {"seq", "head", "spell", "older"}
    )


def _load() -> dict[str, dict[str, Any]]:
    try:
        found = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: nothing is known, so nothing warns
    if not isinstance(found, dict):
        return {}
    return {key: dict(record) for key, record in found.items() if _valid(key, record)}


def _put(records: dict[str, dict[str, Any]], anchor: _Anchor) -> None:
    records.pop(anchor.key, None)  # to the end: the newest written
    record: dict[str, Any] = {"seq": anchor.seq, "head": anchor.head}
    if anchor.spell is not None:
        record["spell"] = anchor.spell
    records[anchor.key] = record
    _save(records)


def _save(records: dict[str, dict[str, Any]]) -> None:
    kept = dict(list(records.items())[-KEEP:])
    _path().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(_path(), json.dumps(kept).encode("ascii"))
