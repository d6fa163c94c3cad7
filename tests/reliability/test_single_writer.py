"""One writer per workbook: a second open is refused plainly, and a crashed holder's lock goes
away with its process."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from conftest import MINI_FORM_DIR, PASSPHRASE, TODAY
from reliability_support import start_child

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import WorkbookLocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.lock import lock_path_for

HOLDER = r"""
import os, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import load_form
session = open_workbook(Path(sys.argv[1]), os.environ["LOCK_PASSPHRASE"], load_form(Path(sys.argv[2])))
print("holding", flush=True)
sys.stdin.readline()  # hold the workbook until told (or killed)
"""
MESSAGE = "This workbook is already open in another HSB Desk window."


def test_second_open_in_the_same_process_is_refused(
    session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition
) -> None:
    with pytest.raises(WorkbookLocked) as raised:
        open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert raised.value.user_message == MESSAGE
    session.create_case("L-1")  # the first session is untouched and still works
    session.close()
    open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY).close()


def test_lock_file_holds_nothing_and_is_removed_on_close(session: WorkbookSession, workbook_path: Path) -> None:
    lock = lock_path_for(workbook_path)
    assert lock.exists() and lock.read_bytes() == b""
    session.close()
    assert not lock.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_other_process_is_refused_until_the_holder_is_killed(
    session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition, tmp_path: Path
) -> None:
    session.close()
    holder = start_child(
        HOLDER, str(workbook_path), str(MINI_FORM_DIR), LOCK_PASSPHRASE=PASSPHRASE, HSB_DESK_HOME=str(tmp_path / "h")
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "holding\n", holder.communicate()[1][-2000:]
    with pytest.raises(WorkbookLocked) as raised:
        open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert raised.value.user_message == MESSAGE
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    assert lock_path_for(workbook_path).exists()  # left behind by the crash, and harmless
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    reopened.create_case("after-crash")
    reopened.close()
