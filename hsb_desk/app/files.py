"""Writing the files a user chose to export: owner-only, whole or not at all."""

from __future__ import annotations

from pathlib import Path

from hsb_desk.atomic_write import write_atomically
from hsb_desk.errors import ExportFailed


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through ``atomic_write``: a failure never leaves half a file and
    an existing file is replaced only on success. Readable by the owner only."""
    if path.is_dir():
        raise ExportFailed("The output path is a folder; give a file name.")
    try:
        write_atomically(path, data)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ExportFailed(f"Could not write {path.name} ({reason}); nothing was replaced.") from exc
