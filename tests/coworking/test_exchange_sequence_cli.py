"""Issue 16, item 5, as a user meets it on the command line: an older hand-back imported after a
newer one, and an older hand-out, exit 2 with a plain message and leave the workbook unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, files_in
from coworking.test_exchange import FAST

from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition

CASE = "HSB-2026-0042"
WORDS = "maple orbit candle river glade otter"  # the exchange passphrase, agreed by phone
DOCUMENT = {
    "format": "hsb-desk.case/1",
    "form": {"id": "mini-form", "version": "1.0"},
    "case": {"reference": CASE, "status": "draft"},
    "values": {"child.full_name": "Robin Fictional", "child.route": "concern", "findings.concern_level": "low"},
}


@pytest.fixture
def workbooks(
    tmp_path: Path, mini_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """The lead's workbook holding one case, and the co-worker's empty one, in separate folders."""
    monkeypatch.setattr(exchange_format, "DEFAULT_SCRYPT", FAST)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HSB_DESK_EXCHANGE_PASSPHRASE", WORDS)
    lead, coworker = tmp_path / "lead" / "lead.hsbdesk", tmp_path / "cw" / "coworker.hsbdesk"
    assert main(["init", str(lead), "--name", "Alex Example", "--role", "Social worker"]) == 0
    assert main(["init", str(coworker), "--name", "Sam Coworker", "--role", "Youth justice worker"]) == 0
    document = tmp_path / "case.json"
    document.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert main(["import", str(lead), str(document)]) == 0
    capsys.readouterr()
    return lead, coworker


def _set(path: Path, form: FormDefinition, key: str, value: object) -> None:
    """What the co-worker types in their copy (the command line has no editor)."""
    session = open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)
    try:
        session.set_value(CASE, key, value)
    finally:
        session.close()


def _values(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["export-json", str(path), CASE]) == 0
    values: dict[str, object] = json.loads(capsys.readouterr().out)["values"]
    return values


def test_an_older_handback_after_a_newer_one_exits_2_and_changes_nothing(
    workbooks: tuple[Path, Path], tmp_path: Path, mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, coworker = workbooks
    handout, first, second = (tmp_path / name for name in ("out.hsbx", "back-1.hsbx", "back-2.hsbx"))
    assert main(["handout", "export", str(lead), CASE, "--out", str(handout)]) == 0
    assert main(["handout", "import", str(coworker), str(handout)]) == 0
    _set(coworker, mini_form, "findings.concern_level", "medium")
    assert main(["handback", "export", str(coworker), CASE, "--out", str(first)]) == 0
    _set(coworker, mini_form, "findings.concern_level", "high")
    _set(coworker, mini_form, "findings.strength_level", "low")
    assert main(["handback", "export", str(coworker), CASE, "--out", str(second)]) == 0
    assert f"Wrote {second}: hand-back number 2," in capsys.readouterr().out  # so the user can tell them apart
    assert main(["handback", "import", str(lead), str(second)]) == 0
    assert "Merged 2 value(s)" in capsys.readouterr().out

    before = files_in(lead.parent)
    assert main(["handback", "import", str(lead), str(first), "--resolve", "theirs"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.search(rf"hand-back of case {CASE} is number 1, made \d{{4}}-\d\d-\d\d \d\d:\d\d;", captured.err)
    assert re.search(r"hand-back number 2, made \d{4}-\d\d-\d\d \d\d:\d\d, was imported here on", captured.err)
    assert "nothing was changed" in captured.err
    assert not any(word in captured.err for word in ("medium", "high", "low", "Robin"))
    assert files_in(lead.parent) == before  # not a byte of the workbook changed
    values = _values(lead, capsys)
    assert values["findings.concern_level"] == "high" and values["findings.strength_level"] == "low"


def test_an_older_handout_after_a_newer_one_exits_2_on_the_coworkers_side(
    workbooks: tuple[Path, Path], tmp_path: Path, mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, coworker = workbooks
    first, second = tmp_path / "out-1.hsbx", tmp_path / "out-2.hsbx"
    assert main(["handout", "export", str(lead), CASE, "--out", str(first)]) == 0
    _set(lead, mini_form, "findings.concern_level", "medium")
    assert main(["handout", "export", str(lead), CASE, "--out", str(second)]) == 0
    assert main(["handout", "import", str(coworker), str(second)]) == 0
    capsys.readouterr()

    before = files_in(coworker.parent)
    assert main(["handout", "import", str(coworker), str(first)]) == 2
    err = capsys.readouterr().err
    assert f"hand-out of case {CASE} is number 1" in err and "hand-out number 2" in err
    assert "ask the lead" in err and "medium" not in err and "Robin" not in err
    assert files_in(coworker.parent) == before
    assert _values(coworker, capsys)["findings.concern_level"] == "medium"
