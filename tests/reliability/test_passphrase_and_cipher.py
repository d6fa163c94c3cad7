"""The passphrase reaches SQLCipher exactly (any text), weaker cipher settings are refused, and
failed unlock attempts never change or wipe anything."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
import sqlcipher3
from conftest import PASSPHRASE, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsb_desk.app import attempts
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.domain.unlock import unlock_delay
from hsb_desk.errors import RestoreFailed, UnsafeCipherSettings, WrongPassphrase
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import connection
from hsb_desk.store.backup import file_sha256, verify_backup, write_backup
from hsb_desk.store.connection import APPLICATION_ID, connect, passphrase_bytes
from hsb_desk.store.workbook import Workbook

passphrases = st.text(min_size=12, max_size=60)  # any text: quotes, NUL, emoji, RTL marks


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passphrase=passphrases)
def test_any_passphrase_opens_its_workbook_and_its_backup(passphrase: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.hsbdesk"
        conn = connect(path, passphrase, create=True)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute(
            "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at, actor, case_ref, action, field_key,"
            " old_json, new_json, prev_hash, hash)"
        )
        conn.execute("INSERT INTO meta VALUES ('x', ?)", (passphrase,))
        write_backup(conn, Path(folder) / "p.hsbdesk-backup")
        conn.close()
        verify_backup(Path(folder) / "p.hsbdesk-backup", passphrase)  # a fresh open with the passphrase
        reopened = connect(path, passphrase)
        assert reopened.execute("SELECT value FROM meta").fetchone()[0] == passphrase
        reopened.close()


def test_backup_key_is_the_passphrase_bytes_not_text(tmp_path: Path) -> None:
    """A NUL inside the passphrase would cut a C string short; the key must keep every byte."""
    passphrase = "before\x00after and more"
    workbook = Workbook.create(tmp_path / "n.hsbdesk", passphrase)
    write_backup(workbook.conn, tmp_path / "n.hsbdesk-backup")
    workbook.close()
    verify_backup(tmp_path / "n.hsbdesk-backup", passphrase)
    with pytest.raises(RestoreFailed):
        verify_backup(tmp_path / "n.hsbdesk-backup", "before")


def test_file_made_with_weak_key_derivation_is_refused(tmp_path: Path, mini_form: FormDefinition) -> None:
    path = tmp_path / "weak.hsbdesk"
    raw = sqlcipher3.connect(str(path), isolation_level=None)
    raw.set_key(passphrase_bytes(PASSPHRASE))
    raw.execute("PRAGMA kdf_iter = 64000")
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    before = file_sha256(path)
    with pytest.raises((UnsafeCipherSettings, WrongPassphrase)):
        open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY)
    with pytest.raises(RestoreFailed):
        verify_backup(path, PASSPHRASE)
    assert file_sha256(path) == before


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        ("cipher_version", "3.4.2"),
        ("kdf_iter", "64000"),
        ("cipher_hmac_algorithm", "HMAC_SHA1"),
        ("cipher_use_hmac", "0"),
        ("cipher_plaintext_header_size", "32"),
    ],
)
def test_unexpected_cipher_build_is_refused(
    session: WorkbookSession,
    workbook_path: Path,
    mini_form: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    reported: str,
) -> None:
    session.close()
    real = connection._pragma
    monkeypatch.setattr(connection, "_pragma", lambda conn, pragma: reported if pragma == name else real(conn, pragma))
    before = file_sha256(workbook_path)
    with pytest.raises(UnsafeCipherSettings):
        open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert file_sha256(workbook_path) == before


def test_ten_wrong_attempts_wipe_nothing(
    session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.create_case("U-1")
    session.set_value("U-1", "child.full_name", "Still Here")
    session.close()
    before = file_sha256(workbook_path)
    ticks = itertools.count(0.0, 31.0)  # each attempt after the wait the one before it earned
    monkeypatch.setattr(attempts, "clock", lambda: next(ticks))
    for attempt in range(10):
        with pytest.raises(WrongPassphrase):
            open_workbook(workbook_path, f"wrong passphrase number {attempt}", mini_form, today=lambda: TODAY)
        assert file_sha256(workbook_path) == before
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert reopened.values("U-1") == {"child.full_name": "Still Here"}
    reopened.close()


def test_unlock_delay_grows_and_is_capped() -> None:
    assert [unlock_delay(n) for n in range(10)] == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30]
    assert unlock_delay(-1) == 0
    assert unlock_delay(10**9) == 30
    delays = [unlock_delay(n) for n in range(100)]
    assert delays == sorted(delays)
