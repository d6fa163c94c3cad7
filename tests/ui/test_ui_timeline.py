"""The Case timeline window (issue 18), driven as a user over a real encrypted workbook of the real
form pack: a review re-rates and the change view shows the assessment and the review; closing
makes the case read-only and reopening restores editing; an empty closure summary or reason is
refused with the service's message; a reassessment of a signed case makes it editable again and
the change view gains its column once signed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.test_ui_wheel import wheel
from ui.ui_support import FakePrompts, open_example_case, settle

from hsb_desk.app import signoff
from hsb_desk.app.pathway import MeetingDraft, record_meeting
from hsb_desk.app.pathway.reviews import review_meeting_types
from hsb_desk.ui import strings
from hsb_desk.ui.assessment.read_only import is_read_only
from hsb_desk.ui.assessment.wheel import install_wheel_guard, remove_wheel_guard
from hsb_desk.ui.pathway.timeline import CaseTimelineDialog
from hsb_desk.ui.window.main_window import MainWindow

NARRATIVE = "behaviour.account"


def _with_review_meeting(session: Any, reference: str) -> None:
    kind = review_meeting_types(session.form)[0]
    record_meeting(session, reference, MeetingDraft(kind, TODAY.isoformat()))


@pytest.fixture
def case(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts, _with_review_meeting)


@pytest.fixture
def signed(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts, lambda s, r: signoff.sign_off(s, r))


def open_timeline(qtbot: Any, win: MainWindow) -> CaseTimelineDialog:
    """Case ▸ Case timeline…, as the menu runs it."""
    action = next(a for a in win.menus.case_actions if a.text() == strings.TIMELINE_MENU)
    action.trigger()
    timeline = win.pathway_windows.timeline
    qtbot.waitUntil(lambda: timeline.isVisible() and timeline.snapshot is not None)
    settle(qtbot, win)
    return timeline


def choose(qtbot: Any, combo: Any, label: str) -> None:
    """Pick ``label`` with the keyboard, as a person does on a closed drop-down."""
    combo.setFocus()
    target = combo.findText(label)
    assert target >= 0, label
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def area_text(timeline: CaseTimelineDialog, area: str, column: int) -> str:
    model = timeline.change_view.model
    assert model.change is not None
    row = next(n for n, a in enumerate(model.change.areas) if a.key == area)
    return model.cell_text(row, column, " / ")


def test_a_review_re_rates_and_the_change_view_shows_the_assessment_and_the_review(
    qtbot: Any, case: tuple[MainWindow, str], qapp: QApplication
) -> None:
    win, _reference = case
    timeline = open_timeline(qtbot, win)
    assert [c.kind for c in timeline.change_view.model.change.columns] == ["assessment"]  # type: ignore[union-attr]
    before = area_text(timeline, "behaviour", 0)
    assert timeline.review_button.isEnabled() and not timeline.reopen_button.isEnabled()
    qtbot.mouseClick(timeline.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.review_dialog is not None and timeline.review_dialog.isVisible())
    dialog = timeline.review_dialog
    assert dialog is not None and dialog.save_button.isEnabled()
    concern = next(c for key, c, _s in dialog.ratings if key == "behaviour")
    strength = next(s for key, _c, s in dialog.ratings if key == "behaviour")
    assert concern.currentData() is not None  # prefilled from the assessment
    install_wheel_guard(qapp)
    try:
        shown = concern.currentIndex()
        for notches in (-1, -1, 1):
            wheel(concern, notches)
        assert concern.currentIndex() == shown  # the wheel never changes a rating
    finally:
        remove_wheel_guard(qapp)
    new_concern = "Low" if concern.currentText() != "Low" else "High"
    new_strength = "High" if strength.currentText() != "High" else "Medium"
    choose(qtbot, concern, new_concern)
    choose(qtbot, strength, new_strength)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, win)
    model = timeline.change_view.model
    assert model.change is not None
    kinds = [c.kind for c in model.change.columns]
    assert sorted(kinds) == ["assessment", "review"]
    review_column, assessment_column = kinds.index("review"), kinds.index("assessment")
    assert area_text(timeline, "behaviour", review_column) == (f"Concern: {new_concern} / Strength: {new_strength}")
    assert area_text(timeline, "behaviour", assessment_column) == before
    assert model.headerData(review_column, Qt.Orientation.Horizontal).startswith("Review")
    assert any(e.source == "Reviews" for e in timeline.snapshot.entries)  # type: ignore[union-attr]


def close_through_the_dialog(qtbot: Any, win: MainWindow, timeline: CaseTimelineDialog, summary: str) -> Any:
    qtbot.mouseClick(timeline.close_button, Qt.MouseButton.LeftButton)
    dialog = timeline.closure_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    choose(qtbot, dialog.reason, dialog.reason.itemText(1))
    for combo in dialog.outcomes.values():
        choose(qtbot, combo, combo.itemText(1))
    qtbot.keyClicks(dialog.summary, summary)
    qtbot.keyClicks(dialog.told, "The young person, parents and school")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    return dialog


def test_closing_makes_the_case_read_only_and_reopening_restores_editing(
    qtbot: Any, case: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = case
    timeline = open_timeline(qtbot, win)
    dialog = close_through_the_dialog(qtbot, win, timeline, "The plan was completed; no further concerns.")
    assert not dialog.message.text()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert win.bridge.db.call(lambda s: s.case(reference).status) == "closed"
    win.assessment.show_field(NARRATIVE)
    qtbot.waitUntil(lambda: is_read_only(win.assessment.page()))
    assert win.assessment.closed_banner.isVisible()  # the window shows the assessment under the timeline
    assert "Reopen case" in win.assessment.closed_banner.text()
    editor = win.assessment.page().editors[NARRATIVE].text
    before = editor.toPlainText()
    editor.setFocus()
    qtbot.keyClicks(editor, "typed after closing")
    assert editor.toPlainText() == before
    assert timeline.reopen_button.isEnabled() and not timeline.close_button.isEnabled()
    assert not timeline.review_button.isEnabled()
    win.pathway_windows.show_case("meetings")  # Case ▸ Meetings and actions…: read, not changed
    meetings = win.pathway_windows.pathway.meetings
    qtbot.waitUntil(lambda: meetings.closed_note.isVisible())
    assert not meetings.group.isEnabled() and not meetings.new_button.isEnabled()
    assert not meetings.action_panel.isEnabled()

    qtbot.mouseClick(timeline.reopen_button, Qt.MouseButton.LeftButton)
    reopen = timeline.reopen_dialog
    assert reopen is not None
    qtbot.keyClicks(reopen.reason, "New concerns reported by the school")
    qtbot.mouseClick(reopen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not reopen.isVisible())
    qtbot.waitUntil(lambda: not is_read_only(win.assessment.page()))
    assert not win.assessment.closed_banner.isVisible()
    editor = win.assessment.page().editors[NARRATIVE].text
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Reopened.")
    assert editor.toPlainText().endswith(" Reopened.")
    qtbot.waitUntil(lambda: timeline.close_button.isEnabled() and not timeline.reopen_button.isEnabled())
    qtbot.waitUntil(lambda: not meetings.closed_note.isVisible())
    assert meetings.group.isEnabled() and meetings.new_button.isEnabled()


def test_an_empty_summary_or_reason_is_refused_with_the_service_message_and_nothing_changes(
    qtbot: Any, case: tuple[MainWindow, str]
) -> None:
    win, reference = case
    timeline = open_timeline(qtbot, win)
    dialog = close_through_the_dialog(qtbot, win, timeline, "")
    assert dialog.isVisible() and dialog.message.isVisible() and dialog.message.text()
    assert win.bridge.db.call(lambda s: s.case(reference).status) != "closed"
    # No reason chosen: refused too, the summary kept as typed.
    choose(qtbot, dialog.reason, strings.CLOSURE_CHOOSE)
    qtbot.keyClicks(dialog.summary, "Work finished.")
    first = dialog.message.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert dialog.isVisible() and dialog.message.text() and dialog.message.text() != first
    assert dialog.summary.toPlainText() == "Work finished."
    assert win.bridge.db.call(lambda s: s.case(reference).status) != "closed"
    assert not is_read_only(win.assessment.page())


def test_a_reassessment_of_a_signed_case_makes_it_editable_and_adds_its_column_once_signed(
    qtbot: Any, signed: tuple[MainWindow, str], prompts: FakePrompts
) -> None:
    win, reference = signed
    timeline = open_timeline(qtbot, win)
    assert is_read_only(win.assessment.page())
    assert timeline.reassess_button.isEnabled()
    assert [c.label for c in timeline.change_view.model.change.columns] == ["Assessment"]  # type: ignore[union-attr]
    prompts.text_answers.append("New information from the school")
    qtbot.mouseClick(timeline.reassess_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not is_read_only(win.assessment.page()))
    settle(qtbot, win)
    assert not timeline.reassess_button.isEnabled()
    win.bridge.apply(lambda s: signoff.sign_off(s, reference))
    settle(qtbot, win)
    qtbot.waitUntil(lambda: timeline.reassess_button.isEnabled())
    labels = [c.label for c in timeline.change_view.model.change.columns]  # type: ignore[union-attr]
    assert labels == ["Assessment", "Reassessment 1"]


def test_the_case_list_offers_the_timeline_on_a_right_click(qtbot: Any, case: tuple[MainWindow, str]) -> None:
    win, _reference = case
    win.show_cases()
    settle(qtbot, win)
    table = win.cases_view.table
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert strings.TIMELINE_MENU in [a.text() for a in table.actions()]
