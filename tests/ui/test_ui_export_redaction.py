"""The Export dialog: a shared version's replacements are listed for review before the file is
written (a list and a Write button), and a copy can be made for a recipient chosen from the case's
distribution list or typed (issue 17, items 10 and 12). A real window over a real encrypted
workbook of the real form pack, holding the example case with names typed into its narratives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton
from report.test_report_minimise import EXACT_CASE, WITHHELD, case_document, document_lines, found_in, withheld_found
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.store.records import Profile
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.export_review import REVIEW_STEP
from hsb_desk.ui.window.main_window import MainWindow

CASE = "HSB-2026-0001"
DAY = TODAY.isoformat()
SCHOOL = "Priya Example, Northgate Academy (fictional)"


@pytest.fixture
def win(qtbot: Any, tmp_path: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    form = default_form()
    path = tmp_path / "real.hsbdesk"
    session = create_workbook(
        path, PASSPHRASE, Profile("Jo Example", "Social worker", "", ""), form, today=lambda: TODAY
    )
    session.import_case(case_document())
    session.close()
    window = make_window(form, path, prompts)
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    window.open_case(CASE)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    yield window
    close_window(qtbot, window)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def _dialog(qtbot: Any, win: MainWindow, folder: Path) -> ExportDialog:
    dialog = ExportDialog(win.bridge, CASE, folder, "OFFICIAL-SENSITIVE", win, confirm=lambda _text: True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.path.text().endswith(".docx"))
    return dialog


def _exports(win: MainWindow) -> list[Any]:
    return list(win.bridge.db.call(lambda s: sharing_record(s, CASE)))


def _values(win: MainWindow) -> dict[str, Any]:
    return dict(win.bridge.db.call(lambda s: s.values(CASE)))


def _click(qtbot: Any, button: QAbstractButton) -> None:
    """A click on a radio button's circle (its middle may be past the end of its words)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _choose_school(qtbot: Any, dialog: ExportDialog) -> None:
    """As a person does: arrow down the recipient list to the school's row."""
    assert [dialog.recipient.itemText(i) for i in range(dialog.recipient.count())][3] == SCHOOL
    dialog.recipient.setFocus()
    for _ in range(3):
        qtbot.keyClick(dialog.recipient, Qt.Key.Key_Down)
    assert dialog.recipient.currentText() == SCHOOL


def test_a_recipient_from_the_list_brings_their_version_and_name(qtbot: Any, win: MainWindow, folder: Path) -> None:
    dialog = _dialog(qtbot, win, folder)
    assert Path(dialog.path.text()) == folder / f"{CASE} v1 full {DAY}.docx" and dialog.full.isChecked()
    _choose_school(qtbot, dialog)
    assert dialog.shared.isChecked()  # the version the meeting agreed for the school
    assert Path(dialog.path.text()) == folder / f"{CASE} v1 shared {DAY} for {SCHOOL}.docx"


def test_the_shared_version_is_reviewed_before_it_is_written(qtbot: Any, win: MainWindow, folder: Path) -> None:
    dialog = _dialog(qtbot, win, folder)
    _choose_school(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.write_button.isVisible(), timeout=15000)
    settle(qtbot, win)
    listed = dialog.review.entries()
    assert "1. Referral and route – Reason for referral: 2 × 'Child A'" in listed
    assert "12. Conclusion and analysis – Safety plan, Who is responsible: 1 × 'Mother's partner'" in listed
    assert found_in(listed, WITHHELD) == [] and found_in(listed, EXACT_CASE, exact_case=True) == []
    assert dialog.step.text() == REVIEW_STEP and dialog.review.isVisible()
    assert list(folder.iterdir()) == [] and _exports(win) == []  # nothing is written before Write
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    written = folder / f"{CASE} v1 shared {DAY} for {SCHOOL}.docx"
    assert dialog.written == written and not dialog.write_button.isVisible() and not dialog.review.isVisible()
    data = written.read_bytes()
    assert withheld_found(data, _values(win)) == ["Signed consent form"]
    assert f"Copy for {SCHOOL}, 22/11/2026" in document_lines(data)
    [entry] = _exports(win)
    assert entry.what.endswith(f"copy for {SCHOOL}") and entry.file_name == written.name


def test_a_choice_changed_during_the_review_discards_it(qtbot: Any, win: MainWindow, folder: Path) -> None:
    dialog = _dialog(qtbot, win, folder)
    _click(qtbot, dialog.shared)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.write_button.isVisible(), timeout=15000)
    _click(qtbot, dialog.full)
    assert dialog.full.isChecked()
    assert not dialog.write_button.isVisible() and not dialog.review.isVisible() and dialog.pending is None
    settle(qtbot, win)
    assert list(folder.iterdir()) == [] and _exports(win) == []
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # the full report: no review
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert dialog.written == folder / f"{CASE} v1 full {DAY}.docx"
    assert "Mia told her mother first" in "\n".join(document_lines(dialog.written.read_bytes()))


def test_a_typed_recipient_names_the_copy(qtbot: Any, win: MainWindow, folder: Path) -> None:
    dialog = _dialog(qtbot, win, folder)
    line = dialog.recipient.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "Dr Morgan Sample-Hill, GP")
    assert dialog.full.isChecked()  # typed, not from the list: the version stays as chosen
    assert Path(dialog.path.text()) == folder / f"{CASE} v1 full {DAY} for Dr Morgan Sample-Hill, GP.docx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert "Copy for Dr Morgan Sample-Hill, GP, 22/11/2026" in document_lines(dialog.written.read_bytes())
    [entry] = _exports(win)
    assert entry.what == "Full report, version 1, not password-protected, copy for Dr Morgan Sample-Hill, GP"


def test_without_a_recipient_the_copy_names_no_one(qtbot: Any, win: MainWindow, folder: Path) -> None:
    dialog = _dialog(qtbot, win, folder)
    assert dialog.recipient.recipient() is None
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert not [line for line in document_lines(dialog.written.read_bytes()) if "Copy for" in line]
    assert [e.what for e in _exports(win)] == ["Full report, version 1, not password-protected"]
