"""What the status bar says about the day's backup, which is made beside the work on its own
thread (hsb_desk/app/backups/daily.py): that it is being made, then that it was made and checked,
or why it was not."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import message_for

if TYPE_CHECKING:
    from hsb_desk.store.backup import BackupInfo


class DailyBackupStatus:
    """Follows one day's backup at a time; ``show`` puts a line in the status bar and ``shown``
    reads the line there now."""

    def __init__(self, bridge: Bridge, show: Callable[[str], None], shown: Callable[[], str]) -> None:
        self.bridge, self.show, self.shown = bridge, show, shown

    def follow(self, backup: Future[BackupInfo | None]) -> None:
        if not backup.done():
            self.show(strings.DAILY_BACKUP_BUSY)
        self.bridge.when_done(backup, self._ended, self._failed)

    def _ended(self, made: BackupInfo | None) -> None:
        if made is not None:
            self.show(strings.DAILY_BACKUP_DONE)
        elif self.shown() == strings.DAILY_BACKUP_BUSY:
            self.show("")  # none was due, or it was stopped (a lock, another backup)

    def _failed(self, error: BaseException) -> None:
        self.show(strings.DAILY_BACKUP_FAILED.format(reason=message_for(error)))
