"""The day's first backup, made on its own thread and its own connection.

Copying and checking a large workbook takes seconds (about 10 s for 5,000 cases, 193 MB). Made on
the database thread, it would hold up every read and edit queued behind it. Here it runs beside
them: a second connection copies one snapshot of the workbook (WAL lets the window's connection
go on writing meanwhile) and checks the copy, exactly as ``backup_now`` does. That connection
only reads the workbook.

Starting it first removes the files that interrupted writes left (``leftovers``), as every open
does. The passphrase is held only until that connection is keyed. Closing, locking, a passphrase
change, an import and another backup cancel the copy first: its partial file is removed, and the
day's backup is made by that operation or at the next unlock. A permanent deletion lets a copy
under way finish instead (``finish``), so the day keeps its backup.

The future ends with the new backup; with None when none was due or the copy was cancelled; and
with ``BackupFailed`` (a plain message, logged without content) when it could not be made.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from pathlib import Path

from hsb_desk.app import backups
from hsb_desk.errors import BackupFailed, HsbDeskError
from hsb_desk.store.backup import BackupInfo
from hsb_desk.store.connection import Connection, DatabaseError, connect

__all__ = ["DailyBackup"]

log = logging.getLogger(__name__)
# interrupt() stops only the statement running at the time; a cancel repeats it this often (in
# seconds) until the copy has stopped, so the statements after it are stopped too.
INTERRUPT_EVERY = 0.02


class DailyBackup:
    """One day's backup of the workbook at ``path``. ``start`` it once the workbook has passed its
    check; ``future`` then gives the new backup, or None when none was due or it was cancelled,
    or raises ``BackupFailed`` when it could not be made."""

    def __init__(self, path: Path, passphrase: str, now: backups.Clock = backups.utc_now) -> None:
        self.path = path
        self.now = now
        self.future: Future[BackupInfo | None] = Future()
        self.cancelled = threading.Event()
        self._passphrase: str | None = passphrase
        self._guard = threading.Lock()  # orders cancel() against the connection coming and going
        self._conn: Connection | None = None
        self._thread: threading.Thread | None = None

    @property
    def holds_passphrase(self) -> bool:
        """True until the copy's connection is keyed, or it is cancelled or not needed."""
        return self._passphrase is not None

    def start(self) -> Future[BackupInfo | None]:
        """Begin on a new thread, unless a backup was made today already (or this was cancelled).
        First, as at every open, what interrupted writes left is removed."""
        with self._guard:
            if self._thread is not None or self.future.done():
                return self.future
            backups.remove_crash_leftovers(self.path)
            try:
                due = not self.cancelled.is_set() and not backups.made_today(self.path, self.now)
            except OSError as exc:  # the backups folder cannot be read: a copy could not be kept
                self._passphrase = None
                self.future.set_exception(_failed(exc))
                return self.future
            if not due:
                self._passphrase = None
                self.future.set_result(None)
                return self.future
            self._thread = threading.Thread(target=self._run, name="hsb-daily-backup", daemon=True)
            self._thread.start()
        return self.future

    def finish(self) -> None:
        """Let a copy under way end as it would, then drop what was held. For work that only
        needs the copy's snapshot gone (a permanent deletion): the day's backup is kept."""
        with self._guard:
            thread = self._thread
        if thread is None:
            self.cancel()
            return
        thread.join()

    def cancel(self) -> None:
        """Stop the copy, remove its partial file and wait for the thread. Safe to repeat."""
        with self._guard:
            self.cancelled.set()
            self._passphrase = None
            thread = self._thread
        while thread is not None and thread.is_alive():
            with self._guard:
                if self._conn is not None:
                    self._conn.interrupt()
            thread.join(INTERRUPT_EVERY)
        with self._guard:
            if not self.future.done():
                self.future.set_result(None)

    def _run(self) -> None:
        made: BackupInfo | None = None
        failure: BackupFailed | None = None
        try:
            made = self._copy()
        except (HsbDeskError, DatabaseError, OSError) as exc:
            if not self.cancelled.is_set():
                failure = _failed(exc)
        finally:
            with self._guard:
                self._passphrase = None
                if not self.future.done() and failure is not None:
                    self.future.set_exception(failure)
                elif not self.future.done():
                    self.future.set_result(made)

    def _copy(self) -> BackupInfo | None:
        with self._guard:
            passphrase, self._passphrase = self._passphrase, None
        if passphrase is None:
            return None
        conn = connect(self.path, passphrase)  # the key derivation: outside the guard
        del passphrase
        with self._guard:
            if self.cancelled.is_set():
                conn.close()
                return None
            self._conn = conn
        try:
            # A copy finished after a cancel (too quick for the interrupt) is not kept.
            return backups.write_daily(conn, self.path, self.now, lambda: not self.cancelled.is_set())
        finally:
            with self._guard:
                self._conn = None
            conn.close()
            if self.cancelled.is_set():
                backups.remove_daily_partials(self.path)  # one still open when the copy stopped


def _failed(exc: BaseException) -> BackupFailed:
    """The failure as the user is told it; the log names only its kind, never its text."""
    log.warning("the daily backup could not be made (%s)", exc.__class__.__name__)
    if isinstance(exc, BackupFailed):
        return exc
    return BackupFailed("The copy could not be made or checked. The workbook is unchanged.")
