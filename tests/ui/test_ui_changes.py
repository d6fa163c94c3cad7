"""One change signal: what a menu, a dialog or another window changes reaches every screen that
shows it, with no screen refreshed by hand; and a write never overtakes the edit typed before it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from coworking.signing_support import LEAD, example_session, real_form
from PySide6.QtWidgets import QDialog, QTableWidgetItem
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app import signoff
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import SaveFailed
from hsb_desk.ui import strings
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.assessment.read_only import is_read_only
from hsb_desk.ui.window.main_window import MainWindow

ADDED = " Added by the lead just before signing."


@pytest.fixture
def example(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    """The real pack's complete example case, open in a window whose user is its lead."""
    with example_session(workbook_path, LEAD, lambda: TODAY) as (_session, reference):
        pass
    win = make_window(real_form(), workbook_path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment and win.bridge.pending == 0)
    yield win, reference
    close_window(qtbot, win)


def _press_sign_off(dialog: QDialog) -> bool:
    """Answers the sign-off dialog as the lead does when the checklist is all ticked."""
    assert isinstance(dialog, SignOffDialog) and dialog.ready.ready, dialog.ready
    dialog.sign_button.click()
    return dialog.result() == QDialog.DialogCode.Accepted


def _first_narrative(win: MainWindow) -> str:
    return next(f.key for s in win.form.sections for f in s.fields if f.type == "longtext")


def test_signing_off_straight_after_typing_signs_what_was_typed_and_the_page_turns_read_only(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = example
    key = _first_narrative(win)
    win.assessment.show_field(key)
    editor = win.assessment.page().editors[key]
    typed = editor.value() + ADDED
    editor.text.setPlainText(typed)
    assert win.assessment.autosaver.has_pending  # not yet stored when Sign off is chosen
    win.actions_.run_dialog = _press_sign_off
    win.actions_.sign_off()
    qtbot.waitUntil(lambda: prompts.told == [strings.SIGNED_OFF])
    settle(qtbot, win)
    assert win.bridge.db.call(lambda s: signoff.signed_values(s, reference, 1))[key] == typed
    # No one refreshed the page: the change signal did.
    qtbot.waitUntil(lambda: "read-only" in win.assessment.title.text())
    assert all(is_read_only(page) for page in win.assessment.pages.values())
    assert win.assessment.page().editors[key].value() == typed


def test_an_action_recorded_in_the_pathway_window_appears_in_the_case_due_strip(
    qtbot: Any, example: tuple[MainWindow, str]
) -> None:
    win, _reference = example
    strip = win.assessment.due_strip
    assert not any("Share the safety plan" in text for text in strip.texts())
    win.pathway_windows.show_case("meetings")
    meetings = win.pathway_windows.pathway.meetings
    settle(qtbot, win)
    meetings.editor.people.setItem(0, 0, QTableWidgetItem("Jo Chair"))
    qtbot.keyClicks(meetings.editor.date, "20/11/2026")  # stored by itself: a new meeting once it has its date
    qtbot.waitUntil(lambda: meetings.current_id is not None and win.bridge.pending == 0)
    qtbot.keyClicks(meetings.action_what, "Share the safety plan")
    qtbot.keyClicks(meetings.action_who, "Jo Chair")
    qtbot.keyClicks(meetings.action_due, "08/01/2027")
    meetings.add_action_button.click()
    qtbot.waitUntil(lambda: any("Share the safety plan" in text for text in strip.texts()))
    # The meetings tab reads it again too, by its own read: it may come back after the strip's.
    qtbot.waitUntil(lambda: meetings.actions_table.rowCount() == 1)


def test_the_chronology_tab_shows_a_meeting_recorded_while_it_was_hidden(
    qtbot: Any, example: tuple[MainWindow, str]
) -> None:
    win, _reference = example
    win.pathway_windows.show_case("meetings")
    dialog = win.pathway_windows.pathway
    settle(qtbot, win)
    before = dialog.chronology.table.rowCount()
    qtbot.keyClicks(dialog.meetings.editor.date, "21/11/2026")
    qtbot.waitUntil(lambda: dialog.meetings.current_id is not None)  # stored by itself once it has its date
    settle(qtbot, win)
    dialog.tabs.setCurrentWidget(dialog.chronology)
    qtbot.waitUntil(lambda: dialog.chronology.table.rowCount() == before + 1)


def test_archiving_from_the_list_shows_the_new_status_in_the_list(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    window.cases_view.select("C-2")
    prompts.confirm_answers.append(True)
    window.cases_view.archive_button.click()
    row = window.cases_view.model.row_of("C-2")
    qtbot.waitUntil(lambda: "Archived" in window.cases_view.model.index(row, 2).data())


def test_deleting_the_open_case_permanently_goes_back_to_the_list_without_it(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    window.bridge.db.call(lambda s: s.set_status("C-2", "archived"))
    window.open_case("C-2")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)
    prompts.text_answers.append("Retention period ended")
    prompts.confirm_answers.append(True)
    window.actions_.purge()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.cases_view and window.bridge.pending == 0)
    assert window.assessment.reference is None
    assert window.cases_view.model.row_of("C-2") is None and window.cases_view.model.row_of("C-1") is not None


def test_an_edit_that_failed_to_save_is_stored_in_its_own_case_after_another_is_opened(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)
    real_set_value = WorkbookSession.set_value

    def disk_full(*_args: Any) -> None:
        raise SaveFailed()

    monkeypatch.setattr(WorkbookSession, "set_value", disk_full)
    window.assessment.page().editors["child.notes"].text.setPlainText("about Robin, typed while the disk was full")
    window.show_cases()
    qtbot.waitUntil(lambda: window.assessment.autosaver.failing and window.bridge.pending == 0)
    window.open_case("C-2")
    qtbot.waitUntil(lambda: window.assessment.reference == "C-2" and window.bridge.pending == 0)
    monkeypatch.setattr(WorkbookSession, "set_value", real_set_value)  # space freed
    window.assessment.autosaver.flush()  # as the retry does
    settle(qtbot, window)
    values = window.bridge.db.call(lambda s: (s.values("C-1"), s.values("C-2")))
    assert values[0]["child.notes"] == "about Robin, typed while the disk was full"
    assert "child.notes" not in values[1]
