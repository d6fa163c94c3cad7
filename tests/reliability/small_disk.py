"""A disk that fills up, for the tests of what HSB Desk says and keeps when there is no room.

``run_on_small_disk`` runs a Python script in a child process that has a private tmpfs of a
given size mounted over a folder (a user and mount namespace: ``unshare -rm``, no root needed),
so the kernel refuses writes with ENOSPC as a full disk does. Where namespaces are not allowed,
``small_disk_available`` is False and the tests that need one are skipped; the same behaviour is
also tested by injecting the failure (see each test module).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

from reliability_support import child_env

_MOUNT_THEN_RUN = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"'

#: For a script: fill ``folder`` until the disk refuses another byte, leaving ``room`` bytes.
FILL = r"""
def fill(folder, room=0):
    import os, shutil
    with open(os.path.join(folder, "filler"), "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    size = os.path.getsize(os.path.join(folder, "filler"))
    free = shutil.disk_usage(folder).free
    os.truncate(os.path.join(folder, "filler"), max(0, size - max(0, room - free)))
"""


@functools.cache
def small_disk_available() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', "/tmp"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


def run_on_small_disk(
    script: str, folder: Path, size_kib: int, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -c script args`` with ``folder`` a fresh, empty disk of ``size_kib`` KiB."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-u", "-c", FILL + script, *args]
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", _MOUNT_THEN_RUN, "sh", f"{size_kib}k", str(folder), *command],
        capture_output=True,
        text=True,
        timeout=180,
        env=child_env(**env),
    )
