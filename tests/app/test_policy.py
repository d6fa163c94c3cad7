"""The organisation's policy file (app/policy.py, docs/policy.md): locked and pre-set settings,
the authority's own form pack, templates, procedure and backup folder, JSON export, and a file
that cannot be used failing closed. Through the services and the command line as IT and a
caseworker use them."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.app import backups, policy
from hsb_desk.app.case_json import export_case_json
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import default_form
from hsb_desk.cli.main import main
from hsb_desk.errors import JsonExportNotAllowed

PolicyFile = Callable[[str], Path]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    document = tmp_path / "case.json"
    document.write_text(json.dumps(FULL_DOCUMENT), encoding="utf-8")
    assert main(["import", str(path), str(document)]) == 0
    return path


def test_without_a_policy_file_the_users_own_settings_stand() -> None:
    save_settings(Settings(auto_lock_minutes=30, backup_generations=3))
    assert policy.current_policy() == policy.Policy()
    settings = policy.current_settings()
    assert (settings.auto_lock_minutes, settings.backup_generations) == (30, 3)
    assert policy.backups_dir() == paths.backups_dir()
    assert policy.forms_dir() == paths.forms_dir()


def test_a_locked_setting_overrides_what_the_user_saved_and_cannot_be_saved_weaker(policy_file: PolicyFile) -> None:
    save_settings(Settings(auto_lock_minutes=30))
    policy_file('[locked]\nauto_lock_minutes = 5\nprotective_marking = "OFFICIAL-SENSITIVE PERSONAL"\n')
    assert policy.current_settings().auto_lock_minutes == 5
    save_settings(Settings(auto_lock_minutes=60, protective_marking="OFFICIAL"))  # as an old window might
    settings = policy.current_settings()
    assert (settings.auto_lock_minutes, settings.protective_marking) == (5, "OFFICIAL-SENSITIVE PERSONAL")


def test_a_preset_is_where_a_user_starts_and_the_users_choice_then_stands(policy_file: PolicyFile) -> None:
    policy_file("[defaults]\nbackup_generations = 14\n")
    assert policy.current_settings().backup_generations == 14
    save_settings(Settings(backup_generations=3))
    assert policy.current_settings().backup_generations == 3
    assert not policy.current_policy().is_locked("backup_generations")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[locked\nauto_lock_minutes = 5\n", "not valid TOML"),
        ("[locked]\nauto_lock_minute = 5\n", "line 2: unknown setting 'auto_lock_minute'"),
        ("[locks]\nauto_lock_minutes = 5\n", "line 1: unknown section [locks]"),
        ("[locked]\n\nauto_lock_minutes = 90\n", "line 3: auto_lock_minutes must be from 1 to 60, not 90"),
        ("[locked]\nauto_lock_minutes = true\n", "line 2: auto_lock_minutes must be a whole number"),
        ("[locked]\nspell_check = 1\n", "line 2: spell_check must be true or false"),
        ('[locked]\nprotective_marking = " "\n', "line 2: protective_marking must not be empty"),
        ("[defaults]\nbackup_generations = 9\n[locked]\nbackup_generations = 9\n", "in both [defaults] and [locked]"),
        ('[export]\njson = "no"\n', "line 2: json must be true or false"),
        ('[forms]\nfolder = "no-such-folder"\n', "is not a folder on this computer"),
    ],
)
def test_a_policy_that_cannot_be_used_says_where_and_holds_every_setting_at_the_defaults(
    policy_file: PolicyFile, text: str, expected: str
) -> None:
    save_settings(Settings(auto_lock_minutes=45, backup_generations=2, spell_check=False))
    written = policy_file(text)
    found = policy.current_policy()
    assert found.broken and expected in found.problems[0], found.problems
    assert str(written) in found.problems[0]
    # Fail closed: the user's weaker choices do not apply, JSON export is off, the window and
    # every command say so.
    assert policy.current_settings() == Settings()
    assert not found.allows_json_export()
    warning = policy.policy_warning()
    assert warning is not None and "hsb-desk policy" in warning


def test_paths_in_a_policy_expand_the_home_folder_and_resolve_beside_the_policy(
    policy_file: PolicyFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TEAM_SHARE", str(tmp_path / "share"))
    written = policy_file('[backups]\nfolder = "~/HSB Desk backups"\n')
    assert policy.backups_dir() == tmp_path / "HSB Desk backups"
    policy_file('[backups]\nfolder = "$TEAM_SHARE/backups"\n')
    assert policy.backups_dir() == tmp_path / "share" / "backups"
    policy_file('[backups]\nfolder = "backups"\n')
    assert policy.backups_dir() == written.parent / "backups"


def test_backups_go_to_the_folder_the_policy_names(
    policy_file: PolicyFile, session: WorkbookSession, tmp_path: Path
) -> None:
    folder = tmp_path / "team share" / "backups"
    policy_file(f"[backups]\nfolder = {json.dumps(str(folder))}\n[locked]\nbackup_generations = 2\n")
    for _ in range(3):
        info = backups.backup_now(session)
        assert info.path.parent == folder
    assert len(backups.backups_for(session.workbook.path)) == 2  # pruned to the locked count
    assert not paths.backups_dir().exists() or not any(paths.backups_dir().iterdir())


@pytest.mark.usefixtures("mini_data_dir")
def test_json_export_turned_off_refuses_before_anything_is_written(
    policy_file: PolicyFile, cli_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy_file("[export]\njson = false\n")
    out = tmp_path / "case-export.json"
    capsys.readouterr()
    assert main(["export-json", str(cli_workbook), "HSB-2026-0042", "--out", str(out)]) == 2
    assert "policy does not allow exporting a case as JSON" in capsys.readouterr().err
    assert main(["export-json", str(cli_workbook), "HSB-2026-0042"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Robin" not in captured.err
    assert not out.exists()
    # The service refuses too, whichever front end calls it.
    from hsb_desk.app.workbooks import open_workbook

    opened = open_workbook(cli_workbook, PASSPHRASE, default_form())
    try:
        before = len(opened.workbook.audit.entries())
        with pytest.raises(JsonExportNotAllowed):
            export_case_json(opened, "HSB-2026-0042", out)
        assert len(opened.workbook.audit.entries()) == before  # no export recorded
    finally:
        opened.close()
    assert not out.exists()


def _authority_folder(tmp_path: Path, title: str) -> Path:
    """An authority's own copy of the form pack and templates, outside the install."""
    folder = tmp_path / "ProgramData" / "HSB Desk" / "authority"
    shutil.copytree(ROOT / "forms", folder / "forms")
    shutil.copytree(ROOT / "templates", folder / "templates")
    form = folder / "forms" / "form.yaml"
    text = form.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("title:"))
    form.write_text(text.replace(first_title, f"title: {title}", 1), encoding="utf-8")
    return folder


