"""The one thread that owns the open workbook.

A SQLCipher connection belongs to the thread that opened it. Every call that touches the
workbook is submitted here and runs in order on a single worker thread; callers get a Future.
The GUI turns futures into signals (hsb_desk/ui/bridge.py); the command line simply waits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from hsb_desk.errors import WorkbookClosed, WorkbookDamaged

if TYPE_CHECKING:  # the window starts before the services are imported (ui/window/main_window.py)
    from hsb_desk.app.session import WorkbookSession

T = TypeVar("T")


class DatabaseThread:
    """Runs ``fn(session)`` calls one at a time on a dedicated thread."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hsb-db")
        self._session: WorkbookSession | None = None
        self._stopped = False

    @property
    def stopped(self) -> bool:
        """True once shut down (the window is closing): no more work is accepted."""
        return self._stopped

    @property
    def is_open(self) -> bool:
        return self._session is not None

    def open(self, opener: Callable[[], WorkbookSession]) -> Future[WorkbookSession]:
        """Open (or create) the workbook on the database thread and keep it there."""

        def run() -> WorkbookSession:
            if self._session is not None:
                self._session.close()
                self._session = None
            self._session = opener()
            return self._session

        return self._executor.submit(run)

    def submit(self, fn: Callable[[WorkbookSession], T]) -> Future[T]:
        def run() -> T:
            if self._session is None:
                raise WorkbookClosed()
            return fn(self._session)

        return self._executor.submit(run)

    def check(self, fn: Callable[[WorkbookSession], T]) -> Future[T]:
        """Run a check of the open workbook. If it finds the workbook damaged (``fn`` closes it
        without writing), the session is dropped here, before any job queued behind it runs."""

        def run() -> T:
            if self._session is None:
                raise WorkbookClosed()
            try:
                return fn(self._session)
            except WorkbookDamaged:
                self._session = None
                raise

        return self._executor.submit(run)

    def call(self, fn: Callable[[WorkbookSession], T], timeout: float | None = 30) -> T:
        """Run and wait: for the few moments that must finish first (closing, locking)."""
        return self.submit(fn).result(timeout)

    def close_session(self) -> Future[None]:
        """Close the workbook: the connection and its key are dropped on their own thread."""

        def run() -> None:
            if self._session is not None:
                session, self._session = self._session, None
                session.close()

        return self._executor.submit(run)

    def shutdown(self) -> None:
        """Close the workbook and join the thread. Safe to call more than once."""
        if self._stopped:
            return
        try:
            self.close_session().result(30)
        finally:
            self._stopped = True
            self._executor.shutdown(wait=True)

    def run_raw(self, fn: Callable[[], Any]) -> Future[Any]:
        """Work that needs the database thread but no open workbook (e.g. restoring a backup)."""
        return self._executor.submit(fn)
