"""The main window's menus. They exist from the first frame; the Case commands reach the case
actions only when used, because those are built after the unlock page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from hsb_desk import __version__
from hsb_desk.app.settings import save_settings
from hsb_desk.ui import strings

if TYPE_CHECKING:
    from hsb_desk.ui.assessment import AssessmentView
    from hsb_desk.ui.main_window import MainWindow
    from hsb_desk.ui.preferences import PreferencesDialog

Shortcut = QKeySequence | QKeySequence.StandardKey | None


@dataclass
class WindowMenus:
    case_actions: list[QAction]  # disabled while the workbook is locked
    edit: QMenu  # undo and redo are added with the assessment page


def add_undo_actions(edit: QMenu, assessment: AssessmentView) -> tuple[QAction, QAction]:
    """Edit ▸ Undo and Redo, each naming the field it would change in the form's words
    ("Undo: Reason for referral"); one saved change at a time."""
    undo = edit.addAction(strings.UNDO_NOTHING)
    undo.setShortcuts([QKeySequence("Ctrl+Shift+Z")])
    undo.triggered.connect(lambda _=False: assessment.undo())
    redo = edit.addAction(strings.REDO_NOTHING)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Y")])
    redo.triggered.connect(lambda _=False: assessment.redo())

    def name() -> None:
        for action, label, named, nothing in (
            (undo, assessment.undo_label(), strings.UNDO_ACTION, strings.UNDO_NOTHING),
            (redo, assessment.redo_label(), strings.REDO_ACTION, strings.REDO_NOTHING),
        ):
            action.setText(named.format(label=label.replace("&", "&&")) if label else nothing)
            action.setEnabled(label is not None)

    assessment.undo_changed.connect(name)
    name()
    return undo, redo


def build_menus(window: MainWindow) -> WindowMenus:
    def add(menu: QMenu, text: str, shortcut: Shortcut, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            # setShortcuts, not setShortcut: PySide's choice among setShortcut's overloads builds
            # the Qt.Key enum in Python, about 40 ms before the window can show (bench/).
            action.setShortcuts([shortcut] if isinstance(shortcut, QKeySequence) else shortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        window.addAction(action)
        return action

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    needs_workbook = [
        add(file_menu, "&New case…", QKeySequence.StandardKey.New, window.new_case),
        add(file_menu, "&Lock", QKeySequence("Ctrl+L"), window.lock),
        add(file_menu, "&Back up now", None, lambda: window.actions_.backup_now()),
    ]
    add(file_menu, "&Preferences…", QKeySequence.StandardKey.Preferences, lambda: edit_preferences(window))
    file_menu.addSeparator()
    add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)
    case_menu = bar.addMenu("&Case")
    groups: list[list[tuple[str, Shortcut, Callable[[], Any]]]] = [
        [
            ("&Export report…", QKeySequence("Ctrl+E"), lambda: window.actions_.export_report()),
            ("Sharing &record…", None, lambda: window.actions_.show_sharing()),
        ],
        [
            ("&Hand out to co-worker…", None, lambda: window.actions_.hand_out()),
            ("&Import hand-out or hand-back…", None, lambda: window.actions_.import_exchange()),
            ("Hand &back to lead…", None, lambda: window.actions_.hand_back()),
            ("Section &owners…", None, lambda: window.actions_.edit_owners()),
        ],
        [
            ("&Confirm my sections", None, lambda: window.actions_.confirm_sections()),
            ("&Sign off…", None, lambda: window.actions_.sign_off()),
            ("Counter&sign…", None, lambda: window.actions_.countersign()),
            ("&Amend (new version)…", None, lambda: window.actions_.amend()),
            ("&Versions…", None, lambda: window.actions_.show_versions()),
        ],
        [
            ("&Meetings and actions…", QKeySequence("Ctrl+M"), lambda: window.pathway_windows.show_case("meetings")),
            ("C&hronology…", QKeySequence("Ctrl+H"), lambda: window.pathway_windows.show_case("chronology")),
            ("&Due in the next 14 days…", QKeySequence("Ctrl+D"), lambda: window.pathway_windows.show_due()),
        ],
        [("&Delete archived case permanently…", None, lambda: window.actions_.purge())],
    ]
    for number, group in enumerate(groups):
        if number:
            case_menu.addSeparator()
        needs_workbook += [add(case_menu, text, shortcut, slot) for text, shortcut, slot in group]
    edit = bar.addMenu("&Edit")
    help_menu = bar.addMenu("&Help")
    add(help_menu, "&About HSB Desk", None, lambda: show_about(window))
    return WindowMenus(needs_workbook, edit)


def about_text(window: MainWindow) -> str:
    form = window.form
    return strings.ABOUT_TEXT.format(
        version=__version__, path=window.workbook_path, form=form.title, form_version=form.version
    )


def show_about(window: MainWindow) -> None:
    from PySide6.QtCore import Qt  # not at start-up: the Qt namespace's enums are slow to build

    box = QMessageBox(window)
    box.setWindowTitle(strings.ABOUT_TITLE)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(window))
    box.exec()


def edit_preferences(window: MainWindow, dialog: PreferencesDialog | None = None) -> None:
    """Preferences are saved at once (never case content) and the auto-lock follows them."""
    from hsb_desk.ui.preferences import PreferencesDialog

    dialog = dialog or PreferencesDialog(window.settings, window)
    if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
        return
    window.settings = dialog.chosen()
    save_settings(window.settings)
    window.idle.set_minutes(window.settings.auto_lock_minutes)
    if window.db.is_open:
        window.idle.start()
