"""Autosave: every change is stored within half a second, and at once when asked.

Edits wait at most ``delay_ms`` (the timer is not restarted by further typing). A save that
fails for a reason other than the value itself (disk full, a write error) keeps the value and
retries; the editor keeps its text throughout.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hsb_desk.app.changes import Change
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import HsbDeskError, ValidationFailed
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import log_unexpected

RETRY_MS = 3000


class Autosaver(QObject):
    saved = Signal(str, object, object)  # key, old value, new value
    invalid = Signal(str, str, object)  # key, reason, the value refused
    failed = Signal(str)  # plain reason
    recovered = Signal()

    def __init__(self, bridge: Bridge, delay_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reference: str | None = None
        self.pending: dict[str, tuple[Any, Any]] = {}  # key -> (old, new)
        self.failing = False
        self.last_saved: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)

    def start(self, reference: str) -> None:
        self.reference = reference
        self.pending.clear()
        self.failing = False

    def queue(self, key: str, old: Any, new: Any) -> None:
        first_old = self.pending[key][0] if key in self.pending else old
        self.pending[key] = (first_old, new)
        if not self._timer.isActive():
            self._timer.start()

    @property
    def has_pending(self) -> bool:
        return bool(self.pending)

    def flush(self) -> None:
        """Send everything waiting to the database thread now."""
        self._timer.stop()
        reference, batch = self.reference, dict(self.pending)
        self.pending.clear()
        if reference is None:
            return
        for key, (old, new) in batch.items():
            self.bridge.run(
                lambda s, k=key, v=new: s.set_value(reference, k, v),
                lambda change, k=key, o=old, n=new: self._done(change, k, o, n),
                lambda error, k=key, o=old, n=new: self._error(error, k, o, n),
            )

    def flush_and_wait(self) -> list[str]:
        """Save everything now and wait (closing, locking). Returns the keys that could not be
        saved, so the caller can refuse to drop them."""
        self._timer.stop()
        unsaved = []
        reference, batch = self.reference, dict(self.pending)
        self.pending.clear()
        if reference is None:
            return []
        for key, (_old, new) in batch.items():
            try:
                self.bridge.db.call(lambda s, k=key, v=new: _save(s, reference, k, v))
            except ValidationFailed:
                continue  # an invalid value was never going to be stored; it is shown as such
            except Exception as error:
                if not isinstance(error, HsbDeskError):
                    log_unexpected(error)
                unsaved.append(key)
                self.pending[key] = (_old, new)
        return unsaved

    def _done(self, change: Change, key: str, old: Any, new: Any) -> None:
        self.last_saved = time.time()
        if self.failing and not self.pending:
            self.failing = False
            self.recovered.emit()
        self.saved.emit(key, old, new)

    def _error(self, error: BaseException, key: str, old: Any, new: Any) -> None:
        if isinstance(error, ValidationFailed):
            reason = error.problems[0][1] if error.problems else error.user_message
            self.invalid.emit(key, reason, new)
            return
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        # Keep the newest value for this field and try again shortly.
        if key not in self.pending:
            self.pending[key] = (old, new)
        self.failing = True
        self.failed.emit(error.user_message if isinstance(error, HsbDeskError) else "the workbook could not be written")
        self._retry.start()


def _save(session: WorkbookSession, reference: str, key: str, value: Any) -> Change:
    return session.set_value(reference, key, value)
