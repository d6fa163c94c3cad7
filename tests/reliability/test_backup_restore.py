"""Backups are made by SQLCipher, encrypted, verified, owner-only, rotated, automatic, and restore
round-trips; a bad backup is refused with nothing changed."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, files_in
from reliability_support import files_under, holds_any

from hsb_desk import paths
from hsb_desk.app.backups import (
    backup_now,
    backups_for,
    daily_backup_if_due,
    latest_good_backup,
    restore,
)
from hsb_desk.app.backups.names import parse_backup_name
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import BackupFailed, RestoreFailed, WorkbookLocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.backup import PLAIN_SQLITE_HEADER, file_sha256, verify_backup
from hsb_desk.store.connection import APPLICATION_ID, connect

CANARY = "Backup-Canary-Quimby-5521"
NEW_PASSPHRASE = "an entirely different passphrase"


def _fill(session: WorkbookSession, value: str = CANARY) -> None:
    if session.workbook.cases.find("B-1") is None:
        session.create_case("B-1")
    session.set_value("B-1", "child.full_name", value)


def _clock(*, days: int = 0, seconds: int = 0) -> datetime:
    return datetime(2026, 11, 22, 9, 0, tzinfo=UTC) + timedelta(days=days, seconds=seconds)


def test_backup_is_encrypted_verified_and_owner_only(session: WorkbookSession, tmp_path: Path) -> None:
    _fill(session)
    info = backup_now(session)
    data = info.path.read_bytes()
    assert info.path.parent == paths.backups_dir()
    assert info.path.name.startswith("cases-") and info.path.name.endswith("-manual.hsbdesk-backup")
    assert not data.startswith(PLAIN_SQLITE_HEADER)
    assert holds_any(data, [CANARY]) == []
    if os.name == "posix":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    verify_backup(info.path, PASSPHRASE)  # opens with the passphrase, every check passes
    assert [p.name for p in files_under(paths.backups_dir())] == [info.path.name]  # no temp left


def test_backup_holds_everything_and_restores_to_a_new_path(
    session: WorkbookSession, tmp_path: Path, mini_form: FormDefinition
) -> None:
    _fill(session)
    session.set_value("B-1", "child.notes", "line one\nline two 🦔")
    info = backup_now(session, dest=tmp_path / "mine.hsbdesk-backup")
    session.close()
    target = tmp_path / "restored" / "copy.hsbdesk"
    assert restore(info.path, target, PASSPHRASE) is None
    restored = open_workbook(target, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert restored.values("B-1") == {"child.full_name": CANARY, "child.notes": "line one\nline two 🦔"}
    problems, audit = restored.check()
    assert problems == [] and audit.ok
    restored.close()


def test_restore_replaces_workbook_and_keeps_the_old_file_aside(
    session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition
) -> None:
    _fill(session, "before the backup")
    info = backup_now(session)
    _fill(session, "after the backup")
    session.close()
    old_hash = file_sha256(workbook_path)
    aside = restore(info.path, workbook_path, PASSPHRASE, now=lambda: _clock())
    assert aside is not None and aside.name == "cases.hsbdesk.replaced-20261122T090000Z"
    assert file_sha256(aside) == old_hash  # the replaced file is kept byte for byte
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert reopened.values("B-1")["child.full_name"] == "before the backup"
    reopened.close()


def test_restore_over_a_damaged_workbook_moves_it_aside_unchanged(
    session: WorkbookSession, workbook_path: Path
) -> None:
    _fill(session)
    info = backup_now(session)
    session.close()
    data = bytearray(workbook_path.read_bytes())
    data[3 * 4096 + 500] ^= 0x01
    workbook_path.write_bytes(bytes(data))
    aside = restore(info.path, workbook_path, PASSPHRASE, now=lambda: _clock())
    assert aside is not None and aside.name == "cases.hsbdesk.damaged-20261122T090000Z"
    assert aside.read_bytes() == bytes(data)


@pytest.mark.parametrize("problem", ["wrong passphrase", "flipped byte", "truncated", "newer schema"])
def test_bad_backup_is_refused_and_nothing_changes(
    session: WorkbookSession, workbook_path: Path, tmp_path: Path, problem: str
) -> None:
    _fill(session)
    info = backup_now(session, dest=tmp_path / "b.hsbdesk-backup")
    session.close()
    passphrase = PASSPHRASE
    if problem == "wrong passphrase":
        passphrase = "not the passphrase at all"
    elif problem == "flipped byte":
        data = bytearray(info.path.read_bytes())
        data[len(data) // 2] ^= 0x40
        info.path.write_bytes(bytes(data))
    elif problem == "truncated":
        info.path.write_bytes(info.path.read_bytes()[: 4096 * 2 + 100])
    else:
        conn = connect(info.path, PASSPHRASE)
        conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    before = files_in(tmp_path)
    with pytest.raises(RestoreFailed) as raised:
        restore(info.path, workbook_path, passphrase)
    assert "Nothing was changed" in raised.value.user_message
    assert files_in(tmp_path) == before


def test_restore_is_refused_while_the_workbook_is_open(session: WorkbookSession, workbook_path: Path) -> None:
    _fill(session)
    info = backup_now(session)
    before = file_sha256(workbook_path)
    with pytest.raises(WorkbookLocked):
        restore(info.path, workbook_path, PASSPHRASE)
    assert file_sha256(workbook_path) == before


def test_generations_are_kept_per_workbook(session: WorkbookSession) -> None:
    save_settings(Settings(backup_generations=3))
    _fill(session)
    made = [backup_now(session, now=lambda i=i: _clock(seconds=i)) for i in range(5)]
    kept = backups_for(session.workbook.path)
    assert [b.path for b in kept] == [m.path for m in reversed(made[2:])]  # newest first
    same_second = backup_now(session, now=lambda: _clock(seconds=4))
    assert same_second.path != made[-1].path and same_second.path.exists()


def test_daily_backup_on_first_open_of_a_day_only(session: WorkbookSession) -> None:
    _fill(session)
    first = daily_backup_if_due(session, now=lambda: _clock())
    assert first is not None and first.reason == "daily"
    assert daily_backup_if_due(session, now=lambda: _clock(seconds=3600)) is None
    assert daily_backup_if_due(session, now=lambda: _clock(days=1)) is not None


def test_open_makes_the_daily_backup(session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition) -> None:
    _fill(session)
    session.close()
    assert backups_for(workbook_path) == []
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    reopened.close()
    assert [b.reason for b in backups_for(workbook_path)] == ["daily"]


def test_import_and_rekey_are_preceded_by_a_backup(session: WorkbookSession, workbook_path: Path) -> None:
    _fill(session)
    document = session.export_case("B-1") | {"case": {"reference": "B-2", "status": "draft"}}
    session.import_case(document)
    session.rekey(NEW_PASSPHRASE, PASSPHRASE)
    reasons = [b.reason for b in backups_for(workbook_path)]
    assert sorted(reasons) == ["after-rekey", "before-import", "before-rekey"]
    by_reason = {b.reason: b.path for b in backups_for(workbook_path)}
    verify_backup(by_reason["before-rekey"], PASSPHRASE)  # the old passphrase opens the old copy
    verify_backup(by_reason["after-rekey"], NEW_PASSPHRASE)
    assert latest_good_backup(workbook_path, NEW_PASSPHRASE).path == by_reason["after-rekey"]


def test_migration_is_preceded_by_a_backup(tmp_path: Path, mini_form: FormDefinition) -> None:
    path = tmp_path / "old.hsbdesk"
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=2)
    conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', '2025-01-01')")
    conn.close()
    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
    session.close()
    before = [b for b in backups_for(path) if b.reason == "before-migration-v2"]
    assert len(before) == 1
    verify_backup(before[0].path, PASSPHRASE)
    from hsb_desk.store.backup import open_read_only

    old = open_read_only(before[0].path, PASSPHRASE)
    assert schema.schema_version(old) == 2  # the copy is of the workbook as it was
    old.close()


def test_backup_to_an_existing_file_is_refused(session: WorkbookSession, tmp_path: Path) -> None:
    target = tmp_path / "exists.hsbdesk-backup"
    target.write_bytes(b"keep me")
    with pytest.raises(BackupFailed):
        backup_now(session, dest=target)
    assert target.read_bytes() == b"keep me"


def test_backup_names_parse() -> None:
    info = parse_backup_name(Path("my-cases-20261122T090000Z-before-rekey.hsbdesk-backup"))
    assert info is not None
    assert (info.workbook_stem, info.reason, info.made_at) == ("my-cases", "before-rekey", _clock())
    assert parse_backup_name(Path("notes.txt")) is None
