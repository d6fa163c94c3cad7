"""Opening a SQLCipher connection safely: the key, the cipher checks, the crash-safe settings.

The passphrase reaches SQLCipher through ``sqlite3_key`` (``Connection.set_key``) as the
NFC-normalised UTF-8 bytes, never inside SQL text, so quotes, NUL and any Unicode are harmless.
See docs/storage.md for why each setting is chosen.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from contextlib import closing
from pathlib import Path

import sqlcipher3
from sqlcipher3.dbapi2 import Connection, DatabaseError, OperationalError

__all__ = ["APPLICATION_ID", "Connection", "DatabaseError", "OperationalError", "connect", "passphrase_bytes"]

from hsb_desk.errors import (
    DiskFull,
    ForeignJournal,
    HsbDeskError,
    UnsafeCipherSettings,
    WorkbookDamaged,
    WorkbookHasOtherNames,
    WorkbookUnreadable,
    WrongPassphrase,
)

# SQLCipher 4 defaults; anything weaker is refused at open.
MIN_KDF_ITER = 256_000
REQUIRED_SETTINGS = {
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
}
APPLICATION_ID = 0x48534244  # "HSBD": marks the file as an HSB Desk workbook.


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes given to SQLCipher: the same passphrase typed on any keyboard gives one key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def connect(path: Path, passphrase: str, *, create: bool = False) -> Connection:
    """Open ``path`` with ``passphrase`` and prove the key is right by reading the schema.

    With ``create=False`` nothing is created: a missing file is an error, and a wrong
    passphrase leaves the file byte-identical (nothing is written before the key is proven).
    The file is opened by its real path (a symbolic link leads to it; SQLite names the ``-wal``
    after the path it is given). A ``-wal`` left beside it is read on a read-only connection
    first: a read-write connection would copy it into the workbook when it closes, and one that
    is not the workbook's own would overwrite the workbook with another file's pages.
    """
    real = Path(os.path.realpath(path))
    if not create:
        refuse_other_names(real)
        if _has_frames(journal_path(real)):
            _prove_read_only(real, passphrase)
    return _open(real, passphrase, "rwc" if create else "rw", create=create)


def journal_path(path: Path) -> Path:
    return Path(f"{path}-wal")


def refuse_other_names(path: Path) -> None:
    """A hard link is a second name whose ``-wal`` and lock SQLite and we would keep apart."""
    try:
        links = path.stat().st_nlink
    except OSError as exc:
        raise _refusal(exc, path) from exc
    if links > 1:
        raise WorkbookHasOtherNames()


def _has_frames(journal: Path) -> bool:
    try:
        return journal.stat().st_size > 0
    except FileNotFoundError:
        return False


def _prove_read_only(path: Path, passphrase: str) -> None:
    """Before a read-write open, which copies a ``-wal`` into the file when it closes: the key,
    the ``-wal`` and the file read together on a read-only connection (which never copies).

    A damaged pair is refused, so the copy never writes over the damage; when the pair does not
    read, the file alone tells a wrong passphrase from another file's ``-wal``.
    """
    with closing(_open_raw(f"{path.as_uri()}?mode=ro", path)) as together:
        try:
            together.set_key(passphrase_bytes(passphrase))
            # Every page in use, through the -wal: a page another key wrote fails its HMAC.
            structure = together.execute("PRAGMA quick_check").fetchall()
            sealed = together.execute("PRAGMA cipher_integrity_check").fetchall()
        except sqlcipher3.DatabaseError as exc:
            refusal = _refusal(exc, path)
            if not isinstance(refusal, WrongPassphrase | WorkbookDamaged):
                raise refusal from exc
        else:
            if structure != [("ok",)]:
                raise WorkbookDamaged()
            # The file's own pages fail their HMACs when they are damaged, or when a passphrase
            # change stopped after its commit: then the -wal holds every page under the new key
            # and the file, still the old key's, does not open with this one.
            if sealed and _opens_alone(path, passphrase):
                raise WorkbookDamaged()
            return
    with closing(_keyed(f"{path.as_uri()}?mode=ro&immutable=1", path, passphrase)) as alone:
        try:
            found = alone.execute("PRAGMA quick_check").fetchall()
        except sqlcipher3.DatabaseError as exc:
            raise WorkbookDamaged() from exc
    if found != [("ok",)]:
        raise WorkbookDamaged()
    raise ForeignJournal(journal_path(path).name)  # the file alone reads: the -wal is not its own


def _opens_alone(path: Path, passphrase: str) -> bool:
    try:
        _keyed(f"{path.as_uri()}?mode=ro&immutable=1", path, passphrase).close()
    except HsbDeskError:
        return False
    return True


def _keyed(uri: str, path: Path, passphrase: str) -> Connection:
    """A connection whose key is proven by reading the schema."""
    conn = _open_raw(uri, path)
    try:
        conn.set_key(passphrase_bytes(passphrase))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise _refusal(exc, path) from exc
    return conn


def _open_raw(uri: str, path: Path) -> Connection:
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=True)
    except sqlcipher3.OperationalError as exc:
        raise _refusal(exc, path) from exc
    # Errors in the cipher layer are ours to report; keep SQLCipher's own log off stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _open(path: Path, passphrase: str, mode: str, *, create: bool) -> Connection:
    conn = _keyed(f"{path.as_uri()}?mode={mode}", path, passphrase)
    try:
        # An empty or foreign file also "opens"; only ours carries our application id. Checked
        # before any setting is applied, because applying settings writes to the file.
        is_ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise _refusal(exc, path) from exc
    if not create and not is_ours:
        conn.close()
        raise WrongPassphrase()
    try:
        check_cipher(conn)
        apply_settings(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26
#: Below this much free space an I/O error is read as a full disk (SQLite reports a write that
#: finds no room as an I/O error when it extends its shared-memory file).
NEARLY_FULL_BYTES = 1 << 20


def _refusal(exc: BaseException, path: Path) -> HsbDeskError:
    """What a failed open means to the person opening: a wrong passphrase only when SQLCipher
    says the file is not a database under this key; a full disk; a drive that refuses."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else int(code) & 0xFF
    if primary == _SQLITE_NOTADB:
        return WrongPassphrase()
    if primary == _SQLITE_CORRUPT:
        return WorkbookDamaged()
    if primary == _SQLITE_FULL or (disk_free(path) < NEARLY_FULL_BYTES):
        return DiskFull()
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN, _SQLITE_READONLY, _SQLITE_PERM) or isinstance(exc, OSError):
        return WorkbookUnreadable()
    return WrongPassphrase()


