"""Restoring the workbook from a backup, offered on the unlock screen (ui/window/workbook_window.py).

Apart from the case actions (ui/actions/case_actions.py) because it runs while no workbook is
open: it needs the prompts and the database thread only, not a case or a session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hsb_desk.app import backups, policy
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.prompts import Prompts


def restore_workbook(prompts: Prompts, bridge: Bridge, workbook: Path, done: Callable[[], None]) -> None:
    """From the unlock screen: this workbook's backups listed by date, size and place (found by
    its salt: it is not open), one checked with its passphrase if wished, then restored. The
    workbook being replaced is kept beside it, never written over; a backup of another workbook
    is restored only once the question naming both is answered yes."""
    from hsb_desk.app.backups import places
    from hsb_desk.ui.actions.restore_dialog import RestoreDialog

    def check(path: Path, passphrase: str, shown: Callable[[str], None]) -> None:
        bridge.watch(bridge.db.run_raw(lambda: places.check_backup(path, passphrase)), shown)

    def other_file() -> Path | None:
        return prompts.open_file(strings.RESTORE_TITLE, policy.backups_dir(), "HSB Desk backup (*.hsbdesk-backup)")

    dialog = RestoreDialog(workbook, places.every_backup(workbook), check, other_file, prompts.parent)
    if not prompts.run_dialog(dialog) or dialog.chosen is None:
        return
    chosen, passphrase = dialog.chosen, dialog.passphrase()

    def attempt(other_workbook: bool) -> Path | backups.OtherWorkbookBackup | None:
        try:
            return backups.restore(chosen, workbook, passphrase, other_workbook=other_workbook)
        except backups.OtherWorkbookBackup as refused:
            return refused  # a question for the user, not a failure

    def restored(kept: Path | backups.OtherWorkbookBackup | None) -> None:
        if isinstance(kept, backups.OtherWorkbookBackup):
            if prompts.confirm(strings.RESTORE_OTHER_WORKBOOK.format(problem=kept.problem, workbook=workbook.name)):
                bridge.watch(bridge.db.run_raw(lambda: attempt(True)), restored)
            else:
                prompts.inform(strings.RESTORE_NOT_DONE.format(workbook=workbook.name))
            return
        note = f" The previous file was kept as {kept.name}." if kept else ""
        prompts.inform(f"The workbook was restored from {chosen.name}.{note} Unlock it to go on.")
        done()

    bridge.watch(bridge.db.run_raw(lambda: attempt(False)), restored)
