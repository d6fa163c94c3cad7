"""Tab moves on, for someone using the keyboard alone (ui/keyboard.py): out of the closing
summary to "who was told", and out of a meeting's table of people to what comes after it. Before,
Tab typed a tab character in the one and went round the cells of the other for ever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui.test_ui_timeline import open_timeline
from ui.ui_support import FakePrompts, open_example_case, settle

from hsb_desk.ui.window.main_window import MainWindow


@pytest.fixture
def case(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def inside(widget: QWidget, container: QWidget) -> bool:
    return widget is container or container.isAncestorOf(widget)


def test_tab_leaves_the_closing_summary_for_who_was_told(qtbot: Any, case: tuple[MainWindow, str]) -> None:
    win, _reference = case
    timeline = open_timeline(qtbot, win)
    qtbot.mouseClick(timeline.close_button, Qt.MouseButton.LeftButton)
    dialog = timeline.closure_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    dialog.summary.setFocus()
    qtbot.waitUntil(dialog.summary.hasFocus)
    qtbot.keyClicks(dialog.summary, "Work done")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.told.hasFocus)
    assert dialog.summary.toPlainText() == "Work done"  # no tab typed into it
    qtbot.keyClick(dialog.told, Qt.Key.Key_Backtab)
    qtbot.waitUntil(dialog.summary.hasFocus)
    dialog.close()


def test_tab_leaves_a_meetings_table_of_people(qtbot: Any, case: tuple[MainWindow, str]) -> None:
    win, _reference = case
    win.pathway_windows.show_case("meetings")
    pathway = win.pathway_windows.pathway
    qtbot.waitUntil(pathway.isVisible)
    settle(qtbot, win)
    editor = pathway.meetings.editor
    people = editor.people
    assert people.rowCount() > 0  # the suggested invitees of a new meeting
    pathway.activateWindow()
    people.setFocus()
    people.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: focused() is not None and inside(focused(), people))
    for _ in range(4 * people.rowCount() * people.columnCount()):
        now = focused()
        if now is not None and not inside(now, people):
            break
        qtbot.keyClick(now, Qt.Key.Key_Tab)
    now = focused()
    assert now is not None and not inside(now, people), "Tab never left the table of people"
