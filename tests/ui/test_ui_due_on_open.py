"""On opening a workbook, what falls due in the next 14 days is shown when Preferences ask for it
(off by default: the case's strip and Ctrl+D say it); never again after a lock. The case's strip
keeps its lines, and its height, while the practitioner types (issue 20, item 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, TODAY
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.store.records import Profile


def _due_workbook(tmp_path: Path) -> Path:
    form = default_form()
    path = tmp_path / "due.hsbdesk"
    session = create_workbook(path, PASSPHRASE, Profile("Alex Example", "", "", ""), form, today=lambda: TODAY)
    session.create_case("HSB-2026-0200")
    session.set_value("HSB-2026-0200", "referral.date", "2026-11-20")  # RMM due 4 December
    session.close()
    return path


def test_due_soon_is_not_opened_by_itself_unless_preferences_ask(qtbot: Any, tmp_path: Path) -> None:
    window = make_window(default_form(), _due_workbook(tmp_path), FakePrompts())
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    settle(qtbot, window)
    assert Settings().due_on_open is False
    assert window.pathway_windows._due is None or not window.pathway_windows.due.isVisible()
    close_window(qtbot, window)


def test_the_due_strip_keeps_its_lines_and_height_while_typing(qtbot: Any, tmp_path: Path) -> None:
    form = default_form()
    window = make_window(form, _due_workbook(tmp_path), FakePrompts())
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    window.open_case("HSB-2026-0200", "referral")
    strip = window.assessment.due_strip
    qtbot.waitUntil(lambda: any("4 December" in t or "04/12/2026" in t for t in strip.texts()))
    settle(qtbot, window)
    labels, texts = list(strip.lines), strip.texts()
    page = window.assessment.page()
    text_key = next(k for k, e in page.editors.items() if hasattr(getattr(e, "text", None), "insertPlainText"))
    for chunk in ("Seen ", "at ", "home ", "with ", "mother"):
        page.editors[text_key].text.insertPlainText(chunk)
        window.assessment.autosaver.flush()
        settle(qtbot, window)
        # The same labels with the same lines: nothing taken down and put back, so no jump.
        assert strip.lines == labels and strip.texts() == texts
    close_window(qtbot, window)


def test_due_soon_is_shown_on_opening_but_not_after_unlocking_a_lock(qtbot: Any, tmp_path: Path) -> None:
    form = default_form()
    path = _due_workbook(tmp_path)
    window = make_window(form, path, FakePrompts(), Settings(due_on_open=True))
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
