"""A case file built to break the reader is refused as invalid input (exit 2) with a plain reason,
and nothing is changed: nesting a thousand deep, a number of 5,000 digits, a name given twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE

from hsb_desk.cli.main import main

pytestmark = pytest.mark.usefixtures("mini_data_dir")
BODY = json.dumps(FULL_DOCUMENT)
NAME = '"child.full_name": "Robin Fictional"'


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    return path


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (BODY.replace(NAME, f'"child.full_name": {"[" * 1000}{"]" * 1000}'), "It is nested too deeply."),
        (BODY.replace('"child.siblings_count": 2', f'"child.siblings_count": {"7" * 5000}'), "too long"),
        (BODY.replace(NAME, f'{NAME}, "child.full_name": "Someone Else"'), "A name is given twice in one object."),
    ],
    ids=["nested-1000-deep", "5000-digit-number", "name-given-twice"],
)
def test_a_case_file_built_to_break_the_reader_is_refused_plainly_and_changes_nothing(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    assert text != BODY
    source = tmp_path / "hostile.json"
    source.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(workbook), str(source)]) == 2
    err = capsys.readouterr().err
    assert "The file is not HSB Desk case JSON; nothing was changed." in err and reason in err
    assert "unexpected" not in err
    assert main(["cases", str(workbook), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_same_file_without_the_fault_imports(workbook: Path, tmp_path: Path) -> None:
    source = tmp_path / "case.json"
    source.write_text(BODY, encoding="utf-8")
    assert main(["import", str(workbook), str(source)]) == 0


def test_a_value_longer_than_its_field_holds_is_refused_and_nothing_imported(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(BODY)
    document["values"]["child.notes"] = "pasted and pasted again " * 7_000  # 168,000 characters
    source = tmp_path / "long.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(workbook), str(source)]) == 2
    err = capsys.readouterr().err
    assert "child.notes" in err and "at most 150,000" in err and "pasted and pasted" not in err
    assert main(["cases", str(workbook), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_file_larger_than_any_case_is_refused_unread(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.json"
    source.write_text(BODY, encoding="utf-8")
    with source.open("r+b") as stretched:  # sparse: the size is real, the disk is not filled
        stretched.truncate(100_000_000)
    capsys.readouterr()
    assert main(["import", str(workbook), str(source)]) == 2
    assert "larger than any case can be (64 MB at most)" in capsys.readouterr().err
    assert main(["cases", str(workbook), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
