"""The main window: unlock, case list and assessment as pages of one window.

The unlock page needs only Qt. With ``defer_pages`` the window shows it first and builds the
other pages, importing the services and the form they need, once it has been painted, while
the passphrase is typed: the window is on screen in about the time of a bare Qt window.
Opening, locking and closing the workbook are its base's (ui/window/workbook_window.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from hsb_desk import __version__
from hsb_desk.app.changes import Change, ChangeKind, Records
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.errors import HsbDeskError
from hsb_desk.ui import strings
from hsb_desk.ui.errors import show_error
from hsb_desk.ui.pathway.windows import PathwayWindows
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.window.frame import FirstPaint, restore_geometry
from hsb_desk.ui.window.menus import MenuCommands, add_undo_actions, build_menus
from hsb_desk.ui.window.workbook_window import Creator, Opener, WorkbookWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from hsb_desk.formspec import FormDefinition
    from hsb_desk.store.records import Profile
    from hsb_desk.ui.actions.case_actions import CaseActions
    from hsb_desk.ui.editors import FieldEditor
    from hsb_desk.ui.window.account_dialogs import ChangePassphraseDialog, ProfileDialog
    from hsb_desk.ui.window.first_run import FirstRunView
    from hsb_desk.ui.window.preferences import PreferencesDialog
    from hsb_desk.ui.window.procedure_dialog import ProcedureDialog


class MainWindow(WorkbookWindow):
    def __init__(
        self,
        form: FormDefinition | Callable[[], FormDefinition],
        settings: Settings,
        workbook_path: Path,
        opener: Opener,
        creator: Creator | None = None,
        prompts: Prompts | None = None,
        demo: bool = False,
        decorate: Callable[[FieldEditor], None] | None = None,
        db: DatabaseThread | None = None,
        defer_pages: bool = False,
    ) -> None:
        """``form`` may be a function that loads it, called when the pages are built; with
        ``defer_pages`` that happens just after the unlock page is first painted."""
        super().__init__(settings, workbook_path, opener, creator, prompts, demo, db, self.build_pages)
        self._form_source, self._decorate = form, decorate
        self.exit_code = 0  # non-zero when the window had to close (see build_pages)
        self._build_failed = False
        self.pathway_windows = PathwayWindows(
            self, self.bridge, self.prompts, lambda: self.form, self.current_reference, self.open_case
        )
        commands = MenuCommands(
            self.new_case,
            self.save_visibly,
            self.lock,
            self.open_another_workbook,
            self.change_passphrase,
            self.edit_profile,
            self.edit_preferences,
            self.show_about,
            actions=lambda: self.actions_,
            pathway=self.pathway_windows,
            procedure=self.edit_procedure,
        )
        self.menus = build_menus(self, commands)
        self.case_actions = self.menus.case_actions
        restore_geometry(self)
        self.show_unlock(locked=False)
        if defer_pages:
            FirstPaint(self.unlock_view, self.build_pages)
        else:
            self.build_pages()

    @property
    def form(self) -> FormDefinition:
        if not self.build_pages():
            raise RuntimeError("the form pack could not be loaded")
        return self._form

    def build_pages(self) -> bool:
        """The case list, the assessment and the case actions (once; safe to call again).
        Whatever needs them calls this first, so a quick Enter on the unlock page just waits.
        False if the form pack cannot be loaded: the user is told and the window closes."""
        if self.pages_ready or self._build_failed:
            return self.pages_ready  # built, or failed and reported once: the window is closing
        from hsb_desk.ui.actions.case_actions import CaseActions
        from hsb_desk.ui.assessment.view import AssessmentView
        from hsb_desk.ui.case_list import CaseListView
        from hsb_desk.ui.window.backup_status import DailyBackupStatus
        from hsb_desk.ui.window.system_events import SystemEvents  # imports ctypes: after the first frame

        source = self._form_source
        try:
            self._form: FormDefinition = source() if callable(source) else source
        except HsbDeskError as error:  # a broken form pack: nothing could be shown or saved
            self.exit_code, self._build_failed = error.exit_code, True
            show_error(self, error)
            QTimer.singleShot(0, self.close)
            return False
        self.cases_view: CaseListView = CaseListView(self.bridge, self)
        self.assessment: AssessmentView = AssessmentView(
            self._form, self.bridge, self.prompts.confirm, self._decorate, parent=self, ask=self.prompts.ask_text
        )
        self.stack.addWidget(self.cases_view)
        self.stack.addWidget(self.assessment)
        self.actions_: CaseActions = CaseActions(
            self,
            self.bridge,
            self.prompts,
            self._form,
            current=self.current_reference,
            go_to=self.open_case,
            marking=lambda: self.settings.protective_marking,
            status=lambda text: self.statusBar().showMessage(text),
        )
        # The case's short Word documents, offered on its timeline too.
        self.pathway_windows.timeline_commands += [
            (strings.SAFETY_PLAN_MENU, self.actions_.export_safety_plan),
            (strings.REVIEW_REPORT_MENU, self.actions_.export_review_report),
        ]
        self.backup_status = DailyBackupStatus(
            self.bridge, lambda text: self.actions_.status(text), lambda: self.statusBar().currentMessage()
        )
        self._connect_pages()
        # Sleep and session-lock signals matter only once a workbook can be open.
        self.system_events = SystemEvents(self)
        self.system_events.lock_now.connect(self.lock)
        add_undo_actions(self.menus.edit, self.assessment)
        self.pages_ready = True
        return True

    # -- wiring ------------------------------------------------------------------------
    def _connect_pages(self) -> None:
        """Which page shows. What each page shows, it reads itself and keeps in step with the
        change signal (ui/bridge.py)."""
        self.cases_view.open_requested.connect(self.open_case)
        self.cases_view.new_requested.connect(self.new_case)
        self.cases_view.archive_requested.connect(self.archive_case)
        self.assessment.back.connect(self.show_cases)
        from PySide6.QtGui import QShortcut  # after the first frame, with the pages

        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Back)):
            back = QShortcut(keys, self.assessment, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.activated.connect(self.show_cases)  # Esc, or Alt+Left: back to the case list
        self.assessment.opened.connect(lambda _reference: self.stack.setCurrentWidget(self.assessment))
        self.stack.currentChanged.connect(lambda _index: self.follow_case_role())
        self.cases_view.selection_changed.connect(self.follow_case_role)
        # Only a new, imported or handed-out case changes whose it is: not every autosave.
        roles = Records.CASES | Records.STATUS
        self.bridge.changed.connect(lambda change: self.follow_case_role() if change.touches(roles) else None)
        if self._decorate is not None:
            from hsb_desk.ui.assessment.spell import dictionary

            dictionary.added.connect(self.add_to_dictionary)
        self.assessment.purged.connect(self._show_case_list)
        # Another procedure profile: its time limits, and its own route and outcome options.
        self.bridge.changed.connect(lambda change: self.read_form() if change.kind is ChangeKind.PROCEDURE else None)

    # -- the workbook's form -------------------------------------------------------------
    def offer_procedures(self, view: FirstRunView) -> None:
        view.set_procedures(self._form.procedures, self._form.default_procedure)

    def read_form(self) -> None:
        """The form as the open workbook uses it (bound to its procedure profile), read on the
        database thread; the screens that depend on it follow (``use_form``)."""
        self.bridge.run(lambda session: session.form, self.use_form)

    def use_form(self, form: FormDefinition) -> None:
        if not self.pages_ready or form is self._form:
            return
        self._form = form
        self.actions_.form = form
        self.assessment.set_form(form)
        self.pathway_windows.set_form(form)

    # -- cases ---------------------------------------------------------------------------
    def show_cases(self) -> None:
        self.assessment.autosaver.flush()
        self._show_case_list()

    def save_visibly(self) -> None:
        """Ctrl+S. HSB Desk saves as you type, so there is nothing to do; but people press it:
        whatever is waiting is stored, then the status bar says so."""
        if not self.pages_ready or not self.db.is_open:
            return
        self.assessment.autosaver.flush()
        # Jobs run in order on the database thread: this one answers once the flush is stored.
        self.bridge.run(lambda _session: None, lambda _nothing: self.statusBar().showMessage(strings.ALL_SAVED, 6000))

    # -- the personal dictionary (ui/assessment/spell.py) ------------------------------------
    def workbook_opened(self) -> None:
        if self._decorate is None:
            return  # spell checking is off
        from hsb_desk.app.spelling import british_checker, personal_words
        from hsb_desk.ui.assessment.spell import set_personal_words

        self.bridge.run(personal_words, lambda words: set_personal_words(british_checker(), words))

    def workbook_hidden(self) -> None:
        if self._decorate is None:
            return
        from hsb_desk.app.spelling import british_checker
        from hsb_desk.ui.assessment.spell import set_personal_words

        set_personal_words(british_checker(), [])  # another workbook's words are not this one's

    def add_to_dictionary(self, word: str) -> None:
        from hsb_desk.app.spelling import add_to_dictionary

        if self.db.is_open:
            self.bridge.apply(lambda s: add_to_dictionary(s, word))

    def follow_case_role(self) -> None:
        """The Case menu offers what the case on show (or, in the list, the workbook's cases) can
        use: a co-worker's copy has no hand-out, sign-off, countersign or purge."""
        if not self.db.is_open:
            return
        from hsb_desk.app.signoff import roles_here

        reference = self.current_reference()
        # A case deleted meanwhile (purged, replaced): the menus stay as they were until the next.
        show = self.menus.show_roles
        self.bridge.run(lambda s: roles_here(s, reference), lambda roles: show(*roles), lambda _error: None)

    def current_reference(self) -> str | None:
        if self.stack.currentWidget() is self.assessment:
            return self.assessment.reference
        if self.stack.currentWidget() is self.cases_view:
            return self.cases_view.selected_reference()
        return None

    def new_case(self) -> None:
        """The New case dialog (ui/actions/new_case_dialog.py); the case opens once created."""
        if not self.build_pages() or not self.db.is_open:
            return
        from hsb_desk.ui.actions.new_case_dialog import NewCaseDialog

        self.new_case_dialog = NewCaseDialog(self.form, self.bridge, self.open_case, self)
        self.new_case_dialog.open()

    def archive_case(self, reference: str) -> None:
        if self.prompts.confirm(strings.CASES_ARCHIVE_CONFIRM.format(reference=reference)):
            self.bridge.apply(lambda s: s.set_status(reference, "archived"))

    # -- preferences and about -------------------------------------------------------------
    def edit_preferences(self, dialog: PreferencesDialog | None = None) -> None:
        """Preferences are saved at once (never case content) and the auto-lock follows them."""
        from hsb_desk.app.policy import current_policy
        from hsb_desk.ui.window.preferences import PreferencesDialog

        dialog = dialog or PreferencesDialog(self.settings, self, current_policy())
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        self.settings = dialog.chosen()
        save_settings(self.settings)
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        if self.db.is_open:
            self.idle.start()

    def change_passphrase(self, dialog: ChangePassphraseDialog | None = None) -> None:
        """File ▸ Change passphrase…: the current one is checked against the file first."""
        from hsb_desk.app.workbooks import change_passphrase
        from hsb_desk.ui.window.account_dialogs import ChangePassphraseDialog

        dialog = dialog or ChangePassphraseDialog(self)
        if not self.actions_.run_dialog(dialog):
            dialog.passphrases()  # emptied either way
            return
        current, new = dialog.passphrases()
        self.statusBar().showMessage(strings.REKEY_TITLE + "…")

        def changed(_change: object) -> None:
            self.statusBar().clearMessage()
            self.prompts.inform(strings.REKEY_DONE)

        def failed(error: BaseException) -> None:
            self.statusBar().clearMessage()
            show_error(self, error)

        self.bridge.apply(lambda s: change_passphrase(s, current, new), changed, failed)

    def edit_procedure(self, dialog: ProcedureDialog | None = None) -> None:
        """File ▸ Procedure profile…: whose procedures the workbook follows (app/procedures.py)."""
        from hsb_desk.app.procedures import WorkbookProcedure, set_procedure, workbook_procedure
        from hsb_desk.ui.window.procedure_dialog import ProcedureDialog

        if not self.build_pages() or not self.db.is_open:
            return
        form = self.form
        if not form.procedures:
            self.prompts.inform(strings.PROCEDURE_NONE)
            return

        def done(change: Change, name: str) -> None:
            template = strings.PROCEDURE_UNCHANGED if change.detail.get("unchanged") else strings.PROCEDURE_SAVED
            self.prompts.inform(template.format(name=name))

        def edit(current: WorkbookProcedure | None) -> None:
            shown = dialog or ProcedureDialog(form, current, self)
            if not self.prompts.run_dialog(shown):
                return
            chosen, reason = shown.chosen()
            name = shown.profile_name(chosen)
            self.bridge.apply(lambda s: set_procedure(s, chosen, reason), lambda change: done(change, name))

        self.bridge.run(workbook_procedure, edit)

    def edit_profile(self, dialog: ProfileDialog | None = None) -> None:
        """File ▸ Your profile…: who is recorded against each change and signs from now on."""
        from hsb_desk.ui.window.account_dialogs import ProfileDialog

        def edit(profile: Profile | None) -> None:
            shown = dialog or ProfileDialog(profile, self)
            if self.actions_.run_dialog(shown):
                chosen = shown.chosen()
                self.bridge.apply(
                    lambda s: s.set_profile(chosen), lambda _c: self.prompts.inform(strings.PROFILE_SAVED)
                )

        self.bridge.run(lambda s: s.profile(), edit)

    def warn_of_broken_policy(self) -> QMessageBox | None:
        """When the organisation's policy file could not be used, say so once, over the window
        (it does not stop the work: the settings are held at their defaults meanwhile)."""
        from PySide6.QtWidgets import QMessageBox

        from hsb_desk.app.policy import policy_warning

        warning = policy_warning()
        if warning is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, strings.POLICY_BROKEN_TITLE, warning, parent=self)
        box.open()
        return box

    def about_text(self) -> str:
        form = self.form
        return strings.ABOUT_TEXT.format(
            version=__version__, path=self.workbook_path, form=form.title, form_version=form.version
        )

    def show_about(self) -> None:
        from PySide6.QtCore import Qt  # not at start-up: the Qt namespace's enums are slow to build
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(strings.ABOUT_TITLE)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.exec()
