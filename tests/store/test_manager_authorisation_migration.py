"""Schema version 11: a manager's countersignature keeps whether they agree with the outcome and
their comments. A workbook written at the schema before it, with countersignatures, is upgraded:
each reads "not said" and no comments, still exports and checks as signed, and the next
countersignature records both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, Today, document_text, example_session, reopen

from hsb_desk.app import signoff
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.report.model import Authorisation
from hsb_desk.store import schema
from hsb_desk.store.connection import APPLICATION_ID, DatabaseError, connect
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.workbook import Workbook

#: The migration that adds the manager's authorisation, found by what it adds (not by its number).
OURS = next(n for n, sql in enumerate(schema.MIGRATIONS, start=1) if "signoffs ADD COLUMN agrees" in sql)
ADDED = ("agrees", "comments")
NOT_RECORDED = "Countersigned (agreement with the outcome not recorded)"


def _signoffs_columns(conn: Any) -> list[tuple[Any, ...]]:
    return [tuple(row[1:]) for row in conn.execute("PRAGMA table_info(signoffs)")]


def _previous_schema(path: Path) -> list[tuple[Any, ...]]:
    """The sign-off table as a workbook made at the schema before ours has it."""
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=OURS - 1)
    columns = _signoffs_columns(conn)
    conn.close()
    return columns


def test_a_workbook_at_the_previous_schema_is_upgraded_and_its_countersignature_said_nothing(
    workbook_path: Path,
) -> None:
    conn = connect(workbook_path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=OURS - 1)
    conn.execute(
        "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
        " VALUES ('OLD-1', 'mini-form', '1.0', 'signed_off', '2026-09-01T09:00:00', '2026-11-01T10:00:00')"
    )
    conn.execute(
        "INSERT INTO signoffs (case_id, version, what, who, role, signed_on, recorded_at, covers_digest, on_behalf_of)"
        " VALUES (1, 1, 'manager_countersign', 'Morgan Manager', 'Team manager', '2026-11-02',"
        " '2026-11-02T09:00:00', 'abc', '')"
    )
    conn.close()

    announced: list[int] = []
    workbook = Workbook.open(workbook_path, PASSPHRASE, before_migration=announced.append)
    try:
        assert announced == [OURS - 1]
        assert schema.schema_version(workbook.conn) == schema.CURRENT_VERSION
        [row] = CoworkingStore.of(workbook).signoffs(workbook.cases.get("OLD-1"))
        assert (row.who, row.agrees, row.comments) == ("Morgan Manager", None, "")
        columns = {c[0]: c for c in _signoffs_columns(workbook.conn)}
        assert columns["agrees"][1:4] == ("INTEGER", 0, None)  # may be NULL: not said
        assert columns["comments"][1:4] == ("TEXT", 1, "''")
        with pytest.raises(DatabaseError):  # the database itself refuses anything but 0, 1 or NULL
            workbook.conn.execute(
                "INSERT INTO signoffs (case_id, version, what, who, role, signed_on, recorded_at, agrees)"
                " VALUES (1, 1, 'manager_countersign', 'M', 'R', '2026-11-02', '2026-11-02T09:00:00', 2)"
            )
        with pytest.raises(DatabaseError):  # and, as before, any change to a sign-off record
            workbook.conn.execute("UPDATE signoffs SET agrees = 1")
    finally:
        workbook.close()


def test_versions_countersigned_before_the_upgrade_still_export_and_check_as_signed(tmp_path: Path) -> None:
    path = tmp_path / "cases.hsbdesk"
    today = Today(TODAY)
    with example_session(path, LEAD, today) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, "Morgan Manager", "Team manager", on="2026-11-20")
    # Back to the schema before ours: its columns gone, exactly as that schema has the table.
    conn = connect(path, PASSPHRASE)
    for column in ADDED:
        conn.execute(f"ALTER TABLE signoffs DROP COLUMN {column}")
    conn.execute("DROP TABLE rule_switches")  # version 12, after ours
    conn.execute("ALTER TABLE meetings DROP COLUMN next_on")  # version 13
    for table in ("review_ratings", "target_progress", "closures", "reassessments"):  # version 14
        conn.execute(f"DROP TABLE {table}")
    conn.execute(f"PRAGMA user_version = {OURS - 1}")
    assert _signoffs_columns(conn) == _previous_schema(tmp_path / "previous.hsbdesk")
    conn.close()

    session = reopen(path, today)
    try:
        assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
        assert signoff.authorisations_for_report(session, reference) == [
            Authorisation("Morgan Manager", "Team manager", TODAY.replace(day=20), None, "")
        ]
        assert signoff.signed_version_problems(session) == [] and session.workbook.verify_audit().ok
        text = document_text(export_case_report(session, reference, tmp_path / "v1.docx", signed_version=1))
        assert NOT_RECORDED in text and "Morgan Manager, Team manager" in text

        today.day = TODAY.replace(day=30)
        signoff.amend(session, reference, "New information from school")
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, "Morgan Manager", "Team manager", agrees=False, comments="See me.")
        assert [(a.agrees, a.comments) for a in signoff.authorisations_for_report(session, reference)] == [
            (False, "See me.")
        ]
        assert signoff.authorisations_for_report(session, reference, 1)[0].agrees is None
        assert signoff.signed_version_problems(session) == [] and session.workbook.verify_audit().ok
    finally:
        session.close()
