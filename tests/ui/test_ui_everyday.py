"""The everyday flow on the real form pack (issue 20): the keys people press (Esc or Alt+Left goes
back to the case list, Enter in the search opens the only match, Ctrl+S stores what is waiting
and says so), the window fitting its screen, and a guidance panel that follows focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from ui.ui_support import FakePrompts, add_window, close_window, example_workbook, make_window, settle, unlock

from hsb_desk import paths
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.ui import strings
from hsb_desk.ui.window.main_window import MainWindow

OTHER = "HSB-T-OTHER"


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def window(qtbot: Any, workbook_path: Path, real_form: FormDefinition, prompts: FakePrompts) -> Iterator[MainWindow]:
    reference, _values = example_workbook(workbook_path, real_form, OTHER)
    win = make_window(real_form, workbook_path, prompts)
    win.example_reference = reference  # type: ignore[attr-defined]
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    close_window(qtbot, win)


def search(qtbot: Any, win: MainWindow, text: str, rows: int) -> None:
    box = win.cases_view.search
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: win.cases_view.proxy.rowCount() == rows)


def test_enter_in_the_search_opens_the_only_match(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, OTHER[-5:].lower(), 1)
    qtbot.keyClick(window.cases_view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    assert window.assessment.reference == OTHER


def test_enter_with_several_matches_hands_the_keys_to_the_list(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "hsb", 2)
    qtbot.keyClick(window.cases_view.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.cases_view
    assert window.cases_view.table.hasFocus()
    qtbot.keyClick(window.cases_view.table, Qt.Key.Key_Down)
    qtbot.keyClick(window.cases_view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                  (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)])  # fmt: skip
def test_esc_or_alt_left_in_a_field_goes_back_to_the_list(qtbot: Any, window: MainWindow, keys: Any) -> None:
    window.open_case(OTHER)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    field = next(iter(window.assessment.page().editors.values()))
    field.setFocus()
    qtbot.waitUntil(lambda: window.assessment.isAncestorOf(window.focusWidget()))
    qtbot.keyClick(window.focusWidget(), keys[0], keys[1])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.cases_view)


def test_ctrl_s_stores_what_is_waiting_and_says_so(qtbot: Any, window: MainWindow) -> None:
    window.open_case(OTHER)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    page = window.assessment.page()
    key, editor = next((k, e) for k, e in page.editors.items() if hasattr(getattr(e, "text", None), "insertPlainText"))
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, "Seen at home")
    assert window.assessment.autosaver.has_pending
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == strings.ALL_SAVED)
    assert not window.assessment.autosaver.has_pending
    assert window.bridge.db.call(lambda s: s.values(OTHER))[key] == "Seen at home"
    settle(qtbot, window)


def test_a_window_saved_larger_than_the_screen_reopens_inside_it(
    qtbot: Any, workbook_path: Path, real_form: FormDefinition, prompts: FakePrompts
) -> None:
    """Issue 20, item 5: at 150% scaling, or after a larger monitor, the saved size no longer fits."""
    example_workbook(workbook_path, real_form)
    first = make_window(real_form, workbook_path, prompts)
    add_window(qtbot, first)
    first.show()
    first.resize(2400, 1600)  # a size from a larger screen
    first.move(900, 700)
    qtbot.waitUntil(lambda: first.width() == 2400)
    close_window(qtbot, first)
    again = make_window(real_form, workbook_path, prompts)
    add_window(qtbot, again)
    again.show()
    room = again.screen().availableGeometry()
    assert room.contains(again.frameGeometry())
    assert again.width() <= room.width() and again.height() <= room.height()
    close_window(qtbot, again)


def test_guidance_follows_focus_into_a_row_and_never_says_there_is_none(qtbot: Any, window: MainWindow) -> None:
    """Issue 20, item 17: the column's guidance in a list's row; no "No guidance for this
    field"; sources name the authority and document, not the project's seed numbers."""
    window.open_case(window.example_reference)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    sections = [section.key for section in window.form.sections]
    window.assessment.navigator.setCurrentRow(sections.index("behaviour"))
    page = window.assessment.page()
    incidents = page.editors["behaviour.incidents"]
    column = next(c for c in incidents.spec.fields if c.key == "setting")
    incidents.cell_editor(1, "setting").setFocus()
    qtbot.waitUntil(lambda: f"{incidents.spec.label}: {column.label}" in window.assessment.guidance.toPlainText())
    assert column.guidance.split()[0] in window.assessment.guidance.toPlainText()
    for row in range(len(sections)):
        window.assessment.navigator.setCurrentRow(row)
        for key in window.assessment.page().editors:
            window.assessment.guidance.show_field(window.form.get_field(key))
            shown = window.assessment.guidance.toPlainText()
            assert "No guidance" not in shown, key
            assert "seed 0" not in shown, key


