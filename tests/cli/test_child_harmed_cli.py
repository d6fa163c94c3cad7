"""``hsb-desk handout export --include-kept-out``: the child who has been harmed (issue 18, item 2)
goes to the co-worker only when the lead asks for it. Real workbooks over the real form pack, the
example case, each hand-out decrypted and imported into the co-worker's workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import example_document
from coworking.test_child_harmed_handout import CHILDREN, ROWS, SECRETS
from coworking.test_exchange import FAST

from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.cli.main import main

WORDS = "maple orbit candle river glade otter"


@pytest.fixture
def workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """The lead's workbook holding the example case with child-harmed rows, that section given to
    the co-worker."""
    monkeypatch.setattr(exchange_format, "DEFAULT_SCRYPT", FAST)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HSB_DESK_EXCHANGE_PASSPHRASE", WORDS)
    lead = tmp_path / "lead" / "lead.hsbdesk"
    assert main(["init", str(lead), "--name", "Jo Example"]) == 0
    document = example_document()
    document["values"][CHILDREN] = ROWS
    case = tmp_path / "case.json"
    case.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(lead), str(case)]) == 0
    reference = document["case"]["reference"]
    assert main(["owners", str(lead), reference, "--set", "harmed=coworker"]) == 0
    capsys.readouterr()
    return lead, reference


def _coworker_values(tmp_path: Path, name: str, handout: Path, reference: str) -> dict[str, object]:
    coworker = tmp_path / name / "coworker.hsbdesk"
    assert main(["init", str(coworker), "--name", "Sam Coworker"]) == 0
    assert main(["handout", "import", str(coworker), str(handout)]) == 0
    session = open_workbook(coworker, PASSPHRASE, default_form(), today=lambda: TODAY)
    try:
        return session.values(reference)
    finally:
        session.close()


def test_the_flag_includes_the_child_harmed_record_and_without_it_none_goes(
    workbooks: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, reference = workbooks
    without = tmp_path / "without.hsbx"
    assert main(["handout", "export", str(lead), reference, "--out", str(without)]) == 0
    out = capsys.readouterr().out
    assert "Kept out of the hand-out: 15. The child who has been harmed (--include-kept-out includes it)." in out
    text = json.dumps(unseal(without.read_bytes(), WORDS).payload)
    assert CHILDREN not in text and not [s for s in SECRETS if s in text]
    held = _coworker_values(tmp_path, "first", without, reference)
    assert CHILDREN not in held and not [s for s in SECRETS if s in json.dumps(held)]

    with_it = tmp_path / "with.hsbx"
    assert main(["handout", "export", str(lead), reference, "--out", str(with_it), "--include-kept-out"]) == 0
    assert "Kept out" not in capsys.readouterr().out
    assert unseal(with_it.read_bytes(), WORDS).payload["values"][CHILDREN] == ROWS
    assert _coworker_values(tmp_path, "second", with_it, reference)[CHILDREN] == ROWS


def test_the_flag_is_described_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["handout", "export", "--help"])
    assert "--include-kept-out" in capsys.readouterr().out
