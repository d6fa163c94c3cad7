"""Sign-off in the window shows a readiness checklist by section first (issue 20, item 7), on the
real form pack's example case: what is missing, under its section, goes to its field or its
cell of a group row; nothing signs while anything is missing or the co-worker has the case."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from ui.ui_support import FakePrompts, settle

from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.window.main_window import MainWindow

INCIDENTS = "behaviour.incidents"


@pytest.fixture
def example(example_window: tuple[MainWindow, str]) -> tuple[MainWindow, str]:
    return example_window


def _shown(qtbot: Any, win: MainWindow, act: Any = None) -> SignOffDialog:
    seen: list[SignOffDialog] = []

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignOffDialog)
        seen.append(dialog)
        dialog.show()
        if act is not None:
            act(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    win.actions_.run_dialog = answer
    win.actions_.sign_off()
    qtbot.waitUntil(lambda: bool(seen))
    settle(qtbot, win)
    return seen[0]


def _lines(dialog: SignOffDialog) -> list[str]:
    tree = dialog.checklist
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_a_complete_case_shows_every_section_ticked_and_signs_from_the_dialog(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = example
    dialog = _shown(qtbot, win, lambda d: d.sign_button.click())
    lines = _lines(dialog)
    assert len(lines) == len(win.form.sections)
    assert all(line.startswith("✓") for line in lines), lines
    assert any(": complete (" in line for line in lines)
    assert dialog.ready.ready and not dialog.go_button.isVisible()
    assert win.bridge.db.call(lambda s: s.case(reference).status) == "signed_off"


def test_what_is_missing_is_listed_under_its_section_and_goes_to_its_cell(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = example
    rows = win.bridge.db.call(lambda s: s.values(reference)[INCIDENTS])
    blanked = [dict(row) for row in rows]
    blanked[1]["date"] = None  # the second incident's date, as if deleted
    win.bridge.db.call(lambda s: s.set_value(reference, INCIDENTS, blanked))
    win.bridge.db.call(lambda s: s.set_value(reference, "development.views", None))

    def go_to_the_incident(dialog: SignOffDialog) -> None:
        assert not dialog.sign_button.isEnabled()
        # The first missing answer is chosen already; Go to field opens it.
        assert dialog.checklist.currentItem().text(0).endswith(": Date")
        dialog.go_button.click()

    dialog = _shown(qtbot, win, go_to_the_incident)
    lines = _lines(dialog)
    behaviour = next(line for line in lines if win.form.section("behaviour").title in line)  # type: ignore[union-attr]
    assert behaviour.startswith("✗") and ": 1 to record" in behaviour
    development = next(i for i, line in enumerate(lines) if line.startswith("✗") and line is not behaviour)
    item = dialog.checklist.topLevelItem(development)
    assert [item.child(i).text(0) for i in range(item.childCount())] == [
        win.form.get_field("development.views").label  # type: ignore[union-attr]
    ]
    assert dialog.go_to is not None and (dialog.go_to.field, dialog.go_to.row, dialog.go_to.column) == (
        INCIDENTS,
        2,
        "date",
    )
    qtbot.waitUntil(lambda: win.assessment.place()[1] == "behaviour")
    focused = win.focusWidget()
    editor = win.assessment.page().editors[INCIDENTS]
    assert focused is not None and editor.isAncestorOf(focused)  # the cell, ready to type into
    assert win.bridge.db.call(lambda s: s.case(reference).status) == "draft"


def test_enter_in_the_checklist_never_signs(qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts) -> None:
    win, reference = example

    def press_enter(dialog: SignOffDialog) -> None:
        assert dialog.sign_button.isEnabled()
        qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Enter)
        assert dialog.isVisible()
        dialog.reject()

    _shown(qtbot, win, press_enter)
    assert win.bridge.db.call(lambda s: s.case(reference).status) == "draft"
    assert prompts.told == []


def test_a_case_with_the_coworker_says_so_and_offers_no_sign_off(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = example
    win.bridge.db.call(lambda s: s.workbook.cases.set_status(s.workbook.cases.get(reference), "with_coworker", "t"))
    dialog = _shown(qtbot, win, lambda d: d.reject())
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Not ready to sign off" in text and "import their hand-back first" in text
    assert not dialog.sign_button.isVisible()
    assert win.bridge.db.call(lambda s: s.case(reference).status) == "with_coworker"


def test_an_answer_typed_just_before_sign_off_counts_in_the_checklist(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = example
    key = "development.views"
    win.bridge.db.call(lambda s: s.set_value(reference, key, None))
    win.open_case(reference)
    settle(qtbot, win)
    win.assessment.show_field(key)
    editor = win.assessment.page().editors[key]
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, "Says he wants to go back to school.")
    assert win.assessment.autosaver.has_pending  # typed, not yet stored, when Sign off is chosen
    dialog = _shown(qtbot, win, lambda d: d.reject())
    assert dialog.ready.ready, [line for line in _lines(dialog) if line.startswith("✗")]
