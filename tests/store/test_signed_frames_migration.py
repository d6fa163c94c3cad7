"""Schema version 6: a workbook written by version 5, with two signed versions and an open
amendment, is upgraded; every signed version still exports as signed, its frame built from what
was stored (status signed off, the lead's sign-off date, the chronology as at that date)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import document_text

from hsb_desk.app import signoff
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import with_computed
from hsb_desk.store import schema
from hsb_desk.store.audit import AuditLog
from hsb_desk.store.connection import APPLICATION_ID, connect
from hsb_desk.store.coworking import CoworkingStore, values_digest
from hsb_desk.store.records import encode

CASE = "HSB-2026-0042"
V1_NOTES, V2_NOTES, NOW_NOTES = "Notes as signed in October.", "Notes as signed in November.", "Notes of today."
BEFORE = "Home visit before the first sign-off"
BETWEEN = "Call with the school between the two sign-offs"


def _version_5_workbook(path: Path, form: FormDefinition) -> dict[int, dict[str, Any]]:
    """As version 5 wrote it: versions 1 and 2 signed (1 and 15 November 2026), version 3 open.
    Returns the snapshots."""
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=5)
    audit = AuditLog(conn)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
        " VALUES (?, 'mini-form', '1.0', 'draft', '2026-09-01T09:00:00', '2026-11-20T09:00:00')",
        (CASE,),
    )
    case_id = conn.execute("SELECT id FROM cases WHERE reference = ?", (CASE,)).fetchone()[0]

    def log(at: str, action: str, detail: dict[str, Any], key: str | None = None) -> None:
        audit.append(at=at, actor="Alex Example", action=action, case_ref=CASE, field_key=key, new_json=encode(detail))

    log("2026-09-01T09:00:00", "case created", {})
    values = copy.deepcopy(FULL_DOCUMENT["values"])
    snapshots: dict[int, dict[str, Any]] = {}
    for number, (notes, day) in enumerate(((V1_NOTES, "2026-11-01"), (V2_NOTES, "2026-11-15")), start=1):
        values["child.notes"] = notes
        snapshots[number] = with_computed(form, values, date.fromisoformat(day))
        digest = values_digest(snapshots[number])
        at = f"{day}T10:00:00"
        if number == 1:
            conn.execute(
                "INSERT INTO assessment_versions (case_id, version, reason, status, started_at)"
                " VALUES (?, 1, 'First version', 'open', '2026-09-01T09:00:00')",
                (case_id,),
            )
        conn.execute(
            "UPDATE assessment_versions SET status = 'signed', signed_at = ?, snapshot_json = ?, snapshot_digest = ?"
            " WHERE case_id = ? AND version = ?",
            (at, encode(snapshots[number]), digest, case_id, number),
        )
        log(at, "version signed", {"version": number, "digest": digest})
        conn.execute(
            "INSERT INTO signoffs (case_id, version, what, who, role, signed_on, recorded_at, covers_digest)"
            " VALUES (?, ?, 'lead_signoff', 'Alex Example', 'Social worker', ?, ?, ?)",
            (case_id, number, day, at, digest),
        )
        sign = {"version": number, "what": "lead_signoff", "who": "Alex Example", "role": "Social worker", "date": day}
        log(at, "assessment signed off", sign)
        reason = "New information from school" if number == 1 else "A review"
        conn.execute(
            "INSERT INTO assessment_versions (case_id, version, reason, status, started_at)"
            " VALUES (?, ?, ?, 'open', ?)",
            (case_id, number + 1, reason, f"{day}T12:00:00"),
        )
        log(f"{day}T12:00:00", "version started", {"version": number + 1, "reason": reason})
    values["child.notes"] = NOW_NOTES
    for key, value in values.items():
        conn.execute(
            "INSERT INTO field_values VALUES (?, ?, ?, 1, 'Alex Example', '2026-11-20T09:00:00')",
            (case_id, key, encode(value)),
        )
        log("2026-11-20T09:00:00", "value set", value, key)
    for on, what in (("2026-10-20", BEFORE), ("2026-11-10", BETWEEN)):
        conn.execute(
            "INSERT INTO chronology_entries (case_id, on_date, what, recorded_by, created_at)"
            " VALUES (?, ?, ?, 'Alex Example', ?)",
            (case_id, on, what, f"{on}T09:00:00"),
        )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return snapshots


def test_every_version_signed_before_the_upgrade_still_exports_as_signed(
    workbook_path: Path, mini_form: FormDefinition, tmp_path: Path
) -> None:
    snapshots = _version_5_workbook(workbook_path, mini_form)
    session = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    try:
        assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
        rows = CoworkingStore.of(session.workbook).signoffs(session.case(CASE))
        assert [r.on_behalf_of for r in rows] == ["", ""]  # nobody signed for anyone before version 6

        first, second = (signoff.signed_frame(session, CASE, n) for n in (1, 2))
        assert (first.status, first.label, first.signed_on) == (
            "signed_off",
            "Version 1, signed off 1 November 2026",
            date(2026, 11, 1),
        )
        assert first.values == snapshots[1] and second.values == snapshots[2]
        assert second.label == "Version 2, signed off 15 November 2026"
        first_events = [e.what for e in first.chronology]
        assert BEFORE in first_events and BETWEEN not in first_events
        assert "Assessment signed off (version 1) by Alex Example" in first_events
        assert not [w for w in first_events if w.startswith("Amendment started")]  # recorded after signing
        second_events = [e.what for e in second.chronology]
        assert (
            BETWEEN in second_events and "Amendment started (version 2): New information from school" in second_events
        )

        for number, notes in ((1, V1_NOTES), (2, V2_NOTES)):
            out = tmp_path / f"v{number}.docx"
            text = "\n".join(document_text(export_case_report(session, CASE, out, signed_version=number)))
            assert notes in text and NOW_NOTES not in text
            assert f"Version {number}, signed off" in text and "DRAFT" not in text
            assert "Signed off" in text  # the case status as signed, not today's draft
    finally:
        session.close()
