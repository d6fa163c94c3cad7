"""The workbook on disk is unreadable without the passphrase, and failed opens change nothing."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import PASSPHRASE, files_in

from hsb_desk.errors import WeakPassphrase, WorkbookExists, WorkbookNotFound, WrongPassphrase
from hsb_desk.store.workbook import Workbook

CANARY = "Zebedee-Quixotic-Canary-7391"


def _write_canary(path: Path) -> Workbook:
    workbook = Workbook.create(path, PASSPHRASE)
    with workbook.transaction():
        case = workbook.cases.create("CANARY-1", "mini-form", "1.0", "tester")
        workbook.values.set(case, "child.full_name", CANARY, "tester")
    return workbook


def test_file_has_no_plaintext_sqlite_header(workbook_path: Path) -> None:
    _write_canary(workbook_path).close()
    assert not workbook_path.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("close_first", [False, True])
def test_distinctive_value_appears_in_no_file(workbook_path: Path, close_first: bool) -> None:
    workbook = _write_canary(workbook_path)
    if close_first:
        workbook.close()
    names = files_in(workbook_path.parent)
    assert workbook_path.name in names
    if not close_first:
        assert f"{workbook_path.name}-wal" in names  # the WAL is encrypted too
    for name, data in names.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert CANARY.encode(encoding) not in data, f"{name} holds the value in {encoding}"
    if not close_first:
        workbook.close()


def test_wrong_passphrase_leaves_file_byte_identical(workbook_path: Path) -> None:
    _write_canary(workbook_path).close()
    before = files_in(workbook_path.parent)
    with pytest.raises(WrongPassphrase) as raised:
        Workbook.open(workbook_path, "not the right passphrase")
    assert raised.value.user_message == ("The passphrase is not correct, or this file is not an HSB Desk workbook.")
    assert files_in(workbook_path.parent) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00" * 4096, bytes(range(256)) * 64, b"PK\x03\x04 renamed word document"],
    ids=["empty", "zeros", "random", "docx"],
)
def test_file_that_is_not_a_workbook_is_refused_unchanged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.hsbdesk"
    path.write_bytes(content)
    with pytest.raises(WrongPassphrase):
        Workbook.open(path, PASSPHRASE)
    assert files_in(tmp_path) == {"odd.hsbdesk": content}


def test_plain_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "plain.hsbdesk"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    before = files_in(tmp_path)
    with pytest.raises(WrongPassphrase):
        Workbook.open(path, PASSPHRASE)
    assert files_in(tmp_path) == before


def test_missing_workbook_is_reported_and_not_created(tmp_path: Path) -> None:
    with pytest.raises(WorkbookNotFound):
        Workbook.open(tmp_path / "nothing.hsbdesk", PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_to_overwrite(workbook_path: Path) -> None:
    workbook_path.write_bytes(b"keep me")
    with pytest.raises(WorkbookExists):
        Workbook.create(workbook_path, PASSPHRASE)
    assert workbook_path.read_bytes() == b"keep me"


def test_create_refuses_weak_passphrase_with_reason(workbook_path: Path) -> None:
    with pytest.raises(WeakPassphrase) as raised:
        Workbook.create(workbook_path, "short")
    assert "at least 12 characters" in raised.value.user_message
    assert not workbook_path.exists()


def test_rekey_switches_passphrase(workbook_path: Path) -> None:
    workbook = _write_canary(workbook_path)
    workbook.rekey("a different long passphrase", "tester", PASSPHRASE)
    workbook.close()
    with pytest.raises(WrongPassphrase):
        Workbook.open(workbook_path, PASSPHRASE)
    reopened = Workbook.open(workbook_path, "a different long passphrase")
    case = reopened.cases.get("CANARY-1")
    assert reopened.values.values(case) == {"child.full_name": CANARY}
    reopened.close()


@pytest.mark.parametrize(
    "passphrase",
    ['it\'s a "quoted" one; DROP TABLE cases; --', "nul\x00inside passphrase", "Ωmega ☂ émoji 🦔 مرحبا بكم"],
    ids=["quotes", "nul", "unicode"],
)
def test_any_passphrase_text_round_trips(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "p.hsbdesk"
    Workbook.create(path, passphrase).close()
    Workbook.open(path, passphrase).close()


def test_passphrase_is_unicode_normalised(tmp_path: Path) -> None:
    composed = "café au lait crème brûlée"
    path = tmp_path / "n.hsbdesk"
    Workbook.create(path, unicodedata.normalize("NFC", composed)).close()
    # The same words typed on a keyboard that produces decomposed accents open it.
    Workbook.open(path, unicodedata.normalize("NFD", composed)).close()


def test_cipher_settings_are_sqlcipher4_defaults(workbook_path: Path) -> None:
    workbook = _write_canary(workbook_path)
    settings = {row[0] for row in workbook.conn.execute("PRAGMA cipher_settings")}
    assert "PRAGMA kdf_iter = 256000;" in settings
    assert workbook.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert workbook.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert workbook.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    workbook.close()
