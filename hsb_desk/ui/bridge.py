"""Results from the database thread delivered on the UI thread, by signal; and the one path
every change to the workbook takes.

Workers never touch widgets: a Future's result is handed to a Qt signal, and the callback runs
on the UI thread when the event loop delivers it. ``apply`` runs a service that writes: first
whatever edits are waiting (so a sign-off or an export never overtakes what was just typed),
then the service; every Change it returns is announced on ``changed``, and each screen that
shows what it touched refreshes itself (docs/architecture.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from hsb_desk.app.changes import Change, changes_in
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.errors import WorkbookClosed

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Bridge(QObject):
    """Runs service calls on the database thread; callbacks come back on the UI thread."""

    # on_done, on_error, result, error, (is it a write, does on_error hear of a closed workbook)
    _finished = Signal(object, object, object, object, object)
    _ended = Signal(object, object)  # on_done, result: work beside the database thread
    idle = Signal()
    changed = Signal(object)  # a Change, once its service has returned and its on_done has run

    def __init__(self, db: DatabaseThread, on_error: Failed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._default_error = on_error
        self._before_writes: list[Callable[[], None]] = []
        self._worker: ThreadPoolExecutor | None = None  # made on first use
        self.pending = 0
        self._finished.connect(self._deliver)
        self._ended.connect(self._deliver_ended)  # a method of this QObject: runs on its thread

    def run(
        self,
        fn: Callable[[WorkbookSession], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        closed_too: bool = False,
    ) -> None:
        """A read, or autosave's own write. ``closed_too``: ``on_error`` also hears that the
        workbook was closed first (autosave keeps the value); otherwise that is dropped quietly,
        the screen having moved on."""
        self._submit(fn, on_done, on_error, write=False, closed_too=closed_too)

    def apply(
        self, fn: Callable[[WorkbookSession], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        """A service that changes the workbook: the edits waiting are sent first, then ``fn``;
        the changes it returns are announced on ``changed`` once ``on_done`` has run."""
        self.send_waiting_edits()
        self._submit(fn, on_done, on_error, write=True, closed_too=False)

    def work(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Work that needs no workbook and takes a while (sealing an exchange file, writing or
        encrypting a report): on a worker thread of its own, so the database thread only reads
        and writes and the screen never waits."""
        if self.db.stopped:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hsb-work")
        self._follow(self._worker.submit(fn), on_done, on_error, (False, False))

    def send_waiting_edits(self) -> None:
        """Send the edits waiting (autosave's) to the database thread now: a read submitted after
        this sees them, the thread running its calls in order."""
        for before in self._before_writes:
            before()

    def before_writes(self, fn: Callable[[], None]) -> None:
        """``fn`` runs before every ``apply`` (autosave's flush)."""
        self._before_writes.append(fn)

    def _submit(
        self,
        fn: Callable[[WorkbookSession], Any],
        on_done: Done | None,
        on_error: Failed | None,
        write: bool,
        closed_too: bool,
    ) -> None:
        if self.db.stopped:
            return  # the window is closing; late refreshes have nothing left to show
        self._follow(self.db.submit(fn), on_done, on_error, (write, closed_too))

    def watch(self, future: Future[Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Deliver a future from the database thread (opening, a check, closing) like a call."""
        self._follow(future, on_done, on_error, (False, False))

    def _follow(
        self, future: Future[Any], on_done: Done | None, on_error: Failed | None, how: tuple[bool, bool]
    ) -> None:
        self.pending += 1

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            self._finished.emit(on_done, on_error, None if error else f.result(), error, how)

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

    def _deliver(
        self,
        on_done: Done | None,
        on_error: Failed | None,
        result: Any,
        error: BaseException | None,
        how: tuple[bool, bool],
    ) -> None:
        self.pending -= 1
        write, closed_too = how
        try:
            if isinstance(error, WorkbookClosed) and not closed_too:
                pass  # queued before a lock or a failed check; the screen has already moved on
            elif error is not None:
                (on_error or self._default_error)(error)
            else:
                try:
                    if on_done is not None:
                        on_done(result)
                finally:
                    # After on_done (which may note what to select), so screens read it again
                    # knowing. A write announces all it returned; a read may be autosave's own save.
                    for change in changes_in(result) if write else [result] if isinstance(result, Change) else []:
                        self.changed.emit(change)
        finally:
            if self.pending == 0:
                self.idle.emit()
