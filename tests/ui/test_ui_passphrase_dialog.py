"""The one-time hand-out passphrase dialog (issue 20, item 11): Copy, and "I have noted it" as the
only way out; Enter and Esc, pressed out of habit, do not lose the passphrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from hsb_desk.ui.actions import coworking_dialogs
from hsb_desk.ui.actions.coworking_dialogs import PassphraseDialog

PASSPHRASE = "amber-otter-lantern-meadow-quartz"


@pytest.fixture
def dialog(qtbot: Any) -> Iterator[PassphraseDialog]:
    shown = PassphraseDialog(PASSPHRASE, "HSB-2026-0001 handout.hsbx")  # closed here, not by qtbot:
    shown.show()  # its close button asks first
    qtbot.waitExposed(shown)
    yield shown
    if shown.isVisible():
        shown.accept()
    shown.deleteLater()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
def test_enter_and_esc_do_not_close_it(qtbot: Any, dialog: PassphraseDialog, key: Qt.Key) -> None:
    dialog.noted_button.setFocus()
    qtbot.keyClick(dialog.noted_button, key)
    qtbot.keyClick(dialog, key)
    assert dialog.isVisible() and dialog.result() == 0


def test_i_have_noted_it_closes_it(qtbot: Any, dialog: PassphraseDialog) -> None:
    qtbot.mouseClick(dialog.noted_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_copy_puts_it_on_the_clipboard_and_empties_it_later(
    qtbot: Any, dialog: PassphraseDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coworking_dialogs, "CLIPBOARD_SECONDS", 1)
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == PASSPHRASE
    assert "1 seconds" in dialog.copied.text()
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)


def test_copy_leaves_what_was_copied_since_alone(qtbot: Any, dialog: PassphraseDialog, monkeypatch: Any) -> None:
    monkeypatch.setattr(coworking_dialogs, "CLIPBOARD_SECONDS", 1)
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    clipboard.setText("a note of the practitioner's own")
    qtbot.wait(1300)
    assert clipboard.text() == "a note of the practitioner's own"


def test_the_close_button_asks_first(qtbot: Any, dialog: PassphraseDialog, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: answers.pop(0))
    dialog.close()
    assert dialog.isVisible()
    dialog.close()
    assert not dialog.isVisible()
