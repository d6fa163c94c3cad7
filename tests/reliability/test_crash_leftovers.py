"""What a crash leaves is removed (issue 16, item 11): the unfinished copy of a backup, the file
of a restore cut short, and the plain-text temporary file of a JSON export. A child process is
killed (SIGKILL) at the moment its temporary file is complete and not yet renamed; the next
open, the next write into that folder, and a purge remove what it left. A temporary file that a
live writer holds is never touched, nor anything that is not HSB Desk's.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from conftest import MINI_FORM_DIR, PASSPHRASE, TODAY, files_in
from reliability_support import holds_any, start_child

from hsb_desk import paths
from hsb_desk.app.backups import backup_now, backups_for, purge_case
from hsb_desk.app.backups.leftovers import remove_crash_leftovers, writes_in_flight
from hsb_desk.app.case_json import export_case_json
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.atomic_write import partial_path, replacing
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")

CANARY = "Leftover-Canary-Grimsby-7731"
# The child opens the workbook, arms a kill for the moment named by argv[3], then does argv[4].
CHILD = r"""
import os, signal, sys
from pathlib import Path
import hsb_desk.atomic_write as atomic_write
import hsb_desk.store.backup as store_backup
from hsb_desk.app import backups
from hsb_desk.app.case_json import export_case_json
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import load_form

path, form_dir, moment, work, arg = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
passphrase = os.environ["CHILD_PASSPHRASE"]

def die(*_args):
    os.kill(os.getpid(), signal.SIGKILL)

if moment == "backup flushed":  # the copy is complete and checked next: not yet renamed
    store_backup._fsync = die
elif moment == "restore copied":
    real_copy = store_backup._copy
    store_backup._copy = lambda source, target: (real_copy(source, target), die())
elif moment == "export flushed":
    real_flush = atomic_write.fsync_file
    atomic_write.fsync_file = lambda p: die() if p.name.endswith(".json.partial") else real_flush(p)
if work == "restore":
    backups.restore(Path(arg), path, passphrase)
else:
    session = open_workbook(path, passphrase, load_form(form_dir), daily_backup=False)
    if work == "backup":
        backups.backup_now(session, reason=arg)
    else:
        export_case_json(session, "L-1", Path(arg))
