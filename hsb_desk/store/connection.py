"""Opening a SQLCipher connection safely: the key, the cipher checks, the crash-safe settings.

The passphrase reaches SQLCipher through ``sqlite3_key`` (``Connection.set_key``) as the
NFC-normalised UTF-8 bytes, never inside SQL text, so quotes, NUL and any Unicode are harmless.
See docs/storage.md for why each setting is chosen.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import sqlcipher3
from sqlcipher3.dbapi2 import Connection, DatabaseError, OperationalError

__all__ = ["APPLICATION_ID", "Connection", "DatabaseError", "OperationalError", "connect", "passphrase_bytes"]

from hsb_desk.errors import UnsafeCipherSettings, WorkbookDamaged, WrongPassphrase

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
    """
    mode = "rwc" if create else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=True)
    except sqlcipher3.OperationalError as exc:
        raise WrongPassphrase() from exc
    try:
        # Errors in the cipher layer are ours to report; keep SQLCipher's own log off stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(passphrase_bytes(passphrase))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # An empty or foreign file also "opens"; only ours carries our application id. Checked
        # before any setting is applied, because applying settings writes to the file.
        is_ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongPassphrase() from exc
    if not create and not is_ours:
        conn.close()
        raise WrongPassphrase()
    try:
        check_cipher(conn)
        apply_settings(conn)
    except BaseException:
        conn.close()
        raise
    return conn


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


def apply_settings(conn: Connection) -> None:
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
        raise WorkbookDamaged() from exc
    if str(mode).lower() != "wal":
        raise WorkbookDamaged()


def _pragma(conn: Connection, name: str) -> str:
    row = conn.execute(f"PRAGMA {name}").fetchone()  # name is one of our constants, never input
    return "" if row is None else str(row[0])
