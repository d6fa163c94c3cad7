"""``hsb-desk report --version shared`` prints what it replaced in the text, and ``--recipient`` /
``--recipient-row`` make a copy for one person (issue 17, items 10 and 12). A real workbook over
the real form pack holding the example case with names typed into its narratives; each report is
read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from report.test_report_minimise import EXACT_CASE, WITHHELD, case_document, document_lines, found_in, withheld_found

from hsb_desk.app.reports.recipients import NO_RECIPIENT
from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.cli.cmd_report import NONE_REPLACED, REPLACED
from hsb_desk.cli.main import main

CASE = "HSB-2026-0001"
SCHOOL = "Priya Example, Northgate Academy (fictional)"


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Jo Example"]) == 0
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document()), encoding="utf-8")
    assert main(["import", str(path), str(case)]) == 0
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _values(workbook: Path) -> dict[str, object]:
    session = open_workbook(workbook, PASSPHRASE, default_form())
    try:
        return session.values(CASE)
    finally:
        session.close()


def _exports(workbook: Path) -> int:
    session = open_workbook(workbook, PASSPHRASE, default_form())
    try:
        return len([e for e in session.workbook.audit.entries(CASE) if e.action == "report exported"])
    finally:
        session.close()


def test_the_shared_version_prints_what_it_replaced_and_never_the_withheld_text(
    workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["report", str(workbook), CASE, "--version", "shared", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    lines = printed.err.splitlines()
    assert lines[0] == REPLACED
    assert "  1. Referral and route – Reason for referral: 2 × 'Child A'" in lines
    assert "  9. Family and carers – Relationships: 3 × '[withheld]'" in lines
    assert "  12. Conclusion and analysis – Safety plan, Who is responsible: 1 × 'Mother's partner'" in lines
    said = printed.out + printed.err
    assert found_in([said], WITHHELD) == [] and found_in([said], EXACT_CASE, exact_case=True) == []
    [written] = out.iterdir()
    assert withheld_found(written.read_bytes(), _values(workbook)) == ["Signed consent form"]


def test_the_full_report_lists_nothing(workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["report", str(workbook), CASE, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert REPLACED not in err and NONE_REPLACED not in err and "Wrote" in err


def test_a_recipient_of_the_distribution_list_gets_their_version_named_after_them(
    workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(workbook), CASE, "--recipient-row", "3", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    [written] = out.iterdir()
    assert written.name.startswith(f"{CASE} v1 shared ") and written.name.endswith(f" for {SCHOOL}.docx")
    assert f"(shared version, copy for {SCHOOL})" in err and REPLACED in err  # the list's version: shared
    day = written.name.split(" ")[3]
    copy_for = f"Copy for {SCHOOL}, {day[8:10]}/{day[5:7]}/{day[:4]}"
    assert copy_for in document_lines(written.read_bytes())
    assert main(["sharing", str(workbook), CASE]) == 0
    assert f"copy for {SCHOOL}" in capsys.readouterr().out


def test_a_typed_recipient_names_the_copy(workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(workbook), CASE, "--recipient", "Dr Morgan Sample-Hill, GP", "--out", str(out)]) == 0
    [written] = out.iterdir()
    assert " v1 full " in written.name and written.name.endswith(" for Dr Morgan Sample-Hill, GP.docx")
    assert "(full report, copy for Dr Morgan Sample-Hill, GP)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--recipient", ""], NO_RECIPIENT),
        (["--recipient", "   "], NO_RECIPIENT),
        (["--recipient-row", "9"], "The distribution list has 3 recipients: choose a number from 1 to 3."),
        (["--recipient-row", "3", "--version", "full"], "Recipient 3 is to receive the shared version"),
    ],
)
def test_a_bad_recipient_is_refused_and_nothing_is_written(
    workbook: Path, out: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    capsys.readouterr()
    assert main(["report", str(workbook), CASE, *arguments, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Nothing was written" in err and "Traceback" not in err
    assert list(out.iterdir()) == [] and _exports(workbook) == 0


def test_a_recipient_is_typed_or_chosen_not_both(workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["report", str(workbook), CASE, "--recipient", SCHOOL, "--recipient-row", "3", "--out", str(out)])
    assert raised.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert list(out.iterdir()) == []
