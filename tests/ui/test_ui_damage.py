"""A workbook damaged inside is caught by the check that runs as it opens; the window returns to
the unlock screen with a plain message and offers a backup, and the file is never written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE
from ui.ui_support import FakePrompts, add_window, close_window

from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.window.main_window import MainWindow


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[3 * 4096 + 200] ^= 0x5A  # one byte inside page 4
    path.write_bytes(bytes(data))


def test_damage_found_after_opening_goes_back_to_unlock_and_writes_nothing(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    assert seeded_workbook.stat().st_size > 5 * 4096
    _damage(seeded_workbook)
    before = seeded_workbook.read_bytes()

    def opener(path: Path, passphrase: str):  # type: ignore[no-untyped-def]
        return open_workbook(path, passphrase, mini_form, daily_backup=False, health_check=False)

    window = MainWindow(mini_form, Settings(), seeded_workbook, opener, prompts=prompts)
    add_window(qtbot, window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.unlock_view.failures == 1, timeout=10000)
    assert "damaged" in window.unlock_view.message.text()
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.db.is_open
    assert window.unlock_view.restore_button.isVisible()
    assert window.cases_view.model.rowCount() == 0
    close_window(qtbot, window)
    assert seeded_workbook.read_bytes() == before
