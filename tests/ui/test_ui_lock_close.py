"""Locking and closing never wait on the screen: the case is hidden at once, the workbook is
closed on its own thread, and the steps end with the unlock page (or the window gone) whatever
happens there; an edit that cannot be stored is never dropped without asking."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit
from ui.ui_support import FakePrompts, close_window, settle, unlock, wait_locked

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import SaveFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.window.main_window import MainWindow


def _case_text_on_screen(window: MainWindow) -> list[str]:
    texts = [w.text() for w in window.findChildren(QLineEdit) if w.text()]
    return texts + [w.toPlainText() for w in window.findChildren(QTextEdit) if w.toPlainText()]


def _open_c1(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment and window.bridge.pending == 0)


def _unlock_again(qtbot: Any, window: MainWindow) -> None:
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    settle(qtbot, window)


def _hold_database_thread(window: MainWindow) -> threading.Event:
    """The database thread busy with a long job (an export, the damage check) until released."""
    release = threading.Event()
    window.db.submit(lambda _s: release.wait(10))
    return release


def test_locking_while_the_database_is_busy_hides_the_case_at_once(qtbot: Any, window: MainWindow) -> None:
    _open_c1(qtbot, window)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed before the lock")
    release = _hold_database_thread(window)
    window.lock()  # returns at once: the screen does not wait for the busy thread
    assert window.stack.currentWidget() is window.unlock_view
    assert not any("Robin" in t or "typed before" in t for t in _case_text_on_screen(window))
    assert not window.unlock_view.unlock_button.isEnabled()  # no passphrase until it is closed
    assert window.unlock_view.note.text() == strings.UNLOCK_LOCKING
    release.set()
    wait_locked(qtbot, window)
    assert window.unlock_view.note.text() == strings.UNLOCK_LOCKED_NOTE
    _unlock_again(qtbot, window)
    assert window.assessment.reference == "C-1"  # back where the practitioner was
    assert window.bridge.db.call(lambda s: s.values("C-1"))["child.notes"] == "typed before the lock"


def test_locking_ends_on_the_unlock_page_even_if_closing_the_workbook_fails(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_c1(qtbot, window)
    real_close = WorkbookSession.close

    def broken_close(session: WorkbookSession) -> None:
        real_close(session)
        raise OSError("the drive went away")

    monkeypatch.setattr(WorkbookSession, "close", broken_close)
    window.lock()
    wait_locked(qtbot, window)
    assert window.stack.currentWidget() is window.unlock_view and window.unlock_view.passphrase.isEnabled()
    assert "Robin" not in " ".join(_case_text_on_screen(window))
    monkeypatch.setattr(WorkbookSession, "close", real_close)
    _unlock_again(qtbot, window)  # and the workbook opens again
    assert window.assessment.reference == "C-1"


def test_closing_while_the_database_is_busy_stores_the_edit_then_closes(
    qtbot: Any, window: MainWindow, mini_form: FormDefinition
) -> None:
    _open_c1(qtbot, window)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed before closing")
    release = _hold_database_thread(window)
    window.close()  # returns at once: the window stays until the edit is stored
    assert window.isVisible() and window.statusBar().currentMessage() == strings.CLOSING
    release.set()
    qtbot.waitUntil(lambda: window.db.stopped and not window.isVisible())
    session = open_workbook(window.workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    try:
        assert session.values("C-1")["child.notes"] == "typed before closing"
    finally:
        session.close()


def test_closing_with_an_edit_that_cannot_be_stored_asks_first(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_c1(qtbot, window)

    def disk_full(*_args: Any) -> None:
        raise SaveFailed()

    monkeypatch.setattr(WorkbookSession, "set_value", disk_full)
    window.assessment.page().editors["child.notes"].text.setPlainText("typed while the disk was full")
    prompts.confirm_answers.append(False)  # keep HSB Desk open
    window.close()
    qtbot.waitUntil(lambda: bool(prompts.asked) and window.bridge.pending == 0)
    assert prompts.asked == [strings.CLOSE_UNSAVED.format(count=1)]
    assert window.isVisible() and window.db.is_open
    assert window.assessment.page().editors["child.notes"].text.toPlainText() == "typed while the disk was full"
    assert window.assessment.autosaver.has_pending
    prompts.confirm_answers.append(True)  # close anyway
    close_window(qtbot, window)
    assert not window.isVisible() and len(prompts.asked) == 2


def test_locking_releases_the_pages_their_text_and_undo_history(qtbot: Any, window: MainWindow) -> None:
    _open_c1(qtbot, window)
    editor = window.assessment.page().editors["child.notes"].text
    editor.setPlainText("typed, then changed")
    editor.setPlainText("changed again")  # the first text lives on in the editor's undo history
    window.lock()
    wait_locked(qtbot, window)
    QApplication.sendPostedEvents(None, 0)  # deleteLater runs: the pages are gone, not hidden
    assert window.assessment.pages == {} and window.assessment.state is None
    documents = window.findChildren(QTextDocument)
    assert not any("typed" in d.toPlainText() or "changed" in d.toPlainText() for d in documents)
    assert not any(d.isUndoAvailable() for d in documents)
    _unlock_again(qtbot, window)  # and the case comes back where it was, read from the workbook
    assert window.assessment.page().editors["child.notes"].text.toPlainText() == "changed again"

