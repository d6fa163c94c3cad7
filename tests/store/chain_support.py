"""What someone holding the passphrase can do to a closed workbook with the ``sqlcipher`` shell,
behind HSB Desk's back: key it as docs/storage.md tells IT to, drop the guards, change rows, put
the guards back; and, beyond a casual edit, rewrite every link of the audit chain and its head so
the chain fits whatever the tables now hold."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from conftest import PASSPHRASE

from hsb_desk.store.audit import AuditLog
from hsb_desk.store.audit_format import LINK0, TAG, Head, link


@contextmanager
def keyed(path: Path) -> Iterator[Any]:
    """A connection to the closed workbook at ``path`` with its triggers lifted, put back after."""
    assert "'" not in PASSPHRASE  # PRAGMA key, as for IT recovery (docs/storage.md)
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        yield conn
        for _name, sql in triggers:
            conn.execute(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def shell(path: Path, sql: str, *params: Any) -> None:
    with keyed(path) as conn:
        conn.execute(sql, params)


def rewrite_chain(path: Path) -> None:
    """Every link from the first entry on, and the head, computed again over what the log and the
    stored values now hold: afterwards the chain verifies whatever was changed."""
    with keyed(path) as conn:
        entries = [entry for entry, _problem in AuditLog(conn).walk() if entry is not None]
        before = prev = LINK0
        for entry in entries:
            found = link(prev, entry)
            conn.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (found[:TAG], entry.seq))
            before, prev = prev, found
        head = Head(entries[-1].seq, before, prev).text()
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (head,))


def newest_seq(path: Path) -> int:
    with keyed(path) as conn:
        return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
