"""Writing a file whole or not at all: the one way HSB Desk replaces a file on disk.

The new content goes to a temporary file beside the target (same folder, so same file system),
which is flushed to disk and then renamed over the target in one step; the folder is flushed
too, so the rename survives a power cut. Until the rename the old file is untouched; on any
failure the temporary file is removed. Private files are owner-only (0600) from their creation,
before any byte is written.

**Files a crash leaves.** A write cut short by a crash (a kill, a power cut) leaves its
temporary file, ``.<name>.partial`` beside the target: for an export that is case content in
plain text. So a writer holds a lock on its temporary file for as long as the file exists
(``flock``; the operating system drops it when the process dies, however it dies), and
``remove_left_partials`` deletes the temporary files in a folder that no live writer holds.
Every write first sweeps its own folder. A write given a ``ledger`` (a private folder of the
user's) also notes there where its temporary file is, before creating it, so that a file left
in a folder HSB Desk does not otherwise know can be found and removed (``clear_ledger``).

Below every layer (it imports nothing of HSB Desk): the store's backups and the app's exports
and settings use it alike. Failures are raised as ``OSError``; each caller says what failed in
its own words (``ExportFailed``, ``BackupFailed``, ...).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600  # owner only: case content, even encrypted
ORDINARY = 0o666  # what open() uses: the user's umask decides (settings)
PARTIAL = ".partial"
RESTORING = ".restoring"  # the temporary name of a workbook being restored (store/backup.py)
# What HSB Desk writes: a sweep of a folder removes only temporary files of these kinds.
WRITTEN_KINDS = (".hsbdesk", ".hsbdesk-backup", ".docx", ".json", ".hsbx")
# Where a lock cannot tell a live writer (Windows; a share without flock), a temporary file
# is taken as abandoned only once untouched this long (seconds).
STALE_AFTER = 600.0
NOTE = ".write"  # a ledger entry


def partial_path(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place: hidden, beside it."""
    return path.with_name(f".{path.name}{PARTIAL}")


def is_partial_name(name: str, kinds: tuple[str, ...] | None = WRITTEN_KINDS) -> bool:
    """Whether ``name`` is that of a temporary file HSB Desk writes (``kinds=None``: any target)."""
    for end in (PARTIAL, RESTORING):
        if name.startswith(".") and name.endswith(end) and len(name) > len(end) + 1:
            return kinds is None or name[1 : -len(end)].lower().endswith(kinds)
    return False


@contextlib.contextmanager
def replacing(
    path: Path, *, mode: int = PRIVATE, temp: Path | None = None, ledger: Path | None = None
) -> Iterator[Path]:
    """Give a new, empty file beside ``path`` (``temp``, by default ``partial_path(path)``) to
    fill. When the block ends normally the file is flushed to disk and renamed over ``path``, and
    the folder is flushed; when it raises, the file is removed and ``path`` is as it was.

    For content another program writes (SQLite's backup copy) or that is checked before it
    counts; plain bytes or a writer go through ``write_atomically``. ``ledger``: see the module.
    """
    temp = temp if temp is not None else partial_path(path)
    remove_left_partials(path.parent)
    # One left by a crash is never reused: it may have other permissions.
    _remove_if_abandoned(temp, any_owner=True)
    note = _Note.make(ledger, temp) if ledger is not None else None
    try:
        held = _create_held(temp, mode)
        try:
            yield temp
            fsync_file(temp)
            held.close_before_rename()
            os.replace(temp, path)
            fsync_folder(path.parent)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            raise
        finally:
            held.close()
    finally:
        if note is not None:
            note.remove(unless_left=temp)


def write_atomically(
    path: Path, content: bytes | Callable[[BinaryIO], object], *, mode: int = PRIVATE, ledger: Path | None = None
) -> None:
    """Replace ``path`` with ``content``: bytes, or a writer given the open file (for output
    streamed in parts). Raises ``OSError`` with ``path`` untouched and no temporary file left."""
    with replacing(path, mode=mode, ledger=ledger) as temp, temp.open("wb") as handle:
        if callable(content):
            content(handle)
        else:
            handle.write(content)


