"""The window under an organisation's policy: Preferences shows locked settings as set by the
organisation and cannot change them; a policy file that cannot be used is said at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from ui.ui_support import FakePrompts, add_window, make_window

from hsb_desk.app import policy
from hsb_desk.app.settings import Settings, load_settings, save_settings
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.preferences import PreferencesDialog

PolicyFile = Callable[[str], Path]


@pytest.fixture
def policy_window(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> Callable[[], MainWindow]:
    def build() -> MainWindow:
        win = make_window(mini_form, seeded_workbook, prompts, settings=policy.current_settings())
        add_window(qtbot, win)
        win.show()
        return win

    return build


def test_a_locked_setting_shows_as_set_by_the_organisation_and_typing_does_not_change_it(
    qtbot: Any, policy_file: PolicyFile, policy_window: Callable[[], MainWindow], monkeypatch: Any
) -> None:
    save_settings(Settings(auto_lock_minutes=40))
    policy_file("[locked]\nauto_lock_minutes = 5\nspell_check = true\n[defaults]\nbackup_generations = 14\n")
    window = policy_window()
    assert window.idle.timer.interval() == 5 * 60_000  # the saved 40 does not apply
    dialog = PreferencesDialog(window.settings, window, policy.current_policy())
    qtbot.addWidget(dialog)
    dialog.show()
    assert set(dialog.locked_labels) == {"auto_lock_minutes", "spell_check"}
    assert dialog.locked_labels["auto_lock_minutes"].text() == strings.POLICY_LOCKED
    assert dialog.locked_labels["auto_lock_minutes"].isVisible()
    # Read-only, not greyed out: the value stays readable; typing and the arrow keys change nothing.
    assert dialog.minutes.isReadOnly() and dialog.minutes.isEnabled()
    dialog.minutes.setFocus()
    qtbot.keyClicks(dialog.minutes, "30")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Up)
    assert dialog.minutes.value() == 5
    qtbot.mouseClick(dialog.spelling, Qt.MouseButton.LeftButton)
    assert dialog.spelling.isChecked() and dialog.spelling.isEnabled()
    assert dialog.spelling.focusPolicy() == Qt.FocusPolicy.NoFocus  # so the space bar cannot reach it
    # A preset is the user's to change.
    assert not dialog.generations.isReadOnly()
    dialog.generations.setValue(20)
    monkeypatch.setattr(dialog, "exec", lambda: PreferencesDialog.DialogCode.Accepted)
    window.edit_preferences(dialog)
    saved = policy.current_settings()
    assert (saved.auto_lock_minutes, saved.backup_generations, saved.spell_check) == (5, 20, True)
    assert window.idle.timer.interval() == 5 * 60_000


def test_a_value_forced_into_a_locked_editor_is_not_saved(
    qtbot: Any, policy_file: PolicyFile, policy_window: Callable[[], MainWindow]
) -> None:
    policy_file('[locked]\nprotective_marking = "OFFICIAL-SENSITIVE PERSONAL"\n')
    window = policy_window()
    dialog = PreferencesDialog(window.settings, window, policy.current_policy())
    qtbot.addWidget(dialog)
    assert dialog.marking.isReadOnly()
    dialog.marking.setText("OFFICIAL")  # as a program (or an accessibility tool) might
    assert dialog.chosen().protective_marking == "OFFICIAL-SENSITIVE PERSONAL"


def test_without_a_policy_nothing_in_preferences_is_locked(qtbot: Any, policy_window: Callable[[], MainWindow]) -> None:
    window = policy_window()
    dialog = PreferencesDialog(window.settings, window, policy.current_policy())
    qtbot.addWidget(dialog)
    assert dialog.locked_labels == {}
    assert not dialog.minutes.isReadOnly() and dialog.spelling.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert window.warn_of_broken_policy() is None


def test_a_policy_that_cannot_be_used_is_said_over_the_window_and_locks_every_setting(
    qtbot: Any, policy_file: PolicyFile, policy_window: Callable[[], MainWindow]
) -> None:
    save_settings(Settings(auto_lock_minutes=50, spell_check=False))
    policy_file("[locked]\nauto_lock_minutes = 600\n")
    window = policy_window()
    assert window.settings == Settings()
    box = window.warn_of_broken_policy()
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    assert "policy file could not be used" in box.text() and "line 2" in box.text()
    box.close()
    dialog = PreferencesDialog(window.settings, window, policy.current_policy())
    qtbot.addWidget(dialog)
    assert set(dialog.locked_labels) == set(policy.SETTING_NAMES)
    assert strings.POLICY_BROKEN_PREFERENCES in [label.text() for label in dialog.findChildren(QLabel)]
    assert load_settings().auto_lock_minutes == 50  # the user's own file is kept for when IT corrects it
