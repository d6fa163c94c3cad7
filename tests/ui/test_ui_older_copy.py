"""Issue 16, item 7, in the window: a workbook that is an older copy than the one last closed on
this computer is warned about once after each unlock, while the list shows (the comparison runs
on the database thread after the damage check), until the user keeps it; a workbook that is not
older is never asked about."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from ui.ui_support import FakePrompts, add_window, settle, unlock, wait_locked

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.window.main_window import MainWindow


@pytest.fixture
def older_workbook(seeded_workbook: Path, tmp_path: Path, mini_form: FormDefinition) -> Path:
    """The seeded workbook, worked on and closed, then an earlier copy of it put in its place."""
    older = tmp_path / "older copy.hsbdesk"
    shutil.copyfile(seeded_workbook, older)
    session = open_workbook(seeded_workbook, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    session.create_case("C-3")
    session.close()
    shutil.copyfile(older, seeded_workbook)
    return seeded_workbook


def _window(path: Path, form: FormDefinition, prompts: FakePrompts) -> MainWindow:
    """As the app builds it (ui/app.py): opened without its checks, which the window runs after."""

    def opener(workbook: Path, passphrase: str) -> WorkbookSession:
        return open_workbook(workbook, passphrase, form, lambda: TODAY, daily_backup=False, health_check=False)

    window = MainWindow(form, Settings(), path, opener, None, prompts=prompts)
    window.assessment.today = lambda: TODAY
    return window


def _asked_about_older(prompts: FakePrompts) -> list[str]:
    return [text for text in prompts.asked if "older than the copy last closed on this computer" in text]


def test_an_older_copy_is_asked_about_once_after_each_unlock_until_it_is_kept(
    qtbot: Any, older_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    window = _window(older_workbook, mini_form, prompts)
    add_window(qtbot, window)
    window.show()
    prompts.confirm_answers = [False]  # not kept: warned again at the next unlock
    unlock(qtbot, window)
    (asked,) = _asked_about_older(prompts)
    assert "its audit trail holds" in asked and "Keep working on this copy" in asked
    assert window.cases_view.model.rowCount() == 2  # the list of the older copy: C-3 is not in it

    window.lock()
    wait_locked(qtbot, window)
    prompts.confirm_answers = [True]  # kept
    unlock(qtbot, window)
    settle(qtbot, window)
    assert len(_asked_about_older(prompts)) == 2

    window.lock()
    wait_locked(qtbot, window)
    unlock(qtbot, window)
    settle(qtbot, window)
    assert len(_asked_about_older(prompts)) == 2  # not asked again
    assert prompts.confirm_answers == []


def test_a_workbook_that_is_not_older_is_never_asked_about(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    window = _window(seeded_workbook, mini_form, prompts)
    add_window(qtbot, window)
    window.show()
    for turn in range(2):
        unlock(qtbot, window)
        window.bridge.apply(lambda s, turn=turn: s.set_value("C-1", "child.notes", f"Visit {turn}."))
        settle(qtbot, window)
        window.lock()
        wait_locked(qtbot, window)
    assert prompts.asked == []
