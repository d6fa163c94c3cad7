"""Case ▸ Countersign… (issue 17, item 6): the team manager says whether they agree with the
outcome (neither chosen at first, nothing signed until one is) and comments, required when they
do not agree; the dialog says what is missing, keeps what was typed, and the authorisation
reaches the workbook. A real window over a real encrypted workbook, the real form pack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QRadioButton
from ui.test_ui_accessible_names import unnamed
from ui.ui_support import FakePrompts, open_example_case, settle

from hsb_desk.app import signoff
from hsb_desk.app.signoff import VersionInfo
from hsb_desk.app.signoff.signed_versions import MAX_COMMENTS
from hsb_desk.report.model import Authorisation
from hsb_desk.ui import strings
from hsb_desk.ui.actions.countersign_dialog import CountersignDialog
from hsb_desk.ui.actions.coworking_dialogs import VersionsDialog
from hsb_desk.ui.window.main_window import MainWindow

MANAGER, ROLE = "Morgan Manager", "Team manager"
COMMENTS = "The plan needs a review date."


@pytest.fixture
def signed_window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    """The real pack's example case, signed off by its lead, open in a window."""
    yield from open_example_case(qtbot, workbook_path, prompts, lambda s, r: signoff.sign_off(s, r))


def _countersign_action(win: MainWindow) -> QAction:
    case_menu = next(m for m in win.menuBar().findChildren(QMenu) if m.title() == "&Case")
    return next(a for a in case_menu.actions() if a.text() == "Coun&tersign…")


def _click(qtbot: Any, radio: QRadioButton) -> None:
    """A click on the button's circle, as a person aims (the button is as wide as the dialog)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def _authorisations(win: MainWindow, reference: str) -> list[Authorisation]:
    return win.bridge.db.call(lambda s: signoff.authorisations_for_report(s, reference))


def _open_dialog(win: MainWindow, work: Callable[[CountersignDialog], bool]) -> list[CountersignDialog]:
    """Case ▸ Countersign…, with ``work`` in the person's place; returns the dialogs shown."""
    shown: list[CountersignDialog] = []

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, CountersignDialog)
        shown.append(dialog)
        dialog.show()
        return work(dialog)

    win.actions_.run_dialog = answer
    _countersign_action(win).trigger()
    return shown


def test_not_agreeing_needs_comments_and_the_dialog_keeps_what_was_typed(
    qtbot: Any, signed_window: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = signed_window
    seen: dict[str, Any] = {}

    def work(dialog: CountersignDialog) -> bool:
        qtbot.addWidget(dialog)
        assert not dialog.agrees.isChecked() and not dialog.disagrees.isChecked()  # neither, at first
        assert not dialog.sign_button.isEnabled()
        qtbot.keyClicks(dialog.name, MANAGER)
        qtbot.keyClicks(dialog.role, ROLE)
        assert not dialog.sign_button.isEnabled()  # a name is not an answer
        _click(qtbot, dialog.disagrees)
        assert dialog.disagrees.isChecked() and dialog.sign_button.isEnabled()
        assert dialog.comments_label.text() == strings.COUNTERSIGN_COMMENTS_REQUIRED
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return)  # Enter in a field never countersigns
        assert dialog.problem.text() == "" and dialog.isVisible()
        dialog.sign_button.click()
        seen["problem"] = dialog.problem.text()
        seen["focus"] = dialog.focusWidget() is dialog.comments
        seen["recorded"] = _authorisations(win, reference)
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert (dialog.name.text(), dialog.role.text(), dialog.disagrees.isChecked()) == (MANAGER, ROLE, True)
        qtbot.keyClicks(dialog.comments, COMMENTS)
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return True

    assert len(_open_dialog(win, work)) == 1
    assert seen == {"problem": strings.COUNTERSIGN_NEEDS_COMMENTS, "focus": True, "recorded": []}
    qtbot.waitUntil(lambda: strings.COUNTERSIGNED in prompts.told)
    settle(qtbot, win)
    assert _authorisations(win, reference) == [Authorisation(MANAGER, ROLE, TODAY, False, COMMENTS)]


