"""The chronology view: the record in date order; a manual entry lands in its place by date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pathway.pathway_support import case_with, database_thread, failing_bridge, real_session
from ui.ui_support import FakePrompts

from hsb_desk.app import pathway
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.ui.pathway.chronology import ChronologyView

TODAY = date(2027, 1, 4)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[DatabaseThread]:
    path = tmp_path / "chronology-ui.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, "C-1", referral__date="2026-12-23", referral__allegation_date="2026-12-20")
    session.close()
    with database_thread(path, TODAY) as db:
        yield db


@pytest.fixture
def view(qtbot: Any, db: DatabaseThread, prompts: FakePrompts) -> ChronologyView:
    widget = ChronologyView(failing_bridge(db), prompts)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_case("C-1")
    qtbot.waitUntil(lambda: widget.bridge.pending == 0)
    return widget


def _rows(view: ChronologyView) -> list[tuple[str, str]]:
    return [
        (view.table.item(r, 0).text(), view.table.item(r, 1).text())
        for r in range(view.table.rowCount())
        if view.table.item(r, 2).text() != "Audit trail"
    ]


def test_a_manual_entry_appears_in_date_order_and_can_be_removed(
    qtbot: Any, view: ChronologyView, db: DatabaseThread, prompts: FakePrompts
) -> None:
    assert _rows(view) == [
        ("20/12/2026", "Allegation or disclosure"),
        ("23/12/2026", "Notification or referral received"),
    ]
    qtbot.keyClicks(view.date, "21/12/2026")
    qtbot.keyClicks(view.what, "Phone call from the school")
    with qtbot.waitSignal(view.bridge.changed) as changed:
        view.add_button.click()
    assert (changed.args[0].kind, changed.args[0].case_reference) == ("chronology", "C-1")
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    assert _rows(view) == [
        ("20/12/2026", "Allegation or disclosure"),
        ("21/12/2026", "Phone call from the school"),
        ("23/12/2026", "Notification or referral received"),
    ]
    assert (view.date.text(), view.what.text()) == ("", "")
    manual = next(r for r in range(view.table.rowCount()) if view.table.item(r, 1).text().startswith("Phone"))
    assert view.table.item(manual, 2).text() == "Added by Alex Example"
    view.table.selectRow(manual - 1)
    assert not view.remove_button.isEnabled()  # only one's own entries can be removed
    view.table.selectRow(manual)
    assert view.remove_button.isEnabled()
    prompts.confirm_answers.append(True)
    view.remove_button.click()
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    assert "Phone call from the school" not in [what for _, what in _rows(view)]
    assert not any(e.manual for e in db.call(lambda s: pathway.chronology(s, "C-1")))


def test_a_bad_date_is_explained_and_nothing_is_added(qtbot: Any, view: ChronologyView, db: DatabaseThread) -> None:
    qtbot.keyClicks(view.date, "32/12/2026")
    qtbot.keyClicks(view.what, "Visit")
    view.add_button.click()
    assert view.message.text() == "Write the date as dd/mm/yyyy."
    assert view.bridge.pending == 0
    assert not any(e.manual for e in db.call(lambda s: pathway.chronology(s, "C-1")))
    view.date.setText("22/12/2026")
    view.what.setText("   ")
    view.add_button.click()
    qtbot.waitUntil(lambda: view.bridge.pending == 0)
    assert view.message.text() == "Write what happened."
