"""A save that cannot be written (disk full) fails plainly, loses nothing, and a retry succeeds.

The child process lowers RLIMIT_FSIZE (with SIGXFSZ ignored) so that the workbook's files cannot
grow: the kernel then refuses the write with EFBIG, as a full disk refuses it with ENOSPC.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import MINI_FORM_DIR, PASSPHRASE, TODAY
from reliability_support import start_child

from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")

WRITER = r"""
import json, os, resource, signal, sys
from pathlib import Path
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec import load_form

path, form_dir = Path(sys.argv[1]), Path(sys.argv[2])
session = open_workbook(path, os.environ["FULL_PASSPHRASE"], load_form(form_dir), daily_backup=False)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
sizes = [p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()]
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes), hard))  # no file may grow any more
# 144,400 characters (a narrative holds 150,000) but 330,600 bytes, the dashes three each: well
# over the limit however large a new workbook's own file is (172 KB at schema 14).
big = ("new text that does not fit " + "\u2014" * 49) * 1900
report = {}
try:
    session.set_value("F-1", "child.notes", big)
    report["failed"] = False
except BaseException as exc:
    report.update(failed=True, error=f"{type(exc).__module__}.{type(exc).__qualname__}",
                  plain=isinstance(exc, HsbDeskError), message=getattr(exc, "user_message", ""))
report["after_failure"] = session.values("F-1").get("child.notes", "")[:40]
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space returns
session.set_value("F-1", "child.notes", big)
report["retried"] = session.values("F-1")["child.notes"] == big
session.close()
print(json.dumps(report), flush=True)
"""


@pytest.fixture(scope="module")
def full_disk_run(tmp_path_factory: pytest.TempPathFactory, mini_form: FormDefinition) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("full")
    path = folder / "full.hsbdesk"
    session = create_workbook(path, PASSPHRASE, form=mini_form, today=lambda: TODAY)
    session.create_case("F-1")
    session.set_value("F-1", "child.full_name", "Earlier Name")
    session.set_value("F-1", "child.notes", "earlier notes")
    session.close()
    child = start_child(WRITER, str(path), str(MINI_FORM_DIR), FULL_PASSPHRASE=PASSPHRASE, HSB_DESK_HOME=str(folder))
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err[-3000:]
    return path, json.loads(out.strip().splitlines()[-1])


def test_failed_save_keeps_earlier_values_and_retry_succeeds(
    full_disk_run: tuple[Path, dict], mini_form: FormDefinition
) -> None:
    path, report = full_disk_run
    assert report["failed"], "the size limit did not stop the write"
    assert report["after_failure"] == "earlier notes"
    assert report["retried"]
    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    problems, audit = session.check()
    assert problems == [] and audit.ok
    values = session.values("F-1")
    assert values["child.full_name"] == "Earlier Name"
    assert values["child.notes"].startswith("new text that does not fit")
    session.close()


def test_failed_save_raises_a_plain_error(full_disk_run: tuple[Path, dict]) -> None:
    _, report = full_disk_run
    assert report["plain"], report["error"]
    assert report["message"]
