"""The pathway's decisions in the window (issue 18, item 6), as a caseworker makes them on the
referral page with the keyboard: a meeting decided not to be needed takes the meeting's time
limit out of What's due (and deciding it is needed after all brings it back); a police outcome
changed to no further action brings the prompt to reconvene the meeting. The shipped pack, County
Durham's profile, a real workbook.

The day of a police outcome change is the day its value was recorded (the audit trail's clock),
so these tests work from the real today, as tests/pathway/test_decisions_reconvene.py does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from ui.ui_support import FakePrompts, add_window, close_window, settle, unlock

from hsb_desk import paths
from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile
from hsb_desk.ui.window.main_window import MainWindow

NOW = datetime.now().astimezone().date()
CASE = "HSB-T-2"
RMM = "Risk Management Meeting"
MEETING = "referral.meeting_decision"
POLICE = "referral.police_involvement"


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


def durham_window(
    qtbot: Any, path: Path, form: FormDefinition, prompts: FakePrompts, values: dict[str, Any]
) -> MainWindow:
    """A Durham workbook whose case holds ``values`` (saved one by one, in order), open at its
    referral page in the window."""
    session = create_workbook(
        path, PASSPHRASE, Profile("Alex Example", "Social worker", "Example Council", ""), form, procedure="durham"
    )
    try:
        session.create_case(CASE)
        for key, value in values.items():
            session.set_value(CASE, key, value)
    finally:
        session.close()

    def opener(workbook: Path, passphrase: str) -> Any:
        return open_workbook(workbook, passphrase, form, daily_backup=False)

    win = MainWindow(form, Settings(), path, opener, lambda *_: None, prompts=prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(CASE, "referral")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment and MEETING in win.assessment.page().editors)
    settle(qtbot, win)
    return win


def choose_with_keys(qtbot: Any, win: MainWindow, key: str, value: str) -> None:
    """Go to the field, press the arrow keys until the option is on show, and Tab out of it."""
    win.assessment.show_field(key)
    combo = win.assessment.page().editors[key].combo
    qtbot.waitUntil(combo.hasFocus)
    target = combo.findData(value)
    arrow = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        qtbot.keyClick(combo, arrow)
    assert combo.currentData() == value
    qtbot.keyClick(combo, Qt.Key.Key_Tab)


def due_texts(win: MainWindow) -> list[str]:
    return win.assessment.due_strip.texts()


def stored(win: MainWindow, key: str) -> Any:
    return win.bridge.db.call(lambda s: s.values(CASE).get(key))


@pytest.fixture
def referred(qtbot: Any, workbook_path: Path, real_form: FormDefinition, prompts: FakePrompts) -> Iterator[MainWindow]:
    referral = (NOW - timedelta(days=2)).isoformat()
    win = durham_window(qtbot, workbook_path, real_form, prompts, {"referral.date": referral})
    yield win
    close_window(qtbot, win)


def test_a_meeting_decided_not_needed_leaves_what_is_due_and_comes_back_when_needed(
    qtbot: Any, referred: MainWindow
) -> None:
    win = referred
    qtbot.waitUntil(lambda: any(RMM in t for t in due_texts(win)))
    choose_with_keys(qtbot, win, MEETING, "not_needed")
    qtbot.waitUntil(lambda: not any(RMM in t for t in due_texts(win)))
    assert stored(win, MEETING) == "not_needed"
    # Who decided and why appear, as the decision asks.
    page = win.assessment.page()
    assert page.editors["referral.meeting_decision_reason"].isVisibleTo(page)
    choose_with_keys(qtbot, win, MEETING, "needed")
    qtbot.waitUntil(lambda: any(RMM in t for t in due_texts(win)))
    assert stored(win, MEETING) == "needed"


@pytest.fixture
def investigated(
    qtbot: Any, workbook_path: Path, real_form: FormDefinition, prompts: FakePrompts
) -> Iterator[MainWindow]:
    values = {
        "referral.date": (NOW - timedelta(days=20)).isoformat(),
        POLICE: "investigation_ongoing",
        "referral.reason": "Concern raised by school.",  # other work since: the outcome was recorded
    }
    win = durham_window(qtbot, workbook_path, real_form, prompts, values)
    yield win
    close_window(qtbot, win)


def test_a_police_outcome_changed_to_no_further_action_asks_to_reconvene(qtbot: Any, investigated: MainWindow) -> None:
    win = investigated
    settle(qtbot, win)
    assert not any("reconvene" in t for t in due_texts(win))
    choose_with_keys(qtbot, win, POLICE, "no_further_action")
    qtbot.waitUntil(lambda: any(f"reconvene the {RMM}" in t for t in due_texts(win)))
    assert stored(win, POLICE) == "no_further_action"
    line = next(t for t in due_texts(win) if "reconvene" in t)
    assert "Police outcome changed to no further action" in line