def disk_free(path: Path) -> int:
    """Free bytes on the disk holding ``path`` (a very large number when it cannot be told)."""
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return 1 << 62


def check_cipher(conn: Connection) -> None:
    """Refuse a SQLCipher build or file whose settings are weaker than SQLCipher 4's defaults."""
    version = _pragma(conn, "cipher_version")
    if not version or not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 4:
        raise UnsafeCipherSettings()
    if int(_pragma(conn, "kdf_iter") or 0) < MIN_KDF_ITER:
        raise UnsafeCipherSettings()
    for name, wanted in REQUIRED_SETTINGS.items():
        if _pragma(conn, name) != wanted:
            raise UnsafeCipherSettings()


def apply_settings(conn: Connection, path: Path | None = None) -> None:
    """Crash-safe, no plaintext temp files: WAL with a sync on every commit; temp data in memory."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # 2 MB of decrypted pages, SQLite's own default (this SQLCipher build holds 8 MB). The
        # check at every open reads the whole file and fills whatever the cache allows; reading
        # the case list and a case is as fast with 2 MB, even with 5,000 cases (bench/).
        conn.execute("PRAGMA cache_size = -2000")
    except sqlcipher3.DatabaseError as exc:
        # The key is proven by now: only a refusing disk or folder is not damage.
        refusal = _refusal(exc, path or Path("."))
        raise (refusal if isinstance(refusal, DiskFull | WorkbookUnreadable) else WorkbookDamaged()) from exc
    if str(mode).lower() != "wal":
        raise WorkbookDamaged()


def _pragma(conn: Connection, name: str) -> str:
    row = conn.execute(f"PRAGMA {name}").fetchone()  # name is one of our constants, never input
    return "" if row is None else str(row[0])
