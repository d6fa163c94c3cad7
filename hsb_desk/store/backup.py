"""Encrypted backups made by SQLCipher itself, verified before they count, restored atomically.

A backup is never a copy of the live file (which may be mid-write, with half its pages in the
WAL). ``sqlcipher_export`` writes a consistent, compact copy into a database ATTACHed *without*
a KEY clause, which SQLCipher keys with the open workbook's own key material (same passphrase,
same salt), so an open workbook is backed up with the key its connection already holds. The
copy is written under a temporary name, reopened (attached afresh) and checked: page HMACs
(``cipher_integrity_check``), SQLite's structure (``integrity_check``) and the audit chain. Only
then is it renamed into place, owner-only (0600).

Which workbook a backup is of: the id it keeps inside it (``meta.workbook_id``, schema version
9), and SQLCipher's salt, the first 16 bytes of the file, random when a workbook is created and
kept by every backup of it, by a passphrase change and by a restore, so readable with no
passphrase. A backup's name carries ``backup_tag`` of the id (``app/backups/names.py``); a
restore compares the ids inside both files, or their salts where one has no id to read, and
refuses another workbook's backup unless asked for it (docs/storage.md, "Backups").
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import sqlcipher3

from hsb_desk.atomic_write import RESTORING, replacing

# ``_fsync`` by this name: tests/app/test_real_pack_rules.py damages a copy as it is flushed.
from hsb_desk.atomic_write import fsync_file as _fsync
from hsb_desk.errors import BackupFailed, HsbDeskError, RestoreFailed, UnsafeCipherSettings
from hsb_desk.store import schema
from hsb_desk.store.audit import AuditLog
from hsb_desk.store.connection import APPLICATION_ID, Connection, DatabaseError, check_cipher, passphrase_bytes
from hsb_desk.store.lock import acquire_lock

BACKUP_SUFFIX = ".hsbdesk-backup"
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
SALT_SIZE = 16
STAMP = "%Y%m%dT%H%M%SZ"  # times in names, UTC
_Work = Callable[[Connection, int], list[str]]  # what runs while the backup file is attached


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    workbook_stem: str
    made_at: datetime  # UTC
    reason: str
    workbook_tag: str | None = None  # None: named before ids, by the workbook's file name only


def backup_tag(workbook_id: str) -> str:
    """What a backup's name says of the workbook it is of (the id itself stays inside it)."""
    return hashlib.sha256(f"hsb-desk backup of {workbook_id}".encode()).hexdigest()[:16]


def workbook_id_of(conn: Connection, db: str = "main") -> str | None:
    """The id kept in the workbook (None before schema version 9)."""
    if db not in ("main", "backup"):
        raise ValueError(db)
    try:
        row = conn.execute(f"SELECT value FROM {db}.meta WHERE key = 'workbook_id'").fetchone()
    except DatabaseError:
        return None
    return str(row[0]) if row and row[0] else None


