"""In the window: the lead imports the co-worker's newer hand-back, then the older one; the older
one is refused with its plain message, and the case keeps the newer values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, TODAY
from coworking.test_exchange import FAST
from ui.ui_support import FakePrompts, settle, unlock

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui.window.main_window import MainWindow


def _import(qtbot: Any, window: MainWindow, prompts: FakePrompts, path: Path, words: str) -> None:
    prompts.files.append(path)
    prompts.text_answers.append(words)
    window.actions_.import_exchange()


def test_an_older_handback_is_refused_in_the_window(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, mini_form: FormDefinition, tmp_path: Path
) -> None:
    unlock(qtbot, window)
    out = window.bridge.db.call(lambda s: exchange.export_handout(s, "C-1", tmp_path / "out.hsbx", kdf=FAST))
    profile = Profile("Sam Coworker", "Case manager", "YJS", "s@example.org")
    coworker = create_workbook(tmp_path / "coworker.hsbdesk", PASSPHRASE, profile, mini_form, today=lambda: TODAY)
    try:
        exchange.import_handout(coworker, unseal(out.path.read_bytes(), out.passphrase))
        coworker.set_value("C-1", "findings.concern_level", "medium")
        first = exchange.export_handback(coworker, "C-1", tmp_path / "back-1.hsbx", kdf=FAST)
        coworker.set_value("C-1", "findings.concern_level", "high")
        second = exchange.export_handback(coworker, "C-1", tmp_path / "back-2.hsbx", kdf=FAST)
    finally:
        coworker.close()

    _import(qtbot, window, prompts, second.path, second.passphrase)
    qtbot.waitUntil(lambda: any("merged" in told for told in prompts.told), timeout=15000)
    failures: list[BaseException] = []
    window.actions_._failed = failures.append  # type: ignore[method-assign]  # in place of the message box
    _import(qtbot, window, prompts, first.path, first.passphrase)
    qtbot.waitUntil(lambda: bool(failures), timeout=15000)
    settle(qtbot, window)

    message = getattr(failures[0], "user_message", "")
    assert "hand-back of case C-1 is number 1" in message and "hand-back number 2" in message
    assert len(prompts.told) == 1  # nothing more was merged
    assert window.bridge.db.call(lambda s: s.values("C-1"))["findings.concern_level"] == "high"
