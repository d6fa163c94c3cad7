"""Encrypted backups made by SQLCipher itself, verified before they count, restored atomically.

A backup is never a copy of the live file (which may be mid-write, with half its pages in the
WAL). ``sqlcipher_export`` writes a consistent, compact copy into a database ATTACHed *without*
a KEY clause, which SQLCipher keys with the open workbook's own key material (same passphrase,
same salt), so an open workbook is backed up with the key its connection already holds. The
copy is written under a temporary name, reopened (attached afresh) and checked: page HMACs
(``cipher_integrity_check``), SQLite's structure (``integrity_check``) and the audit chain. Only
then is it renamed into place, owner-only (0600).

Names: ``<workbook-stem>-YYYYMMDDTHHMMSSZ-<reason>.hsbdesk-backup``.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

# ``_fsync`` by this name: tests/app/test_real_pack_rules.py damages a copy as it is flushed.
from hsb_desk.atomic_write import fsync_file as _fsync
from hsb_desk.atomic_write import replacing
from hsb_desk.errors import BackupFailed, HsbDeskError, RestoreFailed, UnsafeCipherSettings
from hsb_desk.store import schema
from hsb_desk.store.audit import AuditLog
from hsb_desk.store.connection import APPLICATION_ID, Connection, DatabaseError, check_cipher, passphrase_bytes
from hsb_desk.store.lock import acquire_lock

BACKUP_SUFFIX = ".hsbdesk-backup"
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6}Z)-(?P<reason>[a-z0-9-]+)" + re.escape(BACKUP_SUFFIX) + "$")
_STAMP = "%Y%m%dT%H%M%SZ"
_Work = Callable[[Connection, int], list[str]]  # what runs while the backup file is attached


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    workbook_stem: str
    made_at: datetime  # UTC
    reason: str


def backup_name(workbook_stem: str, made_at: datetime, reason: str) -> str:
    clean = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "manual"
    return f"{workbook_stem}-{made_at.astimezone(UTC).strftime(_STAMP)}-{clean}{BACKUP_SUFFIX}"


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    made_at = datetime.strptime(match["at"], _STAMP).replace(tzinfo=UTC)
    return BackupInfo(path, match["stem"], made_at, match["reason"])


def list_backups(folder: Path, workbook_stem: str) -> list[BackupInfo]:
    """This workbook's backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := parse_backup_name(p)) and info.workbook_stem == workbook_stem]
    return sorted(found, key=lambda i: (i.made_at, _mtime(i.path)), reverse=True)


def free_backup_path(folder: Path, workbook_stem: str, made_at: datetime, reason: str) -> Path:
    """A standard name in ``folder`` that is not taken (a counter ends the reason if need be)."""
    target = folder / backup_name(workbook_stem, made_at, reason)
    counter = 2
    while target.exists():
        target = folder / backup_name(workbook_stem, made_at, f"{reason}-{counter}")
        counter += 1
    return target


def remove_partials(folder: Path, workbook_stem: str, reason: str) -> None:
    """Delete unfinished copies of this workbook made for ``reason`` (a copy cut short whose file
    could not be deleted while it was still open)."""
    # The names ``write_backup`` writes under: ``atomic_write.partial_path``.
    for path in folder.glob(f".{glob.escape(workbook_stem)}-*-{glob.escape(reason)}{BACKUP_SUFFIX}.partial"):
        with contextlib.suppress(OSError):
            path.unlink()


