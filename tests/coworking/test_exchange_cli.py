"""The co-working commands end to end: two workbooks, hand-out, hand-back, sign-off, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, files_in
from coworking.signing_support import LEAD, OTHER, document_text, example_document
from coworking.test_exchange import FAST

from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition

REPO = Path(__file__).resolve().parents[2]
CASE = "HSB-2026-0042"
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
    monkeypatch.setattr(exchange_format, "DEFAULT_SCRYPT", FAST)  # keep the suite fast
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    lead, coworker = tmp_path / "lead" / "lead.hsbdesk", tmp_path / "cw" / "coworker.hsbdesk"
    assert main(["init", str(lead), "--name", "Alex Example", "--role", "Social worker"]) == 0
    assert main(["init", str(coworker), "--name", "Sam Coworker", "--role", "Youth justice worker"]) == 0
    document = tmp_path / "case.json"
    document.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert main(["import", str(lead), str(document)]) == 0
    capsys.readouterr()
    return lead, coworker


def _set(path: Path, form: FormDefinition, key: str, value: object) -> None:
    session = open_workbook(path, PASSPHRASE, form, today=lambda: TODAY)
    try:
        session.set_value(CASE, key, value)
    finally:
        session.close()


def _shown_passphrase(out: str) -> str:
    lines = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert len(lines) == 1
    return lines[0]


def test_handout_handback_round_trip_with_a_conflict(
    workbooks: tuple[Path, Path],
    tmp_path: Path,
    mini_form: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lead, coworker = workbooks
    handout = tmp_path / "handout.hsbx"
    assert main(["handout", "export", str(lead), CASE, "--to", "coworker", "--out", str(handout)]) == 0
    words = _shown_passphrase(capsys.readouterr().out)
    assert len(words.split("-")) >= 5 and handout.stat().st_mode & 0o077 == 0

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the words we agreed\n", encoding="utf-8")
    before = files_in(coworker.parent)
    assert main(["handout", "import", str(coworker), str(handout), "--exchange-passphrase-file", str(wrong)]) == 2
    assert "passphrase is not correct" in capsys.readouterr().err
    assert files_in(coworker.parent) == before

    monkeypatch.setenv("HSB_DESK_EXCHANGE_PASSPHRASE", words)
    assert main(["handout", "import", str(coworker), str(handout)]) == 0
    assert main(["handout", "import", str(coworker), str(handout)]) == 0
    assert "already imported" in capsys.readouterr().out
    _set(coworker, mini_form, "findings.concern_level", "high")
    _set(coworker, mini_form, "findings.strength_level", "medium")

    handback = tmp_path / "handback.hsbx"
    monkeypatch.setenv("HSB_DESK_EXCHANGE_PASSPHRASE", "maple orbit candle river glade otter")
    assert main(["handback", "export", str(coworker), CASE, "--out", str(handback)]) == 0
    out = capsys.readouterr().out
    assert "HSB_DESK_EXCHANGE_PASSPHRASE" in out and "maple" not in out  # a given passphrase is not echoed

    _set(lead, mini_form, "findings.concern_level", "medium")  # the lead changed it too
    before = files_in(lead.parent)[lead.name]
    assert main(["handback", "import", str(lead), str(handback)]) == 2
    err = capsys.readouterr().err
    assert "findings.concern_level" in err and "--resolve" in err
    assert "high" not in err and "medium" not in err  # no case content in messages
    assert files_in(lead.parent)[lead.name] == before

    assert main(["handback", "import", str(lead), str(handback), "--resolve", "theirs"]) == 0
    out = capsys.readouterr().out
    assert "Sam Coworker" in out and "took theirs" in out
    assert main(["handback", "import", str(lead), str(handback), "--resolve", "mine"]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["export-json", str(lead), CASE]) == 0
    values = json.loads(capsys.readouterr().out)["values"]
    assert values["findings.concern_level"] == "high" and values["findings.strength_level"] == "medium"


def test_signoff_amend_versions_and_owners(
    workbooks: tuple[Path, Path], mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, _ = workbooks
    _set(lead, mini_form, "child.full_name", None)
    assert main(["signoff", str(lead), CASE]) == 2
    err = capsys.readouterr().err
    assert "1. Child\n    - Full name\n    - Date of birth" in err  # by section, in words
    _set(lead, mini_form, "child.full_name", "Robin Fictional")
    _set(lead, mini_form, "child.date_of_birth", "2012-03-04")
    assert main(["signoff", str(lead), CASE, "--as", "coworker", "--name", "Sam Coworker", "--role", "YOS"]) == 0
    assert main(["signoff", str(lead), CASE]) == 0
    assert "read-only" in capsys.readouterr().out
    assert main(["signoff", str(lead), CASE, "--as", "manager", "--name", "Morgan Manager"]) == 2
    assert main(["signoff", str(lead), CASE, "--as", "manager", "--name", "Morgan Manager", "--role", "TM"]) == 0
    assert main(["amend", str(lead), CASE, "--reason", "New information from school."]) == 0
    capsys.readouterr()
    assert main(["versions", str(lead), CASE]) == 0
    out = capsys.readouterr().out
    assert "Version 2, draft amendment of version 1" in out
    assert "Version 1: signed off 2026" in out and "Manager countersignature: Morgan Manager, TM" in out

    assert main(["owners", str(lead), CASE, "--set", "child=coworker"]) == 0
    assert "coworker" in capsys.readouterr().out.splitlines()[0]
    assert main(["owners", str(lead), CASE, "--set", "child=manager"]) == 2


def test_missing_word_list_refuses_export_plainly(
    workbooks: tuple[Path, Path], mini_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, _ = workbooks
    (mini_data_dir / "resources" / "wordlist.txt").unlink()
    _clear_word_list_cache()
    assert main(["handout", "export", str(lead), CASE, "--out", str(tmp_path / "x.hsbx")]) == 1
    assert "word list" in capsys.readouterr().err
    assert not (tmp_path / "x.hsbx").exists()


def _clear_word_list_cache() -> None:
    from hsb_desk.app.exchange import wordlist

    wordlist._load.cache_clear()


def test_signoff_by_someone_other_than_the_lead_needs_on_behalf_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real form pack: the example case's lead is Jo Example; Alex Example is at the keyboard."""
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    workbook, source = tmp_path / "cases.hsbdesk", tmp_path / "example.json"
    document = example_document()
    reference = document["case"]["reference"]
    source.write_text(json.dumps(document), encoding="utf-8")
    assert main(["init", str(workbook), "--name", OTHER, "--role", "Senior practitioner"]) == 0
    assert main(["import", str(workbook), str(source)]) == 0
    capsys.readouterr()
    before = files_in(tmp_path)

    assert main(["signoff", str(workbook), reference]) == 2
    err = capsys.readouterr().err
    assert LEAD in err and OTHER in err and "behalf" in err
    assert main(["signoff", str(workbook), reference, "--name", LEAD]) == 2  # no typed-in signer
    assert "profile" in capsys.readouterr().err
    assert main(["signoff", str(workbook), reference, "--as", "manager", "--on-behalf-of"]) == 2
    assert files_in(tmp_path) == before  # refused: nothing written, the case still not signed

    assert main(["signoff", str(workbook), reference, "--on-behalf-of"]) == 0
    assert "read-only" in capsys.readouterr().out
    assert main(["versions", str(workbook), reference]) == 0
    out = capsys.readouterr().out
    assert f"Lead practitioner sign-off: {OTHER} on behalf of {LEAD}, Senior practitioner" in out
    assert f"by {OTHER} on behalf of {LEAD}." in out  # the version's line says so too
    report = tmp_path / "v1.docx"
    assert main(["report", str(workbook), reference, "--signed-version", "1", "--out", str(report)]) == 0
    assert f"{OTHER} on behalf of {LEAD}" in document_text(report)
