"""The Case menu follows who the case is for (issue 20, item 13): in a co-worker's copy there is
no hand-out, sign-off, countersign or purge, and the co-worker opens on their own first section;
a lead's case has no hand-back. Real form pack, the example case handed out for real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, example_session, real_form
from PySide6.QtWidgets import QMenu
from ui.ui_support import FakePrompts, add_window, close_window, make_window, settle, unlock

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import ScryptParams, read_exchange_file, unseal
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.store.records import Profile
from hsb_desk.ui.assessment.read_only import is_read_only
from hsb_desk.ui.window.main_window import MainWindow

FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost
LEAD_ONLY = ["&Hand out to co-worker…", "Section &owners…", "&Sign off…", "Coun&tersign…",
             "&Amend (new version)…", "&Delete archived case permanently…"]  # fmt: skip
COWORKER_ONLY = ["Hand &back to lead…", "&Confirm my sections"]


def _visible(window: MainWindow) -> set[str]:
    case_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Case")
    return {a.text() for a in case_menu.actions() if a.isVisible() and a.text()}


@pytest.fixture
def lead_and_coworker(tmp_path: Path) -> tuple[Path, Path, str]:
    lead_path, coworker_path = tmp_path / "lead" / "lead.hsbdesk", tmp_path / "coworker" / "coworker.hsbdesk"
    lead_path.parent.mkdir()
    coworker_path.parent.mkdir()
    with example_session(lead_path, LEAD, lambda: TODAY) as (lead, reference):
        out = exchange.export_handout(lead, reference, tmp_path / "handout.hsbx", kdf=FAST)
    coworker = create_workbook(
        coworker_path, PASSPHRASE, Profile("Sam Coworker", "", "", ""), real_form(), today=lambda: TODAY
    )
    try:
        exchange.import_handout(coworker, unseal(read_exchange_file(out.path), out.passphrase))
    finally:
        coworker.close()
    return lead_path, coworker_path, reference


@pytest.fixture
def open_window(qtbot: Any, prompts: FakePrompts) -> Iterator[Any]:
    opened: list[MainWindow] = []

    def build(path: Path) -> MainWindow:
        win = make_window(real_form(), path, prompts)
        add_window(qtbot, win)
        win.show()
        unlock(qtbot, win)
        settle(qtbot, win)
        opened.append(win)
        return win

    yield build
    for win in opened:
        close_window(qtbot, win)


def test_a_coworkers_copy_offers_only_the_coworkers_commands_and_opens_on_their_first_section(
    qtbot: Any, lead_and_coworker: tuple[Path, Path, str], open_window: Any
) -> None:
    _lead, coworker_path, reference = lead_and_coworker
    win = open_window(coworker_path)
    qtbot.waitUntil(lambda: not (_visible(win) & set(LEAD_ONLY)))  # in the list: the workbook's cases
    assert set(COWORKER_ONLY) <= _visible(win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    assert not (_visible(win) & set(LEAD_ONLY)) and set(COWORKER_ONLY) <= _visible(win)
    _reference, section, _field = win.assessment.place()
    first_own = next(s.key for s in win.form.sections if s.key in win.assessment.editable)
    assert section == first_own and win.form.sections[0].key != first_own
    assert not is_read_only(win.assessment.page())  # their own section, ready to type into


def test_a_leads_case_has_no_hand_back_or_confirm(
    qtbot: Any, lead_and_coworker: tuple[Path, Path, str], open_window: Any
) -> None:
    lead_path, _coworker, reference = lead_and_coworker
    win = open_window(lead_path)
    qtbot.waitUntil(lambda: set(LEAD_ONLY) <= _visible(win))
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    assert set(LEAD_ONLY) <= _visible(win) and not (_visible(win) & set(COWORKER_ONLY))
    assert win.assessment.place()[1] == win.form.sections[0].key  # the lead starts at the start
