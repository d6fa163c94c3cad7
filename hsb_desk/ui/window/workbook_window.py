"""The window's workbook: unlocking or creating it, and the checks after opening.

``WorkbookWindow`` is the base of the main window (ui/window/main_window.py), which adds the pages.
Nothing here waits on the database thread: each step is queued there and the screen moves on
when its result comes back (docs/architecture.md, "Threads"). Locking, opening another workbook
and closing the window are its base's (ui/window/closing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStackedWidget

from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.settings import Settings
from hsb_desk.errors import UnlockDelayed, WorkbookDamaged, WrongPassphrase
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import message_for, show_error
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.window.closing import ClosingWindow, Place
from hsb_desk.ui.window.frame import FirstPaint
from hsb_desk.ui.window.idle import IdleWatcher
from hsb_desk.ui.window.unlock import UnlockView

if TYPE_CHECKING:
    from hsb_desk.app.chain_record import OlderCopy
    from hsb_desk.app.pathway import DueEntry
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.store.backup import BackupInfo
    from hsb_desk.store.records import Profile
    from hsb_desk.ui.window.backup_status import DailyBackupStatus
    from hsb_desk.ui.window.first_run import FirstRunView
    from hsb_desk.ui.window.menus import WindowMenus

Opener = Callable[[Path, str], "WorkbookSession"]


class Creator(Protocol):
    """Makes a workbook; ``procedure`` (the id of its procedure profile) is passed only when the
    form pack has profiles."""

    def __call__(self, path: Path, passphrase: str, profile: Profile, procedure: str = ..., /) -> WorkbookSession: ...


class WorkbookWindow(ClosingWindow):
    """The unlock page and the workbook behind it. The main window builds the pages declared
    here and on the base, and gives the function that builds them (``pages``)."""

    backup_status: DailyBackupStatus
    menus: WindowMenus

    def __init__(
        self,
        settings: Settings,
        workbook_path: Path,
        opener: Opener,
        creator: Creator | None,
        prompts: Prompts | None,
        demo: bool,
        db: DatabaseThread | None,
        pages: Callable[[], bool],
    ) -> None:
        """``pages()`` builds the case list, the assessment and the case actions once (False if
        they cannot be: the window is closing); whatever needs them calls it first."""
        super().__init__()
        self._pages = pages
        self.settings, self.workbook_path, self.demo = settings, workbook_path, demo
        self.opener, self.creator = opener, creator
        self.first_run: FirstRunView | None = None
        self.prompts = prompts or Prompts(self)
        if self.prompts.parent is None:
            self.prompts.parent = self
        self.db = db or DatabaseThread()
        self.bridge = Bridge(self.db, lambda error: show_error(self, error), self)
        self.place: Place = (None, None, None)
        self.pages_ready = False
        self._due_shown_for: Path | None = None
        self._locking = False
        self._closing = self._closed = False
        self.setWindowTitle(strings.APP_TITLE)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView(self)
        self.stack.addWidget(self.unlock_view)
        self.idle = IdleWatcher(settings.auto_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self._connect_unlock()

    # -- the pages: built by the main window (``pages``), shown from here ------------------
    def open_case(
        self,
        reference: str,
        section: str | None = None,
        field: str | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        cell: tuple[int, str] | None = None,
    ) -> None:
        """Open a case at a section and field; ``cell`` (row, column) for a column of a group.
        The assessment page shows once the case is read."""
        self.assessment.load(reference, section, field, cell, on_error)

    def _show_case_list(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        self.place = (None, None, None)
        self.cases_view.refresh(on_error)
        self.menus.attach_case_menu(self.cases_view.table)  # right-click a case: its timeline, meetings
        self.stack.setCurrentWidget(self.cases_view)
        self.cases_view.search.setFocus()

    def _connect_unlock(self) -> None:
        self.unlock_view.unlock_requested.connect(self.unlock)
        self.unlock_view.other_requested.connect(self.open_other)
        self.unlock_view.restore_requested.connect(self._restore)

    def _restore(self) -> None:
        from hsb_desk.ui.actions.restore_flow import restore_workbook

        restore_workbook(self.prompts, self.bridge, self.workbook_path, lambda: self.show_unlock(False))

    # -- unlocking -------------------------------------------------------------------------
    def show_first_run(self) -> None:
        from hsb_desk.ui.window.first_run import FirstRunView

        if self.first_run is None:
            view = self.first_run = FirstRunView(self.workbook_path, self)

            def offer() -> None:  # the form pack's procedure profiles, once it is loaded
                if self._pages():
                    self.offer_procedures(view)

            if not self.pages_ready:
                FirstPaint(view, offer)  # as for the unlock page
            else:
                offer()
            view.create_requested.connect(self.create_workbook)
            self.stack.addWidget(self.first_run)
        self.stack.setCurrentWidget(self.first_run)
        self.first_run.first.setFocus()

    def offer_procedures(self, view: FirstRunView) -> None:
        """The first-run page offers the form pack's procedure profiles (MainWindow)."""

    def create_workbook(self, path: Path, passphrase: str, profile: Profile, procedure: str = "") -> None:
        if self.creator is None:
            return
        creator = self.creator
        self.workbook_path = path
        if not self._pages():
            return

        def failed(error: BaseException) -> None:
            show_error(self, error)

        def create() -> WorkbookSession:
            if procedure:
                return creator(path, passphrase, profile, procedure)
            return creator(path, passphrase, profile)

        self.bridge.watch(self.db.open(create), self._unlocked, failed)

    def unlock(self, passphrase: str) -> None:
        if not self._pages():
            return
        path, opener = self.workbook_path, self.opener
        self.bridge.watch(self.db.open(lambda: opener(path, passphrase)), self._unlocked, self._unlock_failed)

    def _unlock_failed(self, error: BaseException) -> None:
        """A wrong passphrase waits as the workbook's count says, from whichever front end the
        earlier ones came (app/attempts.py)."""
        if isinstance(error, UnlockDelayed):
            self.unlock_view.failed(strings.UNLOCK_DELAYED, error.seconds)
        elif isinstance(error, WrongPassphrase):
            self.unlock_view.failed(message_for(error), error.wait)
        else:
            self.unlock_view.failed(message_for(error))

    def _unlocked(self, _session: WorkbookSession) -> None:
        from hsb_desk.app import chain_record
        from hsb_desk.app.pathway import workbook_due
        from hsb_desk.app.workbooks import finish_opening

        # The read goes first, so the list (or the case the user was in) shows while the damage
        # check runs: on a 5,000-case workbook the check takes seconds (bench/). Every write
        # waits behind the check. Edits kept from before a lock are saved after it and only
        # then read back, so the screen shows them as stored.
        read_failed: list[BaseException] = []
        self.read_form()  # before the case is read: its pages are built with the workbook's form
        pending = self.assessment.autosaver.has_pending
        if not pending:
            self._read_place(read_failed.append)
        self.bridge.watch(
            self.db.check(finish_opening),
            lambda backup: self._checked(read_failed, backup),
            lambda error: self._after_open_failed(error, read_failed),
        )
        self.bridge.run(lambda s: chain_record.older_copy(s.workbook), self._older_copy)  # what the check found
        self.assessment.autosaver.resume()
        if pending:
            self._read_place(None)
        self.unlock_view.succeeded()
        for action in self.case_actions:
            action.setEnabled(True)
        self.idle.start()
        self.workbook_opened()
        if self.settings.due_on_open and self._due_shown_for != self.workbook_path:
            # On opening a workbook (not on returning from a lock): what falls due soon, if anything.
            self._due_shown_for = self.workbook_path
            self.bridge.run(lambda s: workbook_due(s, days=14), self._due_on_opening)

    def _read_place(self, on_error: Callable[[BaseException], None] | None) -> None:
        """The case and place the user was at before a lock, or the case list."""
        reference, section, field = self.place
        if reference:
            self.open_case(reference, section, field, on_error=on_error)
        else:
            self._show_case_list(on_error=on_error)

    def _checked(self, read_failed: list[BaseException], backup: Future[BackupInfo | None] | None) -> None:
        """The workbook passed its check: a read that failed before it is reported now (had the
        check found damage, that message alone would be shown). The day's backup, if due, is
        being made on its own thread; the status bar says so until it ends."""
        if read_failed:
            show_error(self, read_failed[0])
        if backup is not None:
            self.backup_status.follow(backup)

    def _older_copy(self, older: OlderCopy | None) -> None:
        """Once after each unlock while the workbook is an older copy than the one last closed on
        this computer (app/chain_record.py): keep it (no more warnings), or be warned again."""
        from hsb_desk.app import chain_record

        if older is None or not self.db.is_open:
            return
        if self.prompts.confirm(strings.OLDER_COPY.format(detail=older.detail)):
            self.bridge.run(lambda s: chain_record.accept(s.workbook))

    def _due_on_opening(self, entries: list[DueEntry]) -> None:
        if entries:
            self.pathway_windows.show_due(entries)

    def _after_open_failed(self, error: BaseException, read_failed: list[BaseException] | None = None) -> None:
        """The check after opening found damage (nothing more is written), or the day's backup
        failed (the user is told; the work goes on, and a read that failed before is tried again)."""
        if not isinstance(error, WorkbookDamaged):
            show_error(self, error)
            if read_failed:
                self._read_place(None)
            return
        self._hide_workbook(locked=False)
        self._close_workbook(lambda: self.unlock_view.failed(message_for(error)))

    def read_form(self) -> None:
        """Unlocked, or the procedure profile changed: the screens take the workbook's form
        (MainWindow)."""

    def workbook_opened(self) -> None:
        """Unlocked: what the window keeps of the workbook beside its pages (MainWindow)."""
