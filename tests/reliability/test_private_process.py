"""Files HSB Desk creates are its user's alone, whatever umask the desktop left (issue 16, item
18), and the process writes no core dump and cannot be read by another process (item 10): each
read back from the file system and from /proc/self in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE

PROBE = r"""
import ctypes, json, os, sys
from pathlib import Path
os.umask(0o022)  # what a desktop session usually leaves: files readable by everyone
from hsb_desk.cli.main import main
folder = Path(sys.argv[1])
workbook = folder / "new folder" / "cases.hsbdesk"
assert main(["init", str(workbook), "--name", "Alex Example"]) == 0
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.app.backups import backup_now
from hsb_desk.app.workbooks import default_form
session = open_workbook(workbook, os.environ["HSB_DESK_PASSPHRASE"], default_form(), daily_backup=False)
session.create_case("C-1")
wal = Path(str(workbook) + "-wal")
modes = {"wal": oct(wal.stat().st_mode & 0o777) if wal.exists() else None}
backup = backup_now(session, reason="manual")
session.close()
save_settings(Settings())
from hsb_desk import paths
for name, path in (("workbook", workbook), ("its folder", workbook.parent), ("backup", backup.path),
                   ("backups folder", backup.path.parent), ("settings", paths.settings_path())):
    modes[name] = oct(path.stat().st_mode & 0o777)
limits = [line for line in Path("/proc/self/limits").read_text().splitlines() if line.startswith("Max core file size")]
libc = ctypes.CDLL(None)
print(json.dumps({"modes": modes, "core": limits[0].split()[4:6], "dumpable": libc.prctl(3, 0, 0, 0, 0)}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and POSIX modes")
def test_every_file_is_private_and_the_process_writes_no_core_dump(tmp_path: Path, mini_data_dir: Path) -> None:
    env = dict(os.environ, HSB_DESK_HOME=str(tmp_path / "home"), HSB_DESK_PASSPHRASE=PASSPHRASE)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    files = ("workbook", "backup", "settings") + (("wal",) if found["modes"]["wal"] else ())
    assert {name: found["modes"][name] for name in files} == {name: oct(0o600) for name in files}
    folders = ("its folder", "backups folder")
    assert {name: found["modes"][name] for name in folders} == {name: oct(0o700) for name in folders}
    assert found["core"] == ["0", "0"]  # soft and hard limit: no core file, and it cannot be raised
    assert found["dumpable"] == 0


WINDOW_PROBE = r"""
import ctypes, json, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from hsb_desk.ui import app as ui_app

libc = ctypes.CDLL(None)
seen = {"before": libc.prctl(3, 0, 0, 0, 0)}

def run_instead_of_the_event_loop(app):
    for _ in range(50):  # the event loop's first second: the window is painted
        app.processEvents()
        time.sleep(0.02)
    seen["after the first frame"] = libc.prctl(3, 0, 0, 0, 0)
    seen["core"] = [line for line in Path("/proc/self/limits").read_text().splitlines()
                    if line.startswith("Max core file size")][0].split()[4:6]
    for widget in QApplication.topLevelWidgets():
        widget.close()
    return 0

QApplication.exec = run_instead_of_the_event_loop
ui_app.launch()
print(json.dumps(seen))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_window_cannot_be_read_by_another_process_once_it_is_on_screen(tmp_path: Path) -> None:
    """The window makes itself undumpable just after its first frame, before a passphrase can
    be typed (ui/app.py); no core dump from the start."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HSB_DESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_PROBE], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found == {"before": 1, "after the first frame": 0, "core": ["0", "0"]}
