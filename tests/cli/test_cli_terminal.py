"""Case text from an imported file cannot act on the terminal: listings print it without escape
sequences, carriage returns or bidirectional overrides, and JSON on standard output escapes them
so it still reads back exactly."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE

from hsb_desk.cli.main import main

pytestmark = pytest.mark.usefixtures("mini_data_dir")

# Red text, a window title, a cursor move and a screen clear; CSI as one C1 character; a carriage
# return that would write over the line; a right-to-left override that reverses what follows.
HOSTILE = "Robin\x1b[31m Fictional\x1b]0;owned\x07\x1b[2J\x9b1A\rX\u202eevil"
SHOWN = "Robin FictionalXevil"  # each sequence gone whole, none of its parameters left


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    document = copy.deepcopy(FULL_DOCUMENT)
    document["values"]["child.full_name"] = HOSTILE
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    return path


def _printed(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_case_list_prints_the_name_without_anything_a_terminal_would_act_on(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["cases", str(workbook)]) == 0
    out = _printed(capsys)
    assert SHOWN in out
    assert not any(c in out for c in "\x1b\x07\x9b\r\u202e")


def test_json_on_standard_output_escapes_the_same_text_and_reads_back_exactly(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["export-json", str(workbook), "HSB-2026-0042"]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and "\\u001b[31m" in out
    assert json.loads(out)["values"]["child.full_name"] == HOSTILE
    assert main(["cases", str(workbook), "--json"]) == 0
    listed = capsys.readouterr().out
    assert out.isascii() and json.loads(listed)[0]["child_name"] == HOSTILE

