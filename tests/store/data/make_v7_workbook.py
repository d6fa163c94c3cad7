"""Writes v7-workbook.hsbdesk with the services of schema version 7, and what that version reads
back from it (v7-workbook.json), for tests/store/test_upgrade_to_dense_audit.py.

Run it with the code of version 7, not this checkout's: for example
    git archive <a commit of schema version 7> hsb_desk forms resources templates tests | tar -x -C /tmp/v7
    python tests/store/data/make_v7_workbook.py /tmp/v7 tests/store/data
The workbook holds entries of version 6 (every save's whole text, compacted at the upgrade to 7, a
purge before it) and of version 7 (typed spells, a replacement, a second person, values cleared,
a case replaced by an import, a purge, a spell still under way). Fictional content only.
"""

from __future__ import annotations

import copy
import json
import os
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 11, 22)
WORDS = "the young person said that they felt listened to at school and that home was calmer now".split(" ")  # noqa: SIM905


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="milliseconds")

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def narrative(length: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(length))[:length]


def main(source: Path, out: Path) -> None:
    sys.path[:0] = [str(source), str(source / "tests")]
    os.environ["HSB_DESK_HOME"] = tempfile.mkdtemp()
    from app.test_session import FULL_DOCUMENT

    from hsb_desk.app.backups import purge_case
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.formspec import load_form
    from hsb_desk.store import schema
    from hsb_desk.store.audit import PURGED, AuditLog
    from hsb_desk.store.connection import APPLICATION_ID, connect
    from hsb_desk.store.records import Profile, encode
    from hsb_desk.store.workbook import Workbook

    assert schema.CURRENT_VERSION == 7, "run this with the code of schema version 7"
    form = load_form(source / "tests" / "data" / "mini_form")
    clock = Clock()
    path = out / "v7-workbook.hsbdesk"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    # -- as version 6 wrote it: every save's whole old and new text in the log -------------------
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=6)
    audit = AuditLog(conn)
    ids: dict[str, int] = {}

    def create(reference: str) -> None:
        conn.execute(
            "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
            " VALUES (?, 'mini-form', '1.0', 'draft', ?, ?)",
            (reference, clock(), clock()),
        )
        ids[reference] = conn.execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()[0]
        audit.append(at=clock(), actor="Alex Example", action="case created", case_ref=reference, new_json="{}")

    def old_set(reference: str, key: str, value: Any, actor: str = "Alex Example") -> None:
        row = conn.execute(
            "SELECT value_json, revision FROM field_values WHERE case_id = ? AND field_key = ?", (ids[reference], key)
        ).fetchone()
        clock.advance(seconds=2)
        conn.execute(
            "INSERT OR REPLACE INTO field_values VALUES (?, ?, ?, ?, ?, ?)",
            (ids[reference], key, encode(value), (row[1] if row else 0) + 1, actor, clock()),
        )
        audit.append(
            at=clock(),
            actor=actor,
            action="value set",
            case_ref=reference,
            field_key=key,
            old_json=row[0] if row else None,
            new_json=encode(value),
        )

    conn.execute("BEGIN")
    create("OLD-1")
    text = narrative(600)
    for end in range(5, len(text) + 1, 5):
        old_set("OLD-1", "child.notes", text[:end])
        if end % 300 == 0:
            clock.advance(minutes=30)
    create("OLD-2")
    old_set("OLD-2", "child.full_name", "Sam Example")
    old_set("OLD-2", "child.full_name", "Sam Example-Jones", actor="Jo Coworker")
    create("GONE-1")
    old_set("GONE-1", "child.full_name", "Kit Gone")
    redacted = audit.redact_case("GONE-1")
    conn.execute("DELETE FROM cases WHERE reference = 'GONE-1'")
    reason = json.dumps({"reason": "Retention period ended", "redacted": redacted})
    audit.append(at=clock(), actor="Alex Example", action=PURGED, case_ref="GONE-1", new_json=reason)
    conn.execute("COMMIT")
    conn.close()

    # -- version 7, through its own services ------------------------------------------------------
    workbook = Workbook.open(path, PASSPHRASE, clock=clock)  # upgrades 6 to 7
    assert schema.schema_version(workbook.conn) == 7
    session = WorkbookSession(workbook, form, today=lambda: TODAY)
    session.set_profile(Profile("Alex Example", "Social worker", "Example Council", ""))

    def typed(reference: str, key: str, start: str, more: str) -> None:
        for end in range(5, len(more) + 5, 5):
            clock.advance(seconds=3)
            session.set_value(reference, key, start + more[:end])
        clock.advance(minutes=20)

    clock.advance(days=1)
    typed("OLD-1", "child.notes", text, " More typed after the upgrade to version 7.")
    notes = session.values("OLD-1")["child.notes"]
    clock.advance(seconds=5)
    session.set_value("OLD-1", "child.notes", notes.replace("listened to", "heard", 1))  # replaced mid-text
    clock.advance(minutes=20)
    session.create_case("V7-1")
    for key, value in (
        ("child.full_name", "Robin Seven"),
        ("child.date_of_birth", "2013-04-05"),
        ("child.siblings", [{"name": "Sam Seven", "lives_with": "yes"}]),
        ("child.officer", "PC Seven"),
    ):
        clock.advance(seconds=20)
        session.set_value("V7-1", key, value)
    one = narrative(420)
    typed("V7-1", "child.notes", "", one[:200])
    typed("V7-1", "child.notes", one[:200], one[200:])
    clock.advance(seconds=20)
    session.set_value("V7-1", "child.officer", None)  # cleared
    session.set_profile(Profile("Sam Other", "Team manager", "Example Council", ""))
    clock.advance(minutes=10)
    typed("V7-1", "child.notes", one[:150], " and Sam added this.")  # cut back, then typed
    document = copy.deepcopy(FULL_DOCUMENT)
    document["case"]["reference"] = "V7-2"
    clock.advance(minutes=10)
    session.import_case(document)
    document["values"]["child.full_name"] = "Robin Replaced"
    document["values"]["child.notes"] = "A second import replaced the first."
    clock.advance(minutes=10)
    session.import_case(document, replace=True)  # "case removed", then a new life
    session.set_profile(Profile("Alex Example", "Social worker", "Example Council", ""))
    session.create_case("V7-3")
    clock.advance(seconds=20)
    session.set_value("V7-3", "child.full_name", "Kit Purged Later")
    session.set_status("V7-3", "archived")
    clock.advance(minutes=10)
    purge_case(session, "V7-3", "Retention period ended")
    clock.advance(minutes=10)
    for end in range(3, 30, 3):  # a spell still under way: the newest entry, amended
        clock.advance(seconds=2)
        session.set_value("V7-1", "child.full_name", "Robin Seven, " + "also known as R"[:end])
    assert session.workbook.verify_audit().ok

    expected: dict[str, Any] = {"values": {}, "revisions": {}}
    for reference in [c.reference for c in session.list_cases()]:
        expected["values"][reference] = session.values(reference)
        case = session.case(reference)
        keys = sorted({e.field_key for e in workbook.audit.entries(reference) if e.field_key})
        expected["revisions"][reference] = {k: [asdict(r) for r in workbook.values.revisions(case, k)] for k in keys}
    expected["entries"] = [asdict(e) for e in workbook.audit.entries()]
    expected["head"] = workbook.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    session.close()
    conn = connect(path, PASSPHRASE)
    conn.execute("VACUUM")  # a small file: the freed pages of version 6's texts go
    conn.close()
    (out / "v7-workbook.json").write_text(json.dumps(expected, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
