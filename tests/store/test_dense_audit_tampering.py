"""Schema version 8's dense log, as the app writes it: a value entry holds no value text and a few
dozen bytes, and whatever someone holding the key changes behind the app's back (an entry, the
old digest a later spell stores, a name, the head, a stored value, an entry removed) is found by
the check and named, and ``hsb-desk check`` fails; the value history is checked as it is read."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE, TODAY

from hsb_desk.app.session import WorkbookSession
from hsb_desk.cli.main import main
from hsb_desk.errors import WorkbookDamaged
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.audit import AuditEntry
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook

CANARY = "Tamper-Canary-Lindisfarne"
FIRST, SECOND = f"{CANARY} wrote the first part.", " Then the second, after a pause."


class Clock:
    """Two seconds a reading; ``pause`` ends an editing spell."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
        self.ticks = itertools.count()

    def __call__(self) -> str:
        self.now += timedelta(seconds=2)
        return self.now.isoformat(timespec="milliseconds")

    def pause(self) -> None:
        self.now += timedelta(minutes=20)


@pytest.fixture
def session(workbook_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    clock = Clock()
    workbook = Workbook.create(workbook_path, PASSPHRASE, clock=clock)
    session = WorkbookSession(workbook, mini_form, today=lambda: TODAY)
    session.set_profile(Profile("Alex Example", "Social worker", "Example Council", ""))
    session.create_case("T-1")
    session.set_value("T-1", "child.full_name", "Robin Example")
    for end in range(5, len(FIRST) + 5, 5):  # one spell of several saves
        session.set_value("T-1", "child.notes", FIRST[:end])
    clock.pause()
    for end in range(5, len(SECOND) + 5, 5):  # a second spell, typed at the end
        session.set_value("T-1", "child.notes", FIRST + SECOND[:end])
    clock.pause()
    session.set_value("T-1", "child.notes", (FIRST + SECOND).replace("first", "opening"))  # replaced, mid-text
    session.set_value("T-1", "child.siblings", [{"name": "Sam Example", "lives_with": "yes"}])
    session.create_case("T-2")
    session.set_value("T-2", "child.full_name", "Kit Example")
    assert session.workbook.verify_audit().ok
    yield session
    session.close()


def _spells(session: WorkbookSession, reference: str, key: str) -> list[AuditEntry]:
    return [e for e in session.workbook.audit.entries(reference) if e.field_key == key]


def _tamper(session: WorkbookSession, sql: str, *params: object) -> None:
    """What someone holding the key could do with the sqlcipher shell: drop the guards, edit."""
    conn = session.workbook.conn
    for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_names_no_update"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute(sql, params)


def test_a_value_entry_holds_no_text_and_a_few_dozen_bytes(session: WorkbookSession) -> None:
    conn = session.workbook.conn
    rows = conn.execute(
        "SELECT at, actor, case_ref, action, field_key, old_json, new_json, hash FROM audit_log"
        " WHERE typeof(action) = 'integer'"
    ).fetchall()
    assert len(rows) == 6  # one a spell: three of the notes, three values set once
    for row in rows:
        assert all(not isinstance(column, str) for column in row), row  # numbers and blobs only
        assert sum(len(c) if isinstance(c, bytes) else 8 for c in row if c is not None) < 100
    assert not [r for r in conn.execute("SELECT * FROM audit_log") if CANARY in repr(r)]
    assert not [r for r in conn.execute("SELECT * FROM audit_names") if CANARY in repr(r)]
    # only the spell that replaced text needs a history row
    assert conn.execute("SELECT count(*) FROM value_history").fetchone()[0] == 1
    notes = session.workbook.values.revisions(session.case("T-1"), "child.notes")
    assert [r.value for r in notes] == [FIRST, FIRST + SECOND, (FIRST + SECOND).replace("first", "opening")]
    assert [r.saves for r in notes] == [-(-len(FIRST) // 5), -(-len(SECOND) // 5), 1]


@pytest.mark.parametrize(
    ("column", "change"),
    [
        ("at", "at + 1"),  # a millisecond later
        ("actor", "actor + 1"),  # another name's number
        ("new_json", "x'0a'"),  # ten saves, begun at the end
        ("hash", "zeroblob(8)"),
    ],
)
def test_an_altered_entry_is_named(session: WorkbookSession, column: str, change: str) -> None:
    spell = _spells(session, "T-1", "child.notes")[1]
    _tamper(session, f"UPDATE audit_log SET {column} = {change} WHERE seq = ?", spell.seq)
    result = session.workbook.verify_audit()
    assert (result.ok, result.first_broken) == (False, spell.seq)


@pytest.mark.parametrize(("column", "name"), [("field_key", "child.full_name"), ("case_ref", "T-2")])
def test_an_entry_moved_to_another_field_or_case_is_found_at_a_spell_it_came_between(
    session: WorkbookSession, column: str, name: str
) -> None:
    """The value a spell left is the one the next spell of its field started from: an entry moved
    elsewhere first shows at the spell before it in the field it left, or in the one it joined."""
    before, moved = _spells(session, "T-1", "child.notes")[:2]
    joined = _spells(session, "T-1", "child.full_name")[0]
    _tamper(session, f"UPDATE audit_log SET {column} = (SELECT id FROM audit_names WHERE name = ?) WHERE seq = ?",
            name, moved.seq)  # fmt: skip
    result = session.workbook.verify_audit()
    assert (result.ok, result.first_broken) == (False, joined.seq if column == "field_key" else before.seq)


def test_an_altered_old_digest_is_named_at_the_spell_whose_value_it_names(session: WorkbookSession) -> None:
    first, second, _third = _spells(session, "T-1", "child.notes")
    stored = session.workbook.conn.execute("SELECT old_json FROM audit_log WHERE seq = ?", (second.seq,)).fetchone()
    assert isinstance(stored[0], bytes) and len(stored[0]) == 33  # the digest and the length of FIRST's JSON
    _tamper(session, "UPDATE audit_log SET old_json = ? WHERE seq = ?", bytes(32) + stored[0][32:], second.seq)
    result = session.workbook.verify_audit()
    assert (result.first_broken, result.reason) == (first.seq, "the entry was altered")


def test_a_renamed_name_is_found_and_a_name_stored_as_text_is_the_same_name(session: WorkbookSession) -> None:
    entry = _spells(session, "T-1", "child.full_name")[0]
    _tamper(session, "UPDATE audit_log SET actor = 'Alex Example' WHERE seq = ?", entry.seq)
    assert session.workbook.verify_audit().ok  # what an entry says is checked, not how it is stored
    _tamper(session, "UPDATE audit_names SET name = 'Mallory' WHERE name = 'Alex Example'")
    result = session.workbook.verify_audit()
    assert not result.ok and result.first_broken is not None and result.first_broken > entry.seq


def test_a_removed_entry_and_entries_cut_off_are_found(session: WorkbookSession) -> None:
    middle = _spells(session, "T-1", "child.notes")[1].seq
    newest = session.workbook.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    _tamper(session, "DELETE FROM audit_log WHERE seq = ?", newest)
    result = session.workbook.verify_audit()
    assert (result.first_broken, result.reason) == (newest, "entries were removed from the end")
    head = session.workbook.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    seq, prev, last = head.split(":")
    _tamper(session, "UPDATE meta SET value = ? WHERE key = 'audit_head'", f"{int(seq) - 1}:{prev}:{last}")
    _tamper(session, "DELETE FROM audit_log WHERE seq = ?", middle)
    result = session.workbook.verify_audit()
    assert (result.first_broken, result.reason) == (middle, "an entry is missing")
    _tamper(session, "DELETE FROM audit_log WHERE seq = 1")
    assert session.workbook.verify_audit().first_broken == 1


def test_the_head_in_meta_is_checked(session: WorkbookSession) -> None:
    head = session.workbook.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    forged = head[:-1] + ("0" if head[-1] != "0" else "1")  # the newest link, one digit changed
    _tamper(session, "UPDATE meta SET value = ? WHERE key = 'audit_head'", forged)
    result = session.workbook.verify_audit()
    assert (result.ok, result.reason) == (False, "entries were removed from the end")


def test_a_stored_value_changed_added_or_removed_is_found(session: WorkbookSession) -> None:
    name = _spells(session, "T-2", "child.full_name")[-1]
    conn = session.workbook.conn
    conn.execute("UPDATE field_values SET value_json = '\"Kit Changed\"' WHERE value_json = '\"Kit Example\"'")
    result = session.workbook.verify_audit()
    assert (result.first_broken, result.reason) == (name.seq, "the entry, or the stored value it names, was altered")
    conn.execute("UPDATE field_values SET value_json = '\"Kit Example\"' WHERE value_json = '\"Kit Changed\"'")
    assert session.workbook.verify_audit().ok
    case = session.case("T-2").id
    conn.execute(
        "INSERT INTO field_values VALUES (?, 'child.officer', '\"PC Nobody\"', 1, 'Mallory', '2026-11-22')", (case,)
    )
    result = session.workbook.verify_audit()
    assert (result.ok, result.reason) == (False, "a stored value has no audit entry")
    conn.execute(
        "DELETE FROM field_values WHERE field_key IN ('child.officer', 'child.full_name') AND case_id = ?", (case,)
    )
    assert session.workbook.verify_audit().first_broken == name.seq


def test_hsb_desk_check_fails_on_a_tampered_entry(
    session: WorkbookSession, mini_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _spells(session, "T-1", "child.siblings")[0]
    _tamper(session, "UPDATE audit_log SET at = at - 60000 WHERE seq = ?", entry.seq)
    path = session.workbook.path
    session.workbook.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", str(path)]) == 4
    assert f"Audit trail broken at entry {entry.seq}" in capsys.readouterr().out


def test_a_damaged_history_row_is_found_when_the_revisions_are_read(session: WorkbookSession) -> None:
    case = session.case("T-1")
    _tamper(session, "UPDATE value_history SET removed = 'last'")
    with pytest.raises(WorkbookDamaged):
        session.workbook.values.revisions(case, "child.notes")
    _tamper(session, "DELETE FROM value_history")
    with pytest.raises(WorkbookDamaged):
        session.workbook.values.revisions(case, "child.notes")


def test_a_case_replaced_by_an_import_keeps_what_its_values_were(session: WorkbookSession) -> None:
    document = copy.deepcopy(FULL_DOCUMENT)
    document["case"]["reference"] = "T-3"
    session.import_case(document)
    removed_life = [e.seq for e in session.workbook.audit.entries("T-3") if e.field_key]
    document["values"]["child.full_name"] = "Robin Replaced"
    session.import_case(document, replace=True)
    assert session.workbook.verify_audit().ok
    entries = session.workbook.audit.entries("T-3")
    assert [e.action for e in entries if e.field_key is None] == ["case created", "case removed", "case created"]
    old_name = next(e for e in entries if e.seq in removed_life and e.field_key == "child.full_name")
    assert '"sha256":' in (old_name.new_json or "")  # still names the value it left, from the removal's list
    _tamper(
        session,
        "UPDATE audit_log SET new_json = replace(new_json, ?, ?) WHERE action = 'case removed'",
        f"[{old_name.seq},",
        f"[{old_name.seq + 1000},",
    )
    assert session.workbook.verify_audit().first_broken == old_name.seq


def test_a_value_changed_behind_the_app_and_then_edited_is_still_found(session: WorkbookSession) -> None:
    """Version 7 recorded the changed value's digest as the edit's old value but never checked
    it; here the spell before the edit no longer fits: its value is the one the edit started from."""
    before = _spells(session, "T-2", "child.full_name")[-1]
    session.workbook.conn.execute(
        "UPDATE field_values SET value_json = '\"Kit Forged\"' WHERE value_json = '\"Kit Example\"'"
    )
    session.workbook.clock.pause()  # type: ignore[attr-defined]
    session.set_value("T-2", "child.full_name", "Kit Forged, then edited")
    result = session.workbook.verify_audit()
    assert (result.first_broken, result.reason) == (before.seq, "the entry was altered")
