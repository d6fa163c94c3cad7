"""One field edit (what the autosaver calls on every change) is one small transaction: the value,
its audit entry and the case's last-updated time, recorded by the current profile's name."""

from __future__ import annotations

import json

from hsb_desk.app.session import WorkbookSession
from hsb_desk.store.records import Profile


def _statements_of_one_edit(session: WorkbookSession, value: str) -> list[str]:
    statements: list[str] = []
    session.workbook.conn.set_trace_callback(statements.append)
    try:
        session.set_value("C-1", "child.notes", value)
    finally:
        session.workbook.conn.set_trace_callback(None)
    return statements


def test_an_edit_is_one_transaction_that_reads_neither_the_log_nor_the_profile(session: WorkbookSession) -> None:
    session.create_case("C-1")
    session.set_value("C-1", "child.notes", "first")
    statements = _statements_of_one_edit(session, "second")
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
    assert sum(s in ("BEGIN IMMEDIATE", "COMMIT") for s in statements) == 2
    assert not [s for s in statements if "FROM profile" in s or "FROM main.audit_log" in s]
    # the value, the spell's audit entry (amended: the head in meta and the entry, which the trace
    # lists twice as its trigger runs), its revision in the value history, the case's time
    assert len(statements) <= 11
    assert session.workbook.verify_audit().ok


def test_value_entry_and_case_share_one_time_and_the_revision_counts_edits(session: WorkbookSession) -> None:
    session.create_case("C-1")
    for value in ("one", "two", "three"):
        session.set_value("C-1", "child.notes", value)
    record = session.workbook.values.records(session.case("C-1"))["child.notes"]
    entry = session.workbook.audit.entries("C-1")[-1]
    assert (record.value, record.revision, record.updated_by) == ("three", 3, "Alex Example")
    # one editing spell: one entry, amended at each save, holding digests of the old and new text
    assert (json.loads(entry.new_json or "")["saves"], entry.actor) == (3, "Alex Example")
    assert "three" not in (entry.old_json or "") + (entry.new_json or "")
    assert record.updated_at == entry.at == session.case("C-1").updated_at


def test_the_next_edit_after_a_profile_change_names_the_new_actor(session: WorkbookSession) -> None:
    session.create_case("C-1")
    session.set_value("C-1", "child.notes", "by Alex")
    session.set_profile(Profile("Sam Other", "Team manager", "Example Council", ""))
    session.set_value("C-1", "child.notes", "by Sam")
    record = session.workbook.values.records(session.case("C-1"))["child.notes"]
    assert record.updated_by == "Sam Other"
    assert session.workbook.audit.entries("C-1")[-1].actor == "Sam Other"
    assert session.workbook.verify_audit().ok
