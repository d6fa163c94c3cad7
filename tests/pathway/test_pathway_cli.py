"""``hsb-desk due`` and ``hsb-desk chronology``: output, JSON shape and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from pathway.pathway_support import TEST_PROFILE, case_with, meeting, real_session

from hsb_desk.app import pathway
from hsb_desk.cli.main import main

TODAY = date(2027, 1, 4)


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy_file: Callable[[str], Path]) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    policy_file(f"[forms]\nprocedure = {json.dumps(str(TEST_PROFILE))}\n")  # the command line reads it too
    path = tmp_path / "cli.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, "A-1", referral__date="2026-12-23")
    case_with(session, "B-2", referral__allegation_date="2026-12-20")
    case_with(session, "Z-9", referral__date="2026-12-23")
    session.set_status("Z-9", "archived")
    pathway.record_meeting(session, "A-1", meeting("strategy_meeting", "2026-12-22"))
    pathway.add_chronology_entry(session, "A-1", "2026-12-22", "Phone call with the school")
    session.close()
    return path


def test_due_lists_overdue_and_due_soon(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", str(workbook), "--today", "2027-01-04"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "23/12/2026  B-2  Strategy meeting  OVERDUE",
        "11/01/2027  A-1  Risk Management Meeting",
    ]


def test_due_json_shape(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", str(workbook), "--today", "2027-01-04", "--days", "3", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"reference": "B-2", "what": "Strategy meeting", "due": "2026-12-23", "overdue": True}]


def test_due_with_nothing_due(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", str(workbook), "--today", "2026-12-01", "--days", "7"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing is overdue and nothing falls due in the next 7 days."
    assert main(["due", str(workbook), "--today", "2026-12-01", "--days", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("args", [["--days", "-1"], ["--days", "400"], ["--today", "04/01/2027"]])
def test_due_bad_arguments_exit_2_before_the_passphrase(
    workbook: Path, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HSB_DESK_PASSPHRASE")
    assert main(["due", str(workbook), *args]) == 2
    err = capsys.readouterr().err
    assert "--days" in err or "--today" in err


def test_due_with_wrong_passphrase_exits_3(
    workbook: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", "not the right passphrase")
    assert main(["due", str(workbook)]) == 3
    assert "passphrase is not correct" in capsys.readouterr().err


def test_chronology_text_and_json(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chronology", str(workbook), "A-1"]) == 0
    out = capsys.readouterr().out
    assert "22/12/2026  Strategy meeting (0 attended)  [Meetings]" in out
    assert "22/12/2026  Phone call with the school  [Added by Alex Example]" in out
    assert out.index("Strategy meeting") < out.index("Phone call") < out.index("Notification or referral")
    assert main(["chronology", str(workbook), "A-1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {"date", "what", "source", "kind"}
    assert {"date": "2026-12-23", "what": "Notification or referral received", "kind": "referral"}.items() <= next(
        r for r in rows if r["kind"] == "referral"
    ).items()


def test_chronology_of_an_unknown_case_exits_2(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chronology", str(workbook), "NOPE"]) == 2
    assert "no case with that reference" in capsys.readouterr().err
