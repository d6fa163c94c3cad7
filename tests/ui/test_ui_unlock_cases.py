"""Unlock, wrong passphrase, first run, the case list: search, filter, new, archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, files_in
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.window.main_window import MainWindow


def test_wrong_passphrase_shows_plain_message_and_changes_nothing(
    qtbot: Any, window: MainWindow, seeded_workbook: Path
) -> None:
    before = files_in(seeded_workbook.parent)
    window.unlock_view.passphrase.setText("not the passphrase at all")
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.unlock_view.message.isVisible())
    assert window.unlock_view.message.text().startswith("The passphrase is not correct")
    assert window.unlock_view.passphrase.text() == ""  # never kept in the widget
    assert window.stack.currentWidget() is window.unlock_view
    assert files_in(seeded_workbook.parent) == before
    unlock(qtbot, window)


def test_repeated_failures_make_the_user_wait(qtbot: Any, window: MainWindow, seeded_workbook: Path) -> None:
    before = files_in(seeded_workbook.parent)
    for attempt in range(1, 4):
        window.unlock_view.passphrase.setText(f"wrong passphrase number {attempt}")
        window.unlock_view._submit()
        qtbot.waitUntil(lambda a=attempt: window.unlock_view.failures == a)
    # The third failure starts a wait: nothing can be tried until it is over.
    assert not window.unlock_view.unlock_button.isEnabled()
    assert not window.unlock_view.passphrase.isEnabled()
    assert "Try again in 1 s" in window.unlock_view.message.text()
    qtbot.waitUntil(lambda: window.unlock_view.unlock_button.isEnabled(), timeout=3000)
    assert files_in(seeded_workbook.parent) == before  # failures never wipe or change anything
    unlock(qtbot, window)


def test_case_list_shows_cases_and_searches_as_you_type(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    model = window.cases_view.proxy
    assert model.rowCount() == 2
    assert {model.index(r, 1).data() for r in range(2)} == {"Robin Fictional", "Sam Example"}
    qtbot.keyClicks(window.cases_view.search, "robin")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "C-1"
    window.cases_view.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 2)


def test_sort_by_any_column(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    table = window.cases_view.table
    table.sortByColumn(1, table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    assert window.cases_view.proxy.index(0, 1).data() == "Sam Example"


def new_case_dialog(qtbot: Any, window: MainWindow) -> Any:
    window.cases_view.new_button.click()
    dialog = window.new_case_dialog
    qtbot.waitUntil(lambda: dialog.reference.text() != "")  # the next free reference, suggested
    return dialog


def test_new_case_opens_it(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> None:
    unlock(qtbot, window)
    dialog = new_case_dialog(qtbot, window)
    dialog.reference.setText("HSB-2026-0100")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    assert window.assessment.reference == "HSB-2026-0100"
    assert not dialog.isVisible()


def test_new_case_with_bad_reference_is_refused_in_the_dialog_and_kept(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    dialog = new_case_dialog(qtbot, window)
    dialog.reference.setText("-bad reference")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.problem.text() != "")
    assert "reference cannot be used" in dialog.problem.text()
    assert dialog.isVisible() and dialog.reference.text() == "-bad reference"
    assert window.stack.currentWidget() is window.cases_view
    assert "-bad reference" not in [c.reference for c in window.cases_view.model.cases]
    dialog.reject()


def test_archive_asks_and_keeps_the_case(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> None:
    unlock(qtbot, window)
    window.cases_view.select("C-2")
    prompts.confirm_answers.append(False)
    window.cases_view.archive_button.click()
    settle(qtbot, window)
    assert "Sam Example" not in [c.child_name for c in window.cases_view.model.cases if c.archived]
    prompts.confirm_answers.append(True)
    window.cases_view.archive_button.click()
    qtbot.waitUntil(lambda: any(c.archived for c in window.cases_view.model.cases))
    archived = next(c for c in window.cases_view.model.cases if c.reference == "C-2")
    assert archived.status == "archived"  # kept, never silently deleted
    index = window.cases_view.status.findData("archived")
    window.cases_view.status.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.cases_view.proxy.rowCount() == 1)
    assert window.cases_view.proxy.index(0, 2).data() == "Archived"


def test_first_run_creates_workbook_and_profile(
    qtbot: Any, tmp_path: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    path = tmp_path / "mine.hsbdesk"
    win = make_window(mini_form, path, prompts)
    add_window(qtbot, win)
    win.show_first_run()
    view = win.first_run
    assert view is not None
    view.path.setText(str(path))
    view.first.setText("short")
    assert not view.create_button.isEnabled()
    assert "12 characters" in view.feedback.text()
    view.first.setText(PASSPHRASE)
    view.second.setText(PASSPHRASE + "x")
    assert view.feedback.text() == "The two passphrases are not the same."
    view.second.setText(PASSPHRASE)
    view.name.setText("Alex Example")
    view.role.setText("Social worker")
    assert view.create_button.isEnabled()
    view.create_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.cases_view)
    close_window(qtbot, win)
    session = open_workbook(path, PASSPHRASE, mini_form)
    assert session.profile().name == "Alex Example"
    session.close()


def test_about_names_version_and_workbook(window: MainWindow, seeded_workbook: Path) -> None:
    text = window.about_text()
    assert "0.1.0" in text and str(seeded_workbook) in text
