"""The window commands say which system packages are missing, in one line, before Qt is loaded;
every command whose reader goes away (``| head -1``) ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hsb_desk.cli.main import OUTPUT_CLOSED

LINE = "HSB Desk needs these system packages for its window: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"

# As on a fresh Debian machine: every library is there but these two (the lookup is patched, so
# the test does not depend on what this machine has).
WINDOW_SCRIPT = """
import sys
from pathlib import Path
from hsb_desk.app import display_check

absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
display_check.library_finder = lambda cache=None, environ=None: (lambda soname: soname not in absent)
display_check.DEBIAN_MARKER = Path(sys.argv[1])
from hsb_desk.cli.main import main

code = main(sys.argv[2:])
print(code, "PySide6" in sys.modules, "hsb_desk.app.demo" in sys.modules)
"""


@pytest.mark.parametrize("command", [["open", "cases.hsbdesk"], ["demo", "--reset"], []])
def test_a_missing_library_is_one_line_and_exit_2_before_qt(command: list[str], tmp_path: Path) -> None:
    marker = tmp_path / "debian_version"
    marker.write_text("12.11\n")
    env = {key: value for key, value in os.environ.items() if key not in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=":0")
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_SCRIPT, str(marker), *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.stderr == LINE + "\n"
    assert done.stdout.split() == ["2", "False", "False"]  # no Qt, and the demo was not remade


def _closed_pipe() -> int:
    """The write end of a pipe whose reader has already gone, as after ``| head -1``."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    return write_end


def _user_environment(unbuffered: bool = False) -> dict[str, str]:
    """A user's shell has no PYTHONUNBUFFERED: standard output to a pipe is buffered."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    return {**env, "PYTHONUNBUFFERED": "1"} if unbuffered else env


@pytest.mark.usefixtures("mini_data_dir")
@pytest.mark.parametrize(
    ("command", "unbuffered"),
    [
        (["forms"], False),
        (["forms"], True),
        (["forms", "--json"], False),
        (["forms", "--json"], True),
        (["--help"], False),
    ],
)
def test_output_to_a_closed_pipe_ends_quietly(command: list[str], unbuffered: bool) -> None:
    # `forms` fits in the buffer (it fails when flushed at the end) unless unbuffered; `forms
    # --json` is bigger than a pipe holds (it fails as it is printed); `--help` is printed by
    # argparse before any command runs (unbuffered, argparse itself ignores the failed write).
    write_end = _closed_pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hsb_desk.cli.main", *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_user_environment(unbuffered),
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == OUTPUT_CLOSED


@pytest.mark.usefixtures("mini_data_dir")
def test_head_takes_the_first_line_and_the_command_ends_quietly() -> None:
    script = f'"{sys.executable}" -m hsb_desk.cli.main forms --json | head -1; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=_user_environment(), timeout=60, check=False
    )
    assert done.stdout == "{\n"
    assert done.stderr.strip() in ("status 0", f"status {OUTPUT_CLOSED}")  # 0: all was written before head left
