"""The window shows and stores exactly what was typed, on the real form pack: a refused value is
shown as refused and never counts, a blank row is not a row, undo takes back one named change, and
"go to" from the list of what is missing puts the cursor in the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from ui.ui_support import FakePrompts, add_window, close_window, example_workbook, make_window, settle, unlock

from hsb_desk import paths
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.ui.window.main_window import MainWindow

EMPTY = "HSB-T-EMPTY"


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def example_reference(real_workbook: tuple[Path, str]) -> str:
    return real_workbook[1]


@pytest.fixture
def real_workbook(workbook_path: Path, real_form: FormDefinition) -> tuple[Path, str]:
    reference, _values = example_workbook(workbook_path, real_form, EMPTY)
    return workbook_path, reference


@pytest.fixture
def window(
    qtbot: Any, real_workbook: tuple[Path, str], real_form: FormDefinition, prompts: FakePrompts
) -> Iterator[MainWindow]:
    win = make_window(real_form, real_workbook[0], prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    yield win
    close_window(qtbot, win)


def open_at(qtbot: Any, win: MainWindow, reference: str, key: str) -> Any:
    section = win.form.section_of(key)
    assert section is not None
    win.open_case(reference, section.key)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment and win.assessment.reference == reference)
    return win.assessment.page()


def stored(win: MainWindow, reference: str) -> dict[str, Any]:
    return dict(win.bridge.db.call(lambda s: s.values(reference)))


def navigator_text(win: MainWindow, key: str) -> str:
    section = win.form.section_of(key)
    assert section is not None
    return win.assessment.navigator.item(win.form.sections.index(section)).text()


def saved(qtbot: Any, win: MainWindow) -> None:
    win.assessment.autosaver.flush()
    settle(qtbot, win)
    qtbot.waitUntil(lambda: not win.assessment.autosaver.has_pending and win.bridge.pending == 0)


def test_a_refused_date_of_birth_is_shown_as_refused_and_not_counted(qtbot: Any, window: MainWindow) -> None:
    page = open_at(qtbot, window, EMPTY, "child.date_of_birth")
    before = navigator_text(window, "child.date_of_birth")
    editor = page.editors["child.date_of_birth"]
    editor.line.setFocus()
    qtbot.keyClicks(editor.line, "01/01/2099")  # a date of birth in the future
    qtbot.keyClick(editor.line, Qt.Key.Key_Tab)  # leaving the field saves at once
    saved(qtbot, window)
    assert "child.date_of_birth" not in stored(window, EMPTY)
    assert page.rows["child.date_of_birth"].error.isVisible()
    assert "Not saved" in page.rows["child.date_of_birth"].error.text()
    assert navigator_text(window, "child.date_of_birth") == before  # the navigator does not count it
    assert editor.line.text() == "01/01/2099"  # what was typed stays on screen to be put right
    editor.line.setFocus()
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "04/03/2012")
    qtbot.keyClick(editor.line, Qt.Key.Key_Tab)
    saved(qtbot, window)
    assert stored(window, EMPTY)["child.date_of_birth"] == "2012-03-04"
    assert not page.rows["child.date_of_birth"].error.isVisible()
    assert navigator_text(window, "child.date_of_birth") != before


def test_a_date_typed_as_people_write_it_is_stored_and_then_shown_day_first(qtbot: Any, window: MainWindow) -> None:
    page = open_at(qtbot, window, EMPTY, "child.date_of_birth")
    editor = page.editors["child.date_of_birth"]
    window.activateWindow()  # focus leaves a field (and Qt says so) only in the active window
    qtbot.waitUntil(window.isActiveWindow)
    editor.line.setFocus()
    qtbot.keyClicks(editor.line, "4 March 2012")
    qtbot.keyClick(editor.line, Qt.Key.Key_Tab)
    saved(qtbot, window)
    assert stored(window, EMPTY)["child.date_of_birth"] == "2012-03-04"
    assert editor.line.text() == "04/03/2012"
    assert not page.rows["child.date_of_birth"].error.isVisible()


def test_a_day_the_calendar_does_not_have_is_named_and_nothing_is_stored(qtbot: Any, window: MainWindow) -> None:
    page = open_at(qtbot, window, EMPTY, "child.date_of_birth")
    editor = page.editors["child.date_of_birth"]
    editor.line.setFocus()
    qtbot.keyClicks(editor.line, "31/02/2012")
    qtbot.keyClick(editor.line, Qt.Key.Key_Tab)
    saved(qtbot, window)
    error = page.rows["child.date_of_birth"].error
    assert error.isVisible()
    assert "There is no 31 February 2012: February 2012 has 29 days." in error.text()
    assert "child.date_of_birth" not in stored(window, EMPTY)
    assert editor.line.text() == "31/02/2012"  # kept, to be put right


def test_a_blank_row_is_not_stored_and_is_gone_when_the_case_is_opened_again(qtbot: Any, window: MainWindow) -> None:
    key = window.form.role_key("distribution")
    assert key is not None
    page = open_at(qtbot, window, EMPTY, key)
    before = navigator_text(window, key)
    group = page.editors[key]
    group.add_button.click()
    group.add_button.click()
    assert len(group.rows) == 2
    saved(qtbot, window)
    assert key not in stored(window, EMPTY)
    assert navigator_text(window, key) == before  # two blank rows are not "done"
    window.assessment.back.emit()
    page = open_at(qtbot, window, EMPTY, key)
    assert len(page.editors[key].rows) == 0


def test_undo_is_named_in_words_and_takes_back_one_change(
    qtbot: Any, window: MainWindow, example_reference: str
) -> None:
    page = open_at(qtbot, window, example_reference, "referral.reason")
    original = stored(window, example_reference)["referral.reason"]
    editor = page.editors["referral.reason"]
    editor.text.setFocus()
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text, " More.")
    qtbot.keyClick(editor.text, Qt.Key.Key_Tab)
    saved(qtbot, window)
    undo = next(a for a in window.menus.edit.actions() if a.text().startswith("&Undo"))
    assert undo.text() == "&Undo: Reason for referral" and undo.isEnabled()
    undo.trigger()
    saved(qtbot, window)
    assert stored(window, example_reference)["referral.reason"] == original
    assert editor.text.toPlainText() == original
    assert undo.text() == "&Undo (nothing to undo)" and not undo.isEnabled()
    redo = next(a for a in window.menus.edit.actions() if a.text().startswith("&Redo"))
    assert redo.text() == "&Redo: Reason for referral"


def test_undoing_a_row_removal_restores_that_row_only(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, example_reference: str
) -> None:
    page = open_at(qtbot, window, example_reference, "behaviour.incidents")
    group = page.editors["behaviour.incidents"]
    rows_before = stored(window, example_reference)["behaviour.incidents"]
    assert len(group.rows) == len(rows_before) >= 2
    setting = group.rows[0].editors["setting"]
    setting.line.setFocus()
    qtbot.keyClicks(setting.line, " (typed)")
    qtbot.keyClick(setting.line, Qt.Key.Key_Tab)
    saved(qtbot, window)
    typed = stored(window, example_reference)["behaviour.incidents"]
    prompts.confirm_answers.append(True)
    group.rows[1].remove.click()
    saved(qtbot, window)
    assert len(stored(window, example_reference)["behaviour.incidents"]) == len(rows_before) - 1
    window.assessment.undo()
    saved(qtbot, window)
    assert stored(window, example_reference)["behaviour.incidents"] == typed  # the row is back, the typing kept
    assert len(group.rows) == len(rows_before)
    window.assessment.undo()
    saved(qtbot, window)
    assert stored(window, example_reference)["behaviour.incidents"] == rows_before


def test_go_to_a_missing_field_scrolls_it_into_view_and_focuses_it(qtbot: Any, window: MainWindow) -> None:
    window.resize(1100, 600)  # the section is longer than the window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    section = window.form.section("conclusion")  # a long page
    assert section is not None
    last_required = [f for f in section.fields if f.required][-1]
    window.open_case(EMPTY, section.key, last_required.key)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    editor = window.assessment.page().editors[last_required.key]
    qtbot.waitUntil(lambda: editor.focusProxy() is not None and editor.focusProxy().hasFocus())
    viewport = window.assessment.scroll_area.viewport()
    top_left = editor.mapTo(viewport, QPoint(0, 0))
    assert 0 <= top_left.y() < viewport.height(), "the field is not in view"


def test_a_date_sent_before_sign_off_is_warned_about_under_the_list(qtbot: Any, window: MainWindow) -> None:
    key = window.form.role_key("distribution")
    found = window.form.role_column("distribution_sent")
    assert key is not None and found is not None
    page = open_at(qtbot, window, EMPTY, key)
    note = page.rows[key].note
    assert not note.isVisible()
    group = page.editors[key]
    group.add_button.click()
    row = group.rows[0]
    qtbot.keyClicks(row.editors["name"].line, "Designated safeguarding lead (fictional)")
    sent = row.editors[found[1].key]
    qtbot.keyClicks(sent.line, "01/11/2026")
    qtbot.keyClick(sent.line, Qt.Key.Key_Tab)
    saved(qtbot, window)
    assert note.isVisible() and "not yet signed off" in note.text()


def test_go_to_a_missing_column_puts_the_cursor_in_that_row(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    key = "behaviour.incidents"
    rows = [{"date": "2026-05-01", "description": "First, described."}, {"date": "2026-06-01"}]
    window.bridge.db.call(lambda s: s.set_value(EMPTY, key, rows))
    window.open_case(EMPTY, "behaviour", key, cell=(2, "description"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    group = window.assessment.page().editors[key]
    qtbot.waitUntil(lambda: len(group.rows) == 2 and group.rows[1].editors["description"].text.hasFocus())
