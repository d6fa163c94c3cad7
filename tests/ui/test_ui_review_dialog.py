"""Record review… as a caseworker meets it (issue 18, item 5), over a real workbook of the real
pack: it opens the meeting still waiting for its review, not last month's review; it is filled
in as the review before rated each area and no more (an area that review left unrated stays
unrated, so nothing is recorded as re-rated unless someone rates it); with no review meeting yet,
it names the meeting a review is held at and starts one of that type in Meetings and actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from PySide6.QtCore import Qt
from ui.test_ui_timeline import open_timeline
from ui.ui_support import FakePrompts, open_example_case, settle

from hsb_desk.app.pathway import MeetingDraft, list_meetings, meeting_label, record_meeting
from hsb_desk.app.pathway.reviews import AreaRating, ReviewDraft, record_review, review_meeting_types
from hsb_desk.ui.window.main_window import MainWindow

EARLIER = (TODAY - timedelta(days=30)).isoformat()


def _reviewed_once_then_met_again(session: Any, reference: str) -> None:
    """A review a month ago that rated one area only; today's review meeting, not yet reviewed."""
    kind = review_meeting_types(session.form)[0]
    change = record_meeting(session, reference, MeetingDraft(kind, EARLIER))
    draft = ReviewDraft(ratings=(AreaRating("behaviour", "low", "high"),))
    record_review(session, reference, change.detail["meeting"], draft)
    record_meeting(session, reference, MeetingDraft(kind, TODAY.isoformat()))


@pytest.fixture
def met_again(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts, _reviewed_once_then_met_again)


@pytest.fixture
def never_met(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts)


def open_review(qtbot: Any, win: MainWindow) -> Any:
    timeline = open_timeline(qtbot, win)
    qtbot.mouseClick(timeline.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.review_dialog is not None and timeline.review_dialog.isVisible())
    return timeline.review_dialog


def test_it_opens_the_meeting_waiting_for_its_review_filled_as_the_last_review_rated(
    qtbot: Any, met_again: tuple[MainWindow, str]
) -> None:
    win, _reference = met_again
    dialog = open_review(qtbot, win)
    meeting = dialog.chosen_meeting()
    assert meeting is not None and meeting.held_on == TODAY.isoformat()  # not last month's review
    assert not dialog.no_meeting.isVisible()
    ratings = {key: (c.currentData(), s.currentData()) for key, c, s in dialog.ratings}
    assert ratings["behaviour"] == ("low", "high")  # as the last review rated it
    # Every other area that review left unrated stays unrated, though the assessment rated it.
    assert {key for key, levels in ratings.items() if levels != (None, None)} == {"behaviour"}
    assert dialog.prefilled.text().startswith("Filled in from Review (")
    assert ") (" not in dialog.prefilled.text()  # one pair of brackets: "Review (…), 23/10/2026"


def test_with_every_meeting_reviewed_it_says_how_to_record_a_new_one(
    qtbot: Any, met_again: tuple[MainWindow, str]
) -> None:
    win, reference = met_again

    def review_today(session: Any) -> None:
        today = max(list_meetings(session, reference), key=lambda m: m.held_on)
        record_review(session, reference, today.id, ReviewDraft(ratings=(AreaRating("behaviour", "low", "high"),)))

    win.bridge.db.call(review_today)
    dialog = open_review(qtbot, win)
    kind = review_meeting_types(win.form)[0]
    assert dialog.no_meeting.isVisible() and dialog.open_meetings.isVisible()
    assert "To record a new review" in dialog.no_meeting.text()
    assert meeting_label(win.form, kind) in dialog.no_meeting.text()
    assert dialog.save_button.isEnabled()  # a review recorded can still be corrected


def test_with_no_review_meeting_it_names_the_meeting_and_starts_one_of_that_type(
    qtbot: Any, never_met: tuple[MainWindow, str]
) -> None:
    win, _reference = never_met
    dialog = open_review(qtbot, win)
    kind = review_meeting_types(win.form)[0]
    assert dialog.no_meeting.isVisible() and not dialog.save_button.isEnabled()
    assert meeting_label(win.form, kind) in dialog.no_meeting.text()
    qtbot.mouseClick(dialog.open_meetings, Qt.MouseButton.LeftButton)
    pathway = win.pathway_windows.pathway
    qtbot.waitUntil(pathway.isVisible)
    settle(qtbot, win)
    editor = pathway.meetings.editor
    assert pathway.meetings.current_id is None  # a new meeting, not one recorded before
    assert editor.type.currentData() == kind
