"""The hand-out in the window asks about the child who has been harmed (issue 18, item 2): the
dialog comes first, its box unticked; the lead ticks it (or not) and presses Continue, and the
hand-out written carries that section only if ticked. The real pack's example case, a real
workbook, the file decrypted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from coworking.test_child_harmed_handout import CHILDREN, ROWS, harmed_section
from coworking.test_exchange import FAST
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.ui_support import FakePrompts, open_example_case

from hsb_desk.app import signoff
from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.ui.actions.coworking_dialogs import HandoutDialog, PassphraseDialog
from hsb_desk.ui.window.main_window import MainWindow


def _prepare(session: Any, reference: str) -> None:
    session.set_value(reference, CHILDREN, ROWS)
    signoff.set_section_owner(session, reference, harmed_section(session.form), "coworker")


@pytest.fixture
def example(
    qtbot: Any, workbook_path: Path, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MainWindow, str]]:
    monkeypatch.setattr(exchange_format, "DEFAULT_SCRYPT", FAST)
    yield from open_example_case(qtbot, workbook_path, prompts, _prepare)


@pytest.mark.parametrize("tick", [False, True])
def test_the_handout_dialog_decides_whether_the_child_harmed_record_goes(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts, tmp_path: Path, tick: bool
) -> None:
    window, _ = example
    asked: list[bool] = []
    words: list[str] = []

    def answer(dialog: QDialog) -> bool:
        if isinstance(dialog, HandoutDialog):
            dialog.show()
            qtbot.waitExposed(dialog)
            asked.append(dialog.include.isChecked())
            if tick:
                qtbot.mouseClick(dialog.include, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, PassphraseDialog):
            words.append(dialog.words.text())
        return True

    window.actions_.run_dialog = answer
    out = tmp_path / "handout.hsbx"
    prompts.files.append(out)
    window.actions_.hand_out()
    qtbot.waitUntil(lambda: bool(words), timeout=15000)
    assert asked == [False]  # asked once, unticked
    payload = unseal(out.read_bytes(), words[0]).payload
    assert (harmed_section(window.form) in payload["sections"]) is tick
    assert payload["values"].get(CHILDREN) == (ROWS if tick else None)


def test_cancel_writes_no_handout(
    qtbot: Any, example: tuple[MainWindow, str], prompts: FakePrompts, tmp_path: Path
) -> None:
    window, _ = example
    shown: list[QDialog] = []

    def cancel(dialog: QDialog) -> bool:
        shown.append(dialog)
        return False

    window.actions_.run_dialog = cancel
    out = tmp_path / "handout.hsbx"
    prompts.files.append(out)
    window.actions_.hand_out()
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert [type(d) for d in shown] == [HandoutDialog]
    assert not out.exists() and prompts.files == [out]  # not even asked where to save it