def file_salt(path: Path) -> bytes | None:
    """SQLCipher's salt: the first 16 bytes, readable without the passphrase (None when there
    is none to compare: a short, unreadable or plain SQLite file)."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(SALT_SIZE)
    except OSError:
        return None
    if len(salt) < SALT_SIZE or salt == PLAIN_SQLITE_HEADER or not salt.strip(b"\x00"):
        return None
    return salt


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


def verify_backup(path: Path, passphrase: str) -> str | None:
    """Raise unless ``path`` opens with ``passphrase`` and passes every check; changes nothing.
    Returns the id of the workbook it is of (None for a backup from before ids)."""
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
        return workbook_id_of(conn)
    finally:
        conn.close()


class Kinship(Enum):
    """Whether a backup is of the workbook it would replace."""

    SAME = "same"
    OTHER = "other"  # proven another: their ids differ (or, without ids, their salts)
    UNKNOWN = "unknown"  # the workbook cannot be read, and its salt does not match


@dataclass(frozen=True)
class Identity:
    """What tells one workbook from another: its id (None when there is none to read), its salt."""

    workbook_id: str | None
    salt: bytes | None
    readable: bool = True

    def describe(self) -> str:
        if self.workbook_id:
            return f"workbook id {backup_tag(self.workbook_id)}"
        return "made before workbooks had ids" if self.readable else "its id cannot be read"


def kinship(backup: Identity, workbook: Identity) -> Kinship:
    """Ids decide when both files have one; otherwise the salt, which every backup keeps."""
    if backup.workbook_id and workbook.workbook_id:
        return Kinship.SAME if backup.workbook_id == workbook.workbook_id else Kinship.OTHER
    if backup.salt is not None and backup.salt == workbook.salt:
        return Kinship.SAME
    return Kinship.OTHER if workbook.readable and workbook.salt is not None else Kinship.UNKNOWN


class OtherWorkbookBackup(RestoreFailed):
    """The backup is of another workbook than the one it would replace (or that cannot be told):
    restored only when asked for explicitly (``other_workbook=True``). Names both files and what
    tells them apart (``Identity.describe``), never what they hold."""

    exit_code = 2  # like a confirmation not given: run again with the explicit option

    def __init__(
        self, backup: Path, workbook: Path, backup_is: str, workbook_is: str, proven: bool, hint: str = ""
    ) -> None:
        self.backup = backup
        self.workbook = workbook
        self.backup_is = backup_is
        self.workbook_is = workbook_is
        self.proven = proven
        super().__init__(f"{self.problem} Nothing was changed." + (f" {hint}" if hint else ""))

    @property
    def problem(self) -> str:
        """The one sentence naming both, for a question or a message."""
        backup, workbook = self.backup.name, self.workbook.name
        if self.proven:
            return (
                f"The backup {backup} ({self.backup_is}) is of another workbook than {workbook} ({self.workbook_is})."
            )
        return (
            f"HSB Desk cannot tell whether the backup {backup} ({self.backup_is}) is of {workbook} "
            f"({self.workbook_is}): {workbook} does not open with this passphrase, and nothing else shows it."
        )

    def with_hint(self, hint: str) -> OtherWorkbookBackup:
        """The same refusal, saying how to restore anyway (the command line's option)."""
        return OtherWorkbookBackup(self.backup, self.workbook, self.backup_is, self.workbook_is, self.proven, hint)


def restore_file(
    backup: Path, workbook: Path, passphrase: str, now: datetime, other_workbook: bool = False
) -> Path | None:
    """Put a verified backup in place of ``workbook`` (or at a new path), atomically.

    The current workbook and its -wal/-shm files are never written over: they are moved aside as
    ``<name>.damaged-<time>`` (or ``.replaced-<time>`` when it still opens healthy with this
    passphrase) and that path is returned. Refused while the workbook is open anywhere, and
    (``OtherWorkbookBackup``) when the backup is not proven to be of this workbook, unless
    ``other_workbook``.
    """
    backup_id = verify_backup(backup, passphrase)
    if workbook.exists() and os.path.samefile(backup, workbook):
        raise RestoreFailed("The backup and the workbook are the same file; nothing was changed.")
    try:
        workbook.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RestoreFailed("The folder for the restored workbook cannot be created; nothing was changed.") from exc
    lock = acquire_lock(workbook)
    aside = None
    try:
        if workbook.exists():
            current, healthy = _look_at(workbook, passphrase)
            of = Identity(backup_id, file_salt(backup))
            found = kinship(of, current)
            if found is not Kinship.SAME and not other_workbook:
                raise OtherWorkbookBackup(backup, workbook, of.describe(), current.describe(), found is Kinship.OTHER)
        # The copy is owner-only, checked, and swapped in by one rename when the block ends.
        with replacing(workbook, temp=workbook.with_name(f".{workbook.name}{RESTORING}")) as temp:
            _copy(backup, temp)
            if file_sha256(temp) != file_sha256(backup):
                raise OSError(0, "the copy differs from the backup")
            if workbook.exists():
                kind = "replaced" if healthy else "damaged"
                aside = workbook.with_name(f"{workbook.name}.{kind}-{now.astimezone(UTC).strftime(STAMP)}")
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


def _look_at(path: Path, passphrase: str) -> tuple[Identity, bool]:
    """The workbook about to be replaced: who it is, and whether it opens healthy (else it is
    kept under the cautious name)."""
    salt = file_salt(path)
    try:
        conn = open_read_only(path, passphrase)
    except HsbDeskError:
        return Identity(None, salt, readable=False), False
    try:
        identity = Identity(workbook_id_of(conn), salt)
        if Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0:
            return identity, False  # an unfinished log: keep the set as found, under the cautious name
        return identity, not health_problems(conn, quick=True)
    except DatabaseError:
        return Identity(None, salt, readable=False), False
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
