"""``hsb-desk due`` on real encrypted workbooks under the authorities' own profiles: the
assessment timescale agreed at the meeting, reviews at the case's interval and on the date a
meeting agreed, and the prompt to reconvene after a police outcome changed to no further action
(issue 18, items 3, 5 and 6). The pack is the shipped one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE

from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.domain.dates import format_uk_date
from hsb_desk.domain.workdays import add_working_days
from hsb_desk.store.records import Profile

PROFILE = Profile("Alex Example", "Social worker", "Example Council", "alex@example.org")
NOW = datetime.now().astimezone().date()  # the day a change is recorded: the audit trail's clock
TIMESCALE = {
    "referral.date": "2026-12-17",
    "referral.assessment_decision": "needed",
    "referral.assessment_due": "2027-02-26",
}


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)


@contextmanager
def _workbook(tmp_path: Path, procedure: str, **values: Any) -> Iterator[WorkbookSession]:
    """A workbook following ``procedure`` with case C-1, open while the test adds to it."""
    path = tmp_path / f"{procedure}.hsbdesk"
    session = create_workbook(path, PASSPHRASE, PROFILE, default_form(), procedure=procedure)
    try:
        session.create_case("C-1")
        for key, value in values.items():
            session.set_value("C-1", key, value)
        yield session
    finally:
        session.close()


def _due(path: Path, capsys: pytest.CaptureFixture[str], today: str) -> list[tuple[str, str, bool]]:
    capsys.readouterr()
    assert main(["due", str(path), "--today", today, "--days", "366", "--json"]) == 0
    return [(row["what"], row["due"], row["overdue"]) for row in json.loads(capsys.readouterr().out)]


@contextmanager
def _reopened(path: Path) -> Iterator[WorkbookSession]:
    """The workbook opened again between two runs of the command (it is locked while open)."""
    session = open_workbook(path, PASSPHRASE, default_form(), daily_backup=False)
    try:
        yield session
    finally:
        session.close()


def _signed_off(path: Path) -> None:
    with _reopened(path) as session, session.workbook.transaction():  # as sign-off leaves it (tested elsewhere)
        session.workbook.cases.set_status(session.workbook.cases.get("C-1"), "signed_off", "Alex Example")


@pytest.mark.parametrize(
    ("procedure", "what"),
    [
        ("durham", "AIM assessment (timescale agreed at the meeting)"),
        ("darlington", "AIM2 assessment (timescale agreed at the strategy meeting)"),
        ("north_east_lincolnshire", "AIM3 assessment (date set by the panel)"),
    ],
)
def test_the_assessment_is_due_on_the_agreed_date_overdue_after_and_gone_once_signed_off(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str], procedure: str, what: str
) -> None:
    with _workbook(tmp_path, procedure, **TIMESCALE) as session:
        path = session.workbook.path
        pathway.record_meeting(session, "C-1", pathway.MeetingDraft("other", "2026-12-18"))
    assert (what, "2027-02-26", False) in _due(path, capsys, "2027-02-26")
    assert (what, "2027-02-26", True) in _due(path, capsys, "2027-02-27")
    _signed_off(path)
    assert all(row[0] != what for row in _due(path, capsys, "2027-02-27"))


def test_the_timescale_stops_when_no_assessment_is_needed(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = {**TIMESCALE, "referral.assessment_decision": "not_needed", "referral.meeting_decision": "not_needed"}
    with _workbook(tmp_path, "durham", **decided) as session:
        path = session.workbook.path
    assert _due(path, capsys, "2026-12-18") == []  # neither the meeting's clock nor the assessment's


def test_north_east_lincolnshire_reviews_at_the_case_interval_and_on_the_agreed_date(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    review = "Review of the intervention plan"
    with _workbook(tmp_path, "north_east_lincolnshire", **{"conclusion.plan_date": "2026-11-30"}) as session:
        path = session.workbook.path
        session.set_value("C-1", "referral.review_interval", "1")
    assert (review, "2026-12-30", False) in _due(path, capsys, "2026-12-18")
    with _reopened(path) as session:
        draft = pathway.MeetingDraft("aim_pathway_review", "2027-01-10", next_on="2027-01-24")
        pathway.record_meeting(session, "C-1", draft)
    assert (review, "2027-01-24", False) in _due(path, capsys, "2027-01-11")


def test_durhams_further_meetings_follow_what_the_first_meeting_agreed(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    further = "Further Risk Management Meeting"
    with _workbook(tmp_path, "durham", **{"referral.date": "2026-12-17"}) as session:
        path = session.workbook.path
        session.set_value("C-1", "referral.review_interval", "2")
    # No meeting held yet: only the first meeting's clock runs (the procedures set no interval).
    assert [row[0] for row in _due(path, capsys, "2026-12-18")] == ["Risk Management Meeting"]
    with _reopened(path) as session:
        change = pathway.record_meeting(session, "C-1", pathway.MeetingDraft("risk_management_meeting", "2026-12-22"))
    assert _due(path, capsys, "2026-12-23") == [(further, "2027-02-22", False)]
    with _reopened(path) as session:
        draft = pathway.MeetingDraft("risk_management_meeting", "2026-12-22", next_on="2027-01-26")
        pathway.update_meeting(session, "C-1", change.detail["meeting"], draft)
    assert _due(path, capsys, "2026-12-23") == [(further, "2027-01-26", False)]


def test_durham_asks_to_reconvene_after_a_change_to_no_further_action_until_a_meeting(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with _workbook(tmp_path, "durham", **{"referral.police_involvement": "investigation_ongoing"}) as session:
        path = session.workbook.path
        session.set_value("C-1", "referral.reason", "Concern raised by the school.")  # other work in between
        session.set_value("C-1", "referral.police_involvement", "no_further_action")
        pathway.record_meeting(session, "C-1", pathway.MeetingDraft("other", (NOW - timedelta(days=1)).isoformat()))
    what = (
        f"Police outcome changed to no further action on {format_uk_date(NOW)}: reconvene the Risk Management Meeting"
    )
    due = add_working_days(NOW, 10).isoformat()
    assert _due(path, capsys, NOW.isoformat()) == [(what, due, False)]
    assert _due(path, capsys, (add_working_days(NOW, 11)).isoformat()) == [(what, due, True)]
    with _reopened(path) as session:
        pathway.record_meeting(session, "C-1", pathway.MeetingDraft("risk_management_review", NOW.isoformat()))
    assert _due(path, capsys, NOW.isoformat()) == []


def test_no_further_action_from_the_start_raises_no_reconvene_prompt(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with _workbook(tmp_path, "durham", **{"referral.police_involvement": "no_further_action"}) as session:
        path = session.workbook.path
    assert _due(path, capsys, NOW.isoformat()) == []


def test_darlington_asks_the_group_to_reconvene_with_no_time_limit(tmp_path: Path) -> None:
    with _workbook(tmp_path, "darlington", **{"referral.police_involvement": "investigation_ongoing"}) as session:
        session.set_value("C-1", "referral.reason", "Concern raised by the school.")
        session.set_value("C-1", "referral.police_involvement", "no_further_action")
        (item,) = [i for i in pathway.case_due(session, "C-1", NOW) if "reconvene" in i.what]
        assert (item.key, item.kind, item.due) == ("reminder:criminal_route_ended", "reminder", None)
        assert "Darlington protocol, section 4" in item.source
        pathway.record_meeting(session, "C-1", pathway.MeetingDraft("multi_agency_meeting", NOW.isoformat()))
        assert not [i for i in pathway.case_due(session, "C-1", NOW) if "reconvene" in i.what]


def test_procedures_json_and_rules_list_the_new_rules(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["procedures", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    durham = rows["durham"]
    timescale = next(r for r in durham["deadlines"] if r["key"] == "assessment_timescale")
    assert (timescale["due_on"], timescale["until_status"], timescale["within"]) == (
        "referral.assessment_due",
        ["signed_off", "closed"],
        None,
    )
    further = next(r for r in durham["deadlines"] if r["key"] == "further_meetings")
    assert (further["interval_field"], further["within"], further["repeat"]) == ("referral.review_interval", None, True)
    (change,) = durham["changes"]
    assert (change["field"], change["to"], change["within"]) == (
        "referral.police_involvement",
        ["no_further_action"],
        {"working_days": 10},
    )
    assert [c["key"] for c in rows["darlington"]["changes"]] == ["criminal_route_ended"]
    assert main(["procedures"]) == 0
    assert "within 10 working days of a change of the police involvement to no further action" in (
        capsys.readouterr().out
    )
    with _workbook(tmp_path, "durham") as session:
        path = session.workbook.path
    assert main(["rules", str(path), "C-1", "--json"]) == 0
    kinds = {row["key"]: row["kind"] for row in json.loads(capsys.readouterr().out)}
    assert kinds["reconvene_after_no_further_action"] == "change"
    assert kinds["assessment_timescale"] == kinds["further_meetings"] == "deadline"
    assert (
        main(["rule-off", str(path), "C-1", "reconvene_after_no_further_action", "--reason", "Joint CP conference"])
        == 0
    )
