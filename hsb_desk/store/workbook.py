"""One encrypted workbook file: open, create, rekey, check, and the repositories over it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import (
    DiskFull,
    HsbDeskError,
    PassphraseNotChanged,
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
    NEARLY_FULL_BYTES,
    Connection,
    DatabaseError,
    OperationalError,
    connect,
    disk_free,
    journal_path,
    passphrase_bytes,
)
from hsb_desk.store.records import CaseRepository, ProfileRepository, ValueRepository


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _megabytes(size: int) -> str:
    return f"{max(1, round(size / 1_000_000))} MB"


def require_strong(passphrase: str) -> None:
    verdict = check_passphrase(passphrase)
    if not verdict.acceptable:
        raise WeakPassphrase(f"That passphrase cannot be used. {verdict.reason}")


class Workbook:
    """An open workbook. Belongs to the thread that opened it (SQLCipher connections do)."""

    def __init__(self, path: Path, conn: Connection, clock: Callable[[], str] = utc_now) -> None:
        self.path = path
        self.clock = clock
        self._attach(conn)

    def _attach(self, conn: Connection) -> None:
        self.conn = conn
        self.audit = AuditLog(conn)
        self.cases = CaseRepository(conn, self.audit, self.clock)
        self.values = ValueRepository(conn, self.audit, self.clock)
        self.profile = ProfileRepository(conn, self.audit, self.clock)

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
            # What a crash left in the -wal goes into the file now, so the whole-file checks
            # read one key's pages (a rekey stopped after its commit left the old key's there).
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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

    # -- the personal dictionary: words the practitioner taught the spell checker -----------
    PERSONAL_WORDS = "personal_dictionary"  # a meta key: a JSON list, encrypted with the rest

    def personal_words(self) -> list[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (self.PERSONAL_WORDS,)).fetchone()
        words = json.loads(row[0]) if row else []
        return [str(word) for word in words] if isinstance(words, list) else []

    def add_personal_word(self, word: str, actor: str) -> None:
        words = sorted({*self.personal_words(), word})
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (self.PERSONAL_WORDS, json.dumps(words, ensure_ascii=False)),
            )
            self.audit.append(at=self.clock(), actor=actor, action="word added to the personal dictionary")

    def close(self) -> None:
        self._fold_journal()  # tidiness, not safety
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

    def rekey(self, new_passphrase: str, actor: str, current_passphrase: str) -> None:
        """Re-encrypt the whole file under a new passphrase; the old one stops working.

        SQLCipher rewrites every page into the ``-wal`` and commits them with whatever the open
        transaction holds, so the "passphrase changed" entry is committed with the new key or
        not at all. SQLCipher does not report a rewrite the disk refused, so the room is checked
        first and the result proven after: a fresh connection opens with the new passphrase and
        not with the old. Anything else raises ``PassphraseNotChanged`` (or ``DiskFull``) with
        the workbook reopened under the passphrase that opens it, so this object stays usable.
        """
        require_strong(new_passphrase)
        self._fold_journal()  # the room needed is the file's size, the proof reads the file
        self._require_room_to_rekey()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.audit.append(at=self.clock(), actor=actor, action="passphrase changed")
            self.conn.reset_key(passphrase_bytes(new_passphrase))
        finally:
            with contextlib.suppress(DatabaseError):  # after a rewrite that took, nothing to undo
                self.conn.execute("ROLLBACK")
        self._fold_journal()  # after a rewrite that took, the file is wholly under the new key
        if self._opens_only_with(new_passphrase, not_with=current_passphrase):
            return
        self._reopen(current_passphrase, new_passphrase)
        if disk_free(self.path) < self._rekey_room():
            raise DiskFull()
        raise PassphraseNotChanged(
            "The passphrase was not changed: the disk refused the re-encrypted copy. The workbook "
            "is as it was and still opens with its current passphrase."
        )

    def _fold_journal(self) -> None:
        with contextlib.suppress(DatabaseError):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _rekey_room(self) -> int:
        """Every page is written once more into the ``-wal`` before it is copied back."""
        size = sum(p.stat().st_size for p in (self.path, journal_path(self.path)) if p.exists())
        return size + size // 8 + NEARLY_FULL_BYTES

    def _require_room_to_rekey(self) -> None:
        needed, free = self._rekey_room(), disk_free(self.path)
        if free < needed:
            raise DiskFull(
                f"Changing the passphrase needs about {_megabytes(needed)} free on the disk that "
                f"holds the workbook, and {_megabytes(free)} is free. Free some space and try "
                "again; nothing has been changed."
            )

    def opens_with(self, passphrase: str) -> bool:
        """Whether a fresh connection opens the file with ``passphrase`` (the key derivation's
        full cost: for checking a passphrase typed again, not for every call)."""
        try:
            connect(self.path, passphrase).close()
        except HsbDeskError:
            return False
        return True

    def _opens_only_with(self, passphrase: str, not_with: str) -> bool:
        return self.opens_with(passphrase) and not self.opens_with(not_with)

    def _reopen(self, *passphrases: str) -> None:
        """After a rekey that did not take, this connection's key is not the file's: open the
        file again with the first passphrase that opens it."""
        with contextlib.suppress(DatabaseError):
            self.conn.close()
        for words in passphrases:
            try:
                conn = connect(self.path, words)
            except HsbDeskError:
                continue
            self._attach(conn)
            return
        raise WorkbookDamaged()

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
