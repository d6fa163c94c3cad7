"""The due strip of one case and the workbook-wide list: overdue said in words, not colour alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pathway.pathway_support import case_with, database_thread, failing_bridge, meeting, real_session
from ui.ui_support import FakePrompts

from hsb_desk.app import pathway
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.ui.pathway.due import DueStrip
from hsb_desk.ui.pathway.due_workbook import DueDialog, DueView

TODAY = date(2027, 1, 4)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[DatabaseThread]:
    path = tmp_path / "due-ui.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, "A-1", referral__date="2026-12-01", child__date_of_birth="2009-05-01")
    case_with(session, "B-2", referral__date="2026-12-23", referral__consent_young_person="given")
    case_with(session, "C-3", conclusion__plan_date="2026-10-25")  # review 25 January
    case_with(session, "Z-9", referral__date="2026-12-01")
    session.set_status("Z-9", "archived")
    session.close()
    with database_thread(path, TODAY) as db:
        yield db


def test_the_strip_marks_overdue_in_words_and_shows_age_notices(
    qtbot: Any, db: DatabaseThread, prompts: FakePrompts
) -> None:
    strip = DueStrip(failing_bridge(db))
    qtbot.addWidget(strip)
    strip.show_case("A-1")
    qtbot.waitUntil(lambda: strip.bridge.pending == 0)
    texts = strip.texts()
    assert texts[0] == "⚠ Overdue: Risk Management Meeting, due 15/12/2026"
    assert strip.lines[0].objectName() == "dueOverdue"
    assert "• Young person's consent not yet obtained" in texts
    assert any("turns 18 on 1 May 2027" in t for t in texts)
    assert any(t.startswith("ℹ The young person is within the age range") for t in texts)
    assert not any(t.startswith("◷ Turns 18") for t in texts)  # the notice says it, with the date
    assert "County Durham HSB procedures" in strip.lines[0].toolTip()
    db.call(lambda s: pathway.record_meeting(s, "A-1", meeting("risk_management_meeting", "2027-01-04")))
    strip.refresh()
    qtbot.waitUntil(lambda: strip.bridge.pending == 0)
    assert not any("Overdue" in t for t in strip.texts())
    strip.show_case("B-2")
    qtbot.waitUntil(lambda: strip.bridge.pending == 0)
    assert strip.texts()[:2] == [
        "◷ Risk Management Meeting: due 11/01/2027",
        "• Consent of a parent or carer not yet obtained",
    ]
    strip.clear_content()
    assert strip.texts() == []


def cell_texts(view: DueView) -> list[list[str]]:
    model = view.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_workbook_view_lists_due_and_overdue_across_cases(
    qtbot: Any, qtmodeltester: Any, db: DatabaseThread, prompts: FakePrompts
) -> None:
    view = DueView(failing_bridge(db), prompts)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    qtmodeltester.check(view.table.model())
    assert cell_texts(view) == [
        ["15/12/2026", "A-1", "Risk Management Meeting", "⚠ Overdue"],
        ["11/01/2027", "B-2", "Risk Management Meeting", "Due"],
    ]
    view.days.setValue(30)  # looks further ahead at once
    qtbot.waitUntil(lambda: view.bridge.pending == 0 and len(cell_texts(view)) == 3)
    assert cell_texts(view)[2][1] == "C-3"
    assert view.heading.text() == "Due in the next 30 days, and overdue"
    view.table.selectRow(1)
    with qtbot.waitSignal(view.open_requested) as opened:
        view.open_button.click()
    assert opened.args == ["B-2"]


def test_nothing_due_says_so(qtbot: Any, db: DatabaseThread, prompts: FakePrompts) -> None:
    view = DueView(failing_bridge(db), prompts)
    qtbot.addWidget(view)
    view.show()
    db.call(lambda s: [s.set_status(r, "archived") for r in ("A-1", "B-2", "C-3")])
    view.refresh()
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    assert cell_texts(view) == []
    assert view.message.text() == "Nothing is overdue and nothing falls due in the next 14 days."


def test_the_dialog_opens_the_chosen_case_and_closes(qtbot: Any, db: DatabaseThread, prompts: FakePrompts) -> None:
    dialog = DueDialog(failing_bridge(db), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.view.refresh()
    qtbot.waitUntil(lambda: dialog.view.bridge.pending == 0 and len(cell_texts(dialog.view)) == 2)
    with qtbot.waitSignal(dialog.open_requested) as opened:
        dialog.view.table.doubleClicked.emit(dialog.view.table.model().index(0, 0))
    assert opened.args == ["A-1"]
    assert not dialog.isVisible()
