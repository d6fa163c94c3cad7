"""Sign-off in the window by someone who is not the case's lead practitioner (real form pack):
the sign-off dialog names both and signs only once "on behalf of" is ticked; the record says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from coworking.signing_support import LEAD, OTHER, example_session, real_form
from PySide6.QtWidgets import QDialog, QLabel
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    with example_session(workbook_path, OTHER, lambda: TODAY) as (_session, reference):
        pass
    win = make_window(real_form(), workbook_path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    yield win, reference
    close_window(qtbot, win)


def _signed(win: MainWindow, reference: str) -> tuple[str, list[tuple[str, str]]]:
    def read(s: Any) -> tuple[str, list[tuple[str, str]]]:
        case = s.case(reference)
        return case.status, [(r.who, r.on_behalf_of) for r in CoworkingStore.of(s.workbook).signoffs(case)]

    return win.bridge.db.call(read)  # type: ignore[no-any-return]


def test_sign_off_names_both_and_needs_on_behalf_ticked(
    qtbot: Any, window: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = window
    seen: list[SignOffDialog] = []
    answers = [False, True]  # first cancelled, then signed with the box ticked

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignOffDialog)
        seen.append(dialog)
        text = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert LEAD in text and OTHER in text
        assert dialog.on_behalf is not None
        assert not dialog.sign_button.isEnabled()  # not without saying so
        dialog.sign_button.click()
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted  # neither the button nor Enter signs
        if answers[0]:
            dialog.on_behalf.setChecked(True)
            assert dialog.sign_button.isEnabled()
            dialog.sign_button.click()
        return answers.pop(0) and dialog.result() == QDialog.DialogCode.Accepted

    win.actions_.run_dialog = answer
    win.actions_.sign_off()
    qtbot.waitUntil(lambda: len(seen) == 1)
    settle(qtbot, win)
    assert _signed(win, reference) == ("draft", [])
    assert prompts.asked == [] and prompts.told == []  # no other question, nothing signed

    win.actions_.sign_off()
    qtbot.waitUntil(lambda: bool(prompts.told))
    settle(qtbot, win)
    assert _signed(win, reference) == ("signed_off", [(OTHER, LEAD)])
