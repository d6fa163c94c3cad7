"""The authorities' procedure profiles through the command line: ``procedures``, ``init
--procedure``, ``procedure --set``, ``due`` under each authority, and switching a rule off for
one case (``rules`` / ``rule-off`` / ``rule-on``). Real encrypted workbooks, the real pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.store.records import Profile

PROFILE = Profile("Alex Example", "Social worker", "Example Council", "alex@example.org")
AUTHORITIES = ["darlington", "durham", "leeds", "north_east_lincolnshire", "waltham_forest"]
# One case, the same in every workbook: referred on Thursday 17 December 2026, the allegation
# made on Maundy Thursday 25 March 2027 (a later disclosure), the plan agreed on 30 November 2026.
CASE = {
    "referral.date": "2026-12-17",
    "referral.allegation_date": "2027-03-25",
    "conclusion.plan_date": "2026-11-30",
}


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)


def _workbook(tmp_path: Path, procedure: str, **values: str) -> Path:
    path = tmp_path / f"{procedure}.hsbdesk"
    session = create_workbook(path, PASSPHRASE, PROFILE, default_form(), procedure=procedure)
    try:
        session.create_case("C-1")
        for key, value in {**CASE, **values}.items():
            session.set_value("C-1", key, value)
    finally:
        session.close()
    return path


def _due(path: Path, capsys: pytest.CaptureFixture[str], today: str = "2026-12-18") -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["due", str(path), "--today", today, "--days", "366", "--json"]) == 0
    return [(row["what"], row["due"]) for row in json.loads(capsys.readouterr().out)]


def test_procedures_json_lists_the_five_authorities_with_their_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["procedures", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == AUTHORITIES
    assert [row["id"] for row in rows if row["default"]] == ["durham"]
    for row in rows:
        assert row["name"] and row["source"] and row["summary"]
        assert all(rule["source"] for rule in row["deadlines"])
    assert main(["procedures"]) == 0
    text = capsys.readouterr().out
    assert "durham: County Durham  (default for new workbooks)" in text
    assert "Risk Management Meeting: within 10 working days of the date of notification or referral" in text


def test_the_same_case_gives_each_authority_its_own_dates(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    due = {authority: _due(_workbook(tmp_path, authority), capsys) for authority in AUTHORITIES}
    # Durham: 10 working days from Thursday 17 December skip the weekends, Christmas Day, Monday
    # 28 December (Boxing Day falls on a Saturday) and New Year's Day: Tuesday 5 January 2027.
    assert due["durham"] == [("Risk Management Meeting", "2027-01-05")]
    # Darlington: 72 calendar hours from the allegation on Maundy Thursday: Sunday 28 March;
    # Easter does not move calendar hours.
    assert due["darlington"] == [("Strategy meeting", "2027-03-28")]
    # North East Lincolnshire: the plan is reviewed every 3 months from 30 November 2026.
    assert due["north_east_lincolnshire"] == [("Review of the intervention plan", "2027-02-28")]
    assert due["leeds"] == [] and due["waltham_forest"] == []  # neither publishes a time limit


def test_init_records_the_procedure_and_procedure_shows_and_changes_it(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example", "--procedure", "darlington"]) == 0
    assert "It follows the procedure profile Darlington (darlington)." in capsys.readouterr().out
    assert main(["procedure", str(path)]) == 0
    assert "This workbook follows Darlington (darlington)" in capsys.readouterr().out
    assert main(["procedure", str(path), "--set", "north_east_lincolnshire", "--reason", "Moved to NEL"]) == 0
    assert "now follows North East Lincolnshire" in capsys.readouterr().out
    assert main(["procedure", str(path), "--set", "north_east_lincolnshire"]) == 0
    assert "already follows" in capsys.readouterr().out
    session = open_workbook(path, PASSPHRASE, default_form(), daily_backup=False)
    try:
        assert session.form.procedure is not None and session.form.procedure.id == "north_east_lincolnshire"
        entries = [e for e in session.workbook.audit.entries() if e.action.startswith("procedure profile")]
        assert [e.action for e in entries] == ["procedure profile set", "procedure profile changed"]
        assert "darlington" in (entries[1].old_json or "") and "Moved to NEL" in (entries[1].new_json or "")
    finally:
        session.close()
    assert main(["check", str(path)]) == 0


def test_an_unknown_procedure_is_refused_before_anything_is_made_or_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "never.hsbdesk"
    assert main(["init", str(path), "--procedure", "gotham"]) == 2  # no passphrase was given or asked
    err = capsys.readouterr().err
    assert "no procedure profile called 'gotham'" in err and "durham" in err
    assert not path.exists()


def test_a_rule_switched_off_with_its_reason_stops_showing_and_can_be_switched_on(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path, "durham")
    reason = "Held as part of the child protection conference on 21 December"
    assert main(["rule-off", str(path), "C-1", "risk_management_meeting", "--reason", reason]) == 0
    assert "Switched off for C-1: Risk Management Meeting." in capsys.readouterr().out
    assert _due(path, capsys) == []
    assert main(["rules", str(path), "C-1", "--json"]) == 0
    rows = {row["key"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["risk_management_meeting"]["off"] is True and rows["risk_management_meeting"]["reason"] == reason
    assert rows["risk_management_meeting"]["by"] == "Alex Example"
    assert rows["below_procedures_age"]["off"] is False
    assert main(["rule-on", str(path), "C-1", "risk_management_meeting"]) == 0
    assert "Switched on again" in capsys.readouterr().out
    assert _due(path, capsys) == [("Risk Management Meeting", "2027-01-05")]
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risk_management_meeting", "--reason", "   "], "Give the reason"),
        (["no_such_rule", "--reason", "Because"], "has no rule 'no_such_rule'"),
    ],
)
def test_a_bad_switch_is_refused_plainly_and_changes_nothing(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = _workbook(tmp_path, "durham")
    assert main(["rule-off", str(path), "C-1", *args]) == 2
    assert message in capsys.readouterr().err
    assert _due(path, capsys) == [("Risk Management Meeting", "2027-01-05")]
    assert main(["rules", str(path), "C-1", "--json"]) == 0
    assert not any(row["off"] for row in json.loads(capsys.readouterr().out))


def test_a_meeting_decided_not_needed_stops_durhams_clock_but_not_darlingtons(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = {"referral.meeting_decision": "not_needed"}
    assert _due(_workbook(tmp_path, "durham", **decided), capsys) == []
    assert _due(_workbook(tmp_path, "darlington", **decided), capsys) == [("Strategy meeting", "2027-03-28")]
