"""A paste or a key that would make an answer longer than its field holds is refused in the
editor with a plain message: the text stays as it was and nothing is saved (issue 16, item 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from ui.test_ui_assessment import open_c1, stored
from ui.ui_support import close_window, settle

from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import LONGEST_LONGTEXT, LONGEST_TEXT, MOST_ROWS
from hsb_desk.ui.editors import group as group_editor
from hsb_desk.ui.window.main_window import MainWindow


def _paste(qtbot: Any, widget: Any, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_paste_longer_than_a_narrative_holds_is_refused_and_a_shorter_one_kept(
    qtbot: Any, window: MainWindow, seeded_workbook: Path, mini_form: FormDefinition
) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    notes = page.editors["child.notes"].text
    qtbot.keyClicks(notes, "Seen at home. ")
    _paste(qtbot, notes, "x" * LONGEST_LONGTEXT)  # with what is there, one paste too long
    assert notes.toPlainText() == "Seen at home. "
    error = page.rows["child.notes"].error
    assert error.isVisible() and f"at most {LONGEST_LONGTEXT:,}" in error.text()
    assert f"{LONGEST_LONGTEXT + 14:,} characters" in error.text()

    _paste(qtbot, notes, "Her words, pasted from the visit notes.")
    assert notes.toPlainText() == "Seen at home. Her words, pasted from the visit notes."
    assert not error.isVisible()  # the next change that is made clears the message
    settle(qtbot, window)
    close_window(qtbot, window)
    assert stored(seeded_workbook, mini_form)["child.notes"] == "Seen at home. Her words, pasted from the visit notes."


def test_typing_stops_at_the_longest_a_narrative_holds(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    notes = page.editors["child.notes"].text
    notes.setPlainText(("y" * 99 + "\n") * (LONGEST_LONGTEXT // 100 - 1) + "y" * 99)
    notes.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(notes, "ab")
    assert len(notes.toPlainText()) == LONGEST_LONGTEXT
    assert "at most" in page.rows["child.notes"].error.text()
    qtbot.keyClick(notes, Qt.Key.Key_Backspace)  # deleting is always allowed
    assert len(notes.toPlainText()) == LONGEST_LONGTEXT - 1


def test_a_paste_longer_than_a_line_holds_is_refused_not_cut_short(
    qtbot: Any, window: MainWindow, seeded_workbook: Path, mini_form: FormDefinition
) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    line = page.editors["child.full_name"].line
    _paste(qtbot, line, " " + "z" * LONGEST_TEXT)
    assert line.text() == "Robin Fictional"  # Qt's own limit would have kept the first part
    assert f"at most {LONGEST_TEXT:,}" in page.rows["child.full_name"].error.text()
    settle(qtbot, window)
    close_window(qtbot, window)
    assert stored(seeded_workbook, mini_form)["child.full_name"] == "Robin Fictional"


def test_a_list_takes_no_more_rows_than_it_holds(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the bound lowered to 3 (500 rows of editors take a while to build in a test)."""
    assert MOST_ROWS == 500
    monkeypatch.setattr(group_editor, "MOST_ROWS", 3)
    open_c1(qtbot, window)
    page = window.assessment.page()
    group = page.editors["child.siblings"]
    for _ in range(4):
        group.add_button.click()
    assert len(group.rows) == 3
    assert "at most 3 entries" in page.rows["child.siblings"].error.text()
