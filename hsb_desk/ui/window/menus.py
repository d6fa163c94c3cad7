"""The main window's menus. They exist from the first frame; the Case commands reach the case
actions only when used, because those are built after the unlock page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from hsb_desk.ui import strings

if TYPE_CHECKING:
    from hsb_desk.ui.actions.case_actions import CaseActions
    from hsb_desk.ui.assessment.view import AssessmentView
    from hsb_desk.ui.pathway.windows import PathwayWindows

Shortcut = QKeySequence | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class MenuCommands:
    """What the menus run. ``actions`` gives the case actions, built after the first frame."""

    new_case: Callable[[], None]
    save: Callable[[], None]
    lock: Callable[[], None]
    open_other: Callable[[], None]
    change_passphrase: Callable[[], None]
    edit_profile: Callable[[], None]
    preferences: Callable[[], None]
    about: Callable[[], None]
    actions: Callable[[], CaseActions]
    pathway: PathwayWindows


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


def build_menus(window: QMainWindow, commands: MenuCommands) -> WindowMenus:
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
        add(file_menu, "&New case…", QKeySequence.StandardKey.New, commands.new_case),
        add(file_menu, "&Save now", QKeySequence.StandardKey.Save, commands.save),
        add(file_menu, "&Lock", QKeySequence("Ctrl+L"), commands.lock),
        add(file_menu, "&Back up now", None, lambda: commands.actions().backup_now()),
    ]
    file_menu.addSeparator()
    add(file_menu, "&Open another workbook…", QKeySequence.StandardKey.Open, commands.open_other)
    needs_workbook += [
        add(file_menu, "Change pass&phrase…", None, commands.change_passphrase),
        add(file_menu, "Your p&rofile…", None, commands.edit_profile),
    ]
    add(file_menu, "Pr&eferences…", QKeySequence.StandardKey.Preferences, commands.preferences)
    file_menu.addSeparator()
    add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)
    case_menu = bar.addMenu("&Case")
    groups: list[list[tuple[str, Shortcut, Callable[[], Any]]]] = [
        [
            ("&Export report…", QKeySequence("Ctrl+E"), lambda: commands.actions().export_report()),
            ("Sharing &record…", None, lambda: commands.actions().show_sharing()),
        ],
        [
            ("&Hand out to co-worker…", None, lambda: commands.actions().hand_out()),
            ("&Import hand-out or hand-back…", None, lambda: commands.actions().import_exchange()),
            ("Hand &back to lead…", None, lambda: commands.actions().hand_back()),
            ("Section &owners…", None, lambda: commands.actions().edit_owners()),
        ],
        [
            ("&Confirm my sections", None, lambda: commands.actions().confirm_sections()),
            ("&Sign off…", None, lambda: commands.actions().sign_off()),
            ("Coun&tersign…", None, lambda: commands.actions().countersign()),
            ("&Amend (new version)…", None, lambda: commands.actions().amend()),
            ("&Versions…", None, lambda: commands.actions().show_versions()),
        ],
        [
            ("&Meetings and actions…", QKeySequence("Ctrl+M"), lambda: commands.pathway.show_case("meetings")),
            ("Chro&nology…", QKeySequence("Ctrl+H"), lambda: commands.pathway.show_case("chronology")),
            ("D&ue in the next 14 days…", QKeySequence("Ctrl+D"), lambda: commands.pathway.show_due()),
        ],
        [("&Delete archived case permanently…", None, lambda: commands.actions().purge())],
    ]
    for number, group in enumerate(groups):
        if number:
            case_menu.addSeparator()
        needs_workbook += [add(case_menu, text, shortcut, slot) for text, shortcut, slot in group]
    edit = bar.addMenu("&Edit")
    help_menu = bar.addMenu("&Help")
    add(help_menu, "&About HSB Desk", None, commands.about)
    return WindowMenus(needs_workbook, edit)
