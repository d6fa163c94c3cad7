"""Where backups are, for the window's Back up now and Restore: the backups folder (the user's
own, or the one the organisation's policy names) and a second location the user may choose in
Preferences, away from the laptop (a removable drive, the team's share).

Back up now makes a verified copy in each. The second location is used only when it is there:
a drive that is not plugged in is never created as an empty folder on the laptop's own disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hsb_desk.app import backups, policy
from hsb_desk.app.session_state import SessionState
from hsb_desk.errors import HsbDeskError, RestoreFailed
from hsb_desk.store import backup as store_backup
from hsb_desk.store.backup import BackupInfo
from hsb_desk.store.connection import DatabaseError

CHECK_PASSED = "Opens with this passphrase and passes every check"
CHECK_WRONG = "Does not open with this passphrase (it may have been made under an earlier one), or is damaged"


@dataclass(frozen=True)
class BackedUp:
    """What Back up now made: the copy in the backups folder, and the second copy or why not."""

    main: BackupInfo
    second_folder: Path | None  # None: no second location chosen
    second: BackupInfo | None = None
    second_problem: str | None = None


def second_folder() -> Path | None:
    chosen = policy.current_settings().second_backup_folder.strip()
    return Path(chosen).expanduser() if chosen else None


def backup_everywhere(session: SessionState) -> BackedUp:
    main = backups.backup_now(session, reason="manual")
    folder = second_folder()
    if folder is None:
        return BackedUp(main, None)
    if not folder.is_dir():
        return BackedUp(main, folder, second_problem="not available (is the drive plugged in, or the share reachable?)")
    try:
        copy = backups.backup_now(session, dest=folder, reason="manual", keep=backups.generations())
    except (OSError, HsbDeskError) as error:
        problem = error.user_message if isinstance(error, HsbDeskError) else "it could not be written there"
        return BackedUp(main, folder, second_problem=problem)
    return BackedUp(main, folder, second=copy)


@dataclass(frozen=True)
class FoundBackup:
    info: BackupInfo
    size: int  # bytes
    second_location: bool


def every_backup(workbook_path: Path) -> list[FoundBackup]:
    """This workbook's backups in the backups folder and the second location, newest first
    (found by name and salt: the workbook need not open)."""
    found = [FoundBackup(i, _size(i.path), False) for i in backups.backups_for(workbook_path)]
    folder = second_folder()
    if folder is not None and folder.is_dir() and folder.resolve() != policy.backups_dir().resolve():
        found += [FoundBackup(i, _size(i.path), True) for i in backups.backups_for(workbook_path, folder)]
    return sorted(found, key=lambda f: f.info.made_at, reverse=True)


def check_backup(path: Path, passphrase: str) -> str:
    """Whether a backup opens with ``passphrase`` and is whole, in words; changes nothing."""
    try:
        store_backup.verify_backup(path, passphrase)
    except RestoreFailed as error:
        if isinstance(error.__cause__, DatabaseError):  # did not open: SQLCipher cannot say why
            return CHECK_WRONG
        return error.user_message.removesuffix(" Nothing was changed.")
    except HsbDeskError as error:
        return error.user_message
    return CHECK_PASSED


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
