"""Killing HSB Desk at any moment loses no edit it had reported as saved, and damages nothing.

A child process opens the workbook through the app services (as the GUI does) and writes a stream
of edits, printing each one after ``set_value`` returns. The test kills it with SIGKILL at random
points (seeded), in the WAL / synchronous=FULL mode the app uses, then checks every printed edit.
"""

from __future__ import annotations

import random
import signal
import sys
from pathlib import Path

import pytest
from conftest import MINI_FORM_DIR, PASSPHRASE, TODAY
from reliability_support import kill_and_read_rest, start_child

from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 15
WRITER = r"""
import os, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import load_form

path, form_dir, ref = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
session = open_workbook(path, os.environ["CRASH_PASSPHRASE"], load_form(form_dir))
session.create_case(ref)
print("ready", flush=True)
i = 0
while True:
    # Lengths vary so that some values spill onto overflow pages (a name holds 2,000 characters).
    field = "child.notes" if i % 3 else "child.full_name"
    value = f"{ref}:{i}:" + "x" * ((i * 7919) % (6000 if field == "child.notes" else 1900))
    session.set_value(ref, field, value)
    print(f"{field} {ref}:{i}", flush=True)
    i += 1
"""


def _run_and_kill(path: Path, ref: str, edits_before_kill: int, home: Path) -> list[tuple[str, str]]:
    child = start_child(
        WRITER, str(path), str(MINI_FORM_DIR), ref, CRASH_PASSPHRASE=PASSPHRASE, HSB_DESK_HOME=str(home)
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line != "ready\n":
        child.kill()
        raise AssertionError(f"the writer did not start: {line!r} {child.communicate()[1][-2000:]}")
    acknowledged: list[tuple[str, str]] = []
    while len(acknowledged) < edits_before_kill:
        field, _, tag = child.stdout.readline().strip().partition(" ")
        acknowledged.append((field, tag))
    rest = kill_and_read_rest(child)
    assert child.returncode == -signal.SIGKILL
    # Lines printed before the kill count as acknowledged even if not read yet; a torn last line
    # (no newline) was never acknowledged.
    for text in rest.splitlines(keepends=True):
        if text.endswith("\n"):
            field, _, tag = text.strip().partition(" ")
            acknowledged.append((field, tag))
    return acknowledged


def test_every_acknowledged_edit_survives_sigkill(tmp_path: Path, mini_form: FormDefinition) -> None:
    path = tmp_path / "crash.hsbdesk"
    create_workbook(path, PASSPHRASE, form=mini_form, today=lambda: TODAY).close()
    rng = random.Random(20261122)
    acknowledged: dict[str, list[tuple[str, str]]] = {}
    for round_number in range(KILLS):
        ref = f"R{round_number}"
        edits = 0 if rng.random() < 0.2 else rng.randint(1, 60)
        acknowledged[ref] = _run_and_kill(path, ref, edits, tmp_path / "home")

    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    problems, audit = session.check()
    assert problems == [] and audit.ok, (problems, audit)
    for ref, acked in acknowledged.items():
        # The audit log keeps one entry per editing spell (docs/storage.md), so what was saved is
        # read from each field's revision count and value: everything acknowledged is there, and
        # at most the one edit in flight (the writer's next, edit number len(acked)) is extra.
        records = session.workbook.values.records(session.case(ref))
        in_flight = "child.notes" if len(acked) % 3 else "child.full_name"
        for field in ("child.notes", "child.full_name"):
            tags = [tag for key, tag in acked if key == field]
            saved = records[field].revision if field in records else 0
            assert saved - len(tags) in ((0, 1) if field == in_flight else (0,)), (ref, field)
            if saved:
                tag = tags[-1] if saved == len(tags) else f"{ref}:{len(acked)}"
                assert records[field].value.startswith(tag + ":"), (ref, field)
    session.close()
