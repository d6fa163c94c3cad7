"""A signed-off case is shown read-only, not disabled (issue 20, item 2): its text keeps the
palette's normal colours (contrast at least 4.5:1), can be selected and tabbed through, and
nothing in it can be changed by typing, clicking or the keyboard; an amendment makes it editable
again. Real form pack, the example case, signed for real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QRadioButton, QTextEdit
from ui.ui_support import FakePrompts, open_example_case, settle

from hsb_desk.app import signoff
from hsb_desk.ui.assessment.read_only import is_read_only
from hsb_desk.ui.window.main_window import MainWindow

NARRATIVE = "behaviour.account"
INCIDENTS = "behaviour.incidents"


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrast(widget: Any) -> float:
    """The contrast the widget's text is drawn with, in the state it is in."""
    palette = widget.palette()
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    return contrast(palette.color(group, QPalette.ColorRole.Text), palette.color(group, QPalette.ColorRole.Base))


@pytest.fixture
def signed(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    for win, reference in open_example_case(qtbot, workbook_path, prompts, lambda s, r: signoff.sign_off(s, r)):
        win.assessment.show_field(NARRATIVE)
        yield win, reference


def test_a_signed_case_is_readable_and_nothing_in_it_changes(qtbot: Any, signed: tuple[MainWindow, str]) -> None:
    win, reference = signed
    page = win.assessment.page()
    assert is_read_only(page) and page.isEnabled()
    editor = page.editors[NARRATIVE]
    before = editor.text.toPlainText()
    assert before and text_contrast(editor.text) >= 4.5  # was grey on grey when disabled
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, "changed after signing")
    qtbot.keyClick(editor.text, Qt.Key.Key_Backspace)
    assert editor.text.toPlainText() == before
    editor.text.selectAll()
    assert editor.text.textCursor().selectedText()  # still selectable, to copy from
    # Choices: a click and the arrow keys change nothing.
    radios = [w for w in page.findChildren(QRadioButton) if w.isVisible()]
    assert radios
    chosen = [r.isChecked() for r in radios]
    for radio in radios[:3]:
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
        qtbot.keyClick(radio, Qt.Key.Key_Down)
        qtbot.keyClick(radio, Qt.Key.Key_Space)
    assert [r.isChecked() for r in radios] == chosen
    # The buttons that change a list are off; text in a row is read-only but readable.
    group = page.editors[INCIDENTS]
    assert not group.add_button.isEnabled()
    cells = [w for w in group.findChildren(QLineEdit) if w.isVisible()]
    assert cells and all(c.isReadOnly() and text_contrast(c) >= 4.5 for c in cells)
    # Tab still moves through it.
    cells[0].setFocus()
    qtbot.keyClick(cells[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not cells[0]
    settle(qtbot, win)
    stored = win.bridge.db.call(lambda s: s.values(reference))
    assert stored[NARRATIVE] == before


def test_the_outcome_grid_of_a_signed_case_cannot_be_clicked_to_another_cell(
    qtbot: Any, signed: tuple[MainWindow, str]
) -> None:
    win, _reference = signed
    conclusion = next(s for s in win.form.sections if s.key == "conclusion")
    win.assessment.navigator.setCurrentRow(win.form.sections.index(conclusion))
    page = win.assessment.page()
    grid = page.grid_widget
    assert grid is not None
    before = (grid.concern, grid.strength)
    cells = [b for b in grid.findChildren(QPushButton) if b.isCheckable() and not b.isChecked()]
    qtbot.mouseClick(cells[0], Qt.MouseButton.LeftButton)
    qtbot.keyClick(cells[0], Qt.Key.Key_Space)
    assert (grid.concern, grid.strength) == before


def test_an_amendment_makes_the_case_editable_again(qtbot: Any, signed: tuple[MainWindow, str]) -> None:
    win, reference = signed
    win.bridge.db.call(lambda s: signoff.amend(s, reference, "New information from school"))
    win.open_case(reference, "behaviour", NARRATIVE)
    qtbot.waitUntil(lambda: not is_read_only(win.assessment.page()))
    page = win.assessment.page()
    assert page.editors[INCIDENTS].add_button.isEnabled()
    editor: QTextEdit = page.editors[NARRATIVE].text
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Seen again in January.")
    assert editor.toPlainText().endswith(" Seen again in January.")
