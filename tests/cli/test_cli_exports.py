"""``hsb-desk report`` and ``export-json`` never replace a file silently, name their files by
default, and ``hsb-desk sharing`` lists what was exported from a case."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE

from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.cli.main import main

CASE = "HSB-2026-0042"


@pytest.fixture
def workbook(mini_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook over the mini form holding FULL_DOCUMENT; the profile name carries a terminal
    escape sequence, which ``sharing`` must never print."""
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex\x1b[2J Example\u202e"]) == 0
    case = tmp_path / "case.json"
    case.write_text(json.dumps(FULL_DOCUMENT), encoding="utf-8")
    assert main(["import", str(path), str(case)]) == 0
    return path


def _audit_count(workbook: Path) -> int:
    session = open_workbook(workbook, PASSPHRASE, default_form())
    try:
        return len(session.workbook.audit.entries(CASE))
    finally:
        session.close()


def test_report_refuses_an_existing_file_without_overwrite(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "for the school.docx"
    out.write_bytes(b"the shared report, as sent")
    before = _audit_count(workbook)
    capsys.readouterr()
    assert main(["report", str(workbook), CASE, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "for the school.docx" in err and "--overwrite" in err and "Traceback" not in err
    assert out.read_bytes() == b"the shared report, as sent"
    assert _audit_count(workbook) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".docx" or ".partial" in p.name) == [
        "for the school.docx"
    ]
    assert main(["report", str(workbook), CASE, "--out", str(out), "--overwrite"]) == 0
    assert out.read_bytes().startswith(b"PK")
    assert _audit_count(workbook) == before + 1


def test_report_into_a_folder_or_the_current_folder_uses_the_default_names(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["report", str(workbook), CASE, "--out", str(folder)]) == 0
    assert main(["report", str(workbook), CASE, "--out", str(folder), "--version", "shared"]) == 0
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["report", str(workbook), CASE]) == 0
    day = date.today().isoformat()
    assert sorted(p.name for p in folder.iterdir()) == [f"{CASE} v1 full {day}.docx", f"{CASE} v1 shared {day}.docx"]
    assert [p.name for p in here.iterdir()] == [f"{CASE} v1 full {day}.docx"]
    assert main(["report", str(workbook), CASE]) == 2  # the same name again: refused


def test_export_json_refuses_an_existing_file_and_names_its_default(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "case.json"
    out.write_text("kept", encoding="utf-8")
    capsys.readouterr()
    assert main(["export-json", str(workbook), CASE, "--out", str(out)]) == 2
    assert "case.json" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "kept"
    assert main(["export-json", str(workbook), CASE, "--out", str(out), "--overwrite"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["case"]["reference"] == CASE
    folder = tmp_path / "json"
    folder.mkdir()
    assert main(["export-json", str(workbook), CASE, "--out", str(folder)]) == 0
    [written] = folder.iterdir()
    assert written.name.startswith(f"{CASE} v1 case data ") and written.suffix == ".json"


def test_sharing_lists_each_export_in_order_without_folders_or_control_characters(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Robin Fictional"  # a folder that names a child: never recorded
    folder.mkdir()
    secret = tmp_path / "password.txt"
    secret.write_text("a report password for e-mail\n", encoding="utf-8")
    assert main(["sharing", str(workbook), CASE]) == 0
    assert "Nothing has been exported" in capsys.readouterr().out
    assert main(["report", str(workbook), CASE, "--out", str(folder / "full.docx")]) == 0
    assert main(["report", str(workbook), CASE, "--out", str(folder / "missing" / "x.docx")]) == 1
    shared = ["--out", str(folder), "--version", "shared", "--password-file", str(secret)]
    assert main(["report", str(workbook), CASE, *shared]) == 0
    assert main(["export-json", str(workbook), CASE]) == 0
    capsys.readouterr()
    assert main(["sharing", str(workbook), CASE]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert "Full report, version 1, not password-protected" in lines[0] and lines[0].endswith("full.docx")
    assert "Shared version, version 1, protected by a password" in lines[1] and " v1 shared " in lines[1]
    assert "Case data (JSON), version 1" in lines[2]
    text = "\n".join(lines)
    assert "\x1b" not in text and "\u202e" not in text and "Alex[2J Example" in text
    assert str(tmp_path) not in text and "Robin Fictional" not in text
    assert main(["sharing", str(workbook), CASE, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in rows][:1] == ["full.docx"] and rows[0]["who"] == "Alex[2J Example"
    assert main(["check", str(workbook)]) == 0


def test_sharing_of_an_unknown_case_fails_plainly(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sharing", str(workbook), "NOPE"]) == 2
    assert "no case with that reference" in capsys.readouterr().err
