"""The case list is remembered between searches and follows every change to the workbook."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import TODAY
from pathway.pathway_support import real_session

from hsb_desk.app.session import WorkbookSession


def names(session: WorkbookSession, query: str = "", status: str | None = None) -> dict[str, str]:
    return {case.reference: case.child_name for case in session.list_cases(query, status)}


def test_each_change_shows_in_the_next_listing(session: WorkbookSession) -> None:
    session.create_case("A-1")
    assert names(session) == {"A-1": ""}
    session.set_value("A-1", "child.full_name", "Robin Fictional")
    assert names(session, "robin") == {"A-1": "Robin Fictional"}
    session.set_value("A-1", "child.full_name", "Sam Example")
    assert names(session, "robin") == {}
    assert names(session, "SAM") == {"A-1": "Sam Example"}
    session.create_case("B-2")
    assert list(names(session)) == ["A-1", "B-2"]
    session.set_status("B-2", "archived")
    assert list(names(session, status="archived")) == ["B-2"]
    assert list(names(session, status="draft")) == ["A-1"]
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    assert names(session, "0042") == {"HSB-2026-0042": "Robin Fictional"}


def test_a_new_day_is_a_new_listing(tmp_path: Path) -> None:
    session = real_session(tmp_path / "due.hsbdesk", TODAY)
    session.create_case("A-1")
    session.set_value("A-1", "referral.date", "2026-11-20")  # the meeting is due 10 working days on
    (case,) = session.list_cases()
    assert (case.next_due, case.overdue) == ("2026-12-04", False)
    session.today = lambda: date(2026, 12, 7)  # nothing in the workbook changed overnight
    (case,) = session.list_cases()
    assert (case.next_due, case.overdue) == ("2026-12-04", True)
    session.close()


def test_searching_reads_the_workbook_once_until_it_changes(
    session: WorkbookSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.create_case("A-1")
    reads: list[str] = []
    summaries = session.workbook.cases.summaries
    monkeypatch.setattr(session.workbook.cases, "summaries", lambda key: (reads.append(key), summaries(key))[1])
    for query in ("", "a", "a-", "a-1", "zz"):
        session.list_cases(query)
    assert len(reads) == 1  # every keystroke after the first filters what was read
    session.set_value("A-1", "child.full_name", "Robin Fictional")
    assert [c.child_name for c in session.list_cases("robin")] == ["Robin Fictional"]
    assert len(reads) == 2
