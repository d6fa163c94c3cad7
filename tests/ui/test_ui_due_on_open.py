"""On opening a workbook, what falls due in the next 14 days is shown; not again after a lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, TODAY
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.store.records import Profile


def test_due_soon_is_shown_on_opening_but_not_after_unlocking_a_lock(qtbot: Any, tmp_path: Path) -> None:
    form = default_form()
    path = tmp_path / "due.hsbdesk"
    session = create_workbook(path, PASSPHRASE, Profile("Alex Example", "", "", ""), form, today=lambda: TODAY)
    session.create_case("HSB-2026-0200")
    session.set_value("HSB-2026-0200", "referral.date", "2026-11-20")  # RMM due 4 December
    session.close()
    window = make_window(form, path, FakePrompts())
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.pathway_windows.due.isVisible())
    view = window.pathway_windows.due.view
    assert [(e.reference, e.due.isoformat()) for e in view.entries] == [("HSB-2026-0200", "2026-12-04")]
    window.pathway_windows.due.hide()
    window.lock()
    unlock(qtbot, window)
    settle(qtbot, window)
    assert not window.pathway_windows.due.isVisible()
    close_window(qtbot, window)
