"""The day's backup made beside the work: edits go on while it is copied, and anything that needs
the workbook to itself stops it first, leaving no partial file and no copy made after it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.app import backups
from hsb_desk.app.backups.daily import DailyBackup
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import finish_opening
from hsb_desk.errors import BackupFailed, InvalidInput
from hsb_desk.store import backup as store_backup
from hsb_desk.store.backup import BackupInfo, verify_backup
from hsb_desk.store.connection import Connection, OperationalError

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
        self.hold()
        return self.real(conn, target)

    def hold(self) -> None:
        daily = self.session.daily_backup
        assert daily is not None
        deadline = time.monotonic() + 30
        while not (self.release.is_set() or daily.cancelled.is_set()):
            if time.monotonic() > deadline:
                raise AssertionError("the copy was held for 30 s: nothing released or cancelled it")
            self.release.wait(0.01)


@pytest.fixture
def held(session: WorkbookSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldCopy]:
    holder = HeldCopy(session)
    monkeypatch.setattr(store_backup, "write_backup", holder)
    yield holder
    holder.release.set()


def _started(session: WorkbookSession) -> Future[BackupInfo | None]:
    """A case with a name in it, and the day's backup started as the window starts it."""
    session.create_case("D-1")
    session.set_value("D-1", "child.full_name", SECRET)
    session.prepare_daily_backup(PASSPHRASE)
    future = finish_opening(session)
    assert future is not None
    return future


def _leftovers() -> list[str]:
    folder = paths.backups_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_edits_are_saved_while_the_days_backup_is_copied(session: WorkbookSession, held: HeldCopy) -> None:
    future = _started(session)
    assert held.waiting.wait(30)
    daily = session.daily_backup
    assert daily is not None and not daily.holds_passphrase  # dropped once its connection is keyed

    session.set_value("D-1", "child.notes", "typed while the copy was being made")
    session.create_case("D-2")
    assert session.values("D-1")["child.notes"] == "typed while the copy was being made"

    held.release.set()
    made = future.result(30)
    assert made is not None and made.reason == "daily"
    verify_backup(made.path, PASSPHRASE)
    assert [b.path for b in backups.backups_for(session.workbook.path)] == [made.path]
    assert all(not name.endswith(".partial") for name in _leftovers())


def test_closing_cancels_the_copy_and_leaves_nothing_behind(session: WorkbookSession, held: HeldCopy) -> None:
    future = _started(session)
    assert held.waiting.wait(30)
    session.close()  # as locking does: the copy is stopped before the key is dropped
    assert future.result(30) is None
    assert _leftovers() == []
    daily = session.daily_backup
    assert daily is not None and daily.cancelled.is_set() and not daily.holds_passphrase


@pytest.mark.parametrize("operation", ["manual backup", "import"])
def test_work_that_makes_its_own_backup_stops_the_copy_first(
    session: WorkbookSession, held: HeldCopy, operation: str
) -> None:
    future = _started(session)
    assert held.waiting.wait(30)
    if operation == "manual backup":
        backups.backup_now(session, reason="manual")
        expected = ["manual"]
    else:
        session.import_case(session.export_case("D-1") | {"case": {"reference": "D-3", "status": "draft"}})
        expected = ["before-import"]
    assert future.result(30) is None
    assert sorted(b.reason for b in backups.backups_for(session.workbook.path)) == expected
    assert all(not name.endswith(".partial") for name in _leftovers())


def test_a_permanent_deletion_lets_the_copy_finish_then_empties_the_log(
    session: WorkbookSession, held: HeldCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_finish = DailyBackup.finish

    def finish(daily: DailyBackup) -> None:
        held.release.set()  # the deletion is now waiting for the copy: let it go on
        real_finish(daily)

    monkeypatch.setattr(DailyBackup, "finish", finish)
    future = _started(session)
    assert held.waiting.wait(30)
    with pytest.raises(InvalidInput):  # refused (not archived): the copy is left alone
        backups.purge_case(session, "D-1", "retention period ended")
    assert not held.release.is_set() and not future.done()

    session.set_status("D-1", "archived")
    backups.purge_case(session, "D-1", "retention period ended")
    made = future.result(30)
    assert made is not None and made.reason == "daily"  # kept, like any backup made before
    # The copy's snapshot was gone before the checkpoint, so no page image of the case is left.
    assert Path(f"{session.workbook.path}-wal").stat().st_size == 0


def test_a_cancel_stops_a_statement_that_is_running(session: WorkbookSession, monkeypatch: pytest.MonkeyPatch) -> None:
    running: list[Connection] = []
    started = threading.Event()

    def endless(conn: Connection, target: Path) -> Path:
        running.append(conn)
        started.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        raise AssertionError("an endless statement ended by itself")

    monkeypatch.setattr(store_backup, "write_backup", endless)
    future = _started(session)
    assert started.wait(30)
    stopper = threading.Thread(target=session.stop_daily_backup)
    stopper.start()
    stopper.join(30)
    if stopper.is_alive():
        running[0].interrupt()  # end it here, so the failure does not hang the suite
        stopper.join()
        pytest.fail("cancelling did not stop the statement the copy was running")
    assert future.result(30) is None
    assert _leftovers() == []


def test_a_copy_cancelled_after_its_check_never_pushes_out_an_older_backup(
    session: WorkbookSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(Settings(backup_generations=1))
    session.create_case("D-0")
    older = backups.backup_now(session, reason="manual", now=lambda: datetime.now(UTC) - timedelta(days=1))
    held, checked = HeldCopy(session), threading.Event()

    def copy_then_hold(conn: Connection, target: Path) -> Path:
        made = held.real(conn, target)  # copied and checked: only the keeping is left
        checked.set()
        held.hold()
        return made

    monkeypatch.setattr(store_backup, "write_backup", copy_then_hold)
    future = _started(session)
    assert checked.wait(30)
    session.stop_daily_backup()
    assert future.result(30) is None
    assert [b.path for b in backups.backups_for(session.workbook.path)] == [older.path]
    assert _leftovers() == [older.path.name]


FULL_DISK = "The backup could not be written (No space left on device). The workbook is unchanged."


@pytest.mark.parametrize(
    ("raised", "told"),
    [
        (BackupFailed(FULL_DISK), FULL_DISK),
        (OperationalError(f"disk I/O error near {SECRET}"), "The copy could not be made or checked."),
    ],
)
def test_a_failed_copy_is_reported_plainly_logged_without_content_and_work_goes_on(
    session: WorkbookSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    raised: Exception,
    told: str,
) -> None:
    def failing(conn: Connection, target: Path) -> Path:
        raise raised

    monkeypatch.setattr(store_backup, "write_backup", failing)
    with caplog.at_level(logging.WARNING):
        future = _started(session)
        with pytest.raises(BackupFailed) as failed:
            future.result(30)
    assert failed.value.user_message.startswith(told) and SECRET not in failed.value.user_message
    assert "the daily backup could not be made" in caplog.text
    assert SECRET not in caplog.text and PASSPHRASE not in caplog.text
    daily = session.daily_backup
    assert daily is not None and not daily.holds_passphrase
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
