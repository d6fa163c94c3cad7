"""The database thread only reads and writes: writing a report and sealing or opening an exchange
file run beside it, so the workbook answers (autosave goes on) while they work."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from ui.ui_support import FakePrompts, settle, unlock

from hsb_desk.app import exchange, reports
from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.ui.actions.coworking_dialogs import PassphraseDialog
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.window.main_window import MainWindow


class Held:
    """Wraps a slow function: records the thread it ran on and waits until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.real = getattr(module, name)
        self.threads: list[str] = []
        self.started, self.release = threading.Event(), threading.Event()
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread().name)
        self.started.set()
        self.release.wait(10)
        return self.real(*args, **kwargs)


def _workbook_answers(window: MainWindow) -> bool:
    """A read on the database thread comes back while the slow work is held."""
    return window.db.submit(lambda s: s.values("C-1")).result(timeout=5) is not None


def test_the_report_is_written_beside_the_database_thread(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held = Held(monkeypatch, reports.word, "render_docx")  # the writer, loaded on first use
    unlock(qtbot, window)
    dialog = ExportDialog(window.bridge, "C-1", tmp_path, "OFFICIAL-SENSITIVE", window)
    dialog.start()
    qtbot.waitUntil(held.started.is_set)
    assert _workbook_answers(window)  # the Word document is being written, and the workbook answers
    assert dialog.written is None
    held.release.set()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert held.threads == ["hsb-work_0"] and dialog.written.is_file()
    assert window.bridge.db.call(lambda s: [e.file_name for e in sharing_record(s, "C-1")]) == [dialog.written.name]


def test_a_hand_out_is_sealed_beside_the_database_thread_and_recorded_with_its_file(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held = Held(monkeypatch, exchange, "seal")
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    shown: list[QDialog] = []
    window.actions_.run_dialog = lambda dialog: shown.append(dialog) or True
    out = tmp_path / "C-1 handout.hsbx"
    prompts.files.append(out)
    window.actions_.hand_out()
    qtbot.waitUntil(held.started.is_set)
    assert _workbook_answers(window)  # scrypt is running, and the workbook answers
    assert not out.exists() and window.bridge.db.call(lambda s: s.case("C-1").status) == "draft"
    held.release.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    settle(qtbot, window)
    assert isinstance(shown[0], PassphraseDialog) and held.threads == ["hsb-work_0"]
    assert out.is_file() and window.bridge.db.call(lambda s: s.case("C-1").status) == "with_coworker"