def fsync_file(path: Path) -> None:
    """Flush what has been written to ``path`` (by any handle, or another program) to disk."""
    # Opened for writing: Windows flushes a file only through a handle that may write to it.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows journals renames itself and cannot
    open a folder for flushing."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- files a crash leaves ----------------------------------------------------------------------
def remove_left_partials(folder: Path, kinds: tuple[str, ...] = WRITTEN_KINDS) -> list[Path]:
    """Delete the temporary files of HSB Desk's writes in ``folder`` that no live writer holds,
    and return them. Only owner-only files of the user's own are touched; never raises."""
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries if is_partial_name(entry.name, kinds)]
    except OSError:
        return []
    return [folder / name for name in names if _remove_if_abandoned(folder / name)]


def clear_ledger(ledger: Path) -> list[Path]:
    """Delete every temporary file noted in ``ledger`` whose writer has gone, with its note, and
    return the files deleted. Never raises."""
    try:
        with os.scandir(ledger) as entries:
            notes = [ledger / entry.name for entry in entries if entry.name.endswith(NOTE)]
    except OSError:
        return []
    removed: list[Path] = []
    for note in notes:
        with contextlib.suppress(OSError):
            target = _Note.abandoned_target(note)
            if target is None:
                continue  # its write is still going on
            if is_partial_name(target.name, None) and target.is_absolute():
                if _remove_if_abandoned(target):
                    removed.append(target)
                if os.path.lexists(target):
                    continue  # not removed: keep the note, so a later sweep tries again
            note.unlink(missing_ok=True)
    return removed


def _remove_if_abandoned(path: Path, any_owner: bool = False) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # gone, a symbolic link, not ours to read
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not (any_owner or _made_by_us(info)):
            return False
        locked = _lock(fd, wait=False)
        if locked is False:
            return False  # a live writer holds it
        if locked is None and not any_owner and time.time() - info.st_mtime < STALE_AFTER:
            return False  # cannot tell, and recently written: perhaps still being written
        if not _same_file(fd, path):
            return False
        if sys.platform == "win32":
            os.close(fd)  # Windows deletes no file that is open; a writer's handle refuses it too
            fd = -1
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        if fd >= 0:
            os.close(fd)


def _made_by_us(info: os.stat_result) -> bool:
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


class _Held:
    """A temporary file's descriptor, locked for as long as the file exists (POSIX)."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def close_before_rename(self) -> None:
        if sys.platform == "win32":
            self.close()  # Windows renames no file that is open

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)


def _create_held(temp: Path, mode: int) -> _Held:
    for _ in range(5):  # only a sweep removing the new file before it was locked repeats this
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        if _lock(fd, wait=True) is None or _same_file(fd, temp):
            return _Held(fd)
        os.close(fd)
    raise OSError(0, "the temporary file was removed as it was made")


if sys.platform == "win32":

    def _lock(fd: int, wait: bool) -> bool | None:
        """None: no lock to tell a live writer by (an open file cannot be deleted here)."""
        return None

else:
    import fcntl

    def _lock(fd: int, wait: bool) -> bool | None:
        """True once locked; False when another holds it; None when the file system has no
        ``flock``."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return None
        return True


class _Note:
    """One write's entry in a ledger: the path of its temporary file, noted (and flushed) before
    the file is made, and locked while the write goes on."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd: int | None = fd

    @classmethod
    def make(cls, ledger: Path, temp: Path) -> _Note:
        ledger.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = ledger / f"{secrets.token_hex(8)}{NOTE}"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE)
        try:
            _lock(fd, wait=True)
            os.write(fd, os.fsencode(os.path.abspath(temp)))
            os.fsync(fd)
            fsync_folder(ledger)
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        return cls(path, fd)

    def remove(self, unless_left: Path) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)
        if not os.path.lexists(unless_left):  # a file that could not be removed stays noted
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)

    @staticmethod
    def abandoned_target(note: Path) -> Path | None:
        """The temporary file a note names, once no live write holds the note (else None)."""
        fd = os.open(note, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            locked = _lock(fd, wait=False)
            if locked is False or (locked is None and time.time() - os.fstat(fd).st_mtime < STALE_AFTER):
                return None
            return Path(os.fsdecode(os.read(fd, 8192)))
        finally:
            os.close(fd)
