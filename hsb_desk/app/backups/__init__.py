"""Backups, restore, damage reports and permanent deletion: the services the GUI and CLI share.

Automatic backups are made before a schema migration, before a passphrase change, before an
import, and on the first open of each day; ``backup_now`` makes one on request. Each is
encrypted by SQLCipher and verified before it counts (see ``hsb_desk.store.backup``). The newest
``Settings.backup_generations`` backups of each workbook are kept in ``policy.backups_dir()``,
named and matched by the workbook's id (``names``). The backup step of every open (the command
line's ``daily_backup_if_due``, the window's ``DailyBackup.start``) first removes the files
that interrupted writes left (``leftovers``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from hsb_desk.app import policy
from hsb_desk.app.backups import names
from hsb_desk.app.backups.leftovers import remove_backup_partials, remove_crash_leftovers
from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.session_state import SessionState
from hsb_desk.errors import AuditChainBroken, BackupFailed, HsbDeskError, InvalidInput
from hsb_desk.store import backup as store_backup
from hsb_desk.store.audit import PURGED
from hsb_desk.store.backup import BackupInfo, OtherWorkbookBackup, backup_tag, file_salt, workbook_id_of
from hsb_desk.store.connection import Connection, DatabaseError, connect
from hsb_desk.store.migrations import v009_workbook_id
from hsb_desk.store.records import encode

__all__ = [
    "BackupInfo",
    "OtherWorkbookBackup",
    "backup_now",
    "backups_for",
    "daily_backup_if_due",
    "generations",
    "latest_good_backup",
    "made_today",
    "purge_case",
    "remove_crash_leftovers",
    "remove_daily_partials",
    "restore",
    "write_daily",
]

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def generations() -> int:
    """How many backups of each workbook to keep: the user's setting (``Settings``), or the
    organisation's (app/policy.py)."""
    return policy.current_settings().backup_generations


def backups_for(workbook_path: Path, folder: Path | None = None, workbook_id: str | None = None) -> list[BackupInfo]:
    """Every backup of this workbook, newest first: named with its id's tag when ``workbook_id``
    is given (an open workbook), else found by its salt, which needs no passphrase. Offer these
    whenever a workbook does not open: a wrong passphrase and a damaged first page look the same."""
    tag = backup_tag(workbook_id) if workbook_id else None
    return names.list_backups(folder or policy.backups_dir(), tag, file_salt(workbook_path))


def latest_good_backup(workbook_path: Path, passphrase: str, folder: Path | None = None) -> BackupInfo | None:
    """The newest backup that opens with ``passphrase`` and passes every check."""
    for info in backups_for(workbook_path, folder):
        try:
            store_backup.verify_backup(info.path, passphrase)
        except HsbDeskError:
            continue
        return info
    return None


def _write(
    conn: Connection, workbook_path: Path, folder: Path, reason: str, keep: int | None, now: Clock
) -> BackupInfo:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    workbook_id = workbook_id_of(conn)  # None only before the upgrade that gives it one
    tag = backup_tag(workbook_id) if workbook_id else None
    target = names.free_backup_path(folder, workbook_path.stem, tag, now(), reason)
    store_backup.write_backup(conn, target)
    if keep is not None and tag is not None:
        names.prune(folder, tag, keep)
    info = names.parse_backup_name(target)
    assert info is not None  # we named it
    log.info("backup made (%s)", info.reason)
    return info


def backup_now(
    session: SessionState,
    dest: Path | None = None,
    reason: str = "manual",
    keep: int | None = None,
    now: Clock = utc_now,
) -> BackupInfo:
    """A verified, encrypted backup of the open workbook. ``dest``: a folder (a standard name is
    chosen) or a new file; by default the backups folder, pruned to the policy's generations."""
    session.stop_daily_backup()  # this backup is the day's, if none is made yet
    path = session.workbook.path
    if dest is None:
        kept = keep if keep is not None else generations()
        return _write(session.workbook.conn, path, policy.backups_dir(), reason, kept, now)
    if dest.is_dir():
        return _write(session.workbook.conn, path, dest, reason, keep, now)
    store_backup.write_backup(session.workbook.conn, dest)
    workbook_id = workbook_id_of(session.workbook.conn)
    return BackupInfo(dest, path.stem, now(), reason, backup_tag(workbook_id) if workbook_id else None)


def backup_file_before_migration(workbook_path: Path, passphrase: str, found_version: int) -> BackupInfo:
    """Called by ``Workbook.open`` before migrating; uses its own short-lived connection.

    A workbook from before ids is given its id first, as the upgrade to version 9 would (which
    keeps an id already there): so this backup is named by it, and a workbook restored from it
    keeps that id when it is upgraded again, instead of drawing a new one that its later backups
    would not carry."""
    conn = connect(workbook_path, passphrase)
    try:
        if workbook_id_of(conn) is None:
            _give_id(conn)
        reason = f"before-migration-v{found_version}"
        return _write(conn, workbook_path, policy.backups_dir(), reason, generations(), utc_now)
    finally:
        conn.close()