def prune(folder: Path, workbook_stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of this workbook in ``folder``."""
    removed = []
    for info in list_backups(folder, workbook_stem)[max(1, keep) :]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def write_backup(conn: Connection, target: Path) -> Path:
    """Export the open workbook on ``conn`` to ``target`` (which must not exist) and verify it.

    Raises ``BackupFailed``; the workbook is never changed and no partial file is left.
    """
    if target.exists():
        raise BackupFailed("A file already exists where the backup would go; choose another name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written by SQLite into a file that is owner-only before any byte, then renamed.
        with replacing(target) as temp:
            version = schema.schema_version(conn)
            _attached(conn, temp, _export, version)
            _fsync(temp)  # the check reads the copy as flushed
            problems = _attached(conn, temp, _problems_of_attached, version)
            if problems:
                raise BackupFailed("The backup did not pass its checks, so it was not kept. The workbook is unchanged.")
    except HsbDeskError:
        raise
    except (OSError, DatabaseError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
        raise BackupFailed(f"The backup could not be written ({reason}). The workbook is unchanged.") from exc
    return target


def _attached(conn: Connection, path: Path, work: _Work, version: int) -> list[str]:
    # No KEY clause: SQLCipher keys the attached file with the main database's key and salt.
    conn.execute("ATTACH DATABASE ? AS backup", (str(path),))
    try:
        return work(conn, version)
    finally:
        conn.execute("DETACH DATABASE backup")


def _export(conn: Connection, version: int) -> list[str]:
    # A half-written temporary file is thrown away, so it needs no journal on disk; one fsync
    # follows. MEMORY, not OFF: a cancelled copy is rolled back, and without a journal SQLite
    # leaves the file in a state DETACH may refuse (the file would stay open, and on Windows
    # could not be deleted).
    conn.execute("PRAGMA backup.journal_mode = MEMORY")
    conn.execute("PRAGMA backup.synchronous = OFF")
    # One transaction, so every table is copied from one snapshot even while another connection
    # (the window's, when the day's backup runs on its own thread) goes on writing.
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        # sqlcipher_export copies tables, indexes and triggers but not these two header fields.
        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
        conn.execute(f"PRAGMA backup.application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return []


def _problems_of_attached(conn: Connection, version: int) -> list[str]:
    problems = health_problems(conn, "backup")
    if conn.execute("PRAGMA backup.user_version").fetchone()[0] != version:
        problems.append("schema version differs")
    if conn.execute("PRAGMA backup.application_id").fetchone()[0] != APPLICATION_ID:
        problems.append("not marked as an HSB Desk workbook")
    return problems


def health_problems(conn: Connection, db: str = "main", quick: bool = False, audit: bool = True) -> list[str]:
    """Page HMACs, SQLite's structure check and the audit chain; an empty list means healthy.

    ``quick`` uses ``quick_check`` (no index-content cross-check) for checks at every open.
    """
    if db not in ("main", "backup"):
        raise ValueError(db)
    problems: list[str] = []
    try:
        problems += [f"encryption: {r[0]}" for r in conn.execute(f"PRAGMA {db}.cipher_integrity_check")]
        check = "quick_check" if quick else "integrity_check"
        problems += [f"structure: {r[0]}" for r in conn.execute(f"PRAGMA {db}.{check}") if r[0] != "ok"]
        if audit and not problems:
            chain = AuditLog(conn, db).verify()
            if not chain.ok:
                problems.append(f"audit trail: entry {chain.first_broken}: {chain.reason}")
    except DatabaseError as exc:
        problems.append(f"unreadable ({exc.__class__.__name__})")
    return problems


def open_read_only(path: Path, passphrase: str, immutable: bool = True) -> Connection:
    """A connection that cannot write to ``path``, keyed and proven; raises ``RestoreFailed`` when
    the file does not open as an HSB Desk workbook. ``immutable`` (for single-file backups) also
    creates no file beside it; without it a workbook's -wal is read too."""
    if not path.is_file():
        raise RestoreFailed("There is no backup at that location; nothing was changed.")
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(passphrase_bytes(passphrase))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise DatabaseError("not ours")
    except DatabaseError as exc:
        conn.close()
        raise RestoreFailed(
            "This backup does not open with that passphrase, or it is damaged or not an HSB Desk backup. "
            "Nothing was changed."
        ) from exc
    return conn


def verify_backup(path: Path, passphrase: str) -> None:
    """Raise unless ``path`` opens with ``passphrase`` and passes every check; changes nothing."""
    conn = open_read_only(path, passphrase)
    try:
        try:
            check_cipher(conn)
        except UnsafeCipherSettings as exc:
            raise RestoreFailed(
                "This backup uses weaker encryption settings than HSB Desk allows. Nothing was changed."
            ) from exc
        if schema.schema_version(conn) > schema.CURRENT_VERSION:
            raise RestoreFailed("This backup was made by a newer version of HSB Desk. Nothing was changed.")
        if health_problems(conn):
            raise RestoreFailed("This backup is damaged and cannot be restored. Nothing was changed.")
    finally:
        conn.close()


def restore_file(backup: Path, workbook: Path, passphrase: str, now: datetime) -> Path | None:
    """Put a verified backup in place of ``workbook`` (or at a new path), atomically.

    The current workbook and its -wal/-shm files are never written over: they are moved aside as
    ``<name>.damaged-<time>`` (or ``.replaced-<time>`` when it still opens healthy with this
    passphrase) and that path is returned. Refused while the workbook is open anywhere.
    """
    verify_backup(backup, passphrase)
    if workbook.exists() and os.path.samefile(backup, workbook):
        raise RestoreFailed("The backup and the workbook are the same file; nothing was changed.")
    try:
        workbook.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RestoreFailed("The folder for the restored workbook cannot be created; nothing was changed.") from exc
    lock = acquire_lock(workbook)
    aside = None
    try:
        # The copy is owner-only, checked, and swapped in by one rename when the block ends.
        with replacing(workbook, temp=workbook.with_name(f".{workbook.name}.restoring")) as temp:
            _copy(backup, temp)
            if file_sha256(temp) != file_sha256(backup):
                raise OSError(0, "the copy differs from the backup")
            if workbook.exists():
                kind = "replaced" if _opens_healthy(workbook, passphrase) else "damaged"
                aside = workbook.with_name(f"{workbook.name}.{kind}-{now.astimezone(UTC).strftime(_STAMP)}")
                for suffix in ("-wal", "-shm"):  # an old log must never be replayed into the restored file
                    if Path(f"{workbook}{suffix}").exists():
                        os.replace(f"{workbook}{suffix}", f"{aside}{suffix}")
                try:
                    os.link(workbook, aside)  # keep the old file, then swap in one atomic step
                except OSError:
                    os.replace(workbook, aside)  # file systems without hard links
    except OSError as exc:
        raise RestoreFailed("The backup could not be put in place; the workbook was left as it was.") from exc
    finally:
        lock.release()
    return aside


def _opens_healthy(path: Path, passphrase: str) -> bool:
    if Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0:
        return False  # an unfinished log: keep the set as found, under the cautious name
    try:
        conn = open_read_only(path, passphrase)
    except HsbDeskError:
        return False
    try:
        return not health_problems(conn, quick=True)
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    """A byte copy of an already encrypted, verified backup into the (owner-only) ``target``."""
    with target.open("wb") as out, source.open("rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            out.write(block)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
