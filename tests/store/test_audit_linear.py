"""A narrative typed as a person types (a few characters per save, with pauses) grows the workbook
with what was typed: one small audit entry per editing spell, no text in the log, and no history
row for typing at the end; every spell's value can still be rebuilt, and the chain, the value
check, the upgrade of an older workbook (version 6, every save's whole text in the log) and purge
all hold."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk.app.backups import backups_for, purge_case
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.audit import COMPACTED, PURGED, RESEALED, AuditLog
from hsb_desk.store.connection import APPLICATION_ID, connect
from hsb_desk.store.records import Profile, encode
from hsb_desk.store.workbook import Workbook

WORDS = "the young person said that they felt listened to at school and that home was calmer now".split(" ")  # noqa: SIM905
CHARS = 15_000
PER_SAVE = 5
SPELLS = 6  # a pause of more than five minutes after each sixth of the text


class Clock:
    """Time that moves only when told to: two seconds per save, twenty minutes per pause."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="milliseconds")

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def narrative(length: int = CHARS) -> str:
    words = (WORDS[i % len(WORDS)] for i in range(length))
    return " ".join(words)[:length]


def _session(path: Path, form: FormDefinition, clock: Clock) -> WorkbookSession:
    workbook = Workbook.create(path, PASSPHRASE, clock=clock)
    session = WorkbookSession(workbook, form, today=lambda: TODAY)
    session.set_profile(Profile("Alex Example", "Social worker", "Example Council", ""))
    # Each commit's fsync is what a real save costs, not what this test measures.
    workbook.conn.execute("PRAGMA synchronous = OFF")
    return session


