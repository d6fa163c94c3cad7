"""Writing the files a user chose to export: owner-only, whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hsb_desk import paths
from hsb_desk.atomic_write import write_atomically
from hsb_desk.errors import ExportFailed


def writes_in_flight() -> Path:
    """The ledger of exports being written, in the user's own folder (``atomic_write``): a write a
    crash cuts short is found there and removed at the next open (app/backups/leftovers.py)."""
    return paths.user_data_dir() / "writes-in-flight"


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through ``atomic_write``: a failure never leaves half a file and
    an existing file is replaced only on success. Readable by the owner only."""
    if path.is_dir():
        raise ExportFailed("The output path is a folder; give a file name.")
    try:
        write_atomically(path, data, ledger=writes_in_flight())
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ExportFailed(f"Could not write {path.name} ({reason}); nothing was replaced.") from exc


@contextmanager
def kept_only_if_recorded(path: Path) -> Iterator[Callable[[bytes], None]]:
    """For a file whose record is written in the same transaction, entered before it:
    ``write(data)``, last in the transaction, writes the file whole; if the transaction then does
    not commit (a full disk at COMMIT), the file is taken back. So there is never a file without
    its record, nor a record without its file."""
    written = False

    def write(data: bytes) -> None:
        nonlocal written
        write_private_file(path, data)
        written = True

    try:
        yield write
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise

