"""Damage anywhere in the file is found when the workbook is opened, the damaged file is never
written over, and the error carries the latest good backup so the UI can offer it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from reliability_support import PAGE_SIZE

from hsb_desk.app.backups import backup_now
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.errors import DamagedWorkbook, WorkbookDamaged, WrongPassphrase
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.backup import file_sha256

SEED = 7391


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory, mini_form: FormDefinition) -> tuple[bytes, Path]:
    """A closed workbook of several pages (the bytes) and a good backup of it."""
    folder = tmp_path_factory.mktemp("healthy")
    path = folder / "cases.hsbdesk"
    session = create_workbook(path, PASSPHRASE, form=mini_form, today=lambda: TODAY)
    for n in range(12):
        session.create_case(f"D-{n}")
        session.set_value(f"D-{n}", "child.notes", f"notes {n} " * 300)
    backup = backup_now(session, dest=folder / "good.hsbdesk-backup").path
    session.close()
    data = path.read_bytes()
    assert len(data) >= 8 * PAGE_SIZE
    return data, backup


def _samples() -> list[tuple[int, int]]:
    rng = random.Random(SEED)
    picks = [(1, 100), (2, 0), (2, PAGE_SIZE - 1), (3, PAGE_SIZE - 80)]  # header, edges, the IV
    picks += [(rng.randint(2, 8), rng.randrange(PAGE_SIZE)) for _ in range(6)]
    return picks


@pytest.mark.parametrize(("page", "offset"), _samples())
def test_flipped_byte_is_detected_and_file_left_unchanged(
    tmp_path: Path, healthy: tuple[bytes, Path], mini_form: FormDefinition, page: int, offset: int
) -> None:
    data, _ = healthy
    damaged = bytearray(data)
    damaged[(page - 1) * PAGE_SIZE + offset] ^= 0x10
    path = tmp_path / "cases.hsbdesk"
    path.write_bytes(bytes(damaged))
    expected = (WrongPassphrase, WorkbookDamaged) if page == 1 else WorkbookDamaged
    with pytest.raises(expected) as raised:
        open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    assert path.read_bytes() == bytes(damaged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.hsbdesk"]  # no -wal, -shm or lock left
    if isinstance(raised.value, WorkbookDamaged):
        assert isinstance(raised.value, DamagedWorkbook)


@pytest.mark.parametrize("keep", [PAGE_SIZE // 2, 3 * PAGE_SIZE, 5 * PAGE_SIZE + 17], ids=["half-page", "3", "5+17"])
def test_truncated_file_is_detected_and_left_unchanged(
    tmp_path: Path, healthy: tuple[bytes, Path], mini_form: FormDefinition, keep: int
) -> None:
    data, _ = healthy
    path = tmp_path / "cases.hsbdesk"
    path.write_bytes(data[:keep])
    before = file_sha256(path)
    with pytest.raises((WrongPassphrase, WorkbookDamaged)):
        open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    assert file_sha256(path) == before


def test_damage_report_offers_the_latest_good_backup(
    tmp_path: Path, healthy: tuple[bytes, Path], mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, backup = healthy
    monkeypatch.setenv("HSB_DESK_HOME", str(tmp_path / "home"))
    folder = tmp_path / "home" / "backups"
    folder.mkdir(parents=True)
    named = folder / "cases-20261120T080000Z-daily.hsbdesk-backup"
    named.write_bytes(backup.read_bytes())
    damaged = bytearray(data)
    damaged[4 * PAGE_SIZE + 10] ^= 0xFF
    path = tmp_path / "cases.hsbdesk"
    path.write_bytes(bytes(damaged))
    with pytest.raises(DamagedWorkbook) as raised:
        open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert raised.value.latest_backup is not None and raised.value.latest_backup.path == named
    assert [b.path for b in raised.value.backups] == [named]
    assert "Restore it from your latest backup" in raised.value.user_message


def test_damaged_file_with_a_crash_left_log_is_refused_before_the_log_is_applied(
    tmp_path: Path, healthy: tuple[bytes, Path], mini_form: FormDefinition
) -> None:
    """After a crash the -wal holds edits that the next close would copy into the file; a damaged
    file is refused first, so neither file is written. (A flipped byte inside the -wal itself looks
    exactly like a torn write from a crash: SQLite drops that unfinished transaction.)"""
    data, _ = healthy
    path = tmp_path / "cases.hsbdesk"
    path.write_bytes(data)
    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    session.set_value("D-1", "child.notes", "edited after the last checkpoint")
    main, log = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    session.close()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    target = crashed / "cases.hsbdesk"
    damaged = bytearray(main)
    damaged[5 * PAGE_SIZE + 300] ^= 0x04
    target.write_bytes(bytes(damaged))
    Path(f"{target}-wal").write_bytes(log)
    with pytest.raises(WorkbookDamaged):
        open_workbook(target, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    assert target.read_bytes() == bytes(damaged)
    assert Path(f"{target}-wal").read_bytes() == log
