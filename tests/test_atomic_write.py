"""A file is replaced whole or not at all, owner-only, flushed before and after its rename; and
every writer of HSB Desk (exports, settings, backups) goes through that one helper."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pytest
from conftest import PASSPHRASE

from hsb_desk.app.files import write_private_file
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, load_settings, save_settings
from hsb_desk.atomic_write import partial_path, replacing, write_atomically
from hsb_desk.errors import ExportFailed
from hsb_desk.store.backup import restore_file, write_backup

OLD = b"the report sent last week"
NEW = b"the report as it stands today\n" * 1000
Event = tuple[str, ...]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _existing(tmp_path: Path) -> Path:
    target = tmp_path / "report.docx"
    target.write_bytes(OLD)
    target.chmod(0o644)
    return target


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Event]]:
    """What reached the disk, in order: each flush (of a file, with its size then, or of a
    folder) and each rename."""
    events: list[Event] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        events.append(("folder",) if stat.S_ISDIR(info.st_mode) else ("file", str(info.st_size)))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("replace", Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield events


def _flushed_renamed_flushed(events: list[Event], target: Path, temp: Path | None = None) -> None:
    """The new file was flushed complete, renamed over ``target``, and the folder flushed."""
    size = str(target.stat().st_size)
    expected = [("file", size), ("replace", (temp or partial_path(target)).name, target.name)]
    if os.name == "posix":
        expected.append(("folder",))
    assert events[-len(expected) :] == expected


# -- the helper --------------------------------------------------------------------------------
def test_a_new_file_is_written_whole_and_owner_only(tmp_path: Path, disk: list[Event]) -> None:
    target = tmp_path / "case.json"
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]
    _flushed_renamed_flushed(disk, target)


def test_an_existing_file_is_replaced_and_made_owner_only(tmp_path: Path) -> None:
    target = _existing(tmp_path)
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_writer_may_stream_the_content_in_parts(tmp_path: Path) -> None:
    target = tmp_path / "big.hsbx"

    def stream(handle: BinaryIO) -> None:
        for _ in range(1000):
            handle.write(b"the report as it stands today\n")

    write_atomically(target, stream)
    assert target.read_bytes() == NEW
    assert _mode(target) == 0o600


def test_a_writer_failing_midway_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    target = _existing(tmp_path)

    def half_then_fail(handle: BinaryIO) -> None:
        handle.write(NEW[: len(NEW) // 2])
        handle.flush()
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_failed_rename_leaves_the_old_file_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path)

    def refused(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_failed_flush_leaves_the_old_file_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_partial_file_left_by_a_crash_is_not_reused(tmp_path: Path) -> None:
    """Its permissions could be anyone's: a fresh owner-only file is made instead."""
    target = tmp_path / "case.json"
    stale = partial_path(target)
    stale.write_bytes(b"half of an earlier write")
    stale.chmod(0o644)
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert _mode(target) == 0o600
    assert not stale.exists()


def test_replacing_gives_a_file_to_fill_by_path_and_removes_it_on_failure(tmp_path: Path, disk: list[Event]) -> None:
    target = _existing(tmp_path)
    with pytest.raises(ValueError), replacing(target) as temp:
        assert _mode(temp) == 0o600 and temp.read_bytes() == b""  # owner-only before any byte
        temp.write_bytes(NEW)
        raise ValueError("the copy did not pass its checks")
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    assert disk == []  # nothing was flushed or renamed

    with replacing(target) as temp:
        temp.write_bytes(NEW)  # as another program would write it
    assert target.read_bytes() == NEW
    _flushed_renamed_flushed(disk, target)


# -- its users ---------------------------------------------------------------------------------
def test_settings_are_saved_through_it(tmp_path: Path, disk: list[Event], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(auto_lock_minutes=9), path)
    _flushed_renamed_flushed(disk, path)
    assert load_settings(path).auto_lock_minutes == 9
    umask = os.umask(0)
    os.umask(umask)
    assert _mode(path) == 0o666 & ~umask  # no case content: not made private, as before

    def refused(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        save_settings(Settings(auto_lock_minutes=20), path)
    assert load_settings(path).auto_lock_minutes == 9
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_an_export_is_written_through_it(tmp_path: Path, disk: list[Event]) -> None:
    target = _existing(tmp_path)
    write_private_file(target, NEW)
    assert target.read_bytes() == NEW and _mode(target) == 0o600
    _flushed_renamed_flushed(disk, target)
    with pytest.raises(ExportFailed, match="folder"):
        write_private_file(tmp_path, NEW)


def test_a_backup_is_written_through_it(session: WorkbookSession, tmp_path: Path, disk: list[Event]) -> None:
    target = tmp_path / "backups" / "cases.hsbdesk-backup"
    write_backup(session.workbook.conn, target)
    assert _mode(target) == 0o600
    _flushed_renamed_flushed(disk, target)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_restore_is_put_in_place_through_it(session: WorkbookSession, tmp_path: Path, disk: list[Event]) -> None:
    backup = write_backup(session.workbook.conn, tmp_path / "cases.hsbdesk-backup")
    restored = tmp_path / "restored" / "cases.hsbdesk"
    assert restore_file(backup, restored, PASSPHRASE, datetime.now(UTC)) is None
    assert restored.read_bytes() == backup.read_bytes() and _mode(restored) == 0o600
    _flushed_renamed_flushed(disk, restored, temp=restored.with_name(".cases.hsbdesk.restoring"))
