"""How backups are named, found and pruned: by the workbook they are of, never by its file name.

``<workbook-stem>-<tag>-YYYYMMDDTHHMMSSZ-<reason>.hsbdesk-backup``: the tag is
``store.backup.backup_tag`` of the id the workbook keeps inside it, so a folder's backups are
listed and pruned by name, with no passphrase, and two workbooks called ``workbook.hsbdesk`` in
two folders never prune, offer or accept each other's. The stem is only for the eye.

Backups named before workbooks had ids (``<stem>-<time>-<reason>``, and the one made before
upgrading a workbook that has no id yet) say nothing in their names of whose they are. They are
found by SQLCipher's salt, which each keeps from its workbook (``store.backup.file_salt``), and
are never pruned: only a purge that replaces backups deletes them.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from pathlib import Path

from hsb_desk.store.backup import BACKUP_SUFFIX, STAMP, BackupInfo, file_salt

_TAIL = r"-(?P<at>\d{8}T\d{6}Z)-(?P<reason>[a-z0-9-]+)" + re.escape(BACKUP_SUFFIX) + "$"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<tag>[0-9a-f]{16})" + _TAIL)
_OLD_NAME = re.compile(r"^(?P<stem>.+)" + _TAIL)


def backup_name(workbook_stem: str, workbook_tag: str | None, made_at: datetime, reason: str) -> str:
    """The standard name; ``workbook_tag`` None only for a workbook with no id yet."""
    clean = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "manual"
    tag = f"-{workbook_tag}" if workbook_tag else ""
    return f"{workbook_stem}{tag}-{made_at.astimezone(UTC).strftime(STAMP)}-{clean}{BACKUP_SUFFIX}"


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name) or _OLD_NAME.match(path.name)
    if not match:
        return None
    made_at = datetime.strptime(match["at"], STAMP).replace(tzinfo=UTC)
    tag = match["tag"] if "tag" in match.re.groupindex else None
    return BackupInfo(path, match["stem"], made_at, match["reason"], tag)


def list_backups(folder: Path, tag: str | None = None, salt: bytes | None = None) -> list[BackupInfo]:
    """One workbook's backups in ``folder``, newest first: those named with its ``tag``, and
    those named before ids whose salt is its ``salt``. Without a tag (a workbook that does not
    open), every backup with its salt."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        info = parse_backup_name(path)
        if info is None:
            continue
        if info.workbook_tag is not None and tag is not None:
            mine = info.workbook_tag == tag
        else:
            mine = salt is not None and file_salt(path) == salt
        if mine:
            found.append(info)
    return sorted(found, key=lambda i: (i.made_at, _mtime(i.path)), reverse=True)


def free_backup_path(
    folder: Path, workbook_stem: str, workbook_tag: str | None, made_at: datetime, reason: str
) -> Path:
    """A standard name in ``folder`` that is not taken (a counter ends the reason if need be)."""
    target = folder / backup_name(workbook_stem, workbook_tag, made_at, reason)
    counter = 2
    while target.exists():
        target = folder / backup_name(workbook_stem, workbook_tag, made_at, f"{reason}-{counter}")
        counter += 1
    return target


def prune(folder: Path, workbook_tag: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups named with this workbook's tag in ``folder``."""
    named = [i for i in list_backups(folder, workbook_tag) if i.workbook_tag == workbook_tag]
    removed = []
    for info in named[max(1, keep) :]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
