"""Single writer: one HSB Desk process (or window) has a workbook open at a time.

The lock is an operating-system advisory lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on ``<workbook>.lock`` beside the workbook, named after the file's real path (so a
symbolic link shares it). The operating system drops it when the holding process ends, however
it ends, so a crash or a pulled battery never leaves a workbook that cannot be opened.
The lock file holds nothing: no case content, not even a process id.

``flock`` locks belong to an open file, so a second window in the same process is refused too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from hsb_desk.errors import LockUnavailable, WorkbookLocked

LOCK_SUFFIX = ".lock"


def lock_path_for(workbook_path: Path) -> Path:
    """Beside the file itself: a symbolic link to the workbook shares its lock, and a hard link
    (a second name) is refused at open (``store.connection.refuse_other_names``)."""
    return Path(f"{os.path.realpath(workbook_path)}{LOCK_SUFFIX}")


class WorkbookLock:
    """A held lock. ``release`` is idempotent; the OS releases it anyway when the process ends."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Remove the file while still holding the lock, so a waiting opener that already has the
        # old file open notices (its inode check fails) and retries on a fresh file.
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(fd)
        os.close(fd)


# The locks this process holds, by workbook, so that closing a session releases its lock.
# Process-wide by nature: the operating system keeps the locks per process too.
_HELD: dict[str, WorkbookLock] = {}


def hold_lock(workbook_path: Path) -> WorkbookLock:
    """Acquire the workbook's lock and remember it until ``release_held_lock``."""
    lock = acquire_lock(workbook_path)
    _HELD[_key(workbook_path)] = lock
    return lock


def release_held_lock(workbook_path: Path) -> None:
    lock = _HELD.pop(_key(workbook_path), None)
    if lock is not None:
        lock.release()


def _key(workbook_path: Path) -> str:
    return os.path.realpath(workbook_path)


def acquire_lock(workbook_path: Path) -> WorkbookLock:
    """Take the workbook's lock or raise ``WorkbookLocked`` at once (never waits)."""
    path = lock_path_for(workbook_path)
    for _ in range(10):  # only races with a releasing holder repeat this loop
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise LockUnavailable() from exc
        if not _try_lock(fd):
            os.close(fd)
            raise WorkbookLocked()
        if _same_file(fd, path):
            return WorkbookLock(path, fd)
        _unlock(fd)  # the holder removed this file as we opened it: try the new one
        os.close(fd)
    raise WorkbookLocked()


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:  # e.g. a network share without locking
            raise LockUnavailable() from exc
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
