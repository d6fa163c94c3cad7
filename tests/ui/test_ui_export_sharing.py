"""The Export dialog proposes the default names and asks before replacing a file; Case ▸ Sharing
record… lists what was exported. Real windows over real encrypted workbooks (the real form pack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.sharing_dialog import SharingDialog
from hsb_desk.ui.window.main_window import MainWindow

CASE = "HSB-2026-0001"
DAY = TODAY.isoformat()


@pytest.fixture
def real_window(qtbot: Any, tmp_path: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    """A window over a workbook of the real form pack holding one case, unlocked, case open."""
    form = default_form()
    path = tmp_path / "real.hsbdesk"
    session = create_workbook(
        path, PASSPHRASE, Profile("Alex Example", "Social worker", "", ""), form, today=lambda: TODAY
    )
    session.create_case(CASE)
    key = form.role_key("child_name")
    assert key is not None
    session.set_value(CASE, key, "Robin Fictional")
    session.close()
    win = make_window(form, path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(CASE)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    yield win
    close_window(qtbot, win)


def _audit_count(win: MainWindow) -> int:
    return int(win.bridge.db.call(lambda s: len(s.workbook.audit.entries(CASE))))


def _dialog(qtbot: Any, win: MainWindow, folder: Path, answers: list[bool], asked: list[str]) -> ExportDialog:
    def confirm(text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    dialog = ExportDialog(win.bridge, CASE, folder, "OFFICIAL-SENSITIVE", win, confirm=confirm)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.path.text().endswith(".docx"))
    return dialog


def test_the_name_follows_full_or_shared_until_the_user_types_one(
    qtbot: Any, real_window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, real_window, tmp_path, [], [])
    assert Path(dialog.path.text()) == tmp_path / f"{CASE} v1 full {DAY}.docx"
    qtbot.mouseClick(dialog.shared, Qt.MouseButton.LeftButton)
    assert Path(dialog.path.text()) == tmp_path / f"{CASE} v1 shared {DAY}.docx"
    qtbot.mouseClick(dialog.full, Qt.MouseButton.LeftButton)
    assert Path(dialog.path.text()) == tmp_path / f"{CASE} v1 full {DAY}.docx"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "for the panel.docx"))
    qtbot.mouseClick(dialog.shared, Qt.MouseButton.LeftButton)
    assert Path(dialog.path.text()) == tmp_path / "for the panel.docx"  # the user's own name stays


def test_an_existing_file_is_replaced_only_after_yes(qtbot: Any, real_window: MainWindow, tmp_path: Path) -> None:
    asked: list[str] = []
    answers = [False, True]
    dialog = _dialog(qtbot, real_window, tmp_path, answers, asked)
    qtbot.mouseClick(dialog.shared, Qt.MouseButton.LeftButton)
    target = tmp_path / f"{CASE} v1 shared {DAY}.docx"
    target.write_bytes(b"the shared report sent to the school")
    before = _audit_count(real_window)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [
        f"Replace {target.name}? A file with that name is already in this folder; it will be written over."
    ]
    settle(qtbot, real_window)
    assert target.read_bytes() == b"the shared report sent to the school"
    assert dialog.written is None and "Nothing was written" in dialog.step.text()
    assert _audit_count(real_window) == before
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert len(asked) == 2 and dialog.written == target
    assert target.name in dialog.step.text()
    assert "Shared version" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert _audit_count(real_window) == before + 1


def test_a_report_password_typed_differently_twice_exports_nothing(
    qtbot: Any, real_window: MainWindow, tmp_path: Path
) -> None:
    """Issue 20, item 11: a mistyped password would lock every reader out of the report."""
    dialog = _dialog(qtbot, real_window, tmp_path, [], [])
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, "a report password for e-mail")
    qtbot.keyClicks(dialog.password_again, "a report pasword for e-mail")
    before = set(tmp_path.rglob("*.docx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.step.text() == strings.EXPORT_PASSWORDS_DIFFER
    assert dialog.written is None and set(tmp_path.rglob("*.docx")) == before
    assert dialog.export_button.isEnabled()


def test_the_sharing_record_opens_from_the_case_menu(qtbot: Any, real_window: MainWindow, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, real_window, tmp_path, [], [])
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    qtbot.mouseClick(dialog.shared, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, "a report password for e-mail")
    qtbot.keyClicks(dialog.password_again, "a report password for e-mail")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None and "shared" in dialog.written.name, timeout=15000)
    shown: list[QDialog] = []

    def answer(opened: QDialog) -> bool:
        shown.append(opened)
        return True

    real_window.actions_.run_dialog = answer
    actions = {action.text(): action for action in real_window.menus.case_actions}
    actions["Sharing &record…"].trigger()
    qtbot.waitUntil(lambda: bool(shown))
    sharing = shown[0]
    assert isinstance(sharing, SharingDialog) and CASE in sharing.windowTitle()
    rows = sharing.rows()
    assert [row[1:] for row in rows] == [
        ("Alex Example", "Full report, version 1, not password-protected", f"{CASE} v1 full {DAY}.docx"),
        ("Alex Example", "Shared version, version 1, protected by a password", f"{CASE} v1 shared {DAY}.docx"),
    ]
    assert not any(str(tmp_path) in cell for row in rows for cell in row)


def test_an_empty_sharing_record_says_so(qtbot: Any, real_window: MainWindow) -> None:
    shown: list[QDialog] = []
    real_window.actions_.run_dialog = lambda opened: bool(shown.append(opened)) or True
    real_window.actions_.show_sharing()
    qtbot.waitUntil(lambda: bool(shown))
    sharing = shown[0]
    assert isinstance(sharing, SharingDialog) and sharing.rows() == []
    assert sharing.table.isHidden()
