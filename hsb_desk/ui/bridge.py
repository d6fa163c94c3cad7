"""Results from the database thread delivered on the UI thread, by signal.

Workers never touch widgets: a Future's result is handed to a Qt signal, and the callback runs
on the UI thread when the event loop delivers it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.errors import WorkbookClosed

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Bridge(QObject):
    """Runs service calls on the database thread; callbacks come back on the UI thread."""

    _finished = Signal(object, object, object, object)  # on_done, on_error, result, error
    _ended = Signal(object, object)  # on_done, result: work beside the database thread
    idle = Signal()

    def __init__(self, db: DatabaseThread, on_error: Failed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._default_error = on_error
        self.pending = 0
        self._finished.connect(self._deliver)
        self._ended.connect(self._deliver_ended)  # a method of this QObject: runs on its thread

    def run(
        self, fn: Callable[[WorkbookSession], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        if self.db.stopped:
            return  # the window is closing; late refreshes have nothing left to show
        self.watch(self.db.submit(fn), on_done, on_error)

    def watch(self, future: Future[Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        self.pending += 1

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            self._finished.emit(on_done, on_error, None if error else f.result(), error)

        future.add_done_callback(finished)

    def when_done(self, future: Future[Any], on_done: Done, on_error: Failed) -> None:
        """``on_done(result)`` or ``on_error(error)`` on the UI thread once ``future`` ends. Not
        counted in ``pending``: for work beside the database thread (the day's backup), which
        ``idle`` and the work waiting for it should not wait for."""

        def ended(f: Future[Any]) -> None:
            error = f.exception()
            self._ended.emit(on_error if error else on_done, error or f.result())

        future.add_done_callback(ended)

    def _deliver_ended(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def _deliver(self, on_done: Done | None, on_error: Failed | None, result: Any, error: BaseException | None) -> None:
        self.pending -= 1
        try:
            if isinstance(error, WorkbookClosed):
                pass  # queued before a lock or a failed check; the screen has already moved on
            elif error is not None:
                (on_error or self._default_error)(error)
            elif on_done is not None:
                on_done(result)
        finally:
            if self.pending == 0:
                self.idle.emit()
