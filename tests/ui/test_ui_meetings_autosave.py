"""Meetings save themselves, as the rest of the workbook does, and a click opens a meeting: typed
as a person types, in the meetings window over a real encrypted workbook and the real form pack,
then read back from the workbook opened again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from pathway.pathway_support import case_with, failing_bridge, meeting, pathway_form, real_session
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QWidget
from ui.ui_support import FakePrompts

from hsb_desk.app import pathway
from hsb_desk.app.changes import Change
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.ui.pathway.dialog import CasePathwayDialog
from hsb_desk.ui.pathway.meetings import ID_ROLE, MEETINGS_BACK_TO_NEW, MEETINGS_NEW, MeetingsView

TODAY = date(2027, 1, 4)
CASE = "C-1"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """C-1 with two meetings: a strategy meeting on 2 January 2027 and a review on 3 January."""
    path = tmp_path / "meetings-autosave.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, CASE)
    case_with(session, "C-2")
    people = (("PC Lee", "Police", "Officer in charge", "attended"),)
    pathway.record_meeting(session, CASE, meeting("strategy_meeting", "2027-01-02", *people, decisions="Agreed."))
    pathway.record_meeting(session, CASE, meeting("review", "2027-01-03", *people, decisions="Continue."))
    session.close()
    return path


@pytest.fixture
def db(path: Path) -> Iterator[DatabaseThread]:
    db = DatabaseThread()
    db.open(lambda: open_workbook(path, PASSPHRASE, pathway_form(), today=lambda: TODAY, daily_backup=False))
    yield db
    db.shutdown()


@pytest.fixture
def window(qtbot: Any, db: DatabaseThread, prompts: FakePrompts) -> CasePathwayDialog:
    dialog = CasePathwayDialog(failing_bridge(db), prompts, pathway_form())
    qtbot.addWidget(dialog)
    dialog.show_case(CASE)
    qtbot.waitUntil(lambda: dialog.meetings.bridge.pending == 0 and dialog.meetings.table.rowCount() == 2)
    qtbot.waitUntil(dialog.isActiveWindow)  # focus moves as it does on a desktop
    return dialog


def _stored(db: DatabaseThread, path: Path) -> list[pathway.MeetingRecord]:
    """The case's meetings as the workbook holds them, opened again once the window's is closed."""
    db.shutdown()
    session = open_workbook(path, PASSPHRASE, pathway_form(), today=lambda: TODAY, daily_backup=False)
    try:
        return pathway.list_meetings(session, CASE)
    finally:
        session.close()


def _by_date(meetings: list[pathway.MeetingRecord]) -> dict[str, pathway.MeetingRecord]:
    return {m.held_on: m for m in meetings}


def _click_meeting(qtbot: Any, view: MeetingsView, held_on: str) -> None:
    """A single click on the meeting's row in the list, where a person clicks; then wait until it
    shows, as a person looks before typing (it is read again first if a save was on its way)."""
    wanted = next(m.id for m in view.meetings if m.held_on == held_on)
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).data(ID_ROLE) == wanted)
    rect = view.table.visualItemRect(view.table.item(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.current_id == wanted)


def _to_end(widget: QPlainTextEdit) -> None:
    widget.moveCursor(QTextCursor.MoveOperation.End)


def _click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def _type(qtbot: Any, widget: QWidget, *bursts: str) -> None:
    """Type a few characters at a time, as a person does."""
    for burst in bursts:
        qtbot.keyClicks(widget, burst)


def _saved(qtbot: Any, view: MeetingsView) -> None:
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved") and view.bridge.pending == 0)


def test_typing_into_a_meeting_stores_it_once_typing_stops(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-02")
    _click(qtbot, view.editor.decisions)
    _to_end(view.editor.decisions)
    stores: list[Change] = []
    view.bridge.changed.connect(stores.append)
    _type(qtbot, view.editor.decisions, " AIM", " assessment", " by Fri", "day.")
    assert view.editor.decisions.hasFocus() and not stores  # nothing yet: typing goes on
    _saved(qtbot, view)
    assert len(stores) == 1  # one store once typing stopped, not one a keystroke
    _type(qtbot, view.editor.decisions, " Next ")  # a pause after a space: stored trimmed, shown as typed
    _saved(qtbot, view)
    _type(qtbot, view.editor.decisions, "review ", "in March.")
    _saved(qtbot, view)
    typed = "Agreed. AIM assessment by Friday. Next review in March."
    assert view.editor.decisions.toPlainText() == typed  # the list read again never replaced what was typed
    assert _by_date(_stored(db, path))["2027-01-02"].decisions == typed


def test_leaving_the_editor_stores_at_once(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-03")
    _click(qtbot, view.editor.notes)
    _type(qtbot, view.editor.notes, "Mother ", "joined ", "by phone.")
    assert view.saver.has_pending
    view.table.setFocus()  # out of the editor, into the list
    assert not view.saver.has_pending  # sent now, not after the pause
    _saved(qtbot, view)
    assert _by_date(_stored(db, path))["2027-01-03"].notes == "Mother joined by phone."


def test_a_click_opens_a_meeting_and_stores_the_one_left(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-02")
    assert view.editor.decisions.toPlainText() == "Agreed." and view.group.title() == "Meeting of 02/01/2027"
    _click(qtbot, view.editor.notes)
    _type(qtbot, view.editor.notes, "Held at ", "school.")
    _click_meeting(qtbot, view, "2027-01-03")  # one click, no button
    qtbot.waitUntil(lambda: view.group.title() == "Meeting of 03/01/2027")
    assert view.editor.decisions.toPlainText() == "Continue." and view.editor.notes.toPlainText() == ""
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    assert _by_date(_stored(db, path))["2027-01-02"].notes == "Held at school."


def test_going_straight_back_shows_what_was_just_typed(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-03")
    _type(qtbot, view.editor.notes, "Seen ", "at home.")
    _click_meeting(qtbot, view, "2027-01-02")
    _click_meeting(qtbot, view, "2027-01-03")  # before the list is read again after that save
    assert view.editor.notes.toPlainText() == "Seen at home."
    _to_end(view.editor.notes)
    _type(qtbot, view.editor.notes, " Well.")
    _saved(qtbot, view)
    assert _by_date(_stored(db, path))["2027-01-03"].notes == "Seen at home. Well."


def test_the_arrow_keys_open_the_meeting_under_the_cursor(qtbot: Any, window: CasePathwayDialog) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-02")
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: view.group.title() == "Meeting of 03/01/2027")
    assert view.editor.decisions.toPlainText() == "Continue."
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: view.group.title() == "Meeting of 02/01/2027")
    assert view.editor.decisions.toPlainText() == "Agreed."


def test_closing_the_window_and_new_meeting_store_what_was_typed(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-03")
    _type(qtbot, view.editor.notes, "Next ", "review in March.")
    view.new_button.click()
    assert not view.saver.has_pending and view.group.title() == "New meeting"
    _click_meeting(qtbot, view, "2027-01-02")
    _type(qtbot, view.editor.notes, "Minutes ", "sent.")
    assert view.saver.has_pending
    window.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not window.isVisible() and not view.saver.has_pending
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    stored = _by_date(_stored(db, path))
    assert (stored["2027-01-03"].notes, stored["2027-01-02"].notes) == ("Next review in March.", "Minutes sent.")


def test_a_new_meeting_is_stored_once_it_has_its_date(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    view.new_button.click()
    assert "as soon as it has its date" in view.status.text()
    _click(qtbot, view.editor.decisions)
    _type(qtbot, view.editor.decisions, "Refer to ", "CAMHS.")
    qtbot.waitUntil(lambda: view.editor.problem.isVisible())  # after the pause: what is needed, in words
    assert "saved once it has its date" in view.editor.problem.text() and view.status.text() == "Not saved yet."
    assert len(db.call(lambda s: pathway.list_meetings(s, CASE))) == 2  # nothing stored yet
    assert not view.add_action_button.isEnabled()
    _click(qtbot, view.editor.date)
    _type(qtbot, view.editor.date, "05/", "01/", "2027")
    qtbot.waitUntil(lambda: view.current_id is not None)  # created: its actions can be added
    assert view.add_action_button.isEnabled() and not view.editor.problem.isVisible()
    _click(qtbot, view.editor.notes)
    _type(qtbot, view.editor.notes, "Chaired by ", "Jo.")
    _saved(qtbot, view)
    assert view.table.rowCount() == 3 and view.group.title() == "Meeting of 05/01/2027"
    stored = _stored(db, path)
    assert len(stored) == 3  # created once, then changed
    created = _by_date(stored)["2027-01-05"]
    assert (created.type, created.decisions, created.notes) == ("strategy_meeting", "Refer to CAMHS.", "Chaired by Jo.")


def test_a_new_meeting_without_its_date_is_kept_when_another_is_opened(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    view.new_button.click()
    _type(qtbot, view.editor.decisions, "Safety ", "plan agreed.")
    _click_meeting(qtbot, view, "2027-01-02")
    qtbot.waitUntil(lambda: view.group.title() == "Meeting of 02/01/2027")
    assert view.new_button.text() == MEETINGS_BACK_TO_NEW
    view.new_button.click()
    assert view.editor.decisions.toPlainText() == "Safety plan agreed." and view.new_button.text() == MEETINGS_NEW
    assert "saved once it has its date" in view.editor.problem.text()
    _type(qtbot, view.editor.date, "06/01/2027")
    qtbot.waitUntil(lambda: view.current_id is not None and view.bridge.pending == 0)
    assert _by_date(_stored(db, path))["2027-01-06"].decisions == "Safety plan agreed."


def test_a_date_that_does_not_exist_is_explained_and_not_stored(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _click_meeting(qtbot, view, "2027-01-02")
    view.editor.date.selectAll()
    _type(qtbot, view.editor.date, "31/02", "/2027")
    _to_end(view.editor.decisions)
    _type(qtbot, view.editor.decisions, " Reviewed.")
    qtbot.waitUntil(lambda: view.editor.problem.isVisible())
    assert "There is no 31 February 2027" in view.editor.problem.text()
    assert "keeps the meeting as it was" in view.status.text()
    assert view.editor.date.text() == "31/02/2027" and view.editor.decisions.toPlainText() == "Agreed. Reviewed."
    unchanged = _by_date(db.call(lambda s: pathway.list_meetings(s, CASE)))["2027-01-02"]
    assert unchanged.decisions == "Agreed."  # nothing wrong stored, nor half of the change
    _click_meeting(qtbot, view, "2027-01-03")  # moving on keeps what was typed, marked in the list
    qtbot.waitUntil(lambda: view.group.title() == "Meeting of 03/01/2027")
    assert any("changes not saved" in view.table.item(r, 1).text() for r in range(2))
    _click_meeting(qtbot, view, "2027-01-02")
    qtbot.waitUntil(lambda: view.editor.date.text() == "31/02/2027")
    assert view.editor.decisions.toPlainText() == "Agreed. Reviewed." and view.editor.problem.isVisible()
    view.editor.date.selectAll()
    _type(qtbot, view.editor.date, "28/02/2027")
    assert not view.editor.problem.isVisible()  # put right: said at once
    _saved(qtbot, view)
    stored = _by_date(_stored(db, path))
    assert "2027-01-02" not in stored and stored["2027-02-28"].decisions == "Agreed. Reviewed."
