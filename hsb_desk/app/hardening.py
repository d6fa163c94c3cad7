"""What the process does before it touches a workbook, so that case content does not leak.

- Every file and folder it creates is its user's alone (umask 077): the workbook and SQLite's
  ``-wal`` and ``-shm`` files beside it, backups, settings, exports, their folders.
- It writes no core dump and cannot be read by another process of the same user (Linux:
  ``RLIMIT_CORE`` 0 and not dumpable). A crash dump of the window would hold whatever case text
  is on screen or still in memory (docs/security.md, "What stays in memory").

Both front ends call ``harden_process`` first: the command line in its ``main``, the window in
``launch``, which makes the process undumpable just after its first frame is painted (no
workbook is open and no passphrase can have been typed before then).
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4  # <linux/prctl.h>


def harden_process(not_dumpable: bool = True) -> None:
    """Private files from here on, and no core dump; unreadable by other processes unless
    ``not_dumpable`` is False (the window makes that call just after its first frame: ctypes
    alone costs about 6 ms of start-up). Safe to call more than once."""
    if os.name == "posix":
        os.umask(0o077)
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not_dumpable and sys.platform.startswith("linux"):
        _not_dumpable()


def _not_dumpable() -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)  # the C library already loaded: no search, no subprocess
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        log.warning("prctl(PR_SET_DUMPABLE) failed (errno %d): core dumps are still off", ctypes.get_errno())
