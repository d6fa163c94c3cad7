"""Schema version 8: a workbook written by version 7's own services (data/v7-workbook.hsbdesk,
made by data/make_v7_workbook.py with that version's code, and what that version read back from
it, data/v7-workbook.json) is backed up, upgraded and resealed. Every value, every audit entry and
every revision reads exactly as version 7 read it, the chain verifies, and ``hsb-desk check``
passes; a chain broken before the upgrade is still reported after it, and an upgrade that would
read any entry differently is rolled back whole."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk.app.backups import backups_for, purge_case
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.audit import RESEALED
from hsb_desk.store.audit_v7 import V7Log
from hsb_desk.store.connection import connect
from hsb_desk.store.migrations import v008_dense_audit
from hsb_desk.store.workbook import Workbook

DATA = Path(__file__).parent / "data"
EXPECTED: dict[str, Any] = json.loads((DATA / "v7-workbook.json").read_text(encoding="utf-8"))
UPGRADE = " (found at the upgrade to schema version 8)"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "cases.hsbdesk"
    shutil.copyfile(DATA / "v7-workbook.hsbdesk", path)
    return path


def _open(path: Path, form: FormDefinition) -> WorkbookSession:
    return open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)


def _entry(case_ref: str, field_key: str | None, index: int = 0) -> int:
    """The seq of the index-th entry version 7 wrote about that case and field."""
    found = [e["seq"] for e in EXPECTED["entries"] if e["case_ref"] == case_ref and e["field_key"] == field_key]
    return int(found[index])


def _tamper(path: Path, *statements: str) -> None:
    """What someone holding the key could do to the version 7 file with the sqlcipher shell."""
    conn = connect(path, PASSPHRASE)
    for sql in ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete", *statements):
        conn.execute(sql)
    conn.close()


def test_every_value_entry_and_revision_reads_as_version_7_read_it(old: Path, mini_form: FormDefinition) -> None:
    session = _open(old, mini_form)
    assert [b.reason for b in backups_for(old)] == ["before-migration-v7"]
    assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
    for reference, values in EXPECTED["values"].items():
        assert session.values(reference) == values
    entries = [asdict(e) for e in session.workbook.audit.entries()]
    assert entries[:-1] == EXPECTED["entries"]
    resealed = entries[-1]
    assert (resealed["action"], resealed["actor"]) == (RESEALED, "HSB Desk")
    assert json.loads(resealed["new_json"]) == {
        "format": 8,
        "entries": len(EXPECTED["entries"]),
        "old_head": EXPECTED["head"],
    }
    for reference, fields in EXPECTED["revisions"].items():
        case = session.case(reference)
        for key, revisions in fields.items():
            assert [asdict(r) for r in session.workbook.values.revisions(case, key)] == revisions, (reference, key)
    assert session.workbook.verify_audit().ok
    session.close()


def test_hsb_desk_check_passes_on_the_upgraded_workbook(
    old: Path, mini_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", str(old)]) == 0
    assert f"Audit trail intact ({len(EXPECTED['entries']) + 1} entries)" in capsys.readouterr().out


def test_the_log_and_the_history_keep_a_fraction_of_their_bytes(old: Path, mini_form: FormDefinition) -> None:
    def stored(path: Path) -> tuple[int, int]:
        conn = connect(path, PASSPHRASE)
        log = conn.execute(
            "SELECT sum(length(at) + length(actor) + ifnull(length(case_ref), 0) + length(action)"
            " + ifnull(length(field_key), 0) + ifnull(length(old_json), 0) + ifnull(length(new_json), 0)"
            " + length(hash) + ifnull(length(prev_hash), 0)) FROM audit_log"
        ).fetchone()[0]
        history = conn.execute("SELECT count(*) FROM value_history").fetchone()[0]
        conn.close()
        return log, history

    log_before, history_before = stored(old)
    _open(old, mini_form).close()
    log_after, history_after = stored(old)
    assert log_after < log_before / 3, (log_before, log_after)
    assert history_after < history_before / 2, (history_before, history_after)


def test_editing_importing_and_purging_go_on_after_the_upgrade(old: Path, mini_form: FormDefinition) -> None:
    session = _open(old, mini_form)
    notes = session.values("V7-1")["child.notes"]
    for more in (" And", " And more", " And more again."):
        session.set_value("V7-1", "child.notes", notes + more)
    session.set_value("OLD-1", "child.notes", None)
    document = {
        "format": "hsb-desk.case/1",
        "form": {"id": "mini-form", "version": "1.0"},
        "case": {"reference": "V7-2", "status": "draft"},
        "values": {"child.full_name": "Robin Replaced Again"},
    }
    session.import_case(document, replace=True)
    session.set_status("OLD-2", "archived")
    purge_case(session, "OLD-2", "Retention period ended")
    assert session.workbook.verify_audit().ok
    revisions = session.workbook.values.revisions(session.case("V7-1"), "child.notes")
    assert [r.value for r in revisions][-2:] == [notes, notes + " And more again."]
    old_notes = session.workbook.values.revisions(session.case("OLD-1"), "child.notes")
    assert [r.value for r in old_notes[:-1]] == [r["value"] for r in EXPECTED["revisions"]["OLD-1"]["child.notes"]]
    assert old_notes[-1].value is None
    session.close()


def test_an_entry_altered_after_the_upgrade_is_found(old: Path, mini_form: FormDefinition) -> None:
    session = _open(old, mini_form)
    conn = session.workbook.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    for seq in (_entry("OLD-1", "child.notes", 10), _entry("V7-1", "child.notes", 1)):  # of version 6, of 7
        conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE seq = ?", (seq,))
        assert session.check()[1].first_broken == seq
        conn.execute("UPDATE audit_log SET actor = 'Alex Example' WHERE seq = ?", (seq,))
        assert session.check()[1].ok
    session.close()


def test_an_entry_altered_before_the_upgrade_is_still_reported_after_it(
    old: Path, mini_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seq = _entry("V7-1", "child.full_name")
    _tamper(old, f"UPDATE audit_log SET actor = 'Mallory' WHERE seq = {seq}")
    workbook = Workbook.open(old, PASSPHRASE)  # (the app's backup first refuses a broken chain)
    assert schema.schema_version(workbook.conn) == schema.CURRENT_VERSION
    result = workbook.verify_audit()
    assert (result.first_broken, result.reason) == (seq, f"the entry was altered{UPGRADE}")
    workbook.close()
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", str(old)]) == 4


@pytest.mark.parametrize("cut", [1, 3])
def test_entries_cut_off_before_the_upgrade_stay_visible(old: Path, cut: int) -> None:
    last = len(EXPECTED["entries"])
    _tamper(old, f"DELETE FROM audit_log WHERE seq > {last - cut}")
    conn = connect(old, PASSPHRASE)
    # What version 7's check says: the end cut off, or, when the cut took the purge that vouched
    # for the entries it blanked, the first of those entries altered.
    before = V7Log(conn).verify()
    conn.close()
    assert not before.ok
    workbook = Workbook.open(old, PASSPHRASE)
    result = workbook.verify_audit()
    assert (result.first_broken, result.reason) == (
        before.first_broken,
        f"{before.reason}{UPGRADE}",
    )
    workbook.close()


def test_a_value_changed_behind_the_log_before_the_upgrade_is_still_found(old: Path) -> None:
    conn = connect(old, PASSPHRASE)
    conn.execute(
        "UPDATE field_values SET value_json = '\"Robin Quietly Changed\"'"
        " WHERE field_key = 'child.full_name' AND case_id = (SELECT id FROM cases WHERE reference = 'V7-1')"
    )
    conn.close()
    workbook = Workbook.open(old, PASSPHRASE)
    result = workbook.verify_audit()
    latest = [e["seq"] for e in EXPECTED["entries"] if (e["case_ref"], e["field_key"]) == ("V7-1", "child.full_name")]
    assert (result.first_broken, result.reason) == (latest[-1], "a stored value does not match its audit entry")
    workbook.close()


def test_an_upgrade_that_would_read_an_entry_differently_is_rolled_back(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(v008_dense_audit, "_new", lambda new_json, named: 1 if new_json else None)  # digests dropped
    with pytest.raises(RuntimeError, match="would not read as it did"):
        Workbook.open(old, PASSPHRASE)
    conn = connect(old, PASSPHRASE)
    assert schema.schema_version(conn) == 7
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == len(EXPECTED["entries"])
    conn.close()
    monkeypatch.undo()
    workbook = Workbook.open(old, PASSPHRASE)
    assert workbook.verify_audit().ok
    workbook.close()
