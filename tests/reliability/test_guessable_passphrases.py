"""Every place a passphrase is chosen refuses the ones guessed in a few tries, saying why, and
changes nothing (issue 16, item 13): creating a workbook (command line and first-run window),
changing its passphrase, an exchange file's passphrase and a report's password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from domain.test_passphrase import GUESSABLE

from hsb_desk.app import exchange
from hsb_desk.app.reports import export_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.cli.main import main
from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import InvalidInput
from hsb_desk.ui.window.first_run import FirstRunView

pytestmark = pytest.mark.usefixtures("mini_data_dir")


@pytest.mark.parametrize("guessable", GUESSABLE)
def test_init_refuses_it_and_makes_no_workbook(
    guessable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", guessable)
    assert main(["init", str(tmp_path / "w.hsbdesk"), "--name", "Alex Example"]) == 2
    assert check_passphrase(guessable).reason in capsys.readouterr().err
    assert not (tmp_path / "w.hsbdesk").exists()


@pytest.mark.parametrize("guessable", GUESSABLE)
def test_rekey_refuses_it_and_the_old_passphrase_still_opens(
    guessable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.hsbdesk"
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    monkeypatch.setenv("HSB_DESK_NEW_PASSPHRASE", guessable)
    capsys.readouterr()
    assert main(["rekey", str(path)]) == 2
    assert check_passphrase(guessable).reason in capsys.readouterr().err
    assert main(["cases", str(path)]) == 0  # the old passphrase still opens it


@pytest.mark.parametrize("guessable", GUESSABLE)
def test_the_first_run_window_will_not_create_with_it(guessable: str, qtbot: Any, tmp_path: Path) -> None:
    view = FirstRunView(tmp_path / "w.hsbdesk")
    qtbot.addWidget(view)
    view.name.setText("Alex Example")
    qtbot.keyClicks(view.first, guessable)
    qtbot.keyClicks(view.second, guessable)
    assert not view.create_button.isEnabled()
    assert view.feedback.text() == check_passphrase(guessable).reason and view.strength.value() <= 1


@pytest.mark.parametrize("guessable", GUESSABLE)
def test_an_exchange_passphrase_or_a_report_password_is_refused(
    guessable: str, session: WorkbookSession, tmp_path: Path
) -> None:
    session.create_case("C-1")
    with pytest.raises(InvalidInput, match="exchange passphrase cannot be used"):
        exchange.export_handout(session, "C-1", tmp_path / "h.hsbx", passphrase=guessable)
    with pytest.raises(InvalidInput, match="report password cannot be used"):
        export_report(session, "C-1", tmp_path / "r.docx", password=guessable)
    assert not (tmp_path / "h.hsbx").exists() and not (tmp_path / "r.docx").exists()
    assert session.case("C-1").status == "draft"
