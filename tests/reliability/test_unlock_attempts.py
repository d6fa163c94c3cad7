"""Wrong passphrases are counted per workbook for every front end (issue 16, item 12): after
three, the next attempt waits, from the command line as from the window and after a restart;
the right passphrase is not tried during the wait, and the count names no file and holds no
case content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from ui.ui_support import FakePrompts, add_window, close_window, make_window

from hsb_desk import paths
from hsb_desk.app import attempts
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui import strings

pytestmark = pytest.mark.usefixtures("mini_data_dir")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(attempts, "clock", moved)
    return moved


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "Robin's case notes.hsbdesk"
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    return path


def _cases(workbook: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[int, str]:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", passphrase)
    capsys.readouterr()
    code = main(["cases", str(workbook)])
    return code, capsys.readouterr().err


def test_the_command_line_waits_after_three_wrong_passphrases_and_the_right_one_clears_the_count(
    workbook: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        assert _cases(workbook, "not the passphrase at all", monkeypatch, capsys)[0] == 3
    code, err = _cases(workbook, PASSPHRASE, monkeypatch, capsys)  # even the right one waits
    assert code == 3 and "Too many wrong passphrases for this workbook: try again in 1 s." in err
    clock.now += 1.0
    assert _cases(workbook, "not the passphrase at all", monkeypatch, capsys)[0] == 3  # the 4th: 2 s now
    assert "try again in 2 s" in _cases(workbook, PASSPHRASE, monkeypatch, capsys)[1]
    clock.now += 2.0
    assert _cases(workbook, PASSPHRASE, monkeypatch, capsys)[0] == 0
    for _ in range(3):  # counting starts again
        assert _cases(workbook, "not the passphrase at all", monkeypatch, capsys)[0] == 3
    assert "try again" in _cases(workbook, PASSPHRASE, monkeypatch, capsys)[1]


def test_the_window_waits_for_wrong_passphrases_typed_at_the_command_line(
    qtbot: Any,
    workbook: Path,
    clock: Clock,
    mini_form: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for _ in range(3):
        _cases(workbook, "not the passphrase at all", monkeypatch, capsys)
    window = make_window(mini_form, workbook, FakePrompts())
    add_window(qtbot, window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.unlock_view.failures == 1)
    assert not window.db.is_open
    assert window.unlock_view.message.text().startswith(strings.UNLOCK_DELAYED)
    assert "Try again in 1 s" in window.unlock_view.message.text()
    assert not window.unlock_view.unlock_button.isEnabled()
    close_window(qtbot, window)


def test_the_count_names_no_file_and_holds_nothing_of_a_case(
    workbook: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _cases(workbook, "not the passphrase at all", monkeypatch, capsys)
    text = (paths.user_data_dir() / attempts.FILE_NAME).read_text(encoding="utf-8")
    assert "Robin" not in text and "hsbdesk" not in text and str(workbook.parent) not in text
    assert (paths.user_data_dir() / attempts.FILE_NAME).stat().st_mode & 0o077 == 0
