"""Hostile files given as a workbook or as a backup: one plain message, no traceback, nothing
changed on disk (every file in the folder hashed before and after)."""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PASSPHRASE, files_in

from hsb_desk.cli.main import main
from hsb_desk.store import schema
from hsb_desk.store.connection import connect

pytestmark = pytest.mark.usefixtures("mini_data_dir")


def _workbook(path: Path, passphrase: str = PASSPHRASE) -> None:
    os.environ["HSB_DESK_PASSPHRASE"] = passphrase
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    os.environ["HSB_DESK_PASSPHRASE"] = PASSPHRASE


def _wrong_passphrase(path: Path) -> None:
    _workbook(path, "somebody else's long passphrase")


def _truncated(path: Path) -> None:
    _workbook(path)
    path.write_bytes(path.read_bytes()[:2048])


def _plain_sqlite(path: Path) -> None:
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE cases (reference TEXT)")
    plain.execute("INSERT INTO cases VALUES ('X-1')")
    plain.commit()
    plain.close()


def _docx(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    path.write_bytes(buffer.getvalue())


def _newer_schema(path: Path) -> None:
    _workbook(path)
    conn = connect(path, PASSPHRASE)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


HOSTILE: dict[str, Callable[[Path], None]] = {
    "wrong-passphrase": _wrong_passphrase,
    "empty": lambda p: p.write_bytes(b""),
    "truncated": _truncated,
    "random-bytes": lambda p: p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(3 * 4096 + 11))),
    "plain-sqlite": _plain_sqlite,
    "renamed-docx": _docx,
    "newer-schema": _newer_schema,
}


def _snapshot(*folders: Path) -> list[dict[str, bytes]]:
    return [files_in(folder) for folder in folders]


def _plain_failure(capfd: pytest.CaptureFixture[str], code: int) -> str:
    out, err = capfd.readouterr()
    assert code not in (0, 1), (code, err)  # a known failure, with its own exit code
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, err
    return err


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_as_workbook(tmp_path: Path, kind: str, capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "cases.hsbdesk"
    HOSTILE[kind](path)
    capfd.readouterr()
    before = _snapshot(folder)
    for command in (["cases", str(path)], ["check", str(path)], ["backup", str(path), str(tmp_path)]):
        _plain_failure(capfd, main(command))
        assert _snapshot(folder) == before, command
    assert not any(p.suffix == ".hsbdesk-backup" for p in tmp_path.iterdir())


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_as_backup(tmp_path: Path, kind: str, capfd: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    workbook = good / "cases.hsbdesk"
    _workbook(workbook)
    backup = bad / "cases-20261122T090000Z-daily.hsbdesk-backup"
    HOSTILE[kind](backup)
    capfd.readouterr()
    before = _snapshot(good, bad)
    err = _plain_failure(capfd, main(["restore", str(backup), str(workbook)]))
    assert "Nothing was changed" in err or "nothing was changed" in err
    assert _snapshot(good, bad) == before
    _plain_failure(capfd, main(["restore", str(backup), str(good / "new.hsbdesk")]))
    assert _snapshot(good, bad) == before