def _new_case(qtbot: Any, win: MainWindow) -> Any:
    win.cases_view.new_button.click()
    dialog = win.new_case_dialog
    qtbot.waitUntil(lambda: dialog.reference.text() != "")
    return dialog


def _fill(qtbot: Any, dialog: Any, form: FormDefinition, role: str, text: str) -> None:
    editor = dialog.editors[form.role_key(role)]
    line = editor.line if hasattr(editor, "line") else editor
    line.setFocus()
    qtbot.keyClicks(line, text)


def test_new_case_takes_its_first_details_and_suggests_the_next_reference(
    qtbot: Any, window: MainWindow, real_form: FormDefinition
) -> None:
    """Issue 20, item 9: reference (the next free one), name, date of birth, route, referral date."""
    dialog = _new_case(qtbot, window)
    assert dialog.reference.text() == "HSB-2026-0002"  # after the example case, HSB-2026-0001
    assert len(dialog.editors) == 4  # the four roles the pack gives
    _fill(qtbot, dialog, real_form, "child_name", "Jordan Fictional")
    _fill(qtbot, dialog, real_form, "child_date_of_birth", "4 March 2012")
    _fill(qtbot, dialog, real_form, "referral_date", "1/12/26")
    route = dialog.editors[real_form.role_key("case_route")].combo
    route.setCurrentIndex(route.findData("concern"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.assessment.reference == "HSB-2026-0002")
    stored = window.bridge.db.call(lambda s: s.values("HSB-2026-0002"))
    expected = {"child_name": "Jordan Fictional", "child_date_of_birth": "2012-03-04", "case_route": "concern",
                "referral_date": "2026-12-01"}  # fmt: skip
    assert {role: stored.get(real_form.role_key(role)) for role in expected} == expected


def test_a_refused_detail_keeps_the_dialog_and_creates_nothing(
    qtbot: Any, window: MainWindow, real_form: FormDefinition
) -> None:
    dialog = _new_case(qtbot, window)
    _fill(qtbot, dialog, real_form, "child_name", "Jordan Fictional")
    _fill(qtbot, dialog, real_form, "child_date_of_birth", "31/02/2012")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "There is no 31 February 2012" in dialog.problem.text()
    _fill(qtbot, dialog, real_form, "child_date_of_birth", "")
    editor = dialog.editors[real_form.role_key("child_date_of_birth")]
    editor.line.setText("01/01/2099")  # in the future: the workbook refuses it
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "future" in dialog.problem.text())
    assert dialog.isVisible() and dialog.editors[real_form.role_key("child_name")].value() == "Jordan Fictional"
    assert window.bridge.db.call(lambda s: s.workbook.cases.find(dialog.reference.text())) is None
    dialog.reject()


def test_an_empty_workbook_invites_its_first_case(
    qtbot: Any, tmp_path: Path, real_form: FormDefinition, prompts: FakePrompts
) -> None:
    from hsb_desk.app.workbooks import create_workbook
    from hsb_desk.store.records import Profile

    path = tmp_path / "empty.hsbdesk"
    create_workbook(path, PASSPHRASE, Profile("Jo Example", "Social worker", "Example Council", ""), real_form).close()
    win = make_window(real_form, path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.cases_view.empty.isVisible())
    assert win.cases_view.empty.text() == strings.CASES_FIRST
    win.cases_view.search.setText("nobody")
    qtbot.waitUntil(lambda: win.cases_view.empty.text() == strings.CASES_EMPTY)
    close_window(qtbot, win)


def test_every_menu_s_mnemonics_are_unique(window: MainWindow) -> None:
    """Issue 20, item 13: Alt and a letter reaches one command in each menu, and one menu."""
    bar = window.menuBar()

    def letter(text: str) -> str:
        at = text.replace("&&", "").find("&")
        return text.replace("&&", "")[at + 1].casefold() if at >= 0 else ""

    menus = [action for action in bar.actions() if action.menu() is not None]
    assert len({letter(m.text()) for m in menus}) == len(menus)
    for menu_action in menus:
        texts = [a.text() for a in menu_action.menu().actions() if not a.isSeparator()]
        letters = [letter(t) for t in texts if letter(t)]
        assert len(letters) == len(set(letters)), (menu_action.text(), texts)
