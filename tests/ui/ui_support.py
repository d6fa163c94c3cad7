"""Fixtures for the desktop tests: a real window over a real encrypted workbook, offscreen.

Any message box that a test did not ask for fails the test; every window is closed (and its
database thread joined) at teardown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtWidgets import QMessageBox

from hsb_desk import paths
from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.window.main_window import MainWindow


class FakePrompts(Prompts):
    """Answers the questions the app asks, from lists the test fills; records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.confirm_answers: list[bool] = []
        self.text_answers: list[str | None] = []
        self.files: list[Path | None] = []
        self.asked: list[str] = []
        self.told: list[str] = []
        self.dialog_answers: list[Callable[[Any], bool]] = []

    def confirm(self, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answers.pop(0)

    def ask_text(self, label: str, text: str = "") -> str | None:
        self.asked.append(label)
        return self.text_answers.pop(0)

    def ask_secret(self, label: str) -> str | None:
        self.asked.append(label)
        return self.text_answers.pop(0)

    def open_file(self, title: str, start: Path, pattern: str) -> Path | None:
        return self.files.pop(0)

    def choose_folder(self, title: str, start: Path) -> Path | None:
        return self.files.pop(0)

    def run_dialog(self, dialog: Any) -> bool:
        """The next of ``dialog_answers``: a function that works the dialog as a person would
        and says whether it was accepted."""
        return self.dialog_answers.pop(0)(dialog)

    def save_file(self, title: str, start: Path, pattern: str) -> Path | None:
        return self.files.pop(0)

    def inform(self, text: str) -> None:
        self.told.append(text)


@pytest.fixture(autouse=True)
def _no_unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fail(*args: Any, **_kwargs: Any) -> None:
        text = next((a for a in args if isinstance(a, str) and len(a) > 20), str(args[2:3]))
        shown.append(text)
        pytest.fail(f"unexpected message box: {text}")

    for name in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: fail(self.text()))
    return shown


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


def example_workbook(path: Path, form: FormDefinition, *empty_cases: str) -> tuple[str, dict[str, Any]]:
    """Make a workbook at ``path`` holding the fully filled example case (and ``empty_cases``):
    (the example's reference, its stored values)."""
    document = json.loads((paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8"))
    document.pop("demo_anchor", None)
    session = create_workbook(
        path,
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "Example Council", "a@example.org"),
        form,
        today=lambda: TODAY,
    )
    try:
        reference = str(session.import_case(document).case_reference)
        for empty in empty_cases:
            session.create_case(empty)
        return reference, session.values(reference)
    finally:
        session.close()


@pytest.fixture
def seeded_workbook(workbook_path: Path, mini_form: FormDefinition) -> Path:
    session = create_workbook(
        workbook_path,
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "Example Council", "a@example.org"),
        mini_form,
        today=lambda: TODAY,
    )
    session.create_case("C-1")
    session.set_value("C-1", "child.full_name", "Robin Fictional")
    session.create_case("C-2")
    session.set_value("C-2", "child.full_name", "Sam Example")
    session.close()
    return workbook_path


def make_window(form: FormDefinition, path: Path, prompts: FakePrompts, settings: Settings | None = None) -> MainWindow:
    def opener(workbook: Path, passphrase: str):  # type: ignore[no-untyped-def]
        return open_workbook(workbook, passphrase, form, today=lambda: TODAY)

    def creator(workbook: Path, passphrase: str, profile: Profile):  # type: ignore[no-untyped-def]
        return create_workbook(workbook, passphrase, profile, form, today=lambda: TODAY)

    window = MainWindow(form, settings or Settings(), path, opener, creator, prompts=prompts)
    window.assessment.today = lambda: TODAY
    return window


@pytest.fixture
def window(qtbot: Any, seeded_workbook: Path, mini_form: FormDefinition, prompts: FakePrompts) -> Iterator[MainWindow]:
    win = make_window(mini_form, seeded_workbook, prompts)
    add_window(qtbot, win)
    win.show()
    yield win
    close_window(qtbot, win)


def add_window(qtbot: Any, win: MainWindow) -> None:
    """``qtbot.addWidget`` for a main window: at teardown it is closed as the user closes it,
    waiting for its workbook to close, before pytest-qt deletes it."""
    qtbot.addWidget(win, before_close_func=lambda w: close_window(qtbot, w))


def close_window(qtbot: Any, win: MainWindow) -> None:
    """Close as the user does and wait until the window has stored what was waiting, closed the
    workbook on its thread and gone (closing does not block the screen)."""
    win.close()
    qtbot.waitUntil(lambda: win.db.stopped, timeout=10_000)


def unlock(qtbot: Any, win: MainWindow, passphrase: str = PASSPHRASE) -> None:
    qtbot.waitUntil(win.unlock_view.unlock_button.isEnabled)  # after a lock: once the workbook is closed
    win.unlock_view.passphrase.setText(passphrase)
    win.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.cases_view and win.bridge.pending == 0)


def wait_locked(qtbot: Any, win: MainWindow) -> None:
    """Locking hides the case at once and shows the unlock page; this waits until the workbook
    is closed on its thread and the page takes a passphrase."""
    view = win.unlock_view
    qtbot.waitUntil(lambda: not win.db.is_open and view.unlock_button.isEnabled() and win.bridge.pending == 0)


def settle(qtbot: Any, win: MainWindow) -> None:
    """Wait until every submitted database call has come back to the UI."""
    qtbot.waitUntil(lambda: win.bridge.pending == 0)


@pytest.fixture
def example_window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    """The real pack's complete example case, open in a window whose user is its lead:
    (the window, the case's reference)."""
    yield from open_example_case(qtbot, workbook_path, prompts)


def open_example_case(
    qtbot: Any, workbook_path: Path, prompts: FakePrompts, prepare: Callable[[Any, str], object] | None = None
) -> Iterator[tuple[MainWindow, str]]:
    """For a fixture: the example case, after ``prepare(session, reference)`` (a sign-off...),
    open in a window whose user is its lead; the window is closed after the test."""
    from coworking.signing_support import LEAD, example_session, real_form

    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        if prepare is not None:
            prepare(session, reference)
    win = make_window(real_form(), workbook_path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    yield win, reference
    close_window(qtbot, win)
