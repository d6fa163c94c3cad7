"""Start-up: the unlock page shows before the rest of the window exists, and nothing a quick
user does in that moment is lost or refused."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.ui_support import FakePrompts, add_window, close_window, unlock, wait_locked

from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import FormDefinitionError, SaveFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.app import build_window
from hsb_desk.ui.window.main_window import MainWindow


def deferred_window(form: FormDefinition, path: Path, prompts: FakePrompts, load: Any = None) -> MainWindow:
    def opener(workbook: Path, passphrase: str):  # type: ignore[no-untyped-def]
        return open_workbook(workbook, passphrase, form, daily_backup=False, health_check=False)

    loads: list[FormDefinition] = []

    def load_form() -> FormDefinition:
        loads.append(form)
        return form

    window = MainWindow(load or load_form, Settings(), path, opener, prompts=prompts, defer_pages=True)
    window.loads = loads  # type: ignore[attr-defined]
    return window


def test_the_pages_are_built_just_after_the_unlock_page_is_painted(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    window = deferred_window(mini_form, seeded_workbook, prompts)
    add_window(qtbot, window)
    assert not window.pages_ready and window.loads == []  # type: ignore[attr-defined]
    assert window.stack.currentWidget() is window.unlock_view
    assert all(not action.isEnabled() for action in window.case_actions)
    window.show()
    qtbot.waitUntil(lambda: window.pages_ready)
    assert window.loads == [mini_form]  # type: ignore[attr-defined]  # the form is read once
    assert window.stack.currentWidget() is window.unlock_view
    assert window.menus.edit.actions()  # undo and redo arrived with the assessment page
    unlock(qtbot, window)
    assert window.cases_view.model.rowCount() == 2
    close_window(qtbot, window)


def test_unlocking_before_the_pages_exist_waits_for_them(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    window = deferred_window(mini_form, seeded_workbook, prompts)
    add_window(qtbot, window)  # never painted: as if Enter came before the first frame
    unlock(qtbot, window)
    assert window.pages_ready
    assert sorted(case.reference for case in window.cases_view.model.cases) == ["C-1", "C-2"]
    close_window(qtbot, window)


def test_a_broken_form_pack_is_reported_and_the_window_closes(
    qtbot: Any, seeded_workbook: Path, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))

    def broken() -> FormDefinition:
        raise FormDefinitionError(["forms/form.yaml: line 3: 'version' must be text"])

    window = deferred_window(None, seeded_workbook, prompts, load=broken)  # type: ignore[arg-type]
    add_window(qtbot, window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(warned) == 1 and "form" in warned[0].lower()
    assert not window.build_pages() and len(warned) == 1  # said once, not at every later step
    assert window.exit_code != 0
    assert not window.db.is_open  # nothing was opened, so nothing could be written


def test_the_real_window_starts_on_its_unlock_page(qtbot: Any, seeded_workbook: Path) -> None:
    window = build_window(
        lambda: pytest.fail("the form is loaded after the first frame"), seeded_workbook, defer_pages=True
    )
    add_window(qtbot, window)
    assert window.stack.currentWidget() is window.unlock_view
    assert window.unlock_view.path_label.text() == str(seeded_workbook)
    assert window.unlock_view.path_label.textFormat() == Qt.TextFormat.PlainText
    close_window(qtbot, window)


def test_the_system_suspending_locks_an_open_workbook(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert window.stack.currentWidget() is window.unlock_view
    wait_locked(qtbot, window)


def test_the_case_list_shows_while_the_damage_check_runs_and_edits_wait_for_it(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hsb_desk.app import workbooks

    release, order = threading.Event(), []
    real_check = workbooks.finish_opening

    def slow_check(session: Any) -> None:
        release.wait(10)
        order.append("check")
        real_check(session)

    monkeypatch.setattr(workbooks, "finish_opening", slow_check)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.cases_view.model.rowCount() == 2)  # shown, the check still running
    assert order == []
    window.bridge.run(lambda s: (order.append("edit"), s.set_value("C-1", "child.full_name", "Robin Example")))
    release.set()
    qtbot.waitUntil(lambda: window.bridge.pending == 0)
    assert order == ["check", "edit"]


def test_a_read_that_fails_before_the_check_passes_is_then_reported(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hsb_desk.app.session import WorkbookSession

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))

    def refuse(*_args: Any) -> None:
        raise SaveFailed()

    monkeypatch.setattr(WorkbookSession, "list_cases", refuse)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.db.is_open and window.bridge.pending == 0)
    assert warned == [SaveFailed().user_message]


def test_the_pathway_windows_open_from_the_case_menu(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.cases_view.select("C-2")
    actions = {action.text(): action for action in window.menus.case_actions}
    actions["&Meetings and actions…"].trigger()
    qtbot.waitUntil(lambda: window.pathway_windows.pathway.isVisible())
    assert "C-2" in window.pathway_windows.pathway.windowTitle()
    actions["D&ue in the next 14 days…"].trigger()
    qtbot.waitUntil(lambda: window.pathway_windows.due.isVisible() and window.bridge.pending == 0)
    window.lock()
    assert not window.pathway_windows.due.isVisible()


def test_the_workbook_is_opened_with_the_form_the_pages_show(
    qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition
) -> None:
    window = build_window(lambda: mini_form, seeded_workbook)
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    assert window.db.call(lambda s: s.form) is mini_form is window.form
    close_window(qtbot, window)


def test_on_first_run_the_pages_are_built_after_the_first_frame_too(
    qtbot: Any, tmp_path: Path, mini_form: FormDefinition
) -> None:
    window = build_window(lambda: mini_form, tmp_path / "new.hsbdesk", defer_pages=True)
    add_window(qtbot, window)
    assert window.stack.currentWidget() is window.first_run and not window.pages_ready
    window.show()
    qtbot.waitUntil(lambda: window.pages_ready)
    close_window(qtbot, window)


def test_the_unlock_page_is_built_before_the_services_are_imported(seeded_workbook: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from hsb_desk.ui.app import build_window\n"
        f"window = build_window(lambda: None, Path({str(seeded_workbook)!r}), defer_pages=True)\n"
        "loaded = [m for m in ('hsb_desk.app.session', 'hsb_desk.formspec', 'hsb_desk.store.workbook',\n"
        "                      'sqlcipher3', 'yaml', 'hsb_desk.ui.assessment.view') if m in sys.modules]\n"
        "print(loaded, window.unlock_view.isHidden())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] False"
