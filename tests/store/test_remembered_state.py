"""What the store remembers between edits (the newest audit entry, the profile) never outlives a
rolled-back transaction, so the chain stays whole and every edit names the right person."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook

ALEX = Profile("Alex Example", "Social worker", "Example Council", "alex@example.org")


def _workbook(path: Path) -> Workbook:
    """Each reading of its clock is ten minutes on, so every edit is an editing spell (and an
    entry) of its own; tests/store/test_audit_linear.py covers entries amended within a spell."""
    start, ticks = datetime(2026, 11, 22, 9, 0, tzinfo=UTC), itertools.count()
    clock = lambda: (start + timedelta(minutes=10 * next(ticks))).isoformat(timespec="milliseconds")  # noqa: E731
    workbook = Workbook.create(path, PASSPHRASE, clock=clock)
    with workbook.transaction():
        workbook.profile.set(ALEX)
        workbook.cases.create("MEM-1", "mini-form", "1.0", "Alex")
    with workbook.transaction():
        workbook.values.set(workbook.cases.get("MEM-1"), "child.notes", "kept", "Alex")
    return workbook


def _links(workbook: Workbook) -> list[tuple[int, str, str]]:
    return list(workbook.conn.execute("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq"))


def test_an_entry_after_a_rolled_back_one_follows_the_saved_log(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    saved = _links(workbook)
    case = workbook.cases.get("MEM-1")
    with pytest.raises(RuntimeError), workbook.transaction():
        workbook.values.set(case, "child.notes", "never saved", "Alex")
        raise RuntimeError("the edit is abandoned")
    assert _links(workbook) == saved
    with workbook.transaction():
        workbook.values.set(case, "child.notes", "saved", "Alex")
    seq, prev_hash, _ = _links(workbook)[-1]
    assert (seq, prev_hash) == (saved[-1][0] + 1, saved[-1][2])
    assert workbook.verify_audit().ok
    workbook.close()


def test_a_rollback_outside_the_transaction_helper_is_caught_by_the_head_in_meta(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    saved = _links(workbook)
    case = workbook.cases.get("MEM-1")
    workbook.conn.execute("BEGIN IMMEDIATE")
    workbook.values.set(case, "child.notes", "never saved", "Alex")
    workbook.conn.execute("ROLLBACK")  # nothing tells the audit log: it must find out for itself
    with workbook.transaction():
        workbook.values.set(case, "child.notes", "saved", "Alex")
    assert _links(workbook)[-1][:2] == (saved[-1][0] + 1, saved[-1][2])
    assert workbook.verify_audit().ok
    workbook.close()


def test_every_entry_links_to_the_one_before_across_many_edits(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    case = workbook.cases.get("MEM-1")
    for number in range(20):
        with workbook.transaction():
            workbook.values.set(case, "child.notes", f"edit {number}", "Alex")
            if number % 5 == 0:  # several entries in one transaction
                workbook.values.set(case, "child.name", f"name {number}", "Alex")
    links = _links(workbook)
    assert [seq for seq, _, _ in links] == list(range(1, len(links) + 1))
    assert all(prev == before[2] for (_, prev, _), before in zip(links[1:], links, strict=False))
    head = workbook.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    assert head == f"{links[-1][0]}:{links[-1][2]}"
    assert workbook.verify_audit().ok
    workbook.close()


def test_a_profile_from_a_rolled_back_transaction_is_forgotten(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    assert workbook.profile.get() == ALEX
    with pytest.raises(RuntimeError), workbook.transaction():
        workbook.profile.set(Profile("Sam Other", "Manager", "Example Council", ""))
        assert workbook.profile.get().name == "Sam Other"  # read inside the transaction
        raise RuntimeError("the change is abandoned")
    assert workbook.profile.get() == ALEX
    workbook.close()


def test_a_saved_profile_is_read_back_at_once(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    assert workbook.profile.get() == ALEX
    sam = Profile("Sam Other", "Manager", "Example Council", "")
    with workbook.transaction():
        workbook.profile.set(sam)
    assert workbook.profile.get() == sam
    workbook.close()
    reopened = Workbook.open(workbook_path, PASSPHRASE)
    assert reopened.profile.get() == sam
    reopened.close()
