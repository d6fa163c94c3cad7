"""The main window: unlock, case list and assessment as pages of one window, and locking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from hsb_desk import __version__, paths
from hsb_desk.app import signoff
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.pathway import workbook_due
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import finish_opening
from hsb_desk.errors import WorkbookDamaged
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.assessment import AssessmentView
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.case_actions import CaseActions, restore_workbook
from hsb_desk.ui.case_list import CaseListView
from hsb_desk.ui.due import DueDialog, DueStrip
from hsb_desk.ui.editors import FieldEditor
from hsb_desk.ui.errors import message_for, show_error
from hsb_desk.ui.first_run import FirstRunView
from hsb_desk.ui.idle import IdleWatcher
from hsb_desk.ui.pathway_dialog import CasePathwayDialog
from hsb_desk.ui.preferences import PreferencesDialog
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.system_events import SystemEvents
from hsb_desk.ui.unlock import UnlockView

Opener = Callable[[Path, str], WorkbookSession]
Creator = Callable[[Path, str, Profile], WorkbookSession]


class MainWindow(QMainWindow):
    def __init__(
        self,
        form: FormDefinition,
        settings: Settings,
        workbook_path: Path,
        opener: Opener,
        creator: Creator | None = None,
        prompts: Prompts | None = None,
        demo: bool = False,
        decorate: Callable[[FieldEditor], None] | None = None,
        db: DatabaseThread | None = None,
    ) -> None:
        super().__init__()
        self.form, self.settings, self.workbook_path, self.demo = form, settings, workbook_path, demo
        self.opener, self.creator = opener, creator
        self.first_run: FirstRunView | None = None
        self.prompts = prompts or Prompts(self)
        if self.prompts.parent is None:
            self.prompts.parent = self
        self.db = db or DatabaseThread()
        self.bridge = Bridge(self.db, lambda error: show_error(self, error), self)
        self.place: tuple[str | None, str | None, str | None] = (None, None, None)
        self._due_shown_for: Path | None = None
        self.setWindowTitle(strings.APP_TITLE)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView(self)
        self.cases_view = CaseListView(self)
        self.assessment = AssessmentView(form, self.bridge, self.prompts.confirm, decorate, parent=self)
        for page in (self.unlock_view, self.cases_view, self.assessment):
            self.stack.addWidget(page)
        self.due_strip = DueStrip(self.bridge, self.prompts, self.assessment)
        self.assessment.layout().insertWidget(2, self.due_strip)
        self._pathway: CasePathwayDialog | None = None  # built on first use: start-up stays quick
        self._due_dialog: DueDialog | None = None
        self.idle = IdleWatcher(settings.auto_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.system_events = SystemEvents(self)
        self.system_events.lock_now.connect(self.lock)
        self.actions_ = CaseActions(
            self,
            self.bridge,
            self.prompts,
            form,
            current=self.current_reference,
            refresh=self.refresh_open,
            go_to=self.open_case,
            marking=lambda: self.settings.protective_marking,
        )
        self.actions_.status = lambda text: self.statusBar().showMessage(text)
        self._connect()
        self._build_menus()
        self._restore_geometry()
        self.show_unlock(locked=False)

    # -- wiring ------------------------------------------------------------------------
    def _connect(self) -> None:
        self.unlock_view.unlock_requested.connect(self.unlock)
        self.unlock_view.other_requested.connect(self.open_other)
        self.unlock_view.restore_requested.connect(
            lambda: restore_workbook(self.prompts, self.bridge, self.workbook_path, lambda: self.show_unlock(False))
        )
        self.cases_view.filter_changed.connect(lambda *_: self.refresh_cases())
        self.cases_view.open_requested.connect(self.open_case)
        self.cases_view.new_requested.connect(self.new_case)
        self.cases_view.archive_requested.connect(self.archive_case)
        self.assessment.back.connect(self.show_cases)
        self.assessment.autosaver.saved.connect(lambda *_: self.due_strip.refresh())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New case…", QKeySequence.StandardKey.New, self.new_case)
        self.lock_action = self._action(file_menu, "&Lock", QKeySequence("Ctrl+L"), self.lock)
        backup = self._action(file_menu, "&Back up now", None, self.actions_.backup_now)
        self._action(file_menu, "&Preferences…", QKeySequence.StandardKey.Preferences, self.edit_preferences)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        case_menu = self.menuBar().addMenu("&Case")
        a = self.actions_
        case_actions = [
            self._action(case_menu, "&Export report…", QKeySequence("Ctrl+E"), a.export_report),
            None,
            self._action(case_menu, "&Hand out to co-worker…", None, a.hand_out),
            self._action(case_menu, "&Import hand-out or hand-back…", None, a.import_exchange),
            self._action(case_menu, "Hand &back to lead…", None, a.hand_back),
            self._action(case_menu, "Section &owners…", None, a.edit_owners),
            None,
            self._action(case_menu, "&Confirm my sections", None, a.confirm_sections),
            self._action(case_menu, "&Sign off…", None, a.sign_off),
            self._action(case_menu, "Counter&sign…", None, a.countersign),
            self._action(case_menu, "&Amend (new version)…", None, a.amend),
            self._action(case_menu, "&Versions…", None, a.show_versions),
            None,
            self._action(case_menu, "&Meetings and actions…", QKeySequence("Ctrl+M"), self.show_meetings),
            self._action(case_menu, "C&hronology…", QKeySequence("Ctrl+H"), self.show_chronology),
            self._action(case_menu, "&Due in the next 14 days…", QKeySequence("Ctrl+D"), self.show_due),
            None,
            self._action(case_menu, "&Delete archived case permanently…", None, a.purge),
        ]
        for position, action in enumerate(case_actions):
            if action is None:
                case_menu.insertSeparator(case_actions[position + 1])
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.assessment.undo_stack.createUndoAction(self, "&Undo last change")
        undo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        redo = self.assessment.undo_stack.createRedoAction(self, "&Redo change")
        redo.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About HSB Desk", None, self.show_about)
        self.case_actions: list[QAction] = [self.new_action, self.lock_action, backup]
        self.case_actions += [action for action in case_actions if action is not None]

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    # -- unlocking and locking ------------------------------------------------------------
    def show_unlock(self, locked: bool) -> None:
        self.unlock_view.prepare(self.workbook_path, locked=locked, demo=self.demo)
        self.stack.setCurrentWidget(self.unlock_view)
        for action in self.case_actions:
            action.setEnabled(False)
        self.unlock_view.setFocus()

    def show_first_run(self) -> None:
        if self.first_run is None:
            self.first_run = FirstRunView(self.workbook_path, self)
            self.first_run.create_requested.connect(self.create)
            self.stack.addWidget(self.first_run)
        self.stack.setCurrentWidget(self.first_run)
        self.first_run.first.setFocus()

    def create(self, path: Path, passphrase: str, profile: Profile) -> None:
        if self.creator is None:
            return
        creator = self.creator
        self.workbook_path = path

        def failed(error: BaseException) -> None:
            show_error(self, error)

        self.bridge.watch(self.db.open(lambda: creator(path, passphrase, profile)), self._unlocked, failed)

    def unlock(self, passphrase: str) -> None:
        path, opener = self.workbook_path, self.opener
        self.bridge.watch(self.db.open(lambda: opener(path, passphrase)), self._unlocked, self._unlock_failed)

    def _unlock_failed(self, error: BaseException) -> None:
        self.unlock_view.failed(message_for(error))

    def _unlocked(self, _session: WorkbookSession) -> None:
        # First in the database thread's queue: every edit the user makes waits behind it.
        self.bridge.watch(self.db.check(finish_opening), None, self._after_open_failed)
        self.unlock_view.succeeded()
        for action in self.case_actions:
            action.setEnabled(True)
        self.idle.start()
        reference, section, field = self.place
        if self.assessment.autosaver.has_pending:
            self.assessment.autosaver.flush()  # edits that could not be saved before locking
        if reference:
            self.open_case(reference, section, field)
        else:
            self.show_cases()
        if self._due_shown_for != self.workbook_path:
            # On opening a workbook (not on returning from a lock): what falls due soon, if anything.
            self._due_shown_for = self.workbook_path
            self.bridge.run(lambda s: workbook_due(s, days=14), lambda entries: self.show_due() if entries else None)

    def _after_open_failed(self, error: BaseException) -> None:
        """The check after opening found damage (nothing more is written), or the day's backup
        failed (the user is told; the work goes on)."""
        if not isinstance(error, WorkbookDamaged):
            show_error(self, error)
            return
        self.idle.stop()
        self.assessment.clear_content()
        self.cases_view.clear_content()
        self.due_strip.clear_content()
        self.db.close_session().result(30)
        self.show_unlock(locked=False)
        self.unlock_view.failed(message_for(error))

    def lock(self) -> None:
        """Save, hide every piece of case content, close the workbook and drop the key."""
        if not self.db.is_open:
            return
        self.idle.stop()
        self.assessment.autosaver.flush_and_wait()
        self.place = self.assessment.place() if self.stack.currentWidget() is self.assessment else (None, None, None)
        self.assessment.clear_content()
        self.cases_view.clear_content()
        self.due_strip.clear_content()
        if self._pathway is not None:
            self._pathway.clear_content()
        if self._due_dialog is not None:
            self._due_dialog.view.clear_content()
            self._due_dialog.hide()
        self.db.close_session().result(30)
        self.show_unlock(locked=True)

    def open_other(self) -> None:
        chosen = self.prompts.open_file(
            strings.UNLOCK_OTHER, self.workbook_path.parent, "HSB Desk workbook (*.hsbdesk)"
        )
        if chosen:
            self.workbook_path, self.demo, self.place = chosen, False, (None, None, None)
            self.show_unlock(locked=False)

    # -- cases ---------------------------------------------------------------------------
    def show_cases(self) -> None:
        self.assessment.autosaver.flush()
        self.place = (None, None, None)
        self.stack.setCurrentWidget(self.cases_view)
        self.refresh_cases()
        self.cases_view.search.setFocus()

    def refresh_cases(self) -> None:
        query, status = self.cases_view.search.text(), self.cases_view.status.currentData()
        self.bridge.run(lambda s: s.list_cases(query, status), self.cases_view.set_cases)

    def open_case(self, reference: str, section: str | None = None, field: str | None = None) -> None:
        def load(session: WorkbookSession) -> tuple[dict[str, Any], dict[str, str], tuple[str, ...], str]:
            return (
                session.values(reference),
                signoff.section_owners(session, reference),
                signoff.editable_sections(session, reference),
                signoff.version_label(session, reference),
            )

        def show(result: tuple[dict[str, Any], dict[str, str], tuple[str, ...], str]) -> None:
            values, owners, editable, label = result
            self.assessment.open_case(reference, values, owners, editable, label, section, field)
            self.due_strip.show_case(reference)
            self.stack.setCurrentWidget(self.assessment)

        self.bridge.run(load, show)

    def current_reference(self) -> str | None:
        if self.stack.currentWidget() is self.assessment:
            return self.assessment.reference
        if self.stack.currentWidget() is self.cases_view:
            return self.cases_view.selected_reference()
        return None

    @property
    def pathway(self) -> CasePathwayDialog:
        if self._pathway is None:
            self._pathway = CasePathwayDialog(self.bridge, self.prompts, self.form, self)
            self._pathway.changed.connect(lambda _reference: self.due_strip.refresh())
        return self._pathway

    @property
    def due_dialog(self) -> DueDialog:
        if self._due_dialog is None:
            self._due_dialog = DueDialog(self.bridge, self.prompts, self)
            self._due_dialog.open_requested.connect(self.open_case)
        return self._due_dialog

    def show_meetings(self) -> None:
        reference = self.current_reference()
        if reference:
            self.pathway.show_case(reference, "meetings")

    def show_chronology(self) -> None:
        reference = self.current_reference()
        if reference:
            self.pathway.show_case(reference, "chronology")

    def show_due(self) -> None:
        self.due_dialog.view.refresh()
        self.due_dialog.show()
        self.due_dialog.raise_()

    def refresh_open(self) -> None:
        """After a change made from a menu: reload the open case where the user is, or the list."""
        reference, section, field = self.assessment.place()
        if self.stack.currentWidget() is self.assessment and reference:
            self.assessment.autosaver.flush()
            self.open_case(reference, section, field)
        else:
            self.refresh_cases()

    def new_case(self) -> None:
        reference = self.prompts.ask_text(strings.CASES_NEW_PROMPT)
        if not reference:
            return

        def created(_change: object) -> None:
            self.refresh_cases()
            self.open_case(reference.strip())

        self.bridge.run(lambda s: s.create_case(reference), created)

    def archive_case(self, reference: str) -> None:
        if self.prompts.confirm(strings.CASES_ARCHIVE_CONFIRM.format(reference=reference)):
            self.bridge.run(lambda s: s.set_status(reference, "archived"), lambda _: self.refresh_cases())

    def edit_preferences(self, dialog: PreferencesDialog | None = None) -> None:
        dialog = dialog or PreferencesDialog(self.settings, self)
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        self.settings = dialog.chosen()
        save_settings(self.settings)
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        if self.db.is_open:
            self.idle.start()

    # -- about, closing ------------------------------------------------------------------
    def about_text(self) -> str:
        return strings.ABOUT_TEXT.format(
            version=__version__, path=self.workbook_path, form=self.form.title, form_version=self.form.version
        )

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(strings.ABOUT_TITLE)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.exec()

    def save_now(self) -> None:
        """Called on quit, logout and SIGTERM: whatever is waiting is saved first."""
        self.assessment.autosaver.flush_and_wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_now()
        self._save_geometry()
        self.idle.stop()
        self.db.shutdown()
        event.accept()

    def _window_settings(self) -> QSettings:
        return QSettings(str(paths.user_data_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._window_settings().value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 800)

    def _save_geometry(self) -> None:
        self._window_settings().setValue("geometry", self.saveGeometry())
