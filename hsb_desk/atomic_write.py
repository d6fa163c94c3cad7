"""Writing a file whole or not at all: the one way HSB Desk replaces a file on disk.

The new content goes to a temporary file beside the target (same folder, so same file system),
which is flushed to disk and then renamed over the target in one step; the folder is flushed
too, so the rename survives a power cut. Until the rename the old file is untouched; on any
failure the temporary file is removed. Private files are owner-only (0600) from their creation,
before any byte is written.

Below every layer (it imports nothing of HSB Desk): the store's backups and the app's exports
and settings use it alike. Failures are raised as ``OSError``; each caller says what failed in
its own words (``ExportFailed``, ``BackupFailed``, ...).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600  # owner only: case content, even encrypted
ORDINARY = 0o666  # what open() uses: the user's umask decides (settings)


def partial_path(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place: hidden, beside it."""
    return path.with_name(f".{path.name}.partial")


@contextlib.contextmanager
def replacing(path: Path, *, mode: int = PRIVATE, temp: Path | None = None) -> Iterator[Path]:
    """Give a new, empty file beside ``path`` (``temp``, by default ``partial_path(path)``) to
    fill. When the block ends normally the file is flushed to disk and renamed over ``path``, and
    the folder is flushed; when it raises, the file is removed and ``path`` is as it was.

    For content another program writes (SQLite's backup copy) or that is checked before it
    counts; plain bytes or a writer go through ``write_atomically``.
    """
    temp = temp if temp is not None else partial_path(path)
    temp.unlink(missing_ok=True)  # left by a crash: never reused, it may have other permissions
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    try:
        yield temp
        fsync_file(temp)
        os.replace(temp, path)
        fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, content: bytes | Callable[[BinaryIO], object], *, mode: int = PRIVATE) -> None:
    """Replace ``path`` with ``content``: bytes, or a writer given the open file (for output
    streamed in parts). Raises ``OSError`` with ``path`` untouched and no temporary file left."""
    with replacing(path, mode=mode) as temp, temp.open("wb") as handle:
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