def test_agreeing_countersigns_without_comments(
    qtbot: Any, signed_window: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = signed_window

    def work(dialog: CountersignDialog) -> bool:
        qtbot.addWidget(dialog)
        _click(qtbot, dialog.agrees)
        dialog.sign_button.click()  # no name yet: said, nothing recorded
        assert dialog.problem.text() == strings.COUNTERSIGN_NEEDS_NAME and dialog.focusWidget() is dialog.name
        qtbot.keyClicks(dialog.name, MANAGER)
        qtbot.keyClicks(dialog.role, ROLE)
        assert dialog.comments_label.text() == strings.COUNTERSIGN_COMMENTS
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return True

    _open_dialog(win, work)
    qtbot.waitUntil(lambda: strings.COUNTERSIGNED in prompts.told)
    settle(qtbot, win)
    assert _authorisations(win, reference) == [Authorisation(MANAGER, ROLE, TODAY, True, "")]


def test_a_refusal_is_said_in_the_dialog_and_what_was_typed_stays(
    qtbot: Any, signed_window: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = signed_window
    win.bridge.db.call(lambda s: signoff.countersign(s, reference, "Jamie Senior", "Service manager", agrees=True))
    results: list[str] = []

    def work(dialog: CountersignDialog) -> bool:
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.name, MANAGER)
        qtbot.keyClicks(dialog.role, ROLE)
        _click(qtbot, dialog.disagrees)
        qtbot.keyClicks(dialog.comments, COMMENTS)
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: bool(dialog.problem.text()) and dialog.buttons.isEnabled())
        results.append(dialog.problem.text())
        assert dialog.isVisible() and dialog.comments.toPlainText() == COMMENTS and dialog.name.text() == MANAGER
        dialog.reject()
        return False

    _open_dialog(win, work)
    settle(qtbot, win)
    assert results == ["This version is already countersigned."]
    assert prompts.told == []  # no "Countersigned", and no message box (the fixture fails on one)
    assert [a.name for a in _authorisations(win, reference)] == ["Jamie Senior"]


def test_every_control_of_the_dialog_has_a_name(qtbot: Any) -> None:
    dialog = CountersignDialog("HSB-2026-0001", lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    found = {"at first": unnamed(dialog)}
    _click(qtbot, dialog.disagrees)
    dialog.sign_button.click()
    found["not agreeing"] = unnamed(dialog)
    assert found == {"at first": [], "not agreeing": []}
    assert dialog.comments.accessibleName() == f"{strings.COUNTERSIGN_COMMENTS_NAME} (required)"
    names = {w.accessibleName() for w in (dialog.agrees, dialog.disagrees, dialog.name, dialog.role, dialog.problem)}
    assert "" not in names


def test_comments_too_long_are_said_and_nothing_is_sent(qtbot: Any) -> None:
    sent: list[Any] = []
    dialog = CountersignDialog("HSB-2026-0001", lambda answer, *_: sent.append(answer))
    qtbot.addWidget(dialog)
    dialog.show()
    _click(qtbot, dialog.agrees)
    qtbot.keyClicks(dialog.name, MANAGER)
    qtbot.keyClicks(dialog.role, ROLE)
    dialog.comments.setPlainText("z" * (MAX_COMMENTS + 1))  # a paste
    dialog.sign_button.click()
    assert sent == [] and f"at most {MAX_COMMENTS:,} characters" in dialog.problem.text()
    qtbot.keyClick(dialog.comments, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.comments, Qt.Key.Key_Backspace)
    dialog.sign_button.click()
    assert [(a.agrees, len(a.comments)) for a in sent] == [(True, MAX_COMMENTS)]


def test_the_versions_dialog_shows_who_authorised_and_whether_they_agree(qtbot: Any) -> None:
    authorised = f"{MANAGER}, does not agree with the outcome"
    version = VersionInfo(
        1, "", "signed", "2026-11-01T10:00:00", "2026-11-20T10:00:00", "2026-11-20", "Jo Example", authorised
    )
    dialog = VersionsDialog([version])
    qtbot.addWidget(dialog)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers[-1] == "Authorised" and dialog.table.item(0, headers.index("Authorised")).text() == authorised
