"""Issue 16, items 6 and 7, from the command line. An older copy copied over the workbook (no
passphrase needed) and entries cut from the end with the head fixed up both pass the chain's own
check; the head recorded outside the workbook at each close catches them: every command warns on
standard error and ``hsb-desk check`` fails until the copy is kept. A value changed with the
sqlcipher shell fails the chain itself; one changed with the whole chain rewritten is caught only
by the record outside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from store.chain_support import newest_seq, rewrite_chain, shell

from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.workbook import Workbook

pytestmark = pytest.mark.usefixtures("mini_data_dir")
OLDER = "Older copy:"
WARNING = "Warning: this workbook is older than the copy last closed on this computer"


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_form: FormDefinition) -> Path:
    """A workbook made and worked on through HSB Desk, closed (so its head is recorded)."""
    path = tmp_path / "cases.hsbdesk"
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["init", str(path), "--name", "Alex Example"]) == 0
    _work(path, mini_form, "C-1", "Robin Example")
    return path


def _work(path: Path, form: FormDefinition, reference: str, name: str) -> None:
    session = open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)
    try:
        session.create_case(reference)
        session.set_value(reference, "child.full_name", name)
        session.set_status(reference, "awaiting_signoff")  # the newest entry is not a value's
    finally:
        session.close()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _chain_alone_verifies(path: Path) -> bool:
    workbook = Workbook.open(path, PASSPHRASE)
    try:
        return workbook.verify_audit().ok
    finally:
        workbook.close()


def test_an_older_copy_copied_over_the_workbook_fails_check_and_every_command_warns(
    workbook: Path, tmp_path: Path, mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "older copy.hsbdesk"
    shutil.copyfile(workbook, older)  # a copy taken earlier: a backup, say
    _work(workbook, mini_form, "C-2", "Sam Example")
    seen = newest_seq(workbook)
    shutil.copyfile(older, workbook)  # put in its place by someone without the passphrase
    found = newest_seq(workbook)
    assert _chain_alone_verifies(workbook)  # the copy is whole: only the record outside tells

    code, out, err = _run(capsys, "cases", str(workbook))  # the first open after it warns
    assert code == 0 and "C-1" in out and "C-2" not in out
    assert WARNING in err
    code, out, err = _run(capsys, "check", str(workbook))
    assert code == 4
    detail = f"its audit trail holds {found} entries, and when it was last closed on this computer it held {seen}"
    assert f"{OLDER} {detail}." in out
    assert "--keep-this-copy" in err and "Traceback" not in err
    code, out, err = _run(capsys, "cases", str(workbook))
    assert code == 0 and "C-1" in out and "C-2" not in out
    assert WARNING in err
    code, _out, err = _run(capsys, "cases", str(workbook))
    assert WARNING in err  # the newer copy's record is kept: it warns again
    assert _run(capsys, "check", str(workbook))[0] == 4

    code, out, _err = _run(capsys, "check", str(workbook), "--keep-this-copy")
    assert code == 0 and "This copy is kept" in out
    assert WARNING not in _run(capsys, "cases", str(workbook))[2]
    assert _run(capsys, "check", str(workbook))[0] == 0


def test_entries_cut_from_the_end_with_the_head_fixed_up_fail_check(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = newest_seq(workbook)
    shell(workbook, "DELETE FROM audit_log WHERE seq = ?", newest)  # "status changed": the newest
    rewrite_chain(workbook)  # the head in meta fixed up to name the entry before
    assert _chain_alone_verifies(workbook)
    code, out, _err = _run(capsys, "check", str(workbook))
    assert code == 4
    assert f"{OLDER} its audit trail holds {newest - 1} entries" in out and f"it held {newest}." in out
    assert "Audit trail intact" in out  # the chain itself cannot tell: the record outside does


def test_a_value_changed_with_the_sqlcipher_shell_fails_check(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shell(workbook, "UPDATE field_values SET value_json = '\"Robin Forged\"' WHERE field_key = 'child.full_name'")
    code, out, _err = _run(capsys, "check", str(workbook))
    assert code == 4
    assert "the entry, or the stored value it names, was altered" in out


def test_a_value_changed_with_the_whole_chain_rewritten_is_caught_only_by_the_record(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = newest_seq(workbook)
    shell(workbook, "UPDATE field_values SET value_json = '\"Robin Forged\"' WHERE field_key = 'child.full_name'")
    rewrite_chain(workbook)
    assert _chain_alone_verifies(workbook)  # what a holder of the passphrase can still do
    code, out, _err = _run(capsys, "check", str(workbook))
    assert code == 4
    assert "Audit trail intact" in out
    assert f"{OLDER} its audit trail is not the one it had when it was last closed on this computer." in out
    assert newest_seq(workbook) == seen  # as long as before: the link, not the count, tells


def test_keep_this_copy_is_refused_while_another_check_fails(
    workbook: Path, tmp_path: Path, mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "older copy.hsbdesk"
    shutil.copyfile(workbook, older)
    _work(workbook, mini_form, "C-2", "Sam Example")
    shutil.copyfile(older, workbook)
    shell(workbook, "UPDATE field_values SET value_json = '\"Robin Forged\"' WHERE field_key = 'child.full_name'")
    code, out, _err = _run(capsys, "check", str(workbook), "--keep-this-copy")
    assert code == 4 and OLDER in out and "This copy is kept" not in out
    assert WARNING in _run(capsys, "cases", str(workbook))[2]  # still warned: nothing was kept


def test_a_workbook_closed_and_opened_again_passes_and_warns_of_nothing(
    workbook: Path, mini_form: FormDefinition, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(2, 5):
        _work(workbook, mini_form, f"C-{number}", "Kit Example")
        code, out, err = _run(capsys, "check", str(workbook))
        assert (code, err) == (0, "") and OLDER not in out
