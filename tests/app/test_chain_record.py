"""Issue 16, item 7: the audit chain's head is recorded outside the workbook at each close, as
digests only, and an older copy put in its place is found at the next open, and marked, so it is
warned about until it is kept. Working on, crashing, and a spell that went on after the record
are not older; a record file that is damaged or cannot be written never stops an open or a close."""

from __future__ import annotations

import json
import logging
import re
import shutil
import stat
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk import paths
from hsb_desk.app import backups, chain_record
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.lock import release_held_lock
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook

CANARY = "Chain-Canary-Holy-Island"
REFERENCE = "REF-CANARY-7"


def _record_file() -> Path:
    return paths.user_data_dir() / chain_record.FILE_NAME


def _open(path: Path, form: FormDefinition) -> WorkbookSession:
    return open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)


def _crash(session: WorkbookSession) -> None:
    """The process dies: no close, so nothing is recorded (the lock goes with the process)."""
    session.workbook.conn.close()
    release_held_lock(session.workbook.path)


@pytest.fixture
def path(workbook_path: Path, mini_form: FormDefinition) -> Path:
    session = create_workbook(workbook_path, PASSPHRASE, Profile("Alex Example", "", "", ""), mini_form)
    session.create_case(REFERENCE)
    session.set_value(REFERENCE, "child.full_name", f"{CANARY} Robin")
    session.close()
    return workbook_path


def _older(path: Path, form: FormDefinition) -> chain_record.OlderCopy | None:
    """What opening ``path`` now finds, then closed again as the app closes it."""
    session = _open(path, form)
    try:
        found = chain_record.older_copy(session.workbook)
        assert found == chain_record.compare(session.workbook)  # what the open found, kept
        return found
    finally:
        session.close()


def test_the_record_holds_digests_only_in_a_private_file(path: Path, mini_form: FormDefinition) -> None:
    data = _record_file().read_bytes()
    assert stat.S_IMODE(_record_file().stat().st_mode) == 0o600
    records = json.loads(data)
    ((key, record),) = records.items()
    assert re.fullmatch("[0-9a-f]{32}", key)
    assert set(record) == {"seq", "head", "spell"}  # the newest entry ends a spell of typing
    assert re.fullmatch("[0-9a-f]{64}", record["head"]) and re.fullmatch("[0-9a-f]{64}", record["spell"])
    workbook = Workbook.open(path, PASSPHRASE)
    try:
        workbook_id, links = workbook.workbook_id, workbook.audit.link_at(record["seq"])
    finally:
        workbook.close()
    assert links is not None
    for secret in (workbook_id, links.link.hex(), links.prev.hex(), str(path), path.name, REFERENCE, CANARY):
        assert secret.encode() not in data
    assert record["seq"] == _newest(path)


