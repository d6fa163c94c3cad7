"""Every item model of the desktop app passes Qt's model checks (``qtmodeltester``) while the window
fills, searches, filters, sorts and clears it over the demo workbook's fictional cases; a model
class that has no such check here fails the suite."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from PySide6.QtCore import QAbstractItemModel, Qt
from ui.ui_support import FakePrompts, add_window, close_window, make_window, unlock

import hsb_desk.ui
from hsb_desk.app.demo import DEMO_PASSPHRASE, SIGNED_REFERENCE, ensure_demo_workbook
from hsb_desk.app.workbooks import default_form
from hsb_desk.ui.case_list import REFERENCE_ROLE, CaseListModel, CaseListView, _SortInSource
from hsb_desk.ui.pathway.change_view import ChangeOverTimeModel
from hsb_desk.ui.pathway.due_workbook import DueListModel
from hsb_desk.ui.window.main_window import MainWindow

# Each model class below is checked by a test in this file.
CHECKED = {CaseListModel, _SortInSource, DueListModel, ChangeOverTimeModel}
ORDERS = (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    """A window unlocked on the demo workbook: fictional cases in every state, some overdue."""
    form = default_form()
    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk", form, today=lambda: TODAY)
    win = make_window(form, path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win, DEMO_PASSPHRASE)
    yield win
    close_window(qtbot, win)


def shown(view: CaseListView) -> list[str]:
    """The references in the order the list shows them."""
    model = view.table.model()
    return [model.index(row, 0).data(REFERENCE_ROLE) for row in range(model.rowCount())]


@pytest.mark.parametrize("which", ["model", "proxy"], ids=["CaseListModel", "its sorting proxy"])
def test_the_case_list_passes_the_model_checks_as_it_is_searched_filtered_sorted_and_cleared(
    qtbot: Any, qtmodeltester: Any, window: MainWindow, which: str
) -> None:
    view = window.cases_view
    qtmodeltester.check(getattr(view, which))  # checks again on every change from here on
    everything = shown(view)
    assert len(everything) == 6 and everything == sorted(everything)
    view.search.setText("sample")  # by the child's name, as typed
    qtbot.waitUntil(lambda: shown(view) == ["HSB-2026-0001", "HSB-2026-0004"])
    view.search.clear()
    view.status.setCurrentIndex(view.status.findData("awaiting_signoff"))
    qtbot.waitUntil(lambda: shown(view) == ["HSB-2026-0003"])
    view.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: shown(view) == everything)
    view.select(SIGNED_REFERENCE)
    for column in range(view.model.columnCount()):
        for order in ORDERS:
            view.table.sortByColumn(column, order)
            assert sorted(shown(view)) == sorted(everything)
            assert view.selected_reference() == SIGNED_REFERENCE  # the chosen case stays chosen
    view.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # next due date, soonest first
    assert [case.reference for case in view.model.cases] == shown(view)
    dates = [case.next_due for case in view.model.cases]
    assert [d for d in dates if d] == sorted(d for d in dates if d) and dates[-1] is None  # nothing due: last
    window.lock()  # nothing of a case is left in the list
    assert shown(view) == []
    qtbot.waitUntil(window.unlock_view.unlock_button.isEnabled)  # the workbook has closed
    unlock(qtbot, window, DEMO_PASSPHRASE)
    assert sorted(shown(view)) == sorted(everything)


def test_the_workbook_due_list_passes_the_model_checks_as_its_days_change_and_it_is_cleared(
    qtbot: Any, qtmodeltester: Any, window: MainWindow
) -> None:
    due = window.pathway_windows.due
    window.pathway_windows.show_due()  # Ctrl+D (Preferences can have it open by itself)
    qtbot.waitUntil(due.isVisible)
    model = due.view.model
    qtmodeltester.check(model)

    def rows() -> list[list[str]]:
        """Each row as the table shows it (the rows the view was told of)."""
        count = due.view.table.verticalHeader().count()
        return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(count)]

    qtbot.waitUntil(lambda: window.bridge.pending == 0 and bool(rows()))  # read on the database thread
    fortnight = rows()
    assert fortnight and any(row[3] == "⚠ Overdue" for row in fortnight)  # said in words, not colour alone
    due.view.days.setValue(0)  # overdue only
    overdue = [row for row in fortnight if row[3] == "⚠ Overdue"]
    qtbot.waitUntil(lambda: window.bridge.pending == 0 and rows() == overdue)
    due.view.days.setValue(365)
    qtbot.waitUntil(lambda: window.bridge.pending == 0 and len(rows()) > len(fortnight))
    assert {row[1] for row in rows()} <= {case.reference for case in window.cases_view.model.cases}
    window.lock()
    assert rows() == [] and not due.isVisible()
    qtbot.waitUntil(window.unlock_view.unlock_button.isEnabled)  # the workbook has closed


def test_the_change_over_time_passes_the_model_checks_as_the_timeline_fills_and_follows_the_case(
    qtbot: Any, qtmodeltester: Any, window: MainWindow
) -> None:
    """The demo's eight-month case: the assessment and two reviews, 8 areas."""
    from hsb_desk.ui import strings

    window.cases_view.select(SIGNED_REFERENCE)
    action = next(a for a in window.menus.case_actions if a.text() == strings.TIMELINE_MENU)
    action.trigger()
    timeline = window.pathway_windows.timeline
    model = timeline.change_view.model
    qtmodeltester.check(model)  # checks again on every change from here on
    qtbot.waitUntil(lambda: model.rowCount() == 8 and model.columnCount() == 3)
    timeline.close()


def test_every_item_model_in_the_desktop_app_is_checked_here() -> None:
    """A new model (table, list, tree or proxy) in hsb_desk/ui needs a qtmodeltester test here."""
    for module in pkgutil.walk_packages(hsb_desk.ui.__path__, "hsb_desk.ui."):
        importlib.import_module(module.name)
    found: set[type[QAbstractItemModel]] = set()
    waiting: list[type[QAbstractItemModel]] = [QAbstractItemModel]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("hsb_desk."):
                found.add(subclass)
    unchecked = sorted(f"{c.__module__}.{c.__qualname__}" for c in found - CHECKED)
    assert unchecked == [], f"models without a qtmodeltester check in {__name__}: {unchecked}"
    assert found >= CHECKED
