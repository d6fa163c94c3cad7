"""Files left behind by writes that a crash cut short, removed at the next open and by a purge.

- A backup cut short leaves ``.<backup name>.partial`` in the backups folder: the workbook,
  encrypted, megabytes each. Removed at the next open of any workbook, by a purge, and by the
  next backup.
- A restore cut short leaves ``.<workbook name>.restoring`` beside the workbook, encrypted.
  Removed at the next open of a workbook in that folder, by a purge, and by the next restore.
- An export cut short (a report, a JSON export, an exchange file) leaves ``.<name>.partial``
  beside the export: for JSON, **case content in plain text**. An export that noted itself in
  the ledger (``writes_in_flight``) is removed at the next open of any workbook and by a purge;
  any is removed by the next export or other write into its folder.

A file is removed only once no live writer holds it (``atomic_write``: each writer keeps its
temporary file locked while it exists), so a backup or an export under way in another window is
never touched. HSB Desk keeps no list of export folders (a folder's name can name a person):
the ledger holds the path of a write's temporary file only while that write goes on, and after
a crash until the next open has removed the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from hsb_desk import paths
from hsb_desk.app import policy
from hsb_desk.app.files import writes_in_flight
from hsb_desk.atomic_write import clear_ledger, remove_left_partials
from hsb_desk.store.backup import BACKUP_SUFFIX

__all__ = ["remove_backup_partials", "remove_crash_leftovers", "writes_in_flight"]

log = logging.getLogger(__name__)


def remove_backup_partials() -> list[Path]:
    """Unfinished copies in the backups folder that no copy under way holds."""
    return remove_left_partials(policy.backups_dir(), (BACKUP_SUFFIX,))


def remove_crash_leftovers(workbook_path: Path) -> int:
    """Remove what interrupted writes left: exports noted in the ledger (plain text, first),
    restores beside this workbook, unfinished backups, and the user folder's own (settings).
    Returns how many files were removed; logs only that number. Never raises."""
    removed = clear_ledger(writes_in_flight())
    removed += remove_left_partials(workbook_path.parent)
    removed += remove_backup_partials()
    removed += remove_left_partials(paths.user_data_dir())
    if removed:
        log.info("removed %d file(s) left by an interrupted write", len(removed))
    return len(removed)
