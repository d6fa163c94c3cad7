"""Keyboard use of a section (issue 20, item 1), real form pack, the example case: Tab follows
reading order through a list's rows and on to the next field; a date is one Tab stop whose
calendar opens with Alt+Down; a worked-out value is not a Tab stop; radio buttons choose with
the arrow keys; the list that has the keyboard shows it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget
from ui.ui_support import settle

from hsb_desk.ui.assessment.focus_order import chain_tab_order
from hsb_desk.ui.editors.computed import ComputedView
from hsb_desk.ui.editors.date import DateEditor
from hsb_desk.ui.style import readable
from hsb_desk.ui.window.main_window import MainWindow

INCIDENTS = "behaviour.incidents"


@pytest.fixture
def window(example_window: tuple[MainWindow, str]) -> tuple[MainWindow, str]:
    return example_window


def _owner(widget: QWidget | None, editors: dict[str, Any]) -> str | None:
    while widget is not None:
        for key, editor in editors.items():
            if widget is editor:
                return key
        widget = widget.parentWidget()
    return None


def test_tab_from_the_last_cell_of_a_list_goes_to_the_next_field(qtbot: Any, window: tuple[MainWindow, str]) -> None:
    win, _reference = window
    win.assessment.show_field(INCIDENTS)
    page = win.assessment.page()
    group = page.editors[INCIDENTS]
    group.add_row()  # a row added by the user comes last in creation order
    settle(qtbot, win)
    stops = chain_tab_order(page)
    last_cell = [w for w in stops if group.rows[-1].isAncestorOf(w)][-1]
    last_cell.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is last_cell)
    qtbot.keyClick(last_cell, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    keys = [s.key for s in win.form.section("behaviour").fields]  # type: ignore[union-attr]
    owner = _owner(after, page.editors)
    assert owner is not None and page.isAncestorOf(after), "Tab left the page"
    assert owner == INCIDENTS or keys.index(owner) == keys.index(INCIDENTS) + 1, owner


def test_a_date_is_one_tab_stop_and_alt_down_opens_its_calendar(qtbot: Any, window: tuple[MainWindow, str]) -> None:
    win, _reference = window
    win.assessment.navigator.setCurrentRow(0)
    page = win.assessment.page()
    date = next(e for e in page.editors.values() if isinstance(e, DateEditor))
    assert date.pick.focusPolicy() == Qt.FocusPolicy.NoFocus
    date.line.setFocus()
    qtbot.keyClick(date.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: date.pick.menu().isVisible())
    date.pick.menu().hide()


def test_a_worked_out_value_is_not_a_tab_stop(window: tuple[MainWindow, str]) -> None:
    win, _reference = window
    computed = [
        e for row in range(len(win.form.sections)) for e in _page_at(win, row).editors.values()
        if isinstance(e, ComputedView)
    ]  # fmt: skip
    assert computed and all(e.label.focusPolicy() == Qt.FocusPolicy.NoFocus for e in computed)


def _page_at(win: MainWindow, row: int) -> Any:
    win.assessment.navigator.setCurrentRow(row)
    return win.assessment.page()


def test_radio_buttons_choose_with_the_arrow_keys(qtbot: Any, window: tuple[MainWindow, str]) -> None:
    win, _reference = window
    page = _page_at(win, 0)
    radios = [r for r in page.findChildren(QRadioButton) if r.isVisible()]
    siblings = [r for r in radios if r.parentWidget() is radios[0].parentWidget()]
    assert len(siblings) >= 2
    siblings[0].setFocus()
    siblings[0].click()
    qtbot.keyClick(siblings[0], Qt.Key.Key_Right)
    assert siblings[1].isChecked() and QApplication.focusWidget() is siblings[1]


def test_the_list_with_the_keyboard_shows_it(qapp: QApplication, window: tuple[MainWindow, str]) -> None:
    palette = readable(qapp.style().standardPalette())
    active = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    inactive = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert active != inactive  # a selection without the keyboard is grey
    win, _reference = window
    assert ":focus" in win.cases_view.table.styleSheet()