def _type(session: WorkbookSession, clock: Clock, reference: str, text: str, spells: int = SPELLS) -> list[str]:
    """Type ``text`` into child.notes a few characters per save; the value at each spell's end."""
    ends, spell_length = [], -(-len(text) // spells)
    for end in range(PER_SAVE, len(text) + PER_SAVE, PER_SAVE):
        clock.advance(seconds=2)
        session.set_value(reference, "child.notes", text[:end])
        if end % spell_length < PER_SAVE or end >= len(text):
            ends.append(text[:end])
            clock.advance(minutes=20)
    return ends


def _file_size(session: WorkbookSession) -> int:
    session.workbook.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return session.workbook.path.stat().st_size


@pytest.fixture
def typed(workbook_path: Path, mini_form: FormDefinition) -> Iterator[tuple[WorkbookSession, Clock, list[str]]]:
    clock = Clock()
    session = _session(workbook_path, mini_form, clock)
    session.create_case("T-1")
    session.set_value("T-1", "child.full_name", "Robin Example")
    before = _file_size(session)
    ends = _type(session, clock, "T-1", narrative())
    session.remembered["size"] = (before, _file_size(session))
    yield session, clock, ends
    session.close()


def test_a_typed_narrative_grows_the_workbook_linearly(
    typed: tuple[WorkbookSession, Clock, list[str]], tmp_path: Path, mini_form: FormDefinition
) -> None:
    session, _clock, _ends = typed
    before, after = session.remembered["size"]
    assert session.values("T-1")["child.notes"] == narrative()
    # 15,000 characters in 3,000 saves: about the text itself (and the free pages its last
    # rewrite left, which move by a page or two with the number of tables), where version 7
    # added 3 bytes per character (45,000 more) and version 6 quadratically more
    assert after - before < CHARS + 6 * 4096, (before, after)
    clock = Clock()
    longer = _session(tmp_path / "longer.hsbdesk", mini_form, clock)
    longer.create_case("T-1")
    longer.set_value("T-1", "child.full_name", "Robin Example")
    start = _file_size(longer)
    _type(longer, clock, "T-1", narrative(2 * CHARS))
    grown = _file_size(longer) - start
    longer.close()
    assert grown < 2.5 * (after - before) + 4 * 4096, (grown, after - before)  # twice the text: about twice


def test_one_entry_and_one_revision_per_spell_and_no_text_in_the_log(
    typed: tuple[WorkbookSession, Clock, list[str]],
) -> None:
    session, _clock, ends = typed
    assert len(ends) == SPELLS
    case = session.case("T-1")
    revisions = session.workbook.values.revisions(case, "child.notes")
    assert [r.value for r in revisions] == ends
    assert sum(r.saves for r in revisions) == CHARS // PER_SAVE
    assert revisions[-1].revision == CHARS // PER_SAVE
    entries = [e for e in session.workbook.audit.entries("T-1") if e.field_key == "child.notes"]
    assert len(entries) == SPELLS
    assert [json.loads(e.new_json or "")["sha256"] for e in entries] == [_sha(encode(text)) for text in ends]
    assert all(e.actor == "Alex Example" for e in entries)
    log = session.workbook.audit.entries()
    assert not [e for e in log if "young person" in (e.new_json or "") + (e.old_json or "")]
    # typed at the end, spell after spell: each is undone by cutting back to its entry's length
    assert session.workbook.conn.execute("SELECT count(*) FROM value_history").fetchone()[0] == 0
    assert session.workbook.verify_audit().ok


def test_leaving_the_field_or_another_person_starts_a_new_revision(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    clock = Clock()
    session = _session(workbook_path, mini_form, clock)
    session.create_case("T-2")
    for value in ("first draft", "first draft, more"):
        session.set_value("T-2", "child.notes", value)
    session.set_value("T-2", "child.full_name", "Robin Example")  # leaves the field
    session.set_value("T-2", "child.notes", "second draft")
    session.set_profile(Profile("Sam Other", "Social worker", "Example Council", ""))
    session.set_value("T-2", "child.notes", "third draft")
    session.set_value("T-2", "child.notes", None)
    revisions = session.workbook.values.revisions(session.case("T-2"), "child.notes")
    assert [(r.value, r.actor, r.saves) for r in revisions] == [
        ("first draft, more", "Alex Example", 2),
        ("second draft", "Alex Example", 1),
        (None, "Sam Other", 2),
    ]
    assert session.workbook.verify_audit().ok
    session.close()


def test_a_rolled_back_save_within_a_spell_leaves_the_chain_whole(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    clock = Clock()
    session = _session(workbook_path, mini_form, clock)
    session.create_case("T-3")
    session.set_value("T-3", "child.notes", "kept")
    workbook, case = session.workbook, session.case("T-3")
    workbook.conn.execute("BEGIN IMMEDIATE")
    workbook.values.set(case, "child.notes", "never saved", "Alex Example")
    workbook.conn.execute("ROLLBACK")  # behind the repositories' backs: they must find out
    session.set_value("T-3", "child.notes", "kept, and more")
    assert workbook.verify_audit().ok
    assert [r.value for r in workbook.values.revisions(case, "child.notes")] == ["kept, and more"]
    session.close()


def test_a_tampered_digest_is_found_by_check(typed: tuple[WorkbookSession, Clock, list[str]]) -> None:
    session, _clock, _ends = typed
    entry = [e for e in session.workbook.audit.entries("T-1") if e.field_key == "child.notes"][2]
    assert (entry.new_json or "").startswith('{"sha256":"')
    forged = (entry.new_json or "").replace('"sha256":"', '"sha256":"0', 1).replace('0"', '"', 1)
    conn = session.workbook.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET new_json = ? WHERE seq = ?", (forged, entry.seq))
    _problems, audit = session.check()
    assert (audit.ok, audit.first_broken, audit.reason) == (False, entry.seq, "the entry was altered")


def test_a_value_changed_behind_the_log_is_found_by_check(typed: tuple[WorkbookSession, Clock, list[str]]) -> None:
    session, _clock, _ends = typed
    conn = session.workbook.conn
    conn.execute("UPDATE field_values SET value_json = '\"quietly changed\"' WHERE field_key = 'child.notes'")
    last = [e for e in session.workbook.audit.entries("T-1") if e.field_key == "child.notes"][-1]
    _problems, audit = session.check()
    assert (audit.ok, audit.first_broken) == (False, last.seq)
    assert audit.reason == "the entry, or the stored value it names, was altered"
    conn.execute("DELETE FROM field_values WHERE field_key = 'child.full_name'")
    conn.execute("UPDATE field_values SET value_json = ? WHERE field_key = 'child.notes'", (encode(narrative()),))
    assert not session.check()[1].ok  # a value removed behind the log


def test_purge_removes_the_history_and_redacts_the_digests(typed: tuple[WorkbookSession, Clock, list[str]]) -> None:
    session, _clock, _ends = typed
    session.set_status("T-1", "archived")
    purge_case(session, "T-1", "Retention period ended")
    conn = session.workbook.conn
    assert conn.execute("SELECT count(*) FROM value_history").fetchone()[0] == 0
    entries = session.workbook.audit.entries("T-1")
    assert entries[-1].action == PURGED
    assert all(e.old_json is None and e.new_json is None for e in entries[:-1])
    assert session.check() == ([], session.workbook.verify_audit()) and session.workbook.verify_audit().ok


# -- the upgrade of a workbook written by version 6 (through 7 and 8) -----------------------------
OLD = 6


def _old_workbook(path: Path) -> dict[str, str]:
    """A workbook as the previous version wrote it: every save's whole old and new text in the
    log. One case typed in three spells, one edited by two people, one purged; returns the values."""
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=OLD)
    audit, clock = AuditLog(conn), Clock()
    ids: dict[str, int] = {}

    def create(reference: str) -> None:
        conn.execute(
            "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
            " VALUES (?, 'mini-form', '1.0', 'draft', ?, ?)",
            (reference, clock(), clock()),
        )
        ids[reference] = conn.execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()[0]
        audit.append(at=clock(), actor="Alex Example", action="case created", case_ref=reference, new_json="{}")

    def old_set(reference: str, key: str, value: str, actor: str = "Alex Example") -> None:
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

    text = narrative(3_000)
    conn.execute("BEGIN")
    create("OLD-1")
    for end in range(PER_SAVE, len(text) + 1, PER_SAVE):
        old_set("OLD-1", "child.notes", text[:end])
        if end % 1_000 == 0:
            clock.advance(minutes=30)
    create("OLD-2")
    old_set("OLD-2", "child.full_name", "Sam Example")
    old_set("OLD-2", "child.full_name", "Sam Example-Jones", actor="Jo Coworker")
    create("GONE-1")
    old_set("GONE-1", "child.full_name", "Kit Gone")
    redacted = audit.redact_case("GONE-1")
    conn.execute("DELETE FROM cases WHERE reference = 'GONE-1'")
    audit.append(
        at=clock(),
        actor="Alex Example",
        action=PURGED,
        case_ref="GONE-1",
        new_json=json.dumps({"reason": "Retention period ended", "redacted": redacted}),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"notes": text}


def test_an_older_workbook_is_backed_up_upgraded_and_verified(workbook_path: Path, mini_form: FormDefinition) -> None:
    made = _old_workbook(workbook_path)
    old_size = workbook_path.stat().st_size
    session = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    assert [b.reason for b in backups_for(workbook_path)] == [f"before-migration-v{OLD}"]
    assert schema.schema_version(session.workbook.conn) == schema.CURRENT_VERSION
    assert session.values("OLD-1") == {"child.notes": made["notes"]}
    assert session.values("OLD-2") == {"child.full_name": "Sam Example-Jones"}
    assert session.workbook.verify_audit().ok
    entries = session.workbook.audit.entries()
    assert [e.action for e in entries[-2:]] == [COMPACTED, RESEALED]
    assert not [e for e in entries if "young person" in (e.new_json or "") + (e.old_json or "")]
    revisions = session.workbook.values.revisions(session.case("OLD-1"), "child.notes")
    assert [r.value for r in revisions] == [made["notes"][:end] for end in (1_000, 2_000, 3_000)]
    names = session.workbook.values.revisions(session.case("OLD-2"), "child.full_name")
    expected = [("Sam Example", "Alex Example"), ("Sam Example-Jones", "Jo Coworker")]
    assert [(r.value, r.actor) for r in names] == expected
    # Editing goes on as before, and a later purge still verifies.
    session.set_value("OLD-1", "child.notes", made["notes"] + " More.")
    session.set_status("OLD-2", "archived")
    purge_case(session, "OLD-2", "Retention period ended")
    assert session.workbook.verify_audit().ok
    # The old copies' pages are zeroed (secure_delete) and free for reuse: the file holds a
    # fraction of what it held, and grows no more until that space is used.
    conn = session.workbook.conn
    pages, free = (conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count"))
    assert (pages - free) * 4096 < old_size / 4
    session.close()


def test_an_entry_rewritten_at_the_upgrade_and_then_altered_is_found(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    _old_workbook(workbook_path)
    session = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    entry = [e for e in session.workbook.audit.entries("OLD-1") if e.field_key][10]
    conn = session.workbook.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE seq = ?", (entry.seq,))
    assert session.check()[1].first_broken == entry.seq
    conn.execute("UPDATE audit_log SET actor = 'Alex Example' WHERE seq = ?", (entry.seq,))
    assert session.check()[1].ok
    session.close()


def test_an_upgrade_does_not_launder_an_entry_altered_before_it(workbook_path: Path) -> None:
    _old_workbook(workbook_path)
    conn = connect(workbook_path, PASSPHRASE)
    conn.execute("DROP TRIGGER audit_log_no_update")
    seq = conn.execute("SELECT seq FROM audit_log WHERE field_key = 'child.notes' LIMIT 1 OFFSET 7").fetchone()[0]
    conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE seq = ?", (seq,))
    conn.close()
    workbook = Workbook.open(workbook_path, PASSPHRASE)  # (the app's backup first refuses a broken chain)
    assert schema.schema_version(workbook.conn) == schema.CURRENT_VERSION
    assert workbook.verify_audit().first_broken == seq
    workbook.close()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()
