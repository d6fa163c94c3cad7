"""Files beside or behind a workbook that are not its own: another workbook's ``-wal``, a
symbolic link, a hard link. Each is refused plainly and leaves every file as it was (issue 16,
items 2 and 3)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, files_in

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import ForeignJournal, WorkbookHasOtherNames, WorkbookLocked, WrongPassphrase
from hsb_desk.formspec import FormDefinition

OTHER_PASSPHRASE = "another workbook entirely 42"


def _open(path: Path, form: FormDefinition, passphrase: str = PASSPHRASE) -> WorkbookSession:
    return open_workbook(path, passphrase, form, today=lambda: TODAY, daily_backup=False)


def _workbook(path: Path, form: FormDefinition, reference: str, name: str, passphrase: str = PASSPHRASE) -> None:
    session = create_workbook(path, passphrase, form=form, today=lambda: TODAY)
    session.create_case(reference)
    session.set_value(reference, "child.full_name", name)
    session.close()


def _with_journal(path: Path, form: FormDefinition, passphrase: str, folder: Path) -> None:
    """Copy what ``path`` holds in its -wal (and -shm) to ``folder``, as a crash would leave them."""
    session = _open(path, form, passphrase)
    session.workbook.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(20):
        session.set_value("B-1", "child.notes", f"the other workbook's notes, save {n}")
    for suffix in ("-wal", "-shm"):
        shutil.copy(f"{path}{suffix}", folder / f"journal{suffix}")
    session.close()


@pytest.mark.parametrize("with_shm", [False, True], ids=["wal", "wal-and-shm"])
def test_another_workbooks_wal_is_refused_and_both_files_are_kept(
    tmp_path: Path, mini_form: FormDefinition, with_shm: bool
) -> None:
    mine, theirs = tmp_path / "mine" / "cases.hsbdesk", tmp_path / "theirs" / "cases.hsbdesk"
    mine.parent.mkdir()
    theirs.parent.mkdir()
    _workbook(mine, mini_form, "A-1", "Robin Mine")
    _workbook(theirs, mini_form, "B-1", "Sam Theirs", OTHER_PASSPHRASE)
    _with_journal(theirs, mini_form, OTHER_PASSPHRASE, tmp_path)
    shutil.copy(tmp_path / "journal-wal", f"{mine}-wal")
    if with_shm:
        shutil.copy(tmp_path / "journal-shm", f"{mine}-shm")
    before = files_in(mine.parent)

    with pytest.raises(ForeignJournal) as raised:
        _open(mine, mini_form)
    assert "cases.hsbdesk-wal" in raised.value.user_message and "not opened" in raised.value.user_message
    after = files_in(mine.parent)
    for name in ("cases.hsbdesk", "cases.hsbdesk-wal"):
        assert after[name] == before[name], f"{name} was changed"
    with pytest.raises(ForeignJournal):  # and again: the refusal itself changed nothing
        _open(mine, mini_form)

    Path(f"{mine}-wal").rename(tmp_path / "moved-aside-wal")
    Path(f"{mine}-shm").unlink(missing_ok=True)
    session = _open(mine, mini_form)
    assert [c.reference for c in session.list_cases()] == ["A-1"]
    assert session.values("A-1")["child.full_name"] == "Robin Mine"
    assert session.check()[0] == [] and session.check()[1].ok
    session.close()


CRASH_AFTER_SAVES = r"""
import os, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import load_form
session = open_workbook(Path(sys.argv[1]), os.environ["CHILD_PASSPHRASE"], load_form(Path(sys.argv[2])),
                        daily_backup=False)
session.workbook.conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(30):
    session.set_value("A-1", "child.notes", f"saved before the crash {n}")
print("saved", flush=True)
os._exit(9)  # as a pulled battery: no checkpoint, no close
"""


def _crash_after_saves(path: Path) -> None:
    from conftest import MINI_FORM_DIR
    from reliability_support import child_env

    done = subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_SAVES, str(path), str(MINI_FORM_DIR)],
        env=child_env(CHILD_PASSPHRASE=PASSPHRASE),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "saved", done.stderr[-2000:]
    assert Path(f"{path}-wal").stat().st_size > 0


def test_the_workbooks_own_wal_after_a_crash_opens_with_every_save(
    workbook_path: Path, mini_form: FormDefinition
) -> None:
    _workbook(workbook_path, mini_form, "A-1", "Robin Mine")
    _crash_after_saves(workbook_path)
    before = files_in(workbook_path.parent)
    with pytest.raises(WrongPassphrase):
        _open(workbook_path, mini_form, "not the passphrase at all 7")
    after = files_in(workbook_path.parent)
    for name in ("cases.hsbdesk", "cases.hsbdesk-wal"):
        assert after[name] == before[name], f"a wrong passphrase changed {name}"

    session = _open(workbook_path, mini_form)
    assert session.values("A-1")["child.notes"] == "saved before the crash 29"
    problems, audit = session.check()
    assert problems == [] and audit.ok
    session.close()


def test_a_symbolic_link_shares_the_workbooks_lock(
    workbook_path: Path,
    tmp_path: Path,
    mini_form: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _workbook(workbook_path, mini_form, "A-1", "Robin Mine")
    elsewhere = tmp_path / "shortcut"
    elsewhere.mkdir()
    link = elsewhere / "linked.hsbdesk"
    link.symlink_to(workbook_path)

    session = _open(workbook_path, mini_form)
    with pytest.raises(WorkbookLocked):
        _open(link, mini_form)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["cases", str(link)]) == WorkbookLocked.exit_code
    assert "already open" in capsys.readouterr().err
    session.close()

    through_link = _open(link, mini_form)
    with pytest.raises(WorkbookLocked):
        _open(workbook_path, mini_form)
    assert not list(elsewhere.glob("*.lock")), "the lock belongs beside the file, not the link"
    through_link.close()


def test_a_workbook_with_a_second_name_is_refused_under_either(
    workbook_path: Path, tmp_path: Path, mini_form: FormDefinition
) -> None:
    _workbook(workbook_path, mini_form, "A-1", "Robin Mine")
    second = tmp_path / "second-name.hsbdesk"
    os.link(workbook_path, second)
    before = workbook_path.read_bytes()
    for name in (workbook_path, second):
        with pytest.raises(WorkbookHasOtherNames) as raised:
            _open(name, mini_form)
        assert "hard link" in raised.value.user_message
    assert workbook_path.read_bytes() == before
    assert not Path(f"{workbook_path}-wal").exists() and not Path(f"{second}-wal").exists()

    second.unlink()
    session = _open(workbook_path, mini_form)
    assert session.values("A-1")["child.full_name"] == "Robin Mine"
    session.close()
