"""Back up now says where the backup went and makes a second copy where Preferences say; Restore
lists this workbook's backups by date, reason, size and place, checks one with its passphrase,
and restores the one chosen (issue 20, item 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from ui.ui_support import FakePrompts, settle, unlock, wait_locked

from hsb_desk import paths
from hsb_desk.app.backups import places
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.ui import strings
from hsb_desk.ui.actions.restore_dialog import RestoreDialog
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.preferences import PreferencesDialog


def _back_up(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> str:
    told = len(prompts.told)
    window.actions_.backup_now()
    qtbot.waitUntil(lambda: len(prompts.told) > told, timeout=15_000)
    return prompts.told[-1]


def test_back_up_now_says_where_and_suggests_a_second_location(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    said = _back_up(qtbot, window, prompts)
    made = sorted(paths.backups_dir().glob("*-manual.hsbdesk-backup"))  # besides the day's first
    assert len(made) == 1 and str(made[0]) in said  # the whole path, not only the name
    assert strings.BACKED_UP_SUGGEST in said


def test_a_second_location_chosen_in_preferences_gets_a_checked_copy_too(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, monkeypatch: Any
) -> None:
    drive = tmp_path / "USB DRIVE" / "HSB backups"
    drive.mkdir(parents=True)
    unlock(qtbot, window)
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.second_folder.clear()
    qtbot.keyClicks(dialog.second_folder, str(drive))
    monkeypatch.setattr(dialog, "exec", lambda: PreferencesDialog.DialogCode.Accepted)
    window.edit_preferences(dialog)
    said = _back_up(qtbot, window, prompts)
    copies = list(drive.glob("*.hsbdesk-backup"))
    assert len(copies) == 1 and str(copies[0]) in said
    assert strings.BACKED_UP_SUGGEST not in said
    found = [f for f in places.every_backup(window.workbook_path) if f.info.reason == "manual"]
    assert sorted(f.second_location for f in found) == [False, True]


def test_a_second_location_that_is_not_there_is_said_and_never_created(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    unplugged = tmp_path / "media" / "usb" / "HSB backups"
    save_settings(Settings(second_backup_folder=str(unplugged)))
    unlock(qtbot, window)
    said = _back_up(qtbot, window, prompts)
    assert "not available" in said and str(unplugged) in said
    assert not unplugged.exists() and not unplugged.parent.exists()
    assert len(list(paths.backups_dir().glob("*-manual.hsbdesk-backup"))) == 1  # the main copy was still made


def test_restore_lists_the_backups_checks_one_and_restores_it(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    _back_up(qtbot, window, prompts)
    window.bridge.db.call(lambda s: s.set_value("C-1", "child.notes", "after the first backup"))
    _back_up(qtbot, window, prompts)
    window.bridge.db.call(lambda s: s.set_value("C-1", "child.notes", "after the second backup"))
    window.lock()
    wait_locked(qtbot, window)
    seen: list[RestoreDialog] = []

    def work_the_dialog(dialog: RestoreDialog) -> bool:
        seen.append(dialog)
        dialog.show()
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]  # type: ignore[union-attr]
        manual = [r for r, cells in enumerate(rows) if cells[1] == "Back up now"]
        assert len(manual) == 2 and all(rows[r][3] == strings.RESTORE_MAIN for r in manual)
        assert rows[0][2].endswith(("kB", "MB")) and rows[0][4] == strings.RESTORE_CHECKED_WHEN_MADE
        made = [f.info.made_at for f in dialog.found]
        assert made == sorted(made, reverse=True)  # newest first
        assert not dialog.restore_button.isEnabled()  # not without the passphrase
        older = manual[-1]
        table.selectRow(older)
        qtbot.keyClicks(dialog.passphrase_field, "not it at all")
        qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)  # Enter checks; it never restores
        qtbot.waitUntil(lambda: table.item(older, 4).text() == places.CHECK_WRONG)  # type: ignore[union-attr]
        assert dialog.isVisible()
        dialog.passphrase_field.clear()
        qtbot.keyClicks(dialog.passphrase_field, PASSPHRASE)
        dialog.check_button.click()
        qtbot.waitUntil(lambda: table.item(older, 4).text() == places.CHECK_PASSED)  # type: ignore[union-attr]
        dialog.restore_button.click()
        return True

    prompts.dialog_answers.append(work_the_dialog)
    window.unlock_view.restore_button.click()
    qtbot.waitUntil(lambda: any("restored" in t for t in prompts.told), timeout=15_000)
    unlock(qtbot, window)
    settle(qtbot, window)
    assert window.bridge.db.call(lambda s: s.values("C-1")).get("child.notes") is None  # as at the first backup


def test_restore_without_backups_says_so_and_offers_another_file(qtbot: Any, window: MainWindow) -> None:
    dialog = RestoreDialog(window.workbook_path, [], lambda *_: None, lambda: None, window)
    qtbot.addWidget(dialog)
    assert strings.RESTORE_NONE in [label.text() for label in dialog.findChildren(QLabel)]
    assert dialog.table.rowCount() == 0
    assert not dialog.other_button.isEnabled()  # the passphrase first
    qtbot.keyClicks(dialog.passphrase_field, PASSPHRASE)
    assert dialog.other_button.isEnabled() and not dialog.restore_button.isEnabled()
