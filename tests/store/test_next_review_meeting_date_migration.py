"""Schema version 13: meetings keep the date they agreed for the next meeting (``next_on``). A
workbook written at the schema before it keeps its meetings, each with no next date, and takes
one from then on."""

from __future__ import annotations

from pathlib import Path

from conftest import PASSPHRASE

from hsb_desk.store import schema
from hsb_desk.store.connection import APPLICATION_ID, connect
from hsb_desk.store.pathway import MeetingRecord, PathwayStore
from hsb_desk.store.workbook import Workbook

#: The migration that adds it, found by what it adds (not by its number).
OURS = next(n for n, sql in enumerate(schema.MIGRATIONS, start=1) if "meetings ADD COLUMN next_on" in sql)


def test_meetings_written_before_it_are_kept_with_no_next_date(workbook_path: Path) -> None:
    conn = connect(workbook_path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=OURS - 1)
    conn.execute(
        "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
        " VALUES ('OLD-1', 'hsb-aim-assessment', '1.1', 'draft', '2026-09-01T09:00:00', '2026-09-01T09:00:00')"
    )
    conn.execute(
        "INSERT INTO meetings (case_id, type, held_on, decisions, notes, created_at, updated_at)"
        " VALUES (1, 'review', '2026-10-01', 'Plan agreed.', '', '2026-10-01T09:00:00', '2026-10-01T09:00:00')"
    )
    conn.close()
    announced: list[int] = []
    workbook = Workbook.open(workbook_path, PASSPHRASE, before_migration=announced.append)
    try:
        assert announced == [OURS - 1]
        assert schema.schema_version(workbook.conn) == schema.CURRENT_VERSION
        store = PathwayStore.of(workbook)
        case = workbook.cases.get("OLD-1")
        [old] = store.meetings(case)
        assert (old.type, old.held_on, old.decisions, old.next_on) == ("review", "2026-10-01", "Plan agreed.", None)
        assert store.latest_meetings()[case.id]["review"] == ("2026-10-01", None)
        with workbook.transaction():
            store.update_meeting(
                case, MeetingRecord(old.id, "review", "2026-10-01", "Plan agreed.", "", (), "2027-01-01"), "Alex"
            )
        assert store.meetings(case)[0].next_on == "2027-01-01"
        assert store.latest_meetings()[case.id]["review"] == ("2026-10-01", "2027-01-01")
        assert workbook.verify_audit().ok
    finally:
        workbook.close()
