"""``hsb-desk safety-plan WORKBOOK CASE --out FILE.docx`` (issue 18, item 1): a real workbook over the
real form pack holding the example case with an immediate safety plan; the document is read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from report.test_report_minimise import document_lines
from report.test_safety_plan_document import HARMED_ARRANGEMENT, MEASURES, safety_document

from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.cli.main import main

CASE = "HSB-2026-0001"


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Jo Example"]) == 0
    case = tmp_path / "case.json"
    case.write_text(json.dumps(safety_document()), encoding="utf-8")
    assert main(["import", str(path), str(case)]) == 0
    return path


def _exports(workbook: Path) -> list[str]:
    session = open_workbook(workbook, PASSPHRASE, default_form())
    try:
        return [entry.what for entry in sharing_record(session, CASE)]
    finally:
        session.close()


def test_it_writes_the_plan(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.docx"
    capsys.readouterr()
    assert main(["safety-plan", str(workbook), CASE, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"Wrote {out} (immediate safety plan, full version)" in err and "not encrypted" in err
    lines = document_lines(out.read_bytes())
    assert all(row["measure"] in lines and row["responsible"] in lines for row in MEASURES)
    assert "8 December 2026" in lines and HARMED_ARRANGEMENT in lines
    assert _exports(workbook) == ["Immediate safety plan, version 1, not password-protected"]


def test_the_shared_version(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    assert main(["safety-plan", str(workbook), CASE, "--version", "shared", "--out", str(out)]) == 0
    assert HARMED_ARRANGEMENT not in document_lines(out.read_bytes())
    assert _exports(workbook) == ["Immediate safety plan, shared version, version 1, not password-protected"]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["HSB-NO-SUCH-CASE"], "There is no case with that reference in this workbook."),
        ([CASE, "--version", "partial"], "Unknown version; use one of: full, shared."),
        ([CASE, "--out", "{tmp}/missing/plan.docx"], "folder for the export does not exist"),
        ([CASE, "--out", "{tmp}/existing.docx"], "existing.docx already exists; nothing was written."),
    ],
)
def test_bad_input_says_why_and_writes_nothing(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], said: str
) -> None:
    (tmp_path / "existing.docx").write_bytes(b"kept")
    before = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    args = [a.replace("{tmp}", str(tmp_path)) for a in arguments]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "plan.docx")]
    assert main(["safety-plan", str(workbook), *args]) != 0
    printed = capsys.readouterr()
    assert said in printed.err and "Traceback" not in printed.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "existing.docx").read_bytes() == b"kept"
    assert _exports(workbook) == []


def test_overwrite_replaces_an_existing_file(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"old")
    assert main(["safety-plan", str(workbook), CASE, "--out", str(out)]) != 0
    assert main(["safety-plan", str(workbook), CASE, "--out", str(out), "--overwrite"]) == 0
    assert out.read_bytes().startswith(b"PK")
