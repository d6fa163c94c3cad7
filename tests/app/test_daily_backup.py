"""The day's backup made beside the work: edits go on while it is copied, and anything that needs
the workbook to itself stops it first, leaving no partial file and no copy made after it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.app import backups
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import finish_opening
from hsb_desk.errors import BackupFailed
from hsb_desk.store import backup as store_backup
from hsb_desk.store.backup import BackupInfo, verify_backup
from hsb_desk.store.connection import Connection

SECRET = "Zebedee-daily-canary"


class HeldCopy:
    """Stands in front of the real ``write_backup``: the copy waits until released or cancelled."""

    def __init__(self, session: WorkbookSession) -> None:
        self.session = session
        self.waiting = threading.Event()
        self.release = threading.Event()
        self.real = store_backup.write_backup

    def __call__(self, conn: Connection, target: Path) -> Path:
        self.waiting.set()
        daily = self.session.daily_backup
        assert daily is not None
        while not (self.release.is_set() or daily.cancelled.is_set()):
            self.release.wait(0.01)
        return self.real(conn, target)


@pytest.fixture
def held(session: WorkbookSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldCopy]:
    holder = HeldCopy(session)
    monkeypatch.setattr(store_backup, "write_backup", holder)
    yield holder
    holder.release.set()


def _started(session: WorkbookSession) -> Callable[[], BackupInfo | None]:
    session.create_case("D-1")
    session.set_value("D-1", "child.full_name", SECRET)
    session.prepare_daily_backup(PASSPHRASE)
    future = finish_opening(session)
    assert future is not None
    return lambda: future.result(30)


def _leftovers() -> list[str]:
    folder = paths.backups_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_edits_are_saved_while_the_days_backup_is_copied(session: WorkbookSession, held: HeldCopy) -> None:
    result = _started(session)
    assert held.waiting.wait(30)
    daily = session.daily_backup
    assert daily is not None and not daily.holds_passphrase  # dropped once its connection is keyed

    session.set_value("D-1", "child.notes", "typed while the copy was being made")
    session.create_case("D-2")
    assert session.values("D-1")["child.notes"] == "typed while the copy was being made"

    held.release.set()
    made = result()
    assert made is not None and made.reason == "daily"
    verify_backup(made.path, PASSPHRASE)
    assert [b.path for b in backups.backups_for(session.workbook.path)] == [made.path]
    assert all(not name.endswith(".partial") for name in _leftovers())


def test_closing_cancels_the_copy_and_leaves_nothing_behind(session: WorkbookSession, held: HeldCopy) -> None:
    result = _started(session)
    assert held.waiting.wait(30)
    session.close()  # as locking does: the copy is stopped before the key is dropped
    assert result() is None
    assert _leftovers() == []
    daily = session.daily_backup
    assert daily is not None and daily.cancelled.is_set() and not daily.holds_passphrase


@pytest.mark.parametrize("operation", ["manual backup", "import", "permanent deletion"])
def test_work_that_needs_the_workbook_stops_the_copy_first(
    session: WorkbookSession, held: HeldCopy, operation: str
) -> None:
    result = _started(session)
    assert held.waiting.wait(30)
    if operation == "manual backup":
        backups.backup_now(session, reason="manual")
        expected = ["manual"]
    elif operation == "import":
        session.import_case(session.export_case("D-1") | {"case": {"reference": "D-3", "status": "draft"}})
        expected = ["before-import"]
    else:
        session.set_status("D-1", "archived")
        backups.purge_case(session, "D-1", "retention period ended")
        expected = []
        # The checkpoint after the deletion was not held back by the copy's snapshot.
        assert Path(f"{session.workbook.path}-wal").stat().st_size == 0
    assert result() is None
    assert sorted(b.reason for b in backups.backups_for(session.workbook.path)) == expected
    assert all(not name.endswith(".partial") for name in _leftovers())


def test_a_failed_copy_is_logged_without_content_and_work_goes_on(
    session: WorkbookSession, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full_disk(conn: Connection, target: Path) -> Path:
        raise BackupFailed("The backup could not be written (No space left on device). The workbook is unchanged.")

    monkeypatch.setattr(store_backup, "write_backup", full_disk)
    with caplog.at_level(logging.WARNING):
        result = _started(session)
        assert result() is None
    assert "the daily backup could not be made" in caplog.text
    assert SECRET not in caplog.text and PASSPHRASE not in caplog.text
    session.set_value("D-1", "child.notes", "still saving")
    assert session.values("D-1")["child.notes"] == "still saving"


def test_no_second_copy_on_the_same_day(session: WorkbookSession) -> None:
    backups.backup_now(session, reason="manual")
    session.prepare_daily_backup(PASSPHRASE)
    future = finish_opening(session)
    assert future is not None and future.done() and future.result() is None
    daily = session.daily_backup
    assert daily is not None and not daily.holds_passphrase
    assert [b.reason for b in backups.backups_for(session.workbook.path)] == ["manual"]


def test_without_a_prepared_copy_the_day_s_backup_is_made_at_once(session: WorkbookSession) -> None:
    """The command line's way: ``finish_opening`` makes it before returning."""
    assert finish_opening(session) is None
    assert [b.reason for b in backups.backups_for(session.workbook.path)] == ["daily"]
