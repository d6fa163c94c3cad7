"""``hsb-desk report``: the report from the command line, its options and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE
from test_report_model import body_text, header_footer_text, xml_parts

from hsb_desk.cli.main import main
from hsb_desk.report import unprotect_docx

CASE = "HSB-2026-0042"


@pytest.fixture
def workbook(mini_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook over the mini form, holding FULL_DOCUMENT, with the real report templates."""
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    case = tmp_path / "case.json"
    case.write_text(json.dumps(FULL_DOCUMENT), encoding="utf-8")
    assert main(["import", str(path), str(case)]) == 0
    return path


def test_report_writes_the_full_version_by_default(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.docx"
    assert main(["report", str(workbook), CASE, "--out", str(out)]) == 0
    assert "not encrypted" in capsys.readouterr().err
    text = body_text(out.read_bytes())
    assert "Robin Fictional" in text and "Jo Fictional" in text
    assert docx.Document(str(out)).core_properties.author == "Alex Example"


def test_shared_version_and_marking(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared.docx"
    assert main(["report", str(workbook), CASE, "--out", str(out), "--version", "shared", "--marking", "OFFICIAL"]) == 0
    raw = "".join(xml_parts(out.read_bytes()).values())
    assert "Jo Fictional" not in raw and "Sam Fictional" not in raw and "Robin Fictional" in raw
    assert "OFFICIAL" in header_footer_text(out.read_bytes())


def test_password_file_protects_the_report(workbook: Path, tmp_path: Path) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text("a report password for e-mail\n", encoding="utf-8")
    out = tmp_path / "locked.docx"
    assert main(["report", str(workbook), CASE, "--out", str(out), "--password-file", str(secret)]) == 0
    opened = unprotect_docx(out.read_bytes(), "a report password for e-mail")  # no trailing newline
    assert "Robin Fictional" in body_text(opened)


def test_errors_exit_with_their_code_and_write_nothing(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.docx"
    weak = tmp_path / "weak.txt"
    weak.write_text("secret", encoding="utf-8")
    cases = [
        (["NO-SUCH-CASE"], 2, "no case with that reference"),
        ([CASE, "--version", "everything"], 2, "Unknown report version"),
        ([CASE, "--password-file", str(weak)], 2, "report password cannot be used"),
    ]
    for extra, code, message in cases:
        assert main(["report", str(workbook), *extra, "--out", str(out)]) == code
        assert message in capsys.readouterr().err
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", "not the right passphrase at all")
    assert main(["report", str(workbook), CASE, "--out", str(out)]) == 3
    assert "passphrase is not correct" in capsys.readouterr().err
    assert not out.exists()
