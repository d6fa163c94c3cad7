"""``hsb-desk demo --reset``: the demo workbook made afresh, then the window opened as ``demo`` does."""

from __future__ import annotations

from pathlib import Path

import pytest

import hsb_desk.ui.app
from hsb_desk import paths
from hsb_desk.app.demo import DEMO_PASSPHRASE, ensure_demo_workbook
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main

EXAMPLE = "HSB-2026-0001"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path | None, bool]]:
    """The windows the command would open, recorded instead of shown."""
    opened: list[tuple[Path | None, bool]] = []

    def launch(path: Path | None = None, demo: bool = False) -> int:
        opened.append((path, demo))
        return 0

    monkeypatch.setattr(hsb_desk.ui.app, "launch", launch)
    return opened


def _child_name_of(session: WorkbookSession) -> tuple[str, str]:
    key = session.form.role_key("child_name")
    assert key is not None
    return key, str(session.values(EXAMPLE)[key])


def test_demo_reset_remakes_the_demo_then_opens_it(
    windows: list[tuple[Path | None, bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = ensure_demo_workbook()
    assert path == paths.demo_workbook_path()
    session = open_workbook(path, DEMO_PASSPHRASE)
    key, original = _child_name_of(session)
    session.set_value(EXAMPLE, key, "Changed Name Example")
    session.close()

    assert main(["demo", "--reset"]) == 0

    err = capsys.readouterr().err
    assert f"Demo workbook reset: {path} was made afresh" in err and "old backup" in err
    assert windows == [(None, True)]  # then the window opens as `hsb-desk demo` does
    session = open_workbook(path, DEMO_PASSPHRASE)
    try:
        assert _child_name_of(session) == (key, original)
    finally:
        session.close()


def test_demo_reset_is_refused_while_the_demo_is_open(
    windows: list[tuple[Path | None, bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = ensure_demo_workbook()
    session = open_workbook(path, DEMO_PASSPHRASE)
    try:
        key, _ = _child_name_of(session)
        session.set_value(EXAMPLE, key, "Kept Name Example")
        assert main(["demo", "--reset"]) == 3
        err = capsys.readouterr().err
        assert "open in an HSB Desk window, so it was not reset" in err and "Traceback" not in err
        assert windows == []
        assert session.values(EXAMPLE)[key] == "Kept Name Example"
    finally:
        session.close()


def test_demo_help_names_the_reset_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    assert "--reset" in capsys.readouterr().out