def _give_id(conn: Connection) -> None:
    try:
        conn.execute(v009_workbook_id.SQL.strip().rstrip(";"))
    except DatabaseError as exc:
        raise BackupFailed(
            "The backup before upgrading the workbook could not be made (the workbook cannot be written). "
            "The workbook is unchanged."
        ) from exc


def made_today(workbook_path: Path, now: Clock = utc_now) -> bool:
    """True once any backup of this workbook has been made today (local time)."""
    today = now().astimezone().date()
    return any(info.made_at.astimezone().date() == today for info in backups_for(workbook_path))


def write_daily(conn: Connection, workbook_path: Path, now: Clock, keep_it: Callable[[], bool]) -> BackupInfo | None:
    """The day's backup from ``conn``, a connection of its own (see ``app.daily_backup``).
    ``keep_it`` is asked once the copy is checked: a copy not kept is deleted, and only a kept
    one makes room for itself among the generations."""
    info = _write(conn, workbook_path, policy.backups_dir(), "daily", None, now)
    if not keep_it():
        info.path.unlink(missing_ok=True)
        return None
    if info.workbook_tag is not None:
        names.prune(policy.backups_dir(), info.workbook_tag, generations())
    return info


def remove_daily_partials(workbook_path: Path) -> None:
    """Unfinished copies that no copy under way holds: this workbook's cancelled one among them."""
    remove_backup_partials()


def daily_backup_if_due(session: SessionState, now: Clock = utc_now) -> BackupInfo | None:
    """A backup on the first open of each (local) day, made before returning (the command line's
    way; the window makes it beside its work with ``app.daily_backup``), after removing what
    interrupted writes left. A failure is logged, never raised: the practitioner can still work."""
    remove_crash_leftovers(session.workbook.path)
    if made_today(session.workbook.path, now):
        return None
    try:
        return backup_now(session, reason="daily", now=now)
    except BackupFailed:
        log.warning("the daily backup could not be made")
        return None


def backup_after_rekey(session: SessionState) -> BackupInfo | None:
    """The passphrase has changed already: a failed backup here is logged, not raised."""
    try:
        return backup_now(session, reason="after-rekey")
    except BackupFailed:
        log.warning("the backup after the passphrase change could not be made")
        return None


def restore(
    backup_path: Path, workbook_path: Path, passphrase: str, now: Clock = utc_now, other_workbook: bool = False
) -> Path | None:
    """Verify ``backup_path`` opens with ``passphrase`` and is healthy, then make it the workbook
    at ``workbook_path``. Returns where the previous file was kept (None if there was none).

    A backup not proven to be of the workbook it would replace (their ids differ, or without ids
    their salts) raises ``OtherWorkbookBackup``, naming both, unless ``other_workbook``: the
    window asks, the command line needs ``--other-workbook``."""
    kept = store_backup.restore_file(backup_path, workbook_path, passphrase, now(), other_workbook)
    from hsb_desk.app import chain_record  # the restored copy is what the next open expects

    chain_record.accept_file(workbook_path, passphrase)
    return kept


def purge_case(session: SessionState, reference: str, reason: str, replace_backups: bool = False) -> Change:
    """Permanently delete an archived case: its values, and the values held in its audit entries.

    The reason is recorded in the audit log. Files that interrupted writes left are removed (an
    unfinished backup or export may hold the case). Backups made earlier still hold the case
    until they are pruned; with ``replace_backups`` this workbook's are deleted (those named by
    its id, and those named before ids that carry its salt) once a fresh backup has been made.
    """
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput("Give a reason for deleting the case permanently; it is kept in the audit log.")
    workbook = session.workbook
    case = workbook.cases.get(reference)
    if case.archived_at is None:
        raise InvalidInput("Only an archived case can be deleted permanently. Archive it first.")
    if not workbook.audit.verify().ok:
        raise AuditChainBroken("The audit trail fails its check, so nothing was deleted. Restore from a backup.")
    # The day's backup, if under way, is let finish (it is a backup like the earlier ones); its
    # snapshot must be gone before the checkpoint below can empty the log.
    session.finish_daily_backup()
    with workbook.transaction():
        redacted = workbook.audit.redact_case(case.reference)
        workbook.conn.execute("DELETE FROM cases WHERE id = ?", (case.id,))  # values cascade
        workbook.audit.append(
            at=workbook.clock(),
            actor=session.actor,
            action=PURGED,
            case_ref=case.reference,
            new_json=encode({"reason": reason, "redacted": redacted}),
        )
    # secure_delete zeroed the freed space; the checkpoint moves it into the file and empties the
    # log, so no earlier page image holding the case is left in the WAL.
    workbook.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    remove_crash_leftovers(workbook.path)
    if replace_backups:
        fresh = backup_now(session, reason="after-purge")
        for info in backups_for(workbook.path, workbook_id=workbook_id_of(workbook.conn)):
            if info.path != fresh.path:
                info.path.unlink(missing_ok=True)
    return Change(ChangeKind.CASE_PURGED, case.reference)
