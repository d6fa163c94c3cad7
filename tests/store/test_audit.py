"""Every change is in the audit log, and tampering with the log is detected."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import PASSPHRASE

from hsb_desk.store.workbook import Workbook


def _ten_minutes_apart() -> Callable[[], str]:
    """A clock whose every reading is ten minutes after the last: each edit is its own spell."""
    start = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    return lambda: (start + timedelta(minutes=10 * next(ticks))).isoformat(timespec="milliseconds")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _workbook_with_edits(path: Path) -> Workbook:
    workbook = Workbook.create(path, PASSPHRASE, clock=_ten_minutes_apart())
    with workbook.transaction():
        case = workbook.cases.create("AUD-1", "mini-form", "1.0", "Alex")
    for value in ("first", "second", None):
        with workbook.transaction():
            workbook.values.set(case, "child.notes", value, "Alex")
    return workbook


def test_each_change_is_logged_with_who_and_digests_of_old_and_new(workbook_path: Path) -> None:
    workbook = _workbook_with_edits(workbook_path)
    entries = [e for e in workbook.audit.entries("AUD-1") if e.field_key == "child.notes"]
    digests = [(json.loads(e.old_json or "")["sha256"], json.loads(e.new_json or "")["sha256"]) for e in entries]
    assert digests == [(_sha(""), _sha('"first"')), (_sha('"first"'), _sha('"second"')), (_sha('"second"'), _sha(""))]
    assert all("first" not in (e.new_json or "") + (e.old_json or "") for e in entries)
    assert {e.actor for e in entries} == {"Alex"}
    assert all(e.at for e in entries)
    assert workbook.verify_audit().ok
    workbook.close()


def test_an_unchanged_value_adds_no_entry_or_revision(workbook_path: Path) -> None:
    workbook = Workbook.create(workbook_path, PASSPHRASE)
    with workbook.transaction():
        case = workbook.cases.create("AUD-2", "mini-form", "1.0", "Alex")
        assert workbook.values.set(case, "child.notes", "same", "Alex")
        assert not workbook.values.set(case, "child.notes", "same", "Alex")
    assert workbook.values.records(case)["child.notes"].revision == 1
    assert len(workbook.audit.entries("AUD-2")) == 2  # created + one value
    workbook.close()


def test_log_refuses_update_and_delete(workbook_path: Path) -> None:
    workbook = _workbook_with_edits(workbook_path)
    for sql in ("UPDATE audit_log SET actor = 'Mallory'", "DELETE FROM audit_log WHERE seq = 2"):
        try:
            workbook.conn.execute(sql)
        except Exception as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{sql} was allowed")
    assert workbook.verify_audit().ok
    workbook.close()


def _tamper(workbook: Workbook, sql: str) -> None:
    """What someone holding the key could do with the sqlcipher shell: drop the guards, edit."""
    conn = workbook.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(sql)


def test_altered_entry_is_reported_at_its_link(workbook_path: Path) -> None:
    workbook = _workbook_with_edits(workbook_path)
    _tamper(workbook, "UPDATE audit_log SET new_json = '\"forged\"' WHERE seq = 3")
    result = workbook.verify_audit()
    assert (result.ok, result.first_broken, result.reason) == (False, 3, "the entry was altered")
    workbook.close()


def test_removed_middle_entry_is_reported(workbook_path: Path) -> None:
    workbook = _workbook_with_edits(workbook_path)
    _tamper(workbook, "DELETE FROM audit_log WHERE seq = 2")
    result = workbook.verify_audit()
    assert (result.first_broken, result.reason) == (2, "an entry is missing")
    workbook.close()


def test_removed_last_entries_are_reported(workbook_path: Path) -> None:
    workbook = _workbook_with_edits(workbook_path)
    _tamper(workbook, "DELETE FROM audit_log WHERE seq >= 3")
    result = workbook.verify_audit()
    assert (result.ok, result.reason) == (False, "entries were removed from the end")
    workbook.close()