print("not killed", flush=True)
"""


def _killed_at(moment: str, workbook: Path, work: str, arg: str) -> None:
    child = start_child(
        CHILD,
        str(workbook),
        str(MINI_FORM_DIR),
        moment,
        work,
        arg,
        CHILD_PASSPHRASE=PASSPHRASE,
        HSB_DESK_HOME=os.environ["HSB_DESK_HOME"],
    )
    out, err = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL, (out, err[-2000:])


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) if folder.exists() else []


def _closed_with_a_case(session: WorkbookSession) -> Path:
    session.create_case("L-1")
    session.set_value("L-1", "child.full_name", CANARY)
    session.close()
    return session.workbook.path


def _reopen(workbook: Path, mini_form: FormDefinition) -> None:
    """The next open, as the command line makes it (with the day's backup step)."""
    open_workbook(workbook, PASSPHRASE, mini_form, today=lambda: TODAY).close()


# -- unfinished backups ------------------------------------------------------------------------
def test_unfinished_backups_left_by_kills_are_removed_by_the_next_backup_and_the_next_open(
    session: WorkbookSession, mini_form: FormDefinition
) -> None:
    workbook = _closed_with_a_case(session)
    _killed_at("backup flushed", workbook, "backup", "manual")
    (left,) = _hidden(paths.backups_dir())
    assert left.endswith("-manual.hsbdesk-backup.partial")
    assert (paths.backups_dir() / left).stat().st_size > 4096 * 4  # the whole copy, megabytes on a real one
    _killed_at("backup flushed", workbook, "backup", "before-import")
    assert len(_hidden(paths.backups_dir())) == 1  # the second backup removed the first one's
    assert backups_for(workbook) == []
    _reopen(workbook, mini_form)
    assert _hidden(paths.backups_dir()) == []
    assert [b.reason for b in backups_for(workbook)] == ["daily"]  # and the day's backup was made


def test_the_window_s_day_backup_removes_them_as_it_starts_even_when_none_is_due(session: WorkbookSession) -> None:
    from hsb_desk.app.workbooks import finish_opening

    backup_now(session)  # today's: no copy is due, so nothing else writes into the folder
    left = paths.backups_dir() / ".cases-0123456789abcdef-20261121T090000Z-daily.hsbdesk-backup.partial"
    left.write_bytes(b"\x8f" * 8192)
    left.chmod(0o600)
    session.prepare_daily_backup(PASSPHRASE)
    future = finish_opening(session)
    assert future is not None and future.result(30) is None
    assert not left.exists()


# -- a restore cut short -----------------------------------------------------------------------
def test_a_restore_killed_after_its_copy_leaves_a_file_the_next_open_removes(
    session: WorkbookSession, mini_form: FormDefinition
) -> None:
    session.create_case("K-1")
    made = backup_now(session)
    workbook = _closed_with_a_case(session)
    before = workbook.read_bytes()
    _killed_at("restore copied", workbook, "restore", str(made.path))
    assert _hidden(workbook.parent) == [".cases.hsbdesk.restoring"]
    assert workbook.read_bytes() == before  # the swap never happened
    _reopen(workbook, mini_form)
    assert _hidden(workbook.parent) == []


# -- a JSON export cut short: case content in plain text ---------------------------------------
@pytest.fixture
def killed_export(session: WorkbookSession, tmp_path: Path) -> tuple[Path, Path]:
    """(the workbook, the export folder) after an export killed with its temporary file full."""
    workbook = _closed_with_a_case(session)
    out = tmp_path / "exports"
    out.mkdir()
    _killed_at("export flushed", workbook, "export", str(out))
    (left,) = _hidden(out)
    assert left.endswith(".json.partial") and holds_any((out / left).read_bytes(), [CANARY]) == [CANARY]
    return workbook, out


def test_the_next_export_into_the_folder_removes_a_plain_text_export_left_by_a_kill(
    killed_export: tuple[Path, Path], mini_form: FormDefinition
) -> None:
    workbook, out = killed_export
    session = open_workbook(workbook, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    try:
        export_case_json(session, "L-1", out / "another name.json")
    finally:
        session.close()
    assert _hidden(out) == []


def test_the_next_open_removes_a_plain_text_export_left_by_a_kill(
    killed_export: tuple[Path, Path], mini_form: FormDefinition
) -> None:
    """At once: the export noted where its temporary file was (the ledger), so the next open of
    any workbook finds it, wherever the folder."""
    workbook, out = killed_export
    _reopen(workbook, mini_form)
    assert _hidden(out) == []
    assert list(writes_in_flight().iterdir()) == []


# -- a purge -----------------------------------------------------------------------------------
@pytest.mark.usefixtures("mini_data_dir")
def test_purge_replacing_backups_removes_every_leftover(
    killed_export: tuple[Path, Path],
    mini_form: FormDefinition,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workbook, out = killed_export
    session = open_workbook(workbook, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    session.set_status("L-1", "archived")
    session.close()
    _killed_at("backup flushed", workbook, "backup", "manual")
    made = next(p for p in paths.backups_dir().iterdir() if p.name.endswith(".partial"))
    restoring = workbook.with_name(".cases.hsbdesk.restoring")
    restoring.write_bytes(made.read_bytes())  # as a restore killed after its copy leaves it
    restoring.chmod(0o600)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert (
        main(["purge", str(workbook), "L-1", "--reason", "Retention period ended", "--yes", "--replace-backups"]) == 0
    )
    capsys.readouterr()
    assert _hidden(out) == []
    assert _hidden(workbook.parent) == []
    assert _hidden(paths.backups_dir()) == []
    assert [b.reason for b in backups_for(workbook)] == ["after-purge"]


# -- never what is not abandoned, never what is not ours ---------------------------------------
HOLDER = r"""
import sys
from pathlib import Path
from hsb_desk.atomic_write import replacing
target = Path(sys.argv[1])
with replacing(target) as temp:
    temp.write_bytes(b"a backup being copied")
    print("holding", flush=True)
    sys.stdin.readline()
print("done", flush=True)
"""


def test_a_file_a_live_writer_holds_is_left_alone(session: WorkbookSession) -> None:
    folder = paths.backups_dir()
    folder.mkdir(parents=True)
    target = folder / "cases-0123456789abcdef-20261122T090000Z-daily.hsbdesk-backup"
    child = start_child(HOLDER, str(target))
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline() == "holding\n"
        assert remove_crash_leftovers(session.workbook.path) == 0
        assert partial_path(target).exists()  # another window's copy, under way
        with replacing(folder / "other.hsbdesk-backup") as temp:  # a write beside it sweeps too
            temp.write_bytes(b"x")
        assert partial_path(target).exists()
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline() == "done\n"
    finally:
        child.communicate(timeout=30)
    assert target.read_bytes() == b"a backup being copied"
    with replacing(folder / "mine.hsbdesk-backup") as temp:  # in this process too
        temp.write_bytes(b"y")
        assert remove_crash_leftovers(session.workbook.path) == 0
        assert temp.exists()


def test_files_that_only_look_like_leftovers_are_never_removed(session: WorkbookSession, tmp_path: Path) -> None:
    folder = session.workbook.path.parent
    keep = tmp_path / "elsewhere"
    keep.mkdir()
    precious = keep / "report.docx"
    precious.write_bytes(b"someone else's")
    precious.chmod(0o600)  # as private as a temporary file of ours: only the link tells it apart
    (folder / ".linked.docx.partial").symlink_to(precious)  # a link: never followed
    shared = folder / ".shared.json.partial"
    shared.write_bytes(b"readable by others: not one HSB Desk made")
    shared.chmod(0o644)
    other = folder / ".notes.txt.partial"
    other.write_bytes(b"another program's")  # not a kind HSB Desk writes
    other.chmod(0o600)
    (folder / ".folder.docx.partial").mkdir()
    ledger = writes_in_flight()
    ledger.mkdir(parents=True)
    (ledger / "0000000000000000.write").write_bytes(os.fsencode(str(precious)))  # not a temporary file
    (ledger / "1111111111111111.write").write_bytes(b"\xff\x00 garbage")
    before, kept = files_in(folder), files_in(keep)
    assert remove_crash_leftovers(session.workbook.path) == 0
    assert files_in(folder) == before and files_in(keep) == kept
    assert (folder / ".folder.docx.partial").is_dir()
    assert list(ledger.iterdir()) == []  # the notes themselves are HSB Desk's own: cleared


def test_purge_removes_leftovers_even_without_replacing_backups(session: WorkbookSession) -> None:
    session.create_case("L-1")
    session.set_value("L-1", "child.full_name", CANARY)
    session.set_status("L-1", "archived")
    folder = paths.backups_dir()
    folder.mkdir(parents=True)
    left = folder / ".cases-0123456789abcdef-20261121T090000Z-daily.hsbdesk-backup.partial"
    left.write_bytes(b"\x8f" * 8192)
    left.chmod(0o600)
    purge_case(session, "L-1", "Retention period ended")
    assert not left.exists()
