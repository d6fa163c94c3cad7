"""Every control a screen reader can land on has a name (issue 20, item 3; EN 301 549 11.4.1.2):
a test that walks every widget of every screen and dialog, on the real form pack's example case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from coworking.signing_support import LEAD, example_session, real_form
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.backups import places
from hsb_desk.app.policy import current_policy
from hsb_desk.app.signoff.readiness import readiness
from hsb_desk.ui.actions.countersign_dialog import CountersignDialog
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.restore_dialog import RestoreDialog
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.window.account_dialogs import ChangePassphraseDialog, ProfileDialog
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.preferences import PreferencesDialog

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def unnamed(root: QWidget) -> list[str]:
    """The visible controls under ``root`` with no name a screen reader would read: no
    accessible name, no text of their own and no label pointing at them (a buddy)."""
    labelled = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractButton):
            continue  # a table's header: never landed on, its columns are read with the cells
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # the inner line of a spin box or list: named by its owner
        own_text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName().strip() or own_text.replace("&", "").strip() or id(widget) in labelled:
            continue
        found.append(f"{type(widget).__name__} {widget.objectName() or ''} in {type(widget.parent()).__name__}")
    return found


@pytest.fixture
def window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (_session, reference):
        pass
    win = make_window(real_form(), workbook_path, prompts)
    add_window(qtbot, win)
    win.show()
    yield win, reference
    close_window(qtbot, win)


def test_every_screen_names_every_control(qtbot: Any, window: tuple[MainWindow, str]) -> None:
    win, reference = window
    problems = {"unlock": unnamed(win.unlock_view)}
    unlock(qtbot, win)
    settle(qtbot, win)
    problems["case list"] = unnamed(win.cases_view)
    win.cases_view.search.setText("Riley")  # its clear button shows once something is typed
    problems["case list, searching"] = unnamed(win.cases_view)
    win.cases_view.search.clear()
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    for row, section in enumerate(win.form.sections):
        win.assessment.navigator.setCurrentRow(row)
        settle(qtbot, win)
        problems[f"section {section.key}"] = unnamed(win.assessment)
    assert {screen: found for screen, found in problems.items() if found} == {}


def test_every_dialog_names_every_control(qtbot: Any, window: tuple[MainWindow, str], tmp_path: Path) -> None:
    win, reference = window
    unlock(qtbot, win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    dialogs: list[QDialog] = [
        SignOffDialog(win.bridge.db.call(lambda s: readiness(s, reference)), win.form, win),
        RestoreDialog(win.workbook_path, places.every_backup(win.workbook_path), lambda *_: None, lambda: None, win),
        PreferencesDialog(win.settings, win, current_policy()),
        ChangePassphraseDialog(win),
        ProfileDialog(None, win),
        ExportDialog(win.bridge, reference, tmp_path, "OFFICIAL-SENSITIVE", win, None, lambda _t: False),
        CountersignDialog(reference, lambda *_: None, win),
    ]
    win.new_case()
    dialogs.append(win.new_case_dialog)
    problems = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems[type(dialog).__name__] = unnamed(dialog)
        dialog.close()
    assert {name: found for name, found in problems.items() if found} == {}
