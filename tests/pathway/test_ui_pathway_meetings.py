"""The meetings view over a real workbook: suggested invitees, attendance, saving, actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pathway.pathway_support import case_with, database_thread, failing_bridge, meeting, pathway_form, real_session
from PySide6.QtWidgets import QTableWidgetItem
from ui.ui_support import FakePrompts

from hsb_desk.app import pathway
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.pathway.dialog import CasePathwayDialog
from hsb_desk.ui.pathway.meetings import MeetingsView

TODAY = date(2027, 1, 4)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[DatabaseThread]:
    path = tmp_path / "meetings-ui.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, "C-1", referral__date="2026-12-23")
    case_with(session, "C-2")
    session.close()
    with database_thread(path, TODAY) as db:
        yield db


@pytest.fixture
def view(qtbot: Any, db: DatabaseThread, prompts: FakePrompts) -> Iterator[MeetingsView]:
    bridge: Bridge = failing_bridge(db)
    widget = MeetingsView(bridge, prompts, pathway_form())
    qtbot.addWidget(widget)
    widget.show()
    widget.show_case("C-1")
    _settle(qtbot, widget)
    yield widget


def _settle(qtbot: Any, view: MeetingsView) -> None:
    qtbot.waitUntil(lambda: view.bridge.pending == 0)


def _rows(view: MeetingsView) -> list[tuple[str, str, str]]:
    table = view.editor.people
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]  # type: ignore[misc]


def test_a_new_meeting_starts_with_the_suggested_invitees_of_its_type(view: MeetingsView) -> None:
    form = view.form
    assert view.editor.type.currentData() == "strategy_meeting"
    assert [(a, r) for _, a, r in _rows(view)] == pathway.suggested_invitees(form, "strategy_meeting")
    view.editor.type.setCurrentIndex(view.editor.type.findData("risk_management_meeting"))
    assert [(a, r) for _, a, r in _rows(view)] == pathway.suggested_invitees(form, "risk_management_meeting")
    view.editor.people.setItem(0, 0, QTableWidgetItem("Jo Chair"))  # typed in: the list is now the user's
    view.editor.type.setCurrentIndex(view.editor.type.findData("review"))
    assert _rows(view)[0][0] == "Jo Chair"
    assert len(_rows(view)) == len(pathway.suggested_invitees(form, "risk_management_meeting"))


def test_record_a_meeting_with_attendance_then_an_action_then_mark_it_done(
    qtbot: Any, view: MeetingsView, db: DatabaseThread
) -> None:
    editor = view.editor
    editor.type.setCurrentIndex(editor.type.findData("risk_management_meeting"))
    editor.people.setItem(0, 0, QTableWidgetItem("Jo Chair"))
    editor.set_attendance(0, "attended")
    editor.set_attendance(1, "apologies")
    editor.decisions.setPlainText("AIM assessment agreed.")
    with qtbot.waitSignal(view.bridge.changed, timeout=5000) as changed:
        qtbot.keyClicks(editor.date, "05/01/2027")  # stored by itself once it has its date
    assert (changed.args[0].kind, changed.args[0].case_reference) == ("meeting", "C-1")
    _settle(qtbot, view)
    assert view.table.rowCount() == 1
    assert [view.table.item(0, c).text() for c in range(4)] == ["05/01/2027", "Risk Management Meeting", "1", "1"]
    (stored,) = db.call(lambda s: pathway.list_meetings(s, "C-1"))
    assert (stored.type, stored.held_on, stored.decisions) == (
        "risk_management_meeting",
        "2027-01-05",
        "AIM assessment agreed.",
    )
    assert (stored.attendees[0].name, stored.attendees[0].attendance) == ("Jo Chair", "attended")
    assert [a.attendance for a in stored.attendees[1:3]] == ["apologies", "invited"]
    assert db.call(lambda s: [i.key for i in pathway.case_due(s, "C-1")]).count("risk_management_meeting") == 0

    qtbot.keyClicks(view.action_what, "Share the safety plan")
    qtbot.keyClicks(view.action_who, "Jo Chair")
    qtbot.keyClicks(view.action_due, "08/01/2027")
    view.add_action_button.click()
    _settle(qtbot, view)
    assert view.actions_table.rowCount() == 1
    assert [view.actions_table.item(0, c).text() for c in range(4)] == [
        "Share the safety plan",
        "Jo Chair",
        "08/01/2027",
        "Not done",
    ]
    assert view.action_what.text() == ""
    assert not view.done_button.isEnabled()  # nothing selected yet
    view.actions_table.selectRow(0)
    assert view.done_button.isEnabled()
    view.done_button.click()
    _settle(qtbot, view)
    assert view.actions_table.item(0, 3).text() == "04/01/2027"
    (action,) = db.call(lambda s: pathway.list_actions(s, "C-1"))
    assert action.done_on == TODAY.isoformat()


def test_a_bad_date_is_explained_and_nothing_is_saved(qtbot: Any, view: MeetingsView, db: DatabaseThread) -> None:
    qtbot.keyClicks(view.editor.date, "31/02/2027")
    view.save()
    _settle(qtbot, view)
    assert "There is no 31 February 2027" in view.editor.problem.text()
    assert db.call(lambda s: pathway.list_meetings(s, "C-1")) == []
    assert not view.add_action_button.isEnabled()  # actions wait for a saved meeting


def test_meetings_recorded_elsewhere_show_and_can_be_removed(
    qtbot: Any, view: MeetingsView, db: DatabaseThread, prompts: FakePrompts
) -> None:
    people = (("PC Lee", "Police", "Officer in charge", "attended"),)
    db.call(lambda s: pathway.record_meeting(s, "C-1", meeting("review", "2027-01-02", *people, decisions="Continue.")))
    view.show_case("C-1")
    _settle(qtbot, view)
    view.table.selectRow(0)
    assert view.editor.decisions.toPlainText() == "Continue."
    assert _rows(view) == [("PC Lee", "Police", "Officer in charge")]
    assert view.group.title() == "Meeting of 02/01/2027"
    prompts.confirm_answers.append(True)
    view.remove_button.click()
    _settle(qtbot, view)
    assert view.table.rowCount() == 0 and db.call(lambda s: pathway.list_meetings(s, "C-1")) == []
    view.show_case("C-2")
    _settle(qtbot, view)
    assert view.empty.isVisible()


def test_the_pathway_window_shows_a_new_meeting_in_the_chronology(
    qtbot: Any, db: DatabaseThread, prompts: FakePrompts
) -> None:
    dialog = CasePathwayDialog(failing_bridge(db), prompts, pathway_form())
    qtbot.addWidget(dialog)
    dialog.show_case("C-1", tab="chronology")
    qtbot.waitUntil(lambda: dialog.meetings.bridge.pending == 0)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.chronology
    assert dialog.windowTitle() == "Meetings and chronology: C-1"
    with qtbot.waitSignal(dialog.meetings.bridge.changed) as changed:
        qtbot.keyClicks(dialog.meetings.editor.date, "24/12/2026")
    assert (changed.args[0].kind, changed.args[0].case_reference) == ("meeting", "C-1")
    qtbot.waitUntil(lambda: dialog.meetings.bridge.pending == 0)
    texts = [dialog.chronology.table.item(r, 1).text() for r in range(dialog.chronology.table.rowCount())]
    assert "Strategy meeting (0 attended)" in texts
    dialog.clear_content()
    assert not dialog.isVisible() and dialog.meetings.table.rowCount() == 0