def test_the_authoritys_own_form_pack_and_templates_are_used_and_checked(
    policy_file: PolicyFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _authority_folder(tmp_path, "Example Borough HSB assessment")
    policy_file(f"[forms]\nfolder = {json.dumps(str(folder))}\n")
    assert policy.forms_dir() == folder / "forms" and policy.templates_dir() == folder / "templates"
    assert main(["forms"]) == 0
    out = capsys.readouterr().out
    assert "Example Borough HSB assessment" in out and str(folder / "forms") in out
    # A mistake in the authority's pack is found with its file and line, as for the installed one.
    section = sorted((folder / "forms" / "sections").glob("*.yaml"))[0]
    section.write_text(section.read_text(encoding="utf-8").replace("type: text", "type: textt", 1), encoding="utf-8")
    from hsb_desk.app import workbooks

    workbooks._load_form_cached.cache_clear()
    assert main(["forms"]) == 2
    err = capsys.readouterr().err
    assert section.name in err and "textt" in err


def test_a_procedure_named_in_the_policy_is_offered_first_for_new_workbooks(
    policy_file: PolicyFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "procedure-example-borough.yaml"
    text = (ROOT / "forms" / "procedures" / "durham.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("id:")]
    lines = ["name: Example Borough procedure" if line.startswith("name:") else line for line in lines]
    own.write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy_file(f"[forms]\nprocedure = {json.dumps(str(own))}\n")
    from hsb_desk.app import workbooks

    workbooks._load_form_cached.cache_clear()
    form = default_form()
    assert form.procedure is not None and form.procedure.name == "Example Borough procedure"
    assert form.default_procedure == "local" and len(form.procedures) == 6  # the pack's five stay on offer
    assert main(["forms"]) == 0
    assert str(own) in capsys.readouterr().out


def test_hsb_desk_policy_shows_what_is_locked_and_preset(
    policy_file: PolicyFile, capsys: pytest.CaptureFixture[str]
) -> None:
    written = policy_file(
        "[locked]\nauto_lock_minutes = 3\n[defaults]\nbackup_generations = 14\n[export]\njson = false\n"
    )
    assert main(["policy"]) == 0
    out = capsys.readouterr().out
    assert f"Policy file: {written}" in out
    assert "auto_lock_minutes: 3, locked by the organisation" in out
    assert "backup_generations: 14, preset (the user may change it)" in out
    assert "JSON export: not allowed" in out
    assert main(["policy", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["auto_lock_minutes"] == {"value": 3, "set_by": "locked"}
    assert shown["json_export"] is False


def test_hsb_desk_policy_check_finds_the_problems_of_a_file_before_it_is_deployed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "policy.toml"
    draft.write_text("[locked]\nauto_lock_minutes = 0\n\n[backup]\nfolder = 'x'\n", encoding="utf-8")
    assert main(["policy", "--check", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "line 2: auto_lock_minutes must be from 1 to 60, not 0" in out
    assert "line 4: unknown section [backup]" in out
    assert policy.current_policy() == policy.Policy()  # checking a file puts nothing in force
    assert main(["policy", "--check", str(tmp_path / "missing.toml")]) == 2


def test_every_command_warns_while_the_policy_cannot_be_used(
    policy_file: PolicyFile, capsys: pytest.CaptureFixture[str]
) -> None:
    policy_file("[locked]\nauto_lock_minutes = 600\n")
    assert main(["forms"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Warning: Your organisation's policy file could not be used")
    assert "auto_lock_minutes must be from 1 to 60" in err


def test_an_installed_build_reads_the_policy_beside_its_executable_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install = tmp_path / "Program Files" / "HSB Desk"
    install.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install / "hsb-desk.exe"))
    assert policy.policy_locations() == [install / "policy.toml", policy.machine_policy_path()]
    policy.machine_policy_path().write_text("[locked]\nauto_lock_minutes = 9\n", encoding="utf-8")
    (install / "policy.toml").write_text("[locked]\nauto_lock_minutes = 4\n", encoding="utf-8")
    policy.current_policy.cache_clear()
    assert policy.current_settings().auto_lock_minutes == 4


def test_no_environment_variable_can_point_hsb_desk_at_another_policy(
    policy_file: PolicyFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy_file("[locked]\nauto_lock_minutes = 2\n")
    for name in ("HSB_DESK_POLICY", "HSB_DESK_POLICY_FILE", "XDG_CONFIG_DIRS"):
        monkeypatch.setenv(name, str(tmp_path))
    policy.current_policy.cache_clear()
    assert policy.current_settings().auto_lock_minutes == 2
