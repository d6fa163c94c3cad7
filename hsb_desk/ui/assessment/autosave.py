"""Autosave: every change is stored within half a second, and at once when asked.

Edits wait at most ``delay_ms`` (the timer is not restarted by further typing). A save that
fails for a reason other than the value itself (disk full, a write error) keeps the value and
retries; the editor keeps its text throughout. While the workbook is locked, autosave is paused:
what could not be stored waits, and is stored once the workbook is unlocked again. Each value
waits with its case's reference, so opening another case never sends it to the wrong one.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hsb_desk.app.changes import Change
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import HsbDeskError, ValidationFailed, WorkbookClosed
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import log_unexpected

RETRY_MS = 3000
Waiting = tuple[str, str]  # (case reference, field key)


class Autosaver(QObject):
    saved = Signal(str, str, object, object)  # reference, key, old value, new value
    invalid = Signal(str, str, str, object)  # reference, key, reason, the value refused
    failed = Signal(str)  # plain reason
    recovered = Signal()

    def __init__(self, bridge: Bridge, delay_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reference: str | None = None
        self.pending: dict[Waiting, tuple[Any, Any]] = {}  # -> (old, new)
        self.failing = False
        self.paused = False
        self.last_saved: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        bridge.before_writes(self.flush)  # a sign-off or an export never overtakes an edit

    def start(self, reference: str) -> None:
        """The case now open; what still waits for another case keeps waiting for that one."""
        self.reference = reference

    def queue(self, key: str, old: Any, new: Any) -> None:
        if self.reference is None:
            return
        waiting = (self.reference, key)
        first_old = self.pending[waiting][0] if waiting in self.pending else old
        self.pending[waiting] = (first_old, new)
        if not self._timer.isActive() and not self.paused:
            self._timer.start()

    @property
    def has_pending(self) -> bool:
        return bool(self.pending)

    def flush(self) -> None:
        """Send everything waiting to the database thread now (nothing while paused)."""
        self._timer.stop()
        if self.paused:
            return
        batch = dict(self.pending)
        self.pending.clear()
        for waiting, (old, new) in batch.items():
            self._send(waiting, old, new)

    def _send(self, waiting: Waiting, old: Any, new: Any) -> None:
        reference, key = waiting
        self.bridge.run(
            lambda s: s.set_value(reference, key, new),
            lambda change: self._done(change, waiting, old, new),
            lambda error: self._error(error, waiting, old, new),
            closed_too=True,
        )

    def pause(self) -> None:
        """Locking: what is waiting has been sent (``flush`` first); what fails from here on is
        kept, not retried, until ``resume``."""
        self.paused = True
        self._timer.stop()
        self._retry.stop()

    def resume(self) -> None:
        """Unlocked again: store whatever was kept."""
        self.paused = False
        if self.pending:
            self.flush()

    def save_and_wait(self, timeout: float) -> list[str]:
        """Logging out: the desktop asks for data to be saved before it returns, so this is the
        one place that waits for the database thread, at most ``timeout`` seconds in all.
        Returns the keys that could not be stored; they stay waiting."""
        self._timer.stop()
        if self.paused:
            return [key for _reference, key in self.pending]
        batch = dict(self.pending)
        self.pending.clear()
        deadline = time.monotonic() + timeout
        unsaved = []
        for (reference, key), (old, new) in batch.items():
            future = self.bridge.db.submit(partial(_save, reference=reference, key=key, value=new))
            try:
                future.result(max(0.0, deadline - time.monotonic()))
            except ValidationFailed:
                continue  # an invalid value was never going to be stored; it is shown as such
            except Exception as error:
                if not isinstance(error, HsbDeskError | TimeoutError):
                    log_unexpected(error)
                unsaved.append(key)
                self.pending[(reference, key)] = (old, new)
        return unsaved

    def _done(self, change: Change, waiting: Waiting, old: Any, new: Any) -> None:
        self.last_saved = time.time()
        if self.failing and not self.pending:
            self.failing = False
            self.recovered.emit()
        self.saved.emit(*waiting, old, new)

    def _error(self, error: BaseException, waiting: Waiting, old: Any, new: Any) -> None:
        if isinstance(error, ValidationFailed):
            reason = error.problems[0][1] if error.problems else error.user_message
            self.invalid.emit(*waiting, reason, new)
            return
        # Keep the newest value for this field and try again shortly (once unlocked, if locked).
        if waiting not in self.pending:
            self.pending[waiting] = (old, new)
        if isinstance(error, WorkbookClosed) or self.paused:
            return
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        self.failing = True
        self.failed.emit(error.user_message if isinstance(error, HsbDeskError) else "the workbook could not be written")
        self._retry.start()


def _save(session: WorkbookSession, reference: str, key: str, value: Any) -> Change:
    return session.set_value(reference, key, value)
