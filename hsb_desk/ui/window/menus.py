"""The main window's menus. They exist from the first frame; the Case commands reach the case
actions only when used, because those are built after the unlock page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from hsb_desk.ui import strings

if TYPE_CHECKING:
    from hsb_desk.ui.actions.case_actions import CaseActions
    from hsb_desk.ui.assessment.view import AssessmentView
    from hsb_desk.ui.pathway.windows import PathwayWindows

Shortcut = QKeySequence | QKeySequence.StandardKey | None
# Who a Case command is for (WindowMenus.show_roles).
LEAD, COWORKER, ANY = "lead", "coworker", "any"
_CASE_MENU = "hsbCaseMenu"
PATHWAY_GROUP = 3  # the Case menu's group: the case's timeline, meetings, chronology; then what is due


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
    procedure: Callable[[], None]  # the workbook's procedure profile


@dataclass
class WindowMenus:
    case_actions: list[QAction]  # disabled while the workbook is locked
    edit: QMenu  # undo and redo are added with the assessment page
    lead_only: list[QAction]  # hand out, owners, sign-off, countersign, amend, purge
    coworker_only: list[QAction]  # confirm my sections, hand back
    case_context: list[QAction] = field(default_factory=list)  # a case's own menu (right-click)

    def attach_case_menu(self, widget: QWidget) -> None:
        """``widget`` (the case list's rows) offers the case's timeline, meetings and chronology
        on a right-click, as the Case menu does; once per widget."""
        if widget.property(_CASE_MENU):
            return
        widget.setProperty(_CASE_MENU, True)
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        widget.addActions(self.case_context)

    def show_roles(self, lead: bool, coworker: bool) -> None:
        """Only the commands the case (or the workbook's cases) can use are in the menu: a
        co-worker's copy has no hand-out, sign-off, countersign or purge; a lead's case has no
        hand-back (app/signoff.roles_here)."""
        for action in self.lead_only:
            action.setVisible(lead)
        for action in self.coworker_only:
            action.setVisible(coworker)


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
        add(file_menu, strings.PROCEDURE_MENU, None, commands.procedure),
    ]
    add(file_menu, "Pr&eferences…", QKeySequence.StandardKey.Preferences, commands.preferences)
    file_menu.addSeparator()
    add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)
    case_menu = bar.addMenu("&Case")
    actions = commands.actions
    groups: list[list[tuple[str, Shortcut, Callable[[], Any], str]]] = [
        [
            ("&Export report…", QKeySequence("Ctrl+E"), lambda: actions().export_report(), ANY),
            (strings.SAFETY_PLAN_MENU, None, lambda: actions().export_safety_plan(), ANY),
            ("Sharing &record…", None, lambda: actions().show_sharing(), ANY),
        ],
        [
            ("&Hand out to co-worker…", None, lambda: actions().hand_out(), LEAD),
            ("&Import hand-out or hand-back…", None, lambda: actions().import_exchange(), ANY),
            ("Hand &back to lead…", None, lambda: actions().hand_back(), COWORKER),
            ("Section &owners…", None, lambda: actions().edit_owners(), LEAD),
        ],
        [
            ("&Confirm my sections", None, lambda: actions().confirm_sections(), COWORKER),
            ("&Sign off…", None, lambda: actions().sign_off(), LEAD),
            ("Coun&tersign…", None, lambda: actions().countersign(), LEAD),
            ("&Amend (new version)…", None, lambda: actions().amend(), LEAD),
            ("&Versions…", None, lambda: actions().show_versions(), ANY),
        ],
        [
            (strings.TIMELINE_MENU, QKeySequence("Ctrl+T"), lambda: commands.pathway.show_timeline(), ANY),
            ("&Meetings and actions…", QKeySequence("Ctrl+M"), lambda: commands.pathway.show_case("meetings"), ANY),
            ("Chro&nology…", QKeySequence("Ctrl+H"), lambda: commands.pathway.show_case("chronology"), ANY),
            ("D&ue in the next 14 days…", QKeySequence("Ctrl+D"), lambda: commands.pathway.show_due(), ANY),
        ],
        [("&Delete archived case permanently…", None, lambda: actions().purge(), LEAD)],
    ]
    by_role: dict[str, list[QAction]] = {LEAD: [], COWORKER: [], ANY: []}
    made: list[list[QAction]] = []
    for number, group in enumerate(groups):
        if number:
            case_menu.addSeparator()
        made.append([])
        for text, shortcut, slot, who in group:
            action = add(case_menu, text, shortcut, slot)
            needs_workbook.append(action)
            by_role[who].append(action)
            made[-1].append(action)
    context = made[PATHWAY_GROUP][:-1]  # the case's timeline, meetings and chronology (not the workbook's due list)
    edit = bar.addMenu("&Edit")
    help_menu = bar.addMenu("&Help")
    add(help_menu, "&About HSB Desk", None, commands.about)
    return WindowMenus(needs_workbook, edit, by_role[LEAD], by_role[COWORKER], context)
