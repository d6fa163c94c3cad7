"""A case whose repeat rows are all blank cannot be signed off: through the command line, on the
real form pack, the blank rows are not stored and sign-off lists what is missing by section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.cli.main import main
from hsb_desk.formspec import load_form

BLANKED = ("behaviour.incidents", "referral.consent_carers", "sharing.recipients")


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example", "--role", "Social worker"]) == 0
    return path


def example_with_blank_rows(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    document = json.loads((paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8"))
    document.pop("demo_anchor", None)
    values = document["values"]
    values["referral.lead_practitioner"] = "Alex Example"  # the signer is the lead: only completeness decides
    values["behaviour.incidents"] = [{}, {"date": None, "description": "   "}]
    values["referral.consent_carers"] = [{"name": ""}]
    values["sharing.recipients"] = [{}, {}, {}]
    path = tmp_path / "blank-rows.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, document


def test_blank_rows_are_not_stored_and_sign_off_is_refused_listing_them(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, document = example_with_blank_rows(tmp_path)
    reference = document["case"]["reference"]
    assert main(["import", str(workbook), str(source)]) == 0
    capsys.readouterr()
    assert main(["export-json", str(workbook), reference]) == 0
    stored = json.loads(capsys.readouterr().out)["values"]
    assert not set(BLANKED) & set(stored)  # a blank row is not a row

    assert main(["signoff", str(workbook), reference]) == 2
    err = capsys.readouterr().err
    form = load_form(paths.forms_dir())
    for key in BLANKED:
        section, spec = form.section_of(key), form.get_field(key)
        assert section is not None and spec is not None
        assert f"{section.number}. {section.title}" in err
        assert f"- {spec.label}" in err
    assert main(["versions", str(workbook), reference]) == 0
    assert "signed" not in capsys.readouterr().out.split("Version 1", 1)[-1].splitlines()[0]


def test_a_row_missing_a_required_column_is_named_with_its_number(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, document = example_with_blank_rows(tmp_path)
    reference = document["case"]["reference"]
    original = json.loads((paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8"))
    rows = original["values"]["behaviour.incidents"]
    rows[1].pop("description")
    document["values"].update({k: original["values"][k] for k in BLANKED})
    document["values"]["behaviour.incidents"] = rows
    source.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(workbook), str(source)]) == 0
    capsys.readouterr()
    assert main(["signoff", str(workbook), reference]) == 2
    err = capsys.readouterr().err
    assert "- Incidents, incident 2: What happened" in err
    assert err.count("\n    - ") == 1  # nothing else is missing
