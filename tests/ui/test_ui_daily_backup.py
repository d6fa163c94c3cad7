"""The day's backup is made beside the work: the practitioner opens cases and types while it is
copied, the status bar says what is happening, and locking stops it without leaving a file."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from PySide6.QtWidgets import QApplication
from ui.ui_support import add_window, close_window, wait_locked

from hsb_desk import paths
from hsb_desk.app import backups
from hsb_desk.app.backups.daily import DailyBackup
from hsb_desk.errors import BackupFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import backup as store_backup
from hsb_desk.store.connection import Connection
from hsb_desk.ui import strings
from hsb_desk.ui.app import build_window
from hsb_desk.ui.window.main_window import MainWindow

BACKUP_WAIT_MS = 30_000  # key derivations, the check and the copy, on a slow shared machine


class HeldCopy:
    """In front of the real ``write_backup``: a copy waits until the test releases it, or until
    its backup is cancelled (as a real copy would be stopped)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.waiting = threading.Event()
        self.release = threading.Event()
        self.real = store_backup.write_backup
        self.started: list[DailyBackup] = []
        real_start = DailyBackup.start

        def start(daily: DailyBackup) -> Any:
            self.started.append(daily)
            return real_start(daily)

        monkeypatch.setattr(DailyBackup, "start", start)
        monkeypatch.setattr(store_backup, "write_backup", self)

    def __call__(self, conn: Connection, target: Path) -> Path:
        self.waiting.set()
        deadline = time.monotonic() + 30
        while not (self.release.is_set() or self.started[-1].cancelled.is_set()):
            assert time.monotonic() < deadline, "the copy was held for 30 s"
            self.release.wait(0.01)
        return self.real(conn, target)


class EndlessCopy(HeldCopy):
    """The first copy runs a statement that never ends by itself: only a cancel can stop it."""

    def __call__(self, conn: Connection, target: Path) -> Path:
        if self.waiting.is_set():
            return self.real(conn, target)
        self.waiting.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        raise AssertionError("an endless statement ended by itself")


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Any:
    holder = HeldCopy(monkeypatch)
    yield holder
    holder.release.set()


@pytest.fixture
def real_window(qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition) -> Any:
    """The window as ``hsb-desk`` builds it: the damage check and the day's backup come after
    the workbook is on screen."""
    window = build_window(lambda: mini_form, seeded_workbook)
    add_window(qtbot, window)
    window.show()
    yield window
    close_window(qtbot, window)


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _unlock_while_held(qtbot: Any, window: MainWindow, held: HeldCopy) -> None:
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.cases_view.model.rowCount() == 2 and held.waiting.is_set(), timeout=BACKUP_WAIT_MS)
    qtbot.waitUntil(lambda: _status(window) == strings.DAILY_BACKUP_BUSY, timeout=BACKUP_WAIT_MS)


def test_cases_open_and_edits_save_while_the_days_backup_is_made(
    qtbot: Any, real_window: MainWindow, held: HeldCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = real_window
    _unlock_while_held(qtbot, window, held)

    # Nothing waits for the copy: not the work queued on the database thread, not the pages
    # that are prepared once that work is done.
    qtbot.waitUntil(lambda: window.bridge.pending == 0)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    saved: list[Any] = []
    window.bridge.run(lambda s: s.set_value("C-1", "child.notes", "typed during the backup"), saved.append)
    qtbot.waitUntil(lambda: len(saved) == 1)  # the database thread was not held by the copy
    assert backups.backups_for(window.workbook_path) == []

    shown_on: list[threading.Thread] = []
    real_status = window.actions_.status

    def status(text: str) -> None:
        shown_on.append(threading.current_thread())
        real_status(text)

    monkeypatch.setattr(window.actions_, "status", status)
    held.release.set()
    qtbot.waitUntil(lambda: _status(window) == strings.DAILY_BACKUP_DONE, timeout=BACKUP_WAIT_MS)
    assert shown_on == [threading.main_thread()]  # widgets are touched on the UI thread only
    made = backups.backups_for(window.workbook_path)
    assert [b.reason for b in made] == ["daily"]
    store_backup.verify_backup(made[0].path, PASSPHRASE)


def test_locking_stops_the_backup_and_the_next_unlock_makes_it(
    qtbot: Any, real_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = real_window
    endless = EndlessCopy(monkeypatch)
    _unlock_while_held(qtbot, window, endless)

    window.lock()
    assert window.stack.currentWidget() is window.unlock_view
    wait_locked(qtbot, window)
    QApplication.processEvents()
    assert backups.backups_for(window.workbook_path) == []
    assert sorted(p.name for p in paths.backups_dir().iterdir()) == []  # no partial copy either
    assert _status(window) == ""

    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: _status(window) == strings.DAILY_BACKUP_DONE, timeout=BACKUP_WAIT_MS)
    assert [b.reason for b in backups.backups_for(window.workbook_path)] == ["daily"]


def test_a_backup_that_fails_says_so_and_the_work_goes_on(
    qtbot: Any, real_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_disk = "The backup could not be written (No space left on device). The workbook is unchanged."

    def failing(conn: Connection, target: Path) -> Path:
        raise BackupFailed(full_disk)

    monkeypatch.setattr(store_backup, "write_backup", failing)
    window = real_window
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    told = f"Today's backup was not made. {full_disk} Try File ▸ Back up now."
    qtbot.waitUntil(lambda: _status(window) == told, timeout=BACKUP_WAIT_MS)
    window.open_case("C-2")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
