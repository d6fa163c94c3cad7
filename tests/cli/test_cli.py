"""The command line: every command, passphrase sources, plain errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE, files_in

from hsb_desk.cli.main import main

pytestmark = pytest.mark.usefixtures("mini_data_dir")


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def workbook(tmp_path: Path, passphrase_env: None) -> Path:
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example", "--role", "Social worker"]) == 0
    return path


def _doc_file(tmp_path: Path, document: dict, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert "HSB Desk 0.1.0" in capsys.readouterr().out


def test_init_import_cases_export_round_trip(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(workbook), str(_doc_file(tmp_path, FULL_DOCUMENT))]) == 0
    assert main(["cases", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "HSB-2026-0042" in out and "Robin Fictional" in out
    out_file = tmp_path / "exported.json"
    assert main(["export-json", str(workbook), "HSB-2026-0042", "--out", str(out_file)]) == 0
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["values"] == FULL_DOCUMENT["values"]
    assert out_file.stat().st_mode & 0o077 == 0  # readable by the owner only
    assert main(["init", str(tmp_path / "second.hsbdesk")]) == 0
    assert main(["import", str(tmp_path / "second.hsbdesk"), str(out_file)]) == 0
    capsys.readouterr()
    assert main(["export-json", str(tmp_path / "second.hsbdesk"), "HSB-2026-0042"]) == 0
    assert json.loads(capsys.readouterr().out) == exported


def test_export_json_to_stdout(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", str(workbook), str(_doc_file(tmp_path, FULL_DOCUMENT))])
    capsys.readouterr()
    assert main(["export-json", str(workbook), "HSB-2026-0042"]) == 0
    assert json.loads(capsys.readouterr().out)["case"]["reference"] == "HSB-2026-0042"


def test_invalid_import_exits_2_listing_problems_and_changes_nothing(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.loads(json.dumps(FULL_DOCUMENT))
    bad["values"]["child.date_of_birth"] = "not a date"
    bad["values"]["child.route"] = "sideways"
    before = files_in(workbook.parent)
    assert main(["import", str(workbook), str(_doc_file(tmp_path, bad, "bad.json"))]) == 2
    err = capsys.readouterr().err
    assert "child.date_of_birth" in err and "child.route" in err
    assert "Traceback" not in err
    main(["cases", str(workbook)])
    assert "No cases yet." in capsys.readouterr().out
    assert files_in(workbook.parent)[workbook.name] == before[workbook.name]


def test_existing_reference_needs_replace(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc_file(tmp_path, FULL_DOCUMENT)
    assert main(["import", str(workbook), str(doc)]) == 0
    assert main(["import", str(workbook), str(doc)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["import", str(workbook), str(doc), "--replace"]) == 0


@pytest.mark.parametrize("content", ["{not json", "", "\x00\x01binary"], ids=["broken", "empty", "binary"])
def test_unreadable_import_file_exits_2(
    workbook: Path, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.json"
    path.write_text(content, encoding="utf-8")
    assert main(["import", str(workbook), str(path)]) == 2
    assert "nothing was changed" in capsys.readouterr().err


def test_wrong_passphrase_exits_3_and_changes_nothing(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", "this is not the passphrase")
    before = files_in(workbook.parent)
    assert main(["cases", str(workbook)]) == 3
    assert capsys.readouterr().err.strip() == (
        "The passphrase is not correct, or this file is not an HSB Desk workbook."
    )
    assert files_in(workbook.parent) == before


def test_passphrase_file_is_used_with_trailing_newline_ignored(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HSB_DESK_PASSPHRASE")
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert main(["cases", str(workbook), "--passphrase-file", str(secret)]) == 0


def test_no_passphrase_on_non_terminal_is_a_usage_error(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HSB_DESK_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))  # noqa: SIM115 - not a terminal
    assert main(["cases", str(workbook)]) == 2
    assert "HSB_DESK_PASSPHRASE" in capsys.readouterr().err


def test_weak_passphrase_on_init_exits_2_with_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", "password1234")
    assert main(["init", str(tmp_path / "w.hsbdesk")]) == 2
    assert "common password" in capsys.readouterr().err
    assert not (tmp_path / "w.hsbdesk").exists()


def test_rekey(workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HSB_DESK_NEW_PASSPHRASE", "a brand new long passphrase")
    assert main(["rekey", str(workbook)]) == 0
    assert main(["cases", str(workbook)]) == 3
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", "a brand new long passphrase")
    assert main(["cases", str(workbook)]) == 0


def test_check_passes_on_healthy_workbook(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "Audit trail intact" in out and "checks passed" in out


def test_check_reports_damage_with_exit_4(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(workbook.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 + 100] ^= 0xFF  # one flipped byte inside page 3
    workbook.write_bytes(bytes(data))
    code = main(["check", str(workbook)])
    assert code == 4
    assert "Traceback" not in capsys.readouterr().err


def test_forms_summary_and_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms"]) == 0
    assert "The form pack is valid." in capsys.readouterr().out
    assert main(["forms", "--json"]) == 0
    spec = json.loads(capsys.readouterr().out)
    assert spec["form"] == {"id": "mini-form", "version": "1.0", "title": "Mini assessment"}
    route = next(f for f in spec["sections"][0]["fields"] if f["key"] == "child.route")
    assert route["options"][0] == {"value": "concern", "label": "Concern route"}
    officer = next(f for f in spec["sections"][0]["fields"] if f["key"] == "child.officer")
    assert officer["condition"] == {"field": "child.route", "values": ["criminal_justice"]}


def test_broken_form_pack_is_reported_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "broken"
    for name in ("forms", "templates", "resources"):
        (root / name).mkdir(parents=True)
    (root / "forms" / "form.yaml").write_text("id: x\nversion: 1\nsections: []\n", encoding="utf-8")
    monkeypatch.setenv("HSB_DESK_DATA_DIR", str(root))
    from hsb_desk.app import workbooks

    workbooks._load_form_cached.cache_clear()
    assert main(["forms"]) == 2
    err = capsys.readouterr().err
    assert "forms/form.yaml" in err and "'version' must be text" in err
    assert "Traceback" not in err
    workbooks._load_form_cached.cache_clear()


def test_unknown_case_exits_2(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-json", str(workbook), "NOPE"]) == 2
    assert "no case with that reference" in capsys.readouterr().err


def test_console_script_runs_as_its_own_process(tmp_path: Path, passphrase_env: None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hsb_desk.cli.main", "cases", str(tmp_path / "missing.hsbdesk")],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "There is no workbook at that location."


def test_opening_the_window_parses_without_importing_the_services() -> None:
    script = (
        "import sys\n"
        "from hsb_desk.cli.main import WINDOW_COMMANDS, build_parser\n"
        "args = build_parser(window_only=True).parse_args(['open', 'cases.hsbdesk'])\n"
        "print(args.workbook, args.handler.__name__, 'hsb_desk.app.session' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["cases.hsbdesk", "launch_gui", "False"]


def test_help_for_the_window_commands_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["open", "--help"])
    assert "WORKBOOK" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in ("open", "demo", "init", "export-json", "due", "purge"))
