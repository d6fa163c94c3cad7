"""The assessment window: every field type, autosave and reopen, conditions, validation,
groups, the outcome grid, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, TODAY
from PySide6.QtCore import QDate, Qt
from ui.ui_support import FakePrompts, close_window, settle, unlock

from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.window.main_window import MainWindow


def open_c1(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)


def stored(path: Path, form: FormDefinition) -> dict[str, Any]:
    session = open_workbook(path, PASSPHRASE, form)
    try:
        return session.values("C-1")
    finally:
        session.close()


def test_every_field_type_saves_and_reopens(
    qtbot: Any, window: MainWindow, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    editors = page.editors
    editors["child.full_name"].line.clear()
    qtbot.keyClicks(editors["child.full_name"].line, "Robin Q. Fictional")
    qtbot.keyClicks(editors["child.date_of_birth"].line, "04/03/2012")
    editors["child.notes"].text.setPlainText("First paragraph.\n\nSecond paragraph 🦔 مرحبا")
    qtbot.keyClicks(editors["child.height"].line, "151.5")
    qtbot.keyClicks(editors["child.siblings_count"].line, "2")
    editors["child.route"].combo.setCurrentIndex(editors["child.route"].combo.findData("criminal_justice"))
    qtbot.waitUntil(lambda: page.rows["child.officer"].isVisible())
    qtbot.keyClicks(editors["child.officer"].line, "PC Example")
    editors["child.interpreter"].buttons[2][1].click()  # not known
    group = editors["child.siblings"]
    group.add_button.click()
    row = group.rows[0]
    qtbot.keyClicks(row.editors["name"].line, "Sam Fictional")
    row.editors["lives_with"].buttons[0][1].click()
    window.assessment.navigator.setCurrentRow(1)  # switching section saves at once
    findings = window.assessment.page()
    findings.editors["findings.elements"].boxes[1][1].click()  # secrecy
    findings.editors["findings.continuum"].combo.setCurrentIndex(2)  # abusive
    findings.grid_widget.cells[("high", "low")].click()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not window.assessment.autosaver.has_pending and window.bridge.pending == 0)
    assert window.assessment.saved_label.text().startswith("Saved ")
    close_window(qtbot, window)
    values = stored(seeded_workbook, mini_form)
    assert values == {
        "child.full_name": "Robin Q. Fictional",
        "child.date_of_birth": "2012-03-04",
        "child.notes": "First paragraph.\n\nSecond paragraph 🦔 مرحبا",
        "child.height": 151.5,
        "child.siblings_count": 2,
        "child.route": "criminal_justice",
        "child.officer": "PC Example",
        "child.interpreter": "not_known",
        "child.siblings": [{"name": "Sam Fictional", "lives_with": "yes"}],
        "findings.elements": ["secrecy"],
        "findings.continuum": "abusive",
        "findings.concern_level": "high",
        "findings.strength_level": "low",
    }


def test_reopened_case_shows_stored_values(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    assert window.assessment.page().editors["child.full_name"].line.text() == "Robin Fictional"
    assert window.assessment.title.text() == "C-1 · Robin Fictional · Version 1, draft"


def test_edit_is_saved_within_half_a_second_without_leaving_the_field(
    qtbot: Any, window: MainWindow, seeded_workbook: Path, mini_form: FormDefinition
) -> None:
    open_c1(qtbot, window)
    editor = window.assessment.page().editors["child.notes"]
    editor.text.setFocus()
    editor.text.setPlainText("typed and left alone")
    qtbot.waitUntil(lambda: window.assessment.saved_label.text().startswith("Saved "), timeout=3000)
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.notes"] == "typed and left alone"


def test_condition_shows_and_hides_live(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    route = page.editors["child.route"].combo
    assert not page.rows["child.officer"].isVisible()
    route.setCurrentIndex(route.findData("criminal_justice"))
    assert page.rows["child.officer"].isVisible()
    route.setCurrentIndex(route.findData("concern"))
    assert not page.rows["child.officer"].isVisible()


def test_impossible_date_is_marked_and_other_fields_still_save(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    qtbot.keyClicks(page.editors["child.date_of_birth"].line, "31/02/2012")
    assert page.rows["child.date_of_birth"].error.isVisible()
    assert "There is no 31 February 2012" in page.rows["child.date_of_birth"].error.text()
    page.editors["child.notes"].text.setPlainText("still saved")
    window.assessment.autosaver.flush()
    settle(qtbot, window)
    values = window.bridge.db.call(lambda s: s.values("C-1"))
    assert values["child.notes"] == "still saved"
    assert "child.date_of_birth" not in values


def test_a_date_picked_from_the_calendar_is_shown_and_saved(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    editor = window.assessment.page().editors["child.date_of_birth"]
    assert editor.calendar is None  # made only when first opened
    qtbot.keyClicks(editor.line, "05/06/2011")
    editor.pick.menu().aboutToShow.emit()  # what opening the calendar button does first
    assert editor.calendar.selectedDate() == QDate(2011, 6, 5)  # opens on the date in the field
    editor.calendar.clicked.emit(QDate(2012, 3, 4))
    assert editor.line.text() == "04/03/2012"
    window.assessment.autosaver.flush()
    settle(qtbot, window)
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.date_of_birth"] == "2012-03-04"


def test_future_date_of_birth_is_refused_beside_the_field(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    page = window.assessment.page()
    tomorrow = TODAY.replace(day=TODAY.day + 1)
    qtbot.keyClicks(page.editors["child.date_of_birth"].line, f"{tomorrow:%d/%m/%Y}")
    window.assessment.autosaver.flush()
    qtbot.waitUntil(lambda: page.rows["child.date_of_birth"].error.isVisible())
    assert "future" in page.rows["child.date_of_birth"].error.text()
    assert "child.date_of_birth" not in window.bridge.db.call(lambda s: s.values("C-1"))


def test_group_rows_add_reorder_and_remove_with_confirmation(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    open_c1(qtbot, window)
    group = window.assessment.page().editors["child.siblings"]
    for name in ("First Sibling", "Second Sibling"):
        group.add_button.click()
        qtbot.keyClicks(group.rows[-1].editors["name"].line, name)
    group.rows[1].up.click()
    assert [r.editors["name"].line.text() for r in group.rows] == ["Second Sibling", "First Sibling"]
    prompts.confirm_answers.append(False)
    group.rows[0].remove.click()
    assert len(group.rows) == 2
    prompts.confirm_answers.append(True)
    group.rows[0].remove.click()
    assert "Remove this sibling?" in prompts.asked[-1]
    window.assessment.autosaver.flush()
    settle(qtbot, window)
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.siblings"] == [{"name": "First Sibling"}]


def test_outcome_grid_by_keyboard_marks_cell_and_shows_response(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    window.assessment.navigator.setCurrentRow(1)
    grid = window.assessment.page().grid_widget
    assert grid is not None
    grid.cells[("high", "high")].setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.cells[("medium", "high")].hasFocus()
    qtbot.keyClick(grid.cells[("medium", "high")], Qt.Key.Key_Space)
    assert grid.cells[("medium", "high")].isChecked()
    assert "Selected" in grid.cells[("medium", "high")].label.text()  # not colour alone
    assert "Response for medium concern with high strengths." in grid.response.text()
    window.assessment.autosaver.flush()
    settle(qtbot, window)
    values = window.bridge.db.call(lambda s: s.values("C-1"))
    assert (values["findings.concern_level"], values["findings.strength_level"]) == ("medium", "high")
    computed = window.assessment.page().editors["findings.response"].label.text()
    assert computed == "Response for medium concern with high strengths."


def test_undo_and_redo_last_change(qtbot: Any, window: MainWindow) -> None:
    open_c1(qtbot, window)
    editor = window.assessment.page().editors["child.full_name"]
    editor.line.setText("Renamed Child")
    editor.edited.emit()
    window.assessment.autosaver.flush()
    settle(qtbot, window)
    window.assessment.undo()
    settle(qtbot, window)
    assert editor.line.text() == "Robin Fictional"
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.full_name"] == "Robin Fictional"
    window.assessment.redo()
    settle(qtbot, window)
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.full_name"] == "Renamed Child"


def test_closing_with_an_edit_waiting_saves_it(
    qtbot: Any, window: MainWindow, seeded_workbook: Path, mini_form: FormDefinition
) -> None:
    open_c1(qtbot, window)
    editor = window.assessment.page().editors["child.notes"]
    editor.text.setPlainText("typed just before closing")
    assert window.assessment.autosaver.has_pending
    close_window(qtbot, window)  # no "save changes?": it is saved
    assert stored(seeded_workbook, mini_form)["child.notes"] == "typed just before closing"
