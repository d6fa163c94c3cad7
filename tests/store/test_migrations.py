"""Older workbooks are migrated in one transaction; newer ones are refused untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE, files_in

from hsb_desk.errors import WorkbookTooNew
from hsb_desk.store import schema
from hsb_desk.store.connection import APPLICATION_ID, connect
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook


def _make_version_1(path: Path) -> None:
    """A workbook as version 1 of HSB Desk wrote it, with one case and one value."""
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
        " VALUES ('OLD-1', 'mini-form', '1.0', 'draft', '2025-01-01T00:00:00', '2025-01-01T00:00:00')"
    )
    conn.execute("INSERT INTO field_values VALUES (1, 'child.full_name', '\"Robin Old\"', 1, 'tester', '2025-01-01')")
    conn.close()


def test_version_1_workbook_is_migrated_with_its_data(workbook_path: Path) -> None:
    _make_version_1(workbook_path)
    announced: list[int] = []
    workbook = Workbook.open(workbook_path, PASSPHRASE, before_migration=announced.append)
    assert announced == [1]
    assert schema.schema_version(workbook.conn) == schema.CURRENT_VERSION
    case = workbook.cases.get("OLD-1")
    assert case.archived_at is None
    assert workbook.values.values(case) == {"child.full_name": "Robin Old"}
    with workbook.transaction():
        workbook.profile.set(Profile("Alex", "Social worker", "Council", "a@example.org"))
    assert workbook.profile.get() == Profile("Alex", "Social worker", "Council", "a@example.org")
    workbook.close()


def test_failed_migration_changes_nothing(workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make_version_1(workbook_path)
    broken = (*schema.MIGRATIONS[:1], schema.MIGRATIONS[1] + "\nCREATE TABLE cases (x);")
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(Exception):  # noqa: B017 - any failure; the point is what is left behind
        Workbook.open(workbook_path, PASSPHRASE)
    monkeypatch.undo()
    conn = connect(workbook_path, PASSPHRASE)
    assert schema.schema_version(conn) == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "profile" not in tables
    conn.close()


def test_newer_workbook_is_refused_and_left_unchanged(workbook_path: Path) -> None:
    Workbook.create(workbook_path, PASSPHRASE).close()
    conn = connect(workbook_path, PASSPHRASE)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = files_in(workbook_path.parent)
    with pytest.raises(WorkbookTooNew) as raised:
        Workbook.open(workbook_path, PASSPHRASE)
    assert "newer version" in raised.value.user_message
    assert files_in(workbook_path.parent) == before


def test_each_workbook_has_an_id_of_its_own_and_an_older_one_is_given_one(tmp_path: Path) -> None:
    old, other = tmp_path / "old.hsbdesk", tmp_path / "new.hsbdesk"
    _make_version_1(old)
    upgraded = Workbook.open(old, PASSPHRASE)
    created = Workbook.create(other, PASSPHRASE)
    ids = {upgraded.workbook_id, created.workbook_id}
    upgraded.close()
    reopened = Workbook.open(old, PASSPHRASE)
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)
    assert reopened.workbook_id in ids  # kept, not made afresh at each open
    reopened.close()
    created.close()
