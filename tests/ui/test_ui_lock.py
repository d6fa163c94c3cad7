"""Locking: by shortcut and when idle; content cleared; unlocking returns to the same place."""

from __future__ import annotations

from typing import Any

from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTextEdit
from ui.ui_support import settle, unlock, wait_locked

from hsb_desk.ui.window.main_window import MainWindow


def _visible_case_text(window: MainWindow) -> list[str]:
    texts = [w.text() for w in window.findChildren(QLineEdit) if w.text()]
    texts += [w.toPlainText() for w in window.findChildren(QTextEdit) if w.toPlainText()]
    return texts


def test_ctrl_l_locks_saves_clears_and_returns_to_place(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    window.assessment.navigator.setCurrentRow(0)
    page = window.assessment.page()
    page.editors["child.notes"].text.setFocus()
    window.assessment._focused("child.notes")
    page.editors["child.notes"].text.setPlainText("typed before the lock")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.unlock_view  # at once, before the closing ends
    assert not any("Robin" in t or "typed before" in t for t in _visible_case_text(window))
    assert not window.unlock_view.unlock_button.isEnabled()  # until the workbook is closed
    wait_locked(qtbot, window)
    assert not window.db.is_open  # the database is closed and the key dropped
    assert window.unlock_view.note.text() == "HSB Desk locked the workbook to keep it safe. Your work is saved."
    assert window.unlock_view.heading.text() == "Workbook locked"
    assert not any("Robin" in t or "typed before" in t for t in _visible_case_text(window))
    unlock_back = window.unlock_view
    unlock_back.passphrase.setText("correct horse battery staple")
    unlock_back.unlock_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    settle(qtbot, window)
    assert window.assessment.reference == "C-1"
    assert (
        window.assessment.current_field == "child.notes"
        or window.assessment.page().editors["child.notes"].text.hasFocus()
    )
    assert window.assessment.page().editors["child.notes"].text.toPlainText() == "typed before the lock"


def test_idle_timer_locks(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_view, timeout=3000)
    wait_locked(qtbot, window)
    assert window.cases_view.model.rowCount() == 0


def test_input_puts_the_auto_lock_off(qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    from PySide6.QtTest import QTest

    unlock(qtbot, window)
    restarts: list[int] = []
    original = window.idle.timer.start
    monkeypatch.setattr(window.idle.timer, "start", lambda *args: (restarts.append(1), original(*args)))
    QTest.keyClick(window.cases_view.search, "a")
    assert len(restarts) == 1
    QTest.keyClick(window.cases_view.search, "b")  # within the pause: not looked at one by one
    assert len(restarts) == 1 and not window.idle.listening
    window.idle.resume_listening()  # the pause ends and counts as active time
    assert len(restarts) == 2 and window.idle.listening
    QTest.mouseClick(window.cases_view.search, Qt.MouseButton.LeftButton)
    assert len(restarts) == 3
    assert window.idle.timer.isActive() and window.db.is_open


def test_system_sleep_and_session_lock_lock_the_workbook(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.system_events.prepare_for_sleep(False)  # waking up changes nothing
    assert window.db.is_open
    window.system_events.prepare_for_sleep(True)
    assert window.stack.currentWidget() is window.unlock_view
    wait_locked(qtbot, window)
    unlock(qtbot, window)
    window.system_events.session_locked()
    qtbot.waitUntil(lambda: not window.db.is_open)


def test_preferences_change_the_auto_lock_time_and_are_saved(qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    from hsb_desk.app.settings import load_settings
    from hsb_desk.ui.window.preferences import PreferencesDialog

    dialog = PreferencesDialog(window.settings, window)
    dialog.minutes.setValue(12)
    dialog.spelling.setChecked(False)
    monkeypatch.setattr(dialog, "exec", lambda: PreferencesDialog.DialogCode.Accepted)
    window.edit_preferences(dialog)
    assert window.idle.timer.interval() == 12 * 60_000
    saved = load_settings()
    assert (saved.auto_lock_minutes, saved.spell_check) == (12, False)


def test_sigterm_with_an_edit_waiting_saves_it_before_closing(qtbot: Any, window: MainWindow) -> None:
    import signal

    from PySide6.QtWidgets import QApplication

    from hsb_desk.ui.app import install_quit_handlers

    previous = signal.getsignal(signal.SIGTERM)
    try:
        install_quit_handlers(QApplication.instance(), window)
        unlock(qtbot, window)
        window.open_case("C-1")
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
        window.assessment.page().editors["child.notes"].text.setPlainText("typed as the laptop shut down")
        assert window.assessment.autosaver.has_pending
        signal.raise_signal(signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        signal.signal(signal.SIGTERM, previous)
    from conftest import PASSPHRASE

    from hsb_desk.app.workbooks import open_workbook

    session = open_workbook(window.workbook_path, PASSPHRASE, window.form)
    assert session.values("C-1")["child.notes"] == "typed as the laptop shut down"
    session.close()


def test_an_edit_that_could_not_be_saved_before_a_lock_is_saved_and_shown_after_unlocking(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.errors import SaveFailed

    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)
    real_set_value = WorkbookSession.set_value

    def disk_full(*_args: Any) -> None:
        raise SaveFailed()

    monkeypatch.setattr(WorkbookSession, "set_value", disk_full)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed while the disk was full")
    window.lock()
    wait_locked(qtbot, window)
    assert window.assessment.autosaver.has_pending  # kept, not lost
    assert "Some changes could not be saved yet" in window.unlock_view.note.text()
    monkeypatch.setattr(WorkbookSession, "set_value", real_set_value)  # space freed
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)
    assert window.assessment.page().editors["child.notes"].text.toPlainText() == "typed while the disk was full"
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.notes"] == "typed while the disk was full"
