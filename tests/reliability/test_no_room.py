"""No room on the disk, and a passphrase change the disk refuses (issue 16, items 1, 8, 17).

A full disk is said as a full disk, never as a wrong passphrase, and costs no unlock wait. A
passphrase change is proven before it is reported or audited: a fresh connection opens with the
new passphrase and not with the old. The real cases run on a small disk the test makes
(``small_disk.py``); where that is not allowed, the same paths run with the failure injected.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from conftest import MINI_FORM_DIR, PASSPHRASE, TODAY, files_in
from reliability_support import child_env
from small_disk import run_on_small_disk, small_disk_available
from ui.ui_support import FakePrompts, add_window, make_window, unlock

from hsb_desk.app import attempts
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import DiskFull, ForeignJournal, PassphraseNotChanged, WorkbookUnreadable, WrongPassphrase
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import connection

NEW_PASSPHRASE = "a new long passphrase for the year 2027"
needs_small_disk = pytest.mark.skipif(not small_disk_available(), reason="no user namespaces to mount a small disk")


def _workbook(path: Path, form: FormDefinition, notes: str = "notes kept through it all") -> Path:
    session = create_workbook(path, PASSPHRASE, form=form, today=lambda: TODAY)
    session.create_case("D-1")
    session.set_value("D-1", "child.full_name", "Robin Roomless")
    session.set_value("D-1", "child.notes", notes)
    session.close()
    return path


def _open(path: Path, form: FormDefinition, passphrase: str = PASSPHRASE) -> Any:
    return open_workbook(path, passphrase, form, today=lambda: TODAY, daily_backup=False)


def _workbook_files(path: Path) -> list[bytes]:
    """The workbook and its -wal (the -shm is SQLite's index of the -wal, rebuilt by any reader)."""
    return [Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal")]


def _actions(path: Path, form: FormDefinition, passphrase: str) -> list[str]:
    session = _open(path, form, passphrase)
    try:
        return [e.action for e in session.workbook.audit.entries()]
    finally:
        session.close()


# -- opening on a full disk ------------------------------------------------------------------
OPEN_ON_FULL_DISK = r"""
import json, os, shutil, sys
from pathlib import Path
from hsb_desk.app import attempts
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec import load_form

source, disk, form_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
path = disk / "cases.hsbdesk"
shutil.copy(source, path)
fill(disk)
report = {"free": shutil.disk_usage(disk).free, "tries": []}
for words in [os.environ["RIGHT"]] * 4:
    try:
        open_workbook(path, words, load_form(form_dir), daily_backup=False).close()
        report["tries"].append(["opened", ""])
    except HsbDeskError as exc:
        report["tries"].append([type(exc).__name__, exc.user_message])
report["wait"] = attempts.wait_left(path)
try:
    open_workbook(path, "not the passphrase at all", load_form(form_dir), daily_backup=False)
except HsbDeskError as exc:
    report["wrong"] = type(exc).__name__
os.environ["HSB_DESK_PASSPHRASE"] = os.environ["RIGHT"]
report["cli"] = main(["cases", str(path)])
os.unlink(disk / "filler")  # space returns
session = open_workbook(path, os.environ["RIGHT"], load_form(form_dir), daily_backup=False)
report["after"] = session.values("D-1")
report["check"] = session.check()[0] == [] and session.check()[1].ok
session.close()
print(json.dumps(report))
"""


@needs_small_disk
def test_a_full_disk_at_open_says_the_disk_is_full_and_costs_no_wait(tmp_path: Path, mini_form: FormDefinition) -> None:
    source = _workbook(tmp_path / "source.hsbdesk", mini_form)
    done = run_on_small_disk(
        OPEN_ON_FULL_DISK, tmp_path / "disk", 1024, str(source), str(tmp_path / "disk"), str(MINI_FORM_DIR),
        RIGHT=PASSPHRASE, HSB_DESK_HOME=str(tmp_path / "home"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["free"] == 0
    assert {name for name, _ in report["tries"]} == {"DiskFull"}, report["tries"]
    assert all("disk that holds this workbook is full" in message for _, message in report["tries"])
    assert report["wait"] == 0  # four refusals, none counted as a wrong passphrase
    assert report["wrong"] == "WrongPassphrase"  # SQLCipher still tells a wrong one on a full disk
    assert report["cli"] == DiskFull.exit_code
    assert "is full" in done.stderr and "passphrase is not correct" not in done.stderr
    assert report["after"]["child.notes"] == "notes kept through it all" and report["check"]


class _RefusingDisk:
    """Injected where no small disk can be mounted: every connection SQLCipher opens reads as a
    disk that refuses its writes does (SQLite's "disk I/O error" when it makes its -shm file)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, free: int) -> None:
        real = sqlcipher3.connect

        def refusing(*args: Any, **kwargs: Any) -> Any:
            conn = real(*args, **kwargs)
            conn.close()
            error = sqlcipher3.OperationalError("disk I/O error")
            error.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE
            raise error

        monkeypatch.setattr(connection.sqlcipher3, "connect", refusing)
        monkeypatch.setattr(connection, "disk_free", lambda _path: free)


def test_a_refused_write_at_open_is_not_a_wrong_passphrase(
    workbook_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workbook(workbook_path, mini_form)
    before = files_in(workbook_path.parent)
    with monkeypatch.context() as patched:
        _RefusingDisk(patched, free=10**9)
        with pytest.raises(WorkbookUnreadable):
            _open(workbook_path, mini_form)
    with monkeypatch.context() as patched:
        _RefusingDisk(patched, free=0)
        for _ in range(4):
            with pytest.raises(DiskFull):
                _open(workbook_path, mini_form)
    assert attempts.wait_left(workbook_path) == 0
    assert files_in(workbook_path.parent) == before
    with pytest.raises(WrongPassphrase):  # and a wrong passphrase is still said as one
        _open(workbook_path, mini_form, "not the passphrase at all")
    assert _open(workbook_path, mini_form).values("D-1")["child.full_name"] == "Robin Roomless"


def test_the_window_says_the_disk_is_full_and_waits_for_nothing(
    qtbot: Any, workbook_path: Path, mini_form: FormDefinition, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workbook(workbook_path, mini_form)
    window = make_window(mini_form, workbook_path, prompts)
    add_window(qtbot, window)
    window.show()
    with monkeypatch.context() as patched:
        _RefusingDisk(patched, free=0)
        for attempt in range(1, 5):
            window.unlock_view.passphrase.setText(PASSPHRASE)
            window.unlock_view.unlock_button.click()
            qtbot.waitUntil(lambda a=attempt: window.unlock_view.failures == a)
            assert "is full" in window.unlock_view.message.text()
            assert "Try again in" not in window.unlock_view.message.text()
            assert window.unlock_view.unlock_button.isEnabled()
    unlock(qtbot, window)


# -- changing the passphrase -----------------------------------------------------------------
REKEY_ON_SMALL_DISK = r"""
import json, os, shutil, sys
from pathlib import Path
from hsb_desk.cli.main import main

source, disk = Path(sys.argv[1]), Path(sys.argv[2])
path = disk / "cases.hsbdesk"
shutil.copy(source, path)
fill(disk, room=os.path.getsize(path) // 2)  # less room than the re-encrypted copy needs
os.environ["HSB_DESK_PASSPHRASE"] = os.environ["RIGHT"]
os.environ["HSB_DESK_NEW_PASSPHRASE"] = os.environ["NEW"]
code = main(["rekey", str(path)])
os.unlink(disk / "filler")
shutil.copy(path, sys.argv[3])
print(json.dumps({"code": code}))
"""


@needs_small_disk
def test_rekey_on_a_nearly_full_disk_says_how_much_room_it_needs_and_changes_nothing(
    tmp_path: Path, mini_form: FormDefinition
) -> None:
    source = _workbook(tmp_path / "source.hsbdesk", mini_form, notes="long notes " * 12_000)
    after = tmp_path / "after.hsbdesk"
    done = run_on_small_disk(
        REKEY_ON_SMALL_DISK, tmp_path / "disk", 2048, str(source), str(tmp_path / "disk"), str(after),
        RIGHT=PASSPHRASE, NEW=NEW_PASSPHRASE, HSB_DESK_HOME=str(tmp_path / "home"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1])["code"] == DiskFull.exit_code
    assert "Changing the passphrase needs about" in done.stderr and "MB is free" in done.stderr
    assert "was changed" not in done.stdout
    with pytest.raises(WrongPassphrase):
        _open(after, mini_form, NEW_PASSPHRASE)
    assert "passphrase changed" not in _actions(after, mini_form, PASSPHRASE)


REKEY_REFUSED_BY_THE_DISK = r"""
import json, os, resource, signal, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec import load_form

path = Path(sys.argv[1])
session = open_workbook(path, os.environ["RIGHT"], load_form(Path(sys.argv[2])), daily_backup=False)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
report = {}
try:
    resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size // 2, hard))  # no file grows past this
    session.workbook.rekey(os.environ["NEW"], "tester", os.environ["RIGHT"])
    report["error"] = None
except HsbDeskError as exc:
    report["error"], report["message"] = type(exc).__name__, exc.user_message
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
session.set_value("D-1", "child.notes", "written after the refused change")  # the session still works
report["notes"] = session.values("D-1")["child.notes"]
session.close()
print(json.dumps(report))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_rekey_the_disk_refuses_is_reported_and_the_workbook_keeps_its_passphrase(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    """SQLCipher reports nothing when the re-encrypted pages cannot be written: the proof does."""
    _workbook(workbook_path, mini_form, notes="long notes " * 12_000)
    done = subprocess.run(
        [sys.executable, "-c", REKEY_REFUSED_BY_THE_DISK, str(workbook_path), str(MINI_FORM_DIR)],
        env=child_env(RIGHT=PASSPHRASE, NEW=NEW_PASSPHRASE, HSB_DESK_HOME=str(workbook_path.parent / "home")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["error"] == PassphraseNotChanged.__name__, report
    assert "still opens with its current passphrase" in report["message"]
    assert report["notes"] == "written after the refused change"
    with pytest.raises(WrongPassphrase):
        _open(workbook_path, mini_form, NEW_PASSPHRASE)
    assert "passphrase changed" not in _actions(workbook_path, mini_form, PASSPHRASE)
    session = _open(workbook_path, mini_form)
    assert session.check()[0] == [] and session.check()[1].ok
    session.close()


REKEY_KILLED_AFTER_ITS_COMMIT = r"""
import os, signal, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import load_form
from hsb_desk.store.workbook import Workbook

calls = []
real = Workbook._fold_journal
def fold_then_die(self):
    calls.append(1)
    if len(calls) == 2:  # the re-encrypted pages are committed, still in the -wal: stop here
        os.kill(os.getpid(), signal.SIGKILL)
    real(self)
Workbook._fold_journal = fold_then_die
session = open_workbook(Path(sys.argv[1]), os.environ["RIGHT"], load_form(Path(sys.argv[2])), daily_backup=False)
session.workbook.rekey(os.environ["NEW"], "tester", os.environ["RIGHT"])
"""


def test_a_rekey_killed_after_its_commit_opens_with_the_new_passphrase_and_says_so(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    _workbook(workbook_path, mini_form)
    done = subprocess.run(
        [sys.executable, "-c", REKEY_KILLED_AFTER_ITS_COMMIT, str(workbook_path), str(MINI_FORM_DIR)],
        env=child_env(RIGHT=PASSPHRASE, NEW=NEW_PASSPHRASE, HSB_DESK_HOME=str(workbook_path.parent / "home")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-3000:]
    assert os.path.getsize(f"{workbook_path}-wal") > 0
    before = _workbook_files(workbook_path)
    with pytest.raises(ForeignJournal) as old:
        _open(workbook_path, mini_form, PASSPHRASE)
    assert "open it with the new passphrase" in old.value.user_message
    assert _workbook_files(workbook_path) == before  # the refusal wrote nothing
    session = _open(workbook_path, mini_form, NEW_PASSPHRASE)
    problems, audit = session.check()
    assert problems == [] and audit.ok
    assert session.values("D-1")["child.notes"] == "notes kept through it all"
    assert [e.action for e in session.workbook.audit.entries()][-1] == "passphrase changed"
    session.close()


def test_rekey_reports_success_only_when_the_new_passphrase_opens_and_the_old_does_not(
    workbook_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _workbook(workbook_path, mini_form)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HSB_DESK_NEW_PASSPHRASE", NEW_PASSPHRASE)
    assert main(["rekey", str(workbook_path)]) == 0
    assert "The old one no longer opens this workbook" in capsys.readouterr().out
    with pytest.raises(WrongPassphrase):
        _open(workbook_path, mini_form, PASSPHRASE)
    assert _actions(workbook_path, mini_form, NEW_PASSPHRASE)[-1] == "passphrase changed"
