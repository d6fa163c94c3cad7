"""One encrypted workbook file: open, create, rekey, check, and the repositories over it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import (
    SaveFailed,
    WeakPassphrase,
    WorkbookDamaged,
    WorkbookExists,
    WorkbookNotFound,
)
from hsb_desk.store import schema
from hsb_desk.store.audit import AuditLog, AuditVerification
from hsb_desk.store.connection import (
    APPLICATION_ID,
    Connection,
    DatabaseError,
    OperationalError,
    connect,
    passphrase_bytes,
)
from hsb_desk.store.records import CaseRepository, ProfileRepository, ValueRepository


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def require_strong(passphrase: str) -> None:
    verdict = check_passphrase(passphrase)
    if not verdict.acceptable:
        raise WeakPassphrase(f"That passphrase cannot be used. {verdict.reason}")


class Workbook:
    """An open workbook. Belongs to the thread that opened it (SQLCipher connections do)."""

    def __init__(self, path: Path, conn: Connection, clock: Callable[[], str] = utc_now) -> None:
        self.path = path
        self.conn = conn
        self.audit = AuditLog(self.conn)
        self.cases = CaseRepository(self.conn, self.audit, clock)
        self.values = ValueRepository(self.conn, self.audit, clock)
        self.profile = ProfileRepository(self.conn, self.audit, clock)
        self.clock = clock

    @classmethod
    def create(cls, path: Path, passphrase: str, clock: Callable[[], str] = utc_now) -> Workbook:
        """A new, empty, encrypted workbook at ``path`` (which must not exist)."""
        require_strong(passphrase)
        if path.exists():
            raise WorkbookExists()
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(path, passphrase, create=True)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            schema.migrate(conn)
            conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (clock(),))
        except BaseException:
            conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return cls(path, conn, clock)

    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        clock: Callable[[], str] = utc_now,
        before_migration: Callable[[int], None] | None = None,
    ) -> Workbook:
        """Open and, if older, migrate. A failed open changes nothing on disk."""
        if not path.is_file():
            raise WorkbookNotFound()
        conn = connect(path, passphrase)
        try:
            schema.migrate(conn, before=before_migration)
        except DatabaseError as exc:
            conn.close()
            raise WorkbookDamaged() from exc
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, clock)

    @property
    def workbook_id(self) -> str:
        """This workbook's own id (schema version 9): what its backups are named and matched by."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'workbook_id'").fetchone()
        if row is None:
            raise WorkbookDamaged()
        return str(row[0])

    def close(self) -> None:
        with contextlib.suppress(DatabaseError):  # a checkpoint is tidiness, not safety
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic, durable unit of work: all of it is saved, or none of it.

        A write the disk refuses (full, removed, read-only) becomes ``SaveFailed``; the
        transaction is rolled back, so the workbook holds exactly what it held before.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._roll_back()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self._roll_back()
                raise
        except OperationalError as exc:
            raise SaveFailed() from exc

    def _roll_back(self) -> None:
        """Undo the transaction, and forget what the repositories remember from inside it."""
        try:
            with contextlib.suppress(DatabaseError):
                self.conn.execute("ROLLBACK")
        finally:
            self.profile.forget()
            self.audit.forget_head()
            self.values.history.forget()

    def rekey(self, new_passphrase: str, actor: str) -> None:
        """Re-encrypt the whole file under a new passphrase; the old one stops working."""
        require_strong(new_passphrase)
        with self.transaction():
            self.audit.append(at=self.clock(), actor=actor, action="passphrase changed")
        self.conn.reset_key(passphrase_bytes(new_passphrase))

    def integrity_problems(self) -> list[str]:
        """Cipher (page HMAC) and SQLite structure checks; an empty list means healthy."""
        problems: list[str] = []
        try:
            for (line,) in self.conn.execute("PRAGMA cipher_integrity_check"):
                problems.append(f"encryption check: {line}")
            for (line,) in self.conn.execute("PRAGMA integrity_check"):
                if line != "ok":
                    problems.append(f"structure check: {line}")
        except DatabaseError as exc:
            problems.append(f"the file could not be read ({exc.__class__.__name__})")
        return problems

    def verify_audit(self) -> AuditVerification:
        """The chain, and every stored value against the entry of the spell that left it (the
        chain covers both: see ``AuditLog.verify``)."""
        return self.audit.verify()

    def require_healthy(self) -> None:
        if self.integrity_problems():
            raise WorkbookDamaged()
