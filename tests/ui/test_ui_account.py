"""The window changes the passphrase, edits the practitioner profile and opens another workbook
(issue 20, item 12), from the File menu, as a person uses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMenu
from ui.ui_support import FakePrompts, settle, unlock, wait_locked

from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.errors import WrongPassphrase
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.window import main_window as main_window_module
from hsb_desk.ui.window.account_dialogs import ChangePassphraseDialog, ProfileDialog
from hsb_desk.ui.window.main_window import MainWindow

NEW = "lantern meadow copper thistle"


def _file_action(window: MainWindow, text: str) -> Any:
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    return next(a for a in file_menu.actions() if a.text() == text)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(main_window_module, "show_error", lambda _parent, error: shown.append(error.user_message))
    return shown


def _type_passphrases(qtbot: Any, current: str, new: str) -> Any:
    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, ChangePassphraseDialog)
        dialog.show()
        qtbot.keyClicks(dialog.current, current)
        qtbot.keyClicks(dialog.new.first, new)
        assert not dialog.change_button.isEnabled()  # not until it is typed twice
        qtbot.keyClicks(dialog.new.second, new)
        assert dialog.change_button.isEnabled()
        qtbot.keyClick(dialog.new.second, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    return answer


def test_change_passphrase_from_the_file_menu(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, errors: list[str]
) -> None:
    unlock(qtbot, window)
    assert _file_action(window, "Change pass&phrase…").isEnabled()
    window.actions_.run_dialog = _type_passphrases(qtbot, PASSPHRASE, NEW)
    _file_action(window, "Change pass&phrase…").trigger()
    qtbot.waitUntil(lambda: prompts.told == [strings.REKEY_DONE], timeout=20_000)
    assert errors == []
    window.lock()
    wait_locked(qtbot, window)
    with pytest.raises(WrongPassphrase):
        open_workbook(window.workbook_path, PASSPHRASE, window.form)
    unlock(qtbot, window, NEW)
    assert window.bridge.db.call(lambda s: s.case("C-2").reference) == "C-2"


def test_a_wrong_current_passphrase_changes_nothing_and_says_so(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, errors: list[str]
) -> None:
    unlock(qtbot, window)
    window.actions_.run_dialog = _type_passphrases(qtbot, "not the passphrase at all", NEW)
    window.change_passphrase()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert errors == ["The current passphrase is not correct, so the passphrase was not changed."]
    assert prompts.told == []
    settle(qtbot, window)
    window.lock()
    wait_locked(qtbot, window)
    unlock(qtbot, window, PASSPHRASE)  # the old one still opens it


def test_the_change_passphrase_dialog_refuses_a_weak_or_mistyped_new_passphrase(qtbot: Any) -> None:
    dialog = ChangePassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new.first, "short")
    qtbot.keyClicks(dialog.new.second, "short")
    assert not dialog.change_button.isEnabled() and "12 characters" in dialog.new.feedback.text()
    dialog.new.clear()
    qtbot.keyClicks(dialog.new.first, NEW)
    qtbot.keyClicks(dialog.new.second, NEW + "x")
    assert dialog.new.feedback.text() == strings.FIRST_RUN_MISMATCH
    qtbot.keyClick(dialog.new.second, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter did not accept it
    assert dialog.passphrases() == (PASSPHRASE, NEW) and dialog.current.text() == "" and dialog.new.text() == ""


def test_the_same_passphrase_again_is_refused_without_a_backup(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, errors: list[str]
) -> None:
    unlock(qtbot, window)
    window.actions_.run_dialog = _type_passphrases(qtbot, PASSPHRASE, PASSPHRASE)
    window.change_passphrase()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "same as the current one" in errors[0]


def test_your_profile_changes_who_is_recorded_from_now_on(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> None:
    unlock(qtbot, window)
    shown: list[ProfileDialog] = []

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, ProfileDialog)
        shown.append(dialog)
        assert dialog.name.text() == "Alex Example"  # what is recorded now
        dialog.name.clear()
        assert not dialog.save_button.isEnabled()  # a profile needs a name: it signs
        qtbot.keyClicks(dialog.name, "Sam Fictional")
        dialog.role.setText("Senior practitioner")
        return True

    window.actions_.run_dialog = answer
    _file_action(window, "Your p&rofile…").trigger()
    qtbot.waitUntil(lambda: prompts.told == [strings.PROFILE_SAVED])
    assert window.bridge.db.call(lambda s: s.profile()) == Profile(
        "Sam Fictional", "Senior practitioner", "Example Council", "a@example.org"
    )
    window.bridge.db.call(lambda s: s.set_value("C-1", "child.notes", "seen at home"))
    entries = window.bridge.db.call(lambda s: s.workbook.audit.entries())
    assert entries[-1].actor == "Sam Fictional" and any(e.actor == "Alex Example" for e in entries)


def test_open_another_workbook_closes_this_one_and_asks_for_the_others_passphrase(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, mini_form: FormDefinition, tmp_path: Path
) -> None:
    other = tmp_path / "team" / "second.hsbdesk"
    other.parent.mkdir()
    second = create_workbook(other, PASSPHRASE, Profile("Alex Example", "", "", ""), mini_form, today=lambda: TODAY)
    second.create_case("OTHER-9")
    second.close()
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed just before switching")
    prompts.files.append(other)
    _file_action(window, "&Open another workbook…").trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_view and not window.db.is_open)
    qtbot.waitUntil(window.unlock_view.unlock_button.isEnabled)
    assert window.workbook_path == other and str(other) in window.unlock_view.path_label.text()
    unlock(qtbot, window)
    assert [c.reference for c in window.bridge.db.call(lambda s: s.list_cases())] == ["OTHER-9"]
    first = open_workbook(tmp_path / "cases.hsbdesk", PASSPHRASE, mini_form)
    try:
        assert first.values("C-1")["child.notes"] == "typed just before switching"  # stored in its own workbook
    finally:
        first.close()


def test_an_edit_that_could_not_be_stored_keeps_its_workbook_open_instead_of_switching(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, monkeypatch: Any, tmp_path: Path
) -> None:
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.errors import SaveFailed

    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)

    def disk_full(*_args: Any) -> None:
        raise SaveFailed()

    real_set_value = WorkbookSession.set_value
    monkeypatch.setattr(WorkbookSession, "set_value", disk_full)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed while the disk was full")
    prompts.files.append(tmp_path / "elsewhere.hsbdesk")
    window.open_another_workbook()
    qtbot.waitUntil(lambda: not window.db.is_open and window.unlock_view.unlock_button.isEnabled())
    assert window.workbook_path == tmp_path / "cases.hsbdesk"  # not switched: the edit belongs here
    assert window.unlock_view.note.text() == strings.OPEN_OTHER_PENDING
    assert window.assessment.autosaver.has_pending
    monkeypatch.setattr(WorkbookSession, "set_value", real_set_value)  # space freed
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: not window.assessment.autosaver.has_pending)
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.notes"] == "typed while the disk was full"
