"""Permanent deletion of an archived case: gone from the tables, from the audit payloads, from
every decrypted page of the file and its WAL; the audit chain still verifies and records why."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from reliability_support import decrypted_pages, holds_any

from hsb_desk.app.backups import backup_now, backups_for, purge_case
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec import FormDefinition

GONE = ["Purge-Canary-Ashby-de-la-Zouch", "Purge-Canary-Old-Value-Wetherby", "Purge-Canary-Sibling-Hexham"]
KEPT = "Kept-Canary-Bamburgh"


def _two_cases(session: WorkbookSession) -> None:
    session.create_case("P-1")
    session.set_value("P-1", "child.full_name", GONE[1])  # an old value, only in the audit log
    session.set_value("P-1", "child.full_name", GONE[0])
    session.set_value("P-1", "child.notes", (GONE[0] + " ") * 400)  # overflow pages
    session.set_value("P-1", "child.siblings", [{"name": GONE[2]}])
    session.create_case("K-1")
    session.set_value("K-1", "child.full_name", KEPT)
    session.set_status("P-1", "archived")


def _plaintext(path: Path) -> bytes:
    return b"".join(decrypted_pages(path, PASSPHRASE))


def test_purged_case_is_gone_from_every_page_and_the_wal(session: WorkbookSession, workbook_path: Path) -> None:
    _two_cases(session)
    assert holds_any(_plaintext(workbook_path), GONE) == GONE  # the scan sees content (control)
    change = purge_case(session, "P-1", "Retention period ended")
    assert (change.kind, change.case_reference) == ("case_purged", "P-1")
    assert session.workbook.cases.find("P-1") is None
    assert [c.reference for c in session.list_cases()] == ["K-1"]
    assert holds_any(_plaintext(workbook_path), GONE) == []  # open: the file and its WAL
    assert KEPT in _plaintext(workbook_path).decode("latin-1")
    entries = session.workbook.audit.entries("P-1")
    assert [e.action for e in entries][-1] == "case purged"
    assert all(e.old_json is None and e.new_json is None for e in entries[:-1])
    assert json.loads(entries[-1].new_json)["reason"] == "Retention period ended"
    problems, audit = session.check()
    assert problems == [] and audit.ok
    session.close()
    assert holds_any(_plaintext(workbook_path), GONE) == []  # closed


def test_chain_still_catches_tampering_after_a_purge(session: WorkbookSession) -> None:
    _two_cases(session)
    purge_case(session, "P-1", "Retention period ended")
    conn = session.workbook.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    redacted = session.workbook.audit.entries("P-1")[1].seq
    conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE seq = ?", (redacted,))
    assert session.workbook.verify_audit().first_broken == redacted
    conn.execute("UPDATE audit_log SET actor = 'Alex Example' WHERE seq = ?", (redacted,))
    assert session.workbook.verify_audit().ok
    kept = session.workbook.audit.entries("K-1")[-1].seq  # blanking an entry nobody vouched for
    conn.execute("UPDATE audit_log SET old_json = NULL, new_json = NULL WHERE seq = ?", (kept,))
    assert session.workbook.verify_audit().first_broken == kept


def test_only_archived_cases_with_a_reason_can_be_purged(session: WorkbookSession) -> None:
    _two_cases(session)
    with pytest.raises(InvalidInput, match="archived"):
        purge_case(session, "K-1", "no longer needed")
    with pytest.raises(InvalidInput, match="reason"):
        purge_case(session, "P-1", "   ")
    assert session.workbook.cases.find("P-1") is not None


def test_purge_can_replace_older_backups(session: WorkbookSession, workbook_path: Path) -> None:
    _two_cases(session)
    older = backup_now(session)
    assert holds_any(b"".join(decrypted_pages(older.path, PASSPHRASE)), GONE)
    purge_case(session, "P-1", "Retention period ended", replace_backups=True)
    remaining = backups_for(workbook_path)
    assert [b.reason for b in remaining] == ["after-purge"]
    assert holds_any(b"".join(decrypted_pages(remaining[0].path, PASSPHRASE)), GONE) == []


def test_purge_from_the_command_line_needs_confirmation(
    session: WorkbookSession,
    workbook_path: Path,
    mini_form: FormDefinition,
    mini_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _two_cases(session)
    session.close()
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))  # noqa: SIM115 - not a terminal
    assert main(["purge", str(workbook_path), "P-1", "--reason", "Retention period ended"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["purge", str(workbook_path), "P-1", "--reason", "Retention period ended", "--yes"]) == 0
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert [c.reference for c in reopened.list_cases()] == ["K-1"]
    reopened.close()