def _newest(path: Path) -> int:
    workbook = Workbook.open(path, PASSPHRASE)
    try:
        return int(workbook.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
    finally:
        workbook.close()


def test_working_on_closing_and_crashing_is_never_older(path: Path, mini_form: FormDefinition) -> None:
    for turn in range(3):
        session = _open(path, mini_form)
        assert chain_record.older_copy(session.workbook) is None
        session.set_value(REFERENCE, "child.notes", f"Visit {turn}.")
        session.create_case(f"C-{turn}")
        if turn == 1:
            _crash(session)  # the record lags: the next open reads the chain up to it
        else:
            session.close()
    assert _older(path, mini_form) is None


@pytest.mark.parametrize("more", [False, True])
def test_a_spell_that_went_on_after_the_record_is_not_older(path: Path, mini_form: FormDefinition, more: bool) -> None:
    """The newest entry recorded ends a spell of typing; reopened at once, typing in the same
    field amends it (its link changes), and the process dies before its close records that."""
    recorded_seq = _newest(path)
    session = _open(path, mini_form)
    session.set_value(REFERENCE, "child.full_name", f"{CANARY} Robin Example")
    assert _newest(path) == recorded_seq  # the same entry, amended: one entry per spell
    if more:
        session.create_case("C-2")  # and more after it: the chain is read up to the record
    _crash(session)
    assert _older(path, mini_form) is None


def test_an_older_copy_is_found_warned_about_until_kept_and_its_close_keeps_the_newer_record(
    path: Path, tmp_path: Path, mini_form: FormDefinition
) -> None:
    session = _open(path, mini_form)
    older = backups.backup_now(session, dest=tmp_path / "older.hsbdesk").path  # a verified backup
    session.set_value(REFERENCE, "child.notes", "Written after the backup.")
    session.close()
    seen = _newest(path)
    newer = tmp_path / "newer.hsbdesk"
    shutil.copyfile(path, newer)
    shutil.copyfile(older, path)  # no passphrase needed

    found = _older(path, mini_form)
    assert found is not None and (found.seen, found.found) == (seen, seen - 1)
    assert _older(path, mini_form) == found  # its close kept the newer copy's record: warned again
    shutil.copyfile(newer, path)  # the newer copy back in place
    assert _older(path, mini_form) is None
    assert "older" not in next(iter(json.loads(_record_file().read_text()).values()))

    shutil.copyfile(older, path)
    session = _open(path, mini_form)
    assert chain_record.older_copy(session.workbook) is not None
    assert chain_record.accept(session.workbook)  # this copy is the one to keep
    session.close()
    assert _older(path, mini_form) is None


def test_a_copy_that_went_its_own_way_is_older_though_it_is_longer(
    path: Path, tmp_path: Path, mini_form: FormDefinition
) -> None:
    older = tmp_path / "older.hsbdesk"
    shutil.copyfile(path, older)
    session = _open(path, mini_form)
    session.create_case("C-2")
    session.close()
    seen = _newest(path)
    shutil.copyfile(older, path)
    workbook = Workbook.open(path, PASSPHRASE)  # worked on behind HSB Desk's front ends
    for number in range(3, 8):
        with workbook.transaction():
            workbook.cases.create(f"C-{number}", mini_form.id, mini_form.version, "Mallory Example")
    workbook.close()
    assert _newest(path) > seen
    found = _older(path, mini_form)
    assert found is not None and found.found > found.seen == seen
    assert found.detail == "its audit trail is not the one it had when it was last closed on this computer"


def test_a_close_without_a_comparison_still_never_records_an_older_copy(
    path: Path, tmp_path: Path, mini_form: FormDefinition
) -> None:
    older = tmp_path / "older.hsbdesk"
    shutil.copyfile(path, older)
    session = _open(path, mini_form)
    session.create_case("C-2")
    session.close()
    shutil.copyfile(older, path)
    session = open_workbook(path, PASSPHRASE, mini_form, daily_backup=False, health_check=False)
    session.close()  # opened as the window opens it, closed before its check ran
    assert _older(path, mini_form) is not None


def test_accept_file_records_a_restored_copy(path: Path, tmp_path: Path, mini_form: FormDefinition) -> None:
    """What a restore through HSB Desk calls once the backup is in place."""
    older = tmp_path / "older.hsbdesk"
    shutil.copyfile(path, older)
    session = _open(path, mini_form)
    session.create_case("C-2")
    session.close()
    shutil.copyfile(older, path)
    assert not chain_record.accept_file(path, "not the passphrase at all")  # bad input: nothing recorded
    assert not chain_record.accept_file(tmp_path / "missing.hsbdesk", PASSPHRASE)
    assert chain_record.accept_file(path, PASSPHRASE)
    assert _older(path, mini_form) is None


def test_a_restore_through_the_app_is_not_warned_about(path: Path, tmp_path: Path, mini_form: FormDefinition) -> None:
    session = _open(path, mini_form)
    backup = backups.backup_now(session, dest=tmp_path / "backup.hsbdesk").path
    session.create_case("C-2")
    session.close()
    backups.restore(backup, path, PASSPHRASE)
    assert _older(path, mini_form) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'"a string"',
        b'{"x": 1}',
        b'{"' + b"0" * 32 + b'": {"seq": "3", "head": "' + b"a" * 64 + b'"}}',
        b'{"' + b"0" * 32 + b'": {"seq": 0, "head": "' + b"a" * 64 + b'"}}',
        b'{"' + b"0" * 32 + b'": {"seq": 3, "head": "' + b"A" * 64 + b'"}}',
        b'{"' + b"0" * 32 + b'": {"seq": 3, "head": "' + b"a" * 64 + b'", "older": "yes"}}',
        b'{"' + b"0" * 32 + b'": {"seq": 3, "head": "' + b"a" * 64 + b'", "path": "/home"}}',
        b'{"' + b"0" * 32 + b'": {"seq": 99999999999999999999999, "head": "' + b"a" * 64 + b'"}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_damaged_record_file_is_ignored_and_written_afresh(
    path: Path, mini_form: FormDefinition, content: bytes
) -> None:
    _record_file().write_bytes(content)
    assert _older(path, mini_form) is None  # nothing known: nothing warns, nothing fails
    records = json.loads(_record_file().read_text())
    assert len(records) == 1 and next(iter(records.values()))["seq"] == _newest(path)


def test_a_record_that_cannot_be_written_never_stops_a_close(
    path: Path, mini_form: FormDefinition, caplog: pytest.LogCaptureFixture
) -> None:
    _record_file().unlink()
    _record_file().mkdir()  # neither readable as a file nor replaceable
    session = _open(path, mini_form)
    session.create_case("C-2")
    with caplog.at_level(logging.WARNING):
        session.close()
    assert "could not be recorded" in caplog.text
    for secret in (REFERENCE, CANARY, str(path), path.name):
        assert secret not in caplog.text
    _open(path, mini_form).close()  # the lock was released and the workbook closed


def test_a_record_that_cannot_be_saved_never_stops_an_open(
    path: Path, tmp_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = tmp_path / "older.hsbdesk"
    shutil.copyfile(path, older)
    session = _open(path, mini_form)
    session.create_case("C-2")
    session.close()
    shutil.copyfile(older, path)

    full = [True]
    write = chain_record.write_atomically

    def refused(target: Path, data: bytes) -> None:
        if full[0]:
            raise OSError(28, "No space left on device")
        write(target, data)

    monkeypatch.setattr(chain_record, "write_atomically", refused)
    session = _open(path, mini_form)  # found older; the mark cannot be kept, the open goes on
    assert chain_record.compare(session.workbook) is not None  # so ``hsb-desk check`` still fails
    session.close()
    full[0] = False  # space again
    assert _older(path, mini_form) is not None  # and the record of the newer copy is still there


def test_only_the_newest_records_are_kept(
    tmp_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chain_record, "KEEP", 3)
    for number in range(5):
        session = create_workbook(
            tmp_path / f"w{number}.hsbdesk", PASSPHRASE, Profile("Alex Example", "", "", ""), mini_form
        )
        session.close()
    assert len(json.loads(_record_file().read_text())) == 3
    session = _open(tmp_path / "w4.hsbdesk", mini_form)  # the newest written is one of them
    session.close()
    assert len(json.loads(_record_file().read_text())) == 3


def test_a_new_workbook_without_entries_records_nothing(tmp_path: Path, mini_form: FormDefinition) -> None:
    session = create_workbook(tmp_path / "new.hsbdesk", PASSPHRASE, None, mini_form)
    assert not _record_file().exists()
    session.close()
    assert not _record_file().exists() or json.loads(_record_file().read_text()) == {}
