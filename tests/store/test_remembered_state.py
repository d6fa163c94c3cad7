"""What the store remembers between edits (the newest audit entry, the profile) never outlives a
rolled-back transaction, so the chain stays whole and every edit names the right person."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk.store.audit_format import TAG, link
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


def _links(workbook: Workbook) -> list[tuple[int, bytes]]:
    """(seq, the start of its link) of every entry; the whole links are recomputed by ``_chain``."""
    return list(workbook.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq"))


def _chain(workbook: Workbook) -> list[tuple[int, bytes]]:
    """(seq, whole link) of every entry, each computed over the entry and the link before it."""
    prev, chain = bytes(32), []
    for entry in workbook.audit.entries():
        prev = link(prev, entry)
        chain.append((entry.seq, prev))
    return chain


def _head(workbook: Workbook) -> str:
    return str(workbook.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0])


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
    links = _links(workbook)
    assert (links[:-1], links[-1][0]) == (saved, saved[-1][0] + 1)
    chain = _chain(workbook)
    assert [(seq, whole[:TAG]) for seq, whole in chain] == links  # each row fits its entry and the one before
    assert _head(workbook) == f"{chain[-1][0]}:{chain[-2][1].hex()}:{chain[-1][1].hex()}"
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
    links, chain = _links(workbook), _chain(workbook)
    assert (links[:-1], links[-1][0]) == (saved, saved[-1][0] + 1)
    assert [(seq, whole[:TAG]) for seq, whole in chain] == links
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
    links, chain = _links(workbook), _chain(workbook)
    assert [seq for seq, _ in links] == list(range(1, len(links) + 1))
    assert [(seq, whole[:TAG]) for seq, whole in chain] == links
    assert _head(workbook) == f"{chain[-1][0]}:{chain[-2][1].hex()}:{chain[-1][1].hex()}"
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


def test_a_name_numbered_in_a_rolled_back_transaction_is_numbered_again(workbook_path: Path) -> None:
    workbook = _workbook(workbook_path)
    case = workbook.cases.get("MEM-1")
    workbook.conn.execute("BEGIN IMMEDIATE")
    workbook.values.set(case, "child.name", "never saved", "Sam Never")  # two names never saved
    workbook.conn.execute("ROLLBACK")  # behind the repositories' backs
    with workbook.transaction():
        workbook.values.set(case, "child.name", "saved", "Sam Never")
    assert [e.actor for e in workbook.audit.entries("MEM-1")][-1] == "Sam Never"
    assert workbook.verify_audit().ok
    workbook.close()
