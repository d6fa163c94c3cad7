"""``hsb-desk backup``, ``restore`` and ``purge``: the same services the GUI calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hsb_desk.app.backups import OtherWorkbookBackup, backup_now, purge_case, restore
from hsb_desk.cli.cmd_core import add_command, opened_session, passphrase_from
from hsb_desk.errors import InvalidInput

CONFIRM_WORD = "DELETE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = add_command(sub, "backup", "Make a verified, encrypted backup of a workbook.", cmd_backup)
    backup.add_argument("dest", metavar="DEST", help="a folder (a dated name is chosen) or a new file")
    backup.add_argument("--keep", type=int, metavar="N", help="keep only the newest N backups in the DEST folder")

    rest = add_command(
        sub, "restore", "Restore a workbook from a backup (the current file is kept aside).", cmd_restore, False
    )
    rest.add_argument("backup", metavar="BACKUP", help="the backup file")
    rest.add_argument("workbook", metavar="WORKBOOK", help="the workbook to replace, or a new path")
    rest.add_argument("--passphrase-file", metavar="PATH", help="read the backup's passphrase from a file")
    rest.add_argument(
        "--other-workbook",
        action="store_true",
        help="restore even though the backup is of another workbook than WORKBOOK (refused without it)",
    )

    purge = add_command(sub, "purge", "Permanently delete an archived case and its history's values.", cmd_purge)
    purge.add_argument("case", metavar="CASE", help="case reference")
    purge.add_argument("--reason", required=True, help="why (kept in the audit log)")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.add_argument(
        "--replace-backups", action="store_true", help="then delete older backups, which still hold the case"
    )


def cmd_backup(args: argparse.Namespace) -> int:
    if args.keep is not None and args.keep < 1:
        raise InvalidInput("--keep needs a number of at least 1.")
    with opened_session(args) as session:
        info = backup_now(session, Path(args.dest), keep=args.keep)
    print(f"Backed up to {info.path} (encrypted with the workbook's passphrase, and verified).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    try:
        aside = restore(
            Path(args.backup), Path(args.workbook), passphrase_from(args), other_workbook=args.other_workbook
        )
    except OtherWorkbookBackup as exc:
        hint = "To replace it with this backup all the same, add --other-workbook (the current file is kept aside)."
        raise exc.with_hint(hint) from None
    print(f"Restored {args.workbook} from the backup.")
    if aside is not None:
        print(f"The previous file was kept as {aside}.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise InvalidInput("Deleting a case permanently needs confirmation: run in a terminal or add --yes.")
        print(f"Case {args.case} and every value recorded for it will be deleted permanently.")
        answer = input(f"Type {CONFIRM_WORD} to confirm: ")
        if answer.strip() != CONFIRM_WORD:
            print("Nothing was deleted.")
            return 1
    with opened_session(args) as session:
        purge_case(session, args.case, args.reason, replace_backups=args.replace_backups)
    print(f"Case {args.case} was deleted permanently; the reason is in the audit log.")
    return 0
