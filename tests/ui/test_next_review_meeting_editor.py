"""The meeting editor's next date: typed into the meetings window over a real encrypted workbook
and the real form pack, it saves itself with the meeting, is read back from the workbook opened
again, moves the review's due date, and a date before the meeting is refused on screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from pathway.pathway_support import case_with, failing_bridge, meeting, pathway_form, real_session
from PySide6.QtCore import QPoint, Qt
from ui.ui_support import FakePrompts

from hsb_desk.app import pathway
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.ui.pathway.dialog import CasePathwayDialog
from hsb_desk.ui.pathway.meeting_editor import MEETING_NEXT, MEETING_NEXT_BEFORE
from hsb_desk.ui.pathway.meetings import ID_ROLE, MeetingsView

TODAY = date(2027, 1, 4)
CASE = "C-1"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """C-1 with its plan agreed on 30 November 2026 and one review on 3 January 2027."""
    path = tmp_path / "meeting-next.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, CASE, conclusion__plan_date="2026-11-30")
    pathway.record_meeting(session, CASE, meeting("review", "2027-01-03", decisions="Continue."))
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
    qtbot.waitUntil(lambda: dialog.meetings.bridge.pending == 0 and dialog.meetings.table.rowCount() == 1)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _open_the_review(qtbot: Any, view: MeetingsView) -> None:
    wanted = view.meetings[0].id
    rect = view.table.visualItemRect(view.table.item(0, 1))
    assert view.table.item(0, 0).data(ID_ROLE) == wanted
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.current_id == wanted)


def _saved(qtbot: Any, view: MeetingsView) -> None:
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved") and view.bridge.pending == 0)


def test_the_next_date_typed_saves_with_the_meeting_and_moves_the_review(
    qtbot: Any, window: CasePathwayDialog, db: DatabaseThread, path: Path
) -> None:
    view = window.meetings
    _open_the_review(qtbot, view)
    editor = view.editor
    assert editor.next_date.accessibleName() == MEETING_NEXT and editor.next_date.text() == ""
    qtbot.mouseClick(editor.next_date, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.keyClicks(editor.next_date, "1/2/27")
    _saved(qtbot, view)
    assert db.call(lambda s: pathway.list_meetings(s, CASE))[0].next_on == "2027-02-01"
    (review,) = [i for i in db.call(lambda s: pathway.case_due(s, CASE)) if i.key == "plan_review"]
    assert review.due == date(2027, 2, 1)  # not 3 April: the date agreed is sooner
    view.table.setFocus()  # leaving the field shows the date in full
    assert editor.next_date.text() == "01/02/2027"

    # A date before the meeting is refused on screen; nothing is stored until it is put right.
    editor.next_date.setFocus()
    editor.next_date.selectAll()
    qtbot.keyClicks(editor.next_date, "02/01/2027")
    view.saver.flush()
    qtbot.waitUntil(lambda: editor.problem.isVisible())
    assert MEETING_NEXT_BEFORE in editor.problem.text()
    assert db.call(lambda s: pathway.list_meetings(s, CASE))[0].next_on == "2027-02-01"

    db.shutdown()
    session = open_workbook(path, PASSPHRASE, pathway_form(), today=lambda: TODAY, daily_backup=False)
    try:
        (stored,) = pathway.list_meetings(session, CASE)
        assert (stored.held_on, stored.next_on, stored.decisions) == ("2027-01-03", "2027-02-01", "Continue.")
    finally:
        session.close()
