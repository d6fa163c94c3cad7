"""Unlock and autosave against bare sqlcipher3, and the raw read behind "open a case".

The autosave benchmark also runs as a child process (``python bench/store_bench.py autosave
WORKBOOK OUT.json [--memory-security]``), because ``cipher_memory_security`` is a process-wide
SQLCipher setting: each child measures with it either on or off from its first allocation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import interleave, median, percentile, timed

from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.store.connection import apply_settings, passphrase_bytes

AUTOSAVE_FIELD = "child.preferred_name"


def raw_open(path: Path, passphrase: str) -> None:
    """SQLCipher's own work to open a file: connect, key (PBKDF2), first read."""
    conn = sqlcipher3.connect(str(path))
    conn.set_key(passphrase_bytes(passphrase))
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def app_open(path: Path, passphrase: str, checked: bool = False) -> None:
    """What the window does before it shows the workbook: lock file, key, cipher settings,
    migrations. With ``checked``, also the whole-file damage check and daily-backup test that the
    command line runs first and the window runs next, on its database thread."""
    open_workbook(path, passphrase, default_form(), daily_backup=checked, health_check=checked).close()


def unlock(path: Path, passphrase: str, reps: int, checked: bool = False) -> tuple[list[float], list[float]]:
    return interleave(
        lambda: timed(lambda: app_open(path, passphrase, checked)),
        lambda: timed(lambda: raw_open(path, passphrase)),
        reps,
    )


class RawUpsert:
    """A bare single-row upsert and commit, with the workbook's own settings (WAL, synchronous
    FULL, secure_delete, ...), in a file beside the workbook."""

    def __init__(self, path: Path, passphrase: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.conn = sqlcipher3.connect(str(path), isolation_level=None)
        self.conn.set_key(passphrase_bytes(passphrase))
        apply_settings(self.conn)
        self.conn.execute(
            "CREATE TABLE kv (case_id INTEGER NOT NULL, field_key TEXT NOT NULL, value_json TEXT NOT NULL,"
            " PRIMARY KEY (case_id, field_key)) WITHOUT ROWID"
        )
        self.turn = 0

    def save(self) -> float:
        self.turn += 1
        value = json.dumps(f"Riley {self.turn}")

        def run() -> None:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute(
                "INSERT INTO kv (case_id, field_key, value_json) VALUES (1, ?, ?)"
                " ON CONFLICT (case_id, field_key) DO UPDATE SET value_json = excluded.value_json",
                (AUTOSAVE_FIELD, value),
            )
            self.conn.execute("COMMIT")

        return timed(run)

    def close(self) -> None:
        self.conn.close()


def autosave(workbook: Path, passphrase: str, reference: str, reps: int) -> dict[str, Any]:
    """p50/p99 of one field edit stored and committed (the service call the autosaver makes),
    interleaved with the bare upsert."""
    session = open_workbook(workbook, passphrase, default_form())
    raw = RawUpsert(workbook.with_name("bare-upsert.db"), passphrase)
    turn = [0]

    def app_save() -> float:
        turn[0] += 1
        return timed(lambda: session.set_value(reference, AUTOSAVE_FIELD, f"Riley {turn[0]}"))

    try:
        app, bare = interleave(app_save, raw.save, reps, warmup=5)
    finally:
        session.close()
        raw.close()
    return {
        "app": app,
        "bare": bare,
        "app_p50": median(app),
        "app_p99": percentile(app, 99),
        "bare_p50": median(bare),
        "bare_p99": percentile(bare, 99),
    }


def memory_security(on: bool) -> str:
    """Set SQLCipher's process-wide memory wiping before any workbook is opened."""
    conn = sqlcipher3.connect(":memory:")
    conn.execute(f"PRAGMA cipher_memory_security = {'ON' if on else 'OFF'}")
    state = str(conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
    conn.close()
    return state


def _child() -> None:
    _, _command, workbook, out, reference, reps, *flags = sys.argv
    state = memory_security("--memory-security" in flags)
    from hsb_desk.app.demo import DEMO_PASSPHRASE

    result = autosave(Path(workbook), DEMO_PASSPHRASE, reference, int(reps))
    result["memory_security"] = state
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    print(f"done memory_security={state}")


if __name__ == "__main__":
    _child()
