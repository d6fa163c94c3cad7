"""Closing the window's workbook: locking, opening another workbook, and closing the window.

``ClosingWindow`` is the base of ``WorkbookWindow`` (ui/window/workbook_window.py), which sets
what is named below and opens the workbook; kept apart so that module holds the way in (unlocking,
creating, the checks after opening) and this one the ways out. Locking hides every piece of case
content at once and shows the unlock page, which takes a passphrase once the workbook is closed,
however the closing ends; opening another workbook closes this one the same way; closing keeps
the window until what is waiting is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow

from hsb_desk.ui import strings
from hsb_desk.ui.errors import log_unexpected
from hsb_desk.ui.window.frame import save_geometry

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from hsb_desk.app.dbthread import DatabaseThread
    from hsb_desk.ui.assessment.view import AssessmentView
    from hsb_desk.ui.bridge import Bridge
    from hsb_desk.ui.case_list import CaseListView
    from hsb_desk.ui.pathway.windows import PathwayWindows
    from hsb_desk.ui.prompts import Prompts
    from hsb_desk.ui.window.idle import IdleWatcher
    from hsb_desk.ui.window.unlock import UnlockView

LOGOUT_WAIT_S = 5.0  # the desktop's session manager will not wait for ever
Place = tuple[str | None, str | None, str | None]  # case, section, field


class ClosingWindow(QMainWindow):
    """Locking, switching workbook and closing; the unlock page they all end on."""

    # Set by WorkbookWindow; the pages by the main window (ui/window/main_window.py).
    prompts: Prompts
    db: DatabaseThread
    bridge: Bridge
    idle: IdleWatcher
    stack: QStackedWidget
    unlock_view: UnlockView
    workbook_path: Path
    demo: bool
    place: Place
    pages_ready: bool
    _locking: bool
    _closing: bool
    _closed: bool
    assessment: AssessmentView
    cases_view: CaseListView
    pathway_windows: PathwayWindows
    case_actions: list[QAction]  # the menu commands that need an open workbook

    def show_unlock(self, locked: bool) -> None:
        self.unlock_view.prepare(self.workbook_path, locked=locked, demo=self.demo)
        self.stack.setCurrentWidget(self.unlock_view)
        for action in self.case_actions:
            action.setEnabled(False)
        self.unlock_view.setFocus()

    # -- locking and switching workbook ----------------------------------------------------
    def lock(self) -> None:
        """Hide every piece of case content at once; then, on the database thread and in this
        order, store what is waiting, close the workbook and drop its key. The unlock page
        shows at once and takes a passphrase when the closing has ended, whatever its end."""
        if not self.db.is_open or self._locking:
            return
        self.place = self.assessment.place() if self.stack.currentWidget() is self.assessment else (None, None, None)
        self.assessment.autosaver.flush()
        self._hide_workbook(locked=True)
        self.unlock_view.note.setText(strings.UNLOCK_LOCKING)
        self._locking = True

        def locked() -> None:
            self._locking = False
            kept = self.assessment.autosaver.has_pending  # a save that failed: kept until unlocked
            self.unlock_view.note.setText(strings.UNLOCK_LOCKED_PENDING if kept else strings.UNLOCK_LOCKED_NOTE)
            self.unlock_view.set_busy(False)
            self.unlock_view.setFocus()

        self._close_workbook(locked)

    def workbook_hidden(self) -> None:
        """Locking or closing: what ``workbook_opened`` took is dropped (MainWindow)."""

    def _hide_workbook(self, locked: bool) -> None:
        """Nothing of a case stays on screen; autosave keeps, and does not retry, what fails."""
        self.idle.stop()
        self.assessment.autosaver.pause()
        self.assessment.clear_content()
        self.cases_view.clear_content()
        self.pathway_windows.clear_content()
        self.workbook_hidden()
        self.show_unlock(locked=locked)
        self.unlock_view.set_busy(True)

    def _close_workbook(self, then: Callable[[], None]) -> None:
        """Close the workbook on its thread, then ``then()`` whether or not closing went well
        (the session is dropped either way: app/dbthread.py)."""

        def failed(error: BaseException) -> None:
            log_unexpected(error)
            then()

        self.bridge.watch(self.db.close_session(), lambda _none: then(), failed)

    def open_other(self) -> None:
        chosen = self.prompts.open_file(
            strings.UNLOCK_OTHER, self.workbook_path.parent, "HSB Desk workbook (*.hsbdesk)"
        )
        if chosen:
            self.workbook_path, self.demo, self.place = chosen, False, (None, None, None)
            self.show_unlock(locked=False)

    def open_another_workbook(self) -> None:
        """File ▸ Open another workbook…: the open one is closed as locking closes it (what is
        waiting stored first), then the unlock page asks for the chosen one's passphrase. An edit
        that could not be stored keeps this workbook open, so it is never written elsewhere."""
        if not self.db.is_open:
            self.open_other()
            return
        chosen = self.prompts.open_file(
            strings.UNLOCK_OTHER, self.workbook_path.parent, "HSB Desk workbook (*.hsbdesk)"
        )
        if not chosen or chosen.resolve() == self.workbook_path.resolve():
            return
        self.assessment.autosaver.flush()
        self._hide_workbook(locked=False)

        def closed() -> None:
            self.unlock_view.set_busy(False)
            if self.assessment.autosaver.has_pending:
                self.show_unlock(locked=True)
                self.unlock_view.note.setText(strings.OPEN_OTHER_PENDING)
                self.unlock_view.note.show()
            else:
                self.workbook_path, self.demo, self.place = chosen, False, (None, None, None)
                self.show_unlock(locked=False)
            self.unlock_view.setFocus()

        self._close_workbook(closed)

    # -- closing ---------------------------------------------------------------------------
    def save_now(self) -> None:
        """Logging out: the desktop waits for this to return, so this one step waits for the
        database thread, at most LOGOUT_WAIT_S; what could not be stored stays on screen."""
        if self.pages_ready:
            self.assessment.autosaver.save_and_wait(LOGOUT_WAIT_S)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit, the window's close button and SIGTERM: the window stays until what is waiting is
        stored and the workbook is closed on its thread; a save that failed is asked about."""
        waiting = self.pages_ready and self.assessment.autosaver.has_pending
        if self._closed or (not self.db.is_open and not waiting):
            save_geometry(self)
            self.idle.stop()
            self.db.shutdown()  # nothing is open or queued: returns at once
            event.accept()
            return
        event.ignore()
        if self._closing:
            return
        self._closing = True
        self.idle.stop()
        self.statusBar().showMessage(strings.CLOSING)
        self.assessment.autosaver.flush()
        # Delivered after the replies of every save sent just now (one thread, in order).
        self.bridge.run(lambda _s: None, self._saves_ended, self._saves_ended, closed_too=True)

    def _saves_ended(self, _result: object = None) -> None:
        autosaver = self.assessment.autosaver
        count = len(autosaver.pending)
        if count and not self.prompts.confirm(strings.CLOSE_UNSAVED.format(count=count)):
            self._closing = False
            self.statusBar().clearMessage()
            if self.db.is_open:
                self.idle.start()
            return
        autosaver.pause()

        def closed() -> None:
            self._closed = True
            self.close()

        self._close_workbook(closed)
