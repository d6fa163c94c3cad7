"""Export safety plan… (issue 18, item 1): the window's action writes the immediate safety plan off
the UI thread, records it in the sharing record, and asks before replacing a file. A real window
over a real encrypted workbook of the real form pack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report.test_report_minimise import document_lines
from report.test_safety_plan_document import MEASURES, SAFETY_VALUES
from ui.ui_support import FakePrompts, open_example_case

from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.errors import HsbDeskError
from hsb_desk.ui.actions.safety_plan_export import NOT_REPLACED, export_safety_plan
from hsb_desk.ui.window.main_window import MainWindow


def _with_plan(session: Any, reference: str) -> None:
    for key, value in SAFETY_VALUES.items():
        session.set_value(reference, key, value)


@pytest.fixture
def plan_window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    yield from open_example_case(qtbot, workbook_path, prompts, _with_plan)


def _exports(win: MainWindow, reference: str) -> int:
    return len(win.bridge.db.call(lambda s: sharing_record(s, reference)))


def test_it_writes_and_records_the_plan(
    qtbot: Any, plan_window: tuple[MainWindow, str], prompts: FakePrompts, tmp_path: Path
) -> None:
    win, reference = plan_window
    out = tmp_path / "plan"  # no extension: .docx is added
    prompts.files.append(out)
    written: list[Any] = []
    export_safety_plan(win.bridge, prompts, reference, "OFFICIAL-SENSITIVE", win, tmp_path, written.append)
    qtbot.waitUntil(lambda: bool(written))
    assert written[0].path == tmp_path / "plan.docx"
    lines = document_lines(written[0].path.read_bytes())
    assert MEASURES[1]["responsible"] in lines and "8 December 2026" in lines
    assert prompts.told and "plan.docx" in prompts.told[0]
    assert _exports(win, reference) == 1


def test_an_existing_file_is_kept_unless_the_user_says_replace(
    qtbot: Any, plan_window: tuple[MainWindow, str], prompts: FakePrompts, tmp_path: Path
) -> None:
    win, reference = plan_window
    existing = tmp_path / "plan.docx"
    existing.write_bytes(b"kept")
    prompts.files.append(existing)
    prompts.confirm_answers.append(False)
    export_safety_plan(win.bridge, prompts, reference, None, win, tmp_path)
    qtbot.waitUntil(lambda: bool(prompts.told))
    assert prompts.told == [NOT_REPLACED.format(name="plan.docx")]
    assert existing.read_bytes() == b"kept" and _exports(win, reference) == 0
    prompts.files.append(existing)
    prompts.confirm_answers.append(True)
    written: list[Any] = []
    export_safety_plan(win.bridge, prompts, reference, None, win, tmp_path, written.append)
    qtbot.waitUntil(lambda: bool(written))
    assert existing.read_bytes().startswith(b"PK") and _exports(win, reference) == 1


def test_a_refusal_is_shown_and_nothing_is_written(
    qtbot: Any, plan_window: tuple[MainWindow, str], prompts: FakePrompts, tmp_path: Path
) -> None:
    win, reference = plan_window
    prompts.files.append(tmp_path / "no such folder" / "plan.docx")
    errors: list[BaseException] = []
    export_safety_plan(win.bridge, prompts, reference, None, win, tmp_path, failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], HsbDeskError) and "folder" in errors[0].user_message
    assert not (tmp_path / "no such folder").exists() and _exports(win, reference) == 0
    assert prompts.files == []  # asked once; the UI stayed responsive throughout (no sleep, no freeze)
