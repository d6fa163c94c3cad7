"""Writing the files a user chose to export: owner-only, whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from hsb_desk.errors import ExportFailed


def write_private_file(path: Path, data: bytes) -> None:
    """Write via a temporary file in the target folder and a rename, so a failure never leaves
    half a file and an existing file is replaced only on success. Readable by the owner only."""
    if path.is_dir():
        raise ExportFailed("The output path is a folder; give a file name.")
    temp = path.with_name(f".{path.name}.partial")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        reason = exc.strerror or exc.__class__.__name__
        raise ExportFailed(f"Could not write {path.name} ({reason}); nothing was replaced.") from exc
