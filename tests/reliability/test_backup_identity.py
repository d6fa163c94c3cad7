"""Backups belong to the workbook they are of, not to its file name (issue 16, item 4).

Two workbooks called ``workbook.hsbdesk`` in two folders: neither prunes the other's backups,
the restore offer for one never proposes the other's, and restoring the other's backup over it
is refused, naming both, unless asked for explicitly (the command line's ``--other-workbook``,
the window's question). Backups named before ids are found by SQLCipher's salt, never pruned,
and restored over their own workbook without a question.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY, files_in
from ui.ui_support import FakePrompts, add_window, make_window, unlock

from hsb_desk.app.backups import (
    BackupInfo,
    OtherWorkbookBackup,
    backup_now,
    backups_for,
    purge_case,
    restore,
)
from hsb_desk.app.backups.names import parse_backup_name
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.settings import Settings, save_settings
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import DamagedWorkbook, RestoreFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.backup import backup_tag, file_salt, workbook_id_of
from hsb_desk.store.connection import APPLICATION_ID, connect
from hsb_desk.store.records import Profile

NAME = "workbook.hsbdesk"
OTHER_PASSPHRASE = "a second long passphrase for b"


def _clock(seconds: int) -> datetime:
    return datetime(2026, 11, 22, 9, 0, tzinfo=UTC) + timedelta(seconds=seconds)


def _make(path: Path, mini_form: FormDefinition, child: str) -> WorkbookSession:
    session = create_workbook(
        path,
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "Example Council", "alex@example.org"),
        mini_form,
        today=lambda: TODAY,
    )
    session.create_case("W-1")
    session.set_value("W-1", "child.full_name", child)
    return session


@pytest.fixture
def pair(tmp_path: Path, mini_form: FormDefinition) -> Iterator[tuple[WorkbookSession, WorkbookSession]]:
    """Two workbooks of one file name, in two folders, with one passphrase."""
    a = _make(tmp_path / "a" / NAME, mini_form, "Ada Fictional")
    b = _make(tmp_path / "b" / NAME, mini_form, "Bea Fictional")
    yield a, b
    for session in (a, b):
        with contextlib.suppress(Exception):  # closed by the test
            session.close()


def _tag(session: WorkbookSession) -> str:
    workbook_id = workbook_id_of(session.workbook.conn)
    assert workbook_id is not None
    return backup_tag(workbook_id)


def _named_before_ids(info: BackupInfo) -> Path:
    """The same backup under the name HSB Desk gave backups before workbooks had ids."""
    assert info.workbook_tag is not None
    old = info.path.with_name(info.path.name.replace(f"-{info.workbook_tag}-", "-"))
    info.path.rename(old)
    return old


def _child(path: Path, mini_form: FormDefinition) -> str:
    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    try:
        return str(session.values("W-1")["child.full_name"])
    finally:
        session.close()


# -- naming, listing, pruning ------------------------------------------------------------------
def test_two_workbooks_of_one_name_prune_only_their_own_backups(
    pair: tuple[WorkbookSession, WorkbookSession],
) -> None:
    a, b = pair
    save_settings(Settings(backup_generations=2))
    a_made = [backup_now(a, now=lambda i=i: _clock(i)) for i in range(2)]
    b_made = [backup_now(b, now=lambda i=i: _clock(10 + i)) for i in range(3)]
    assert all(info.path.exists() for info in a_made)  # b's pruning left a's alone
    assert [i.path for i in backups_for(a.workbook.path)] == [m.path for m in reversed(a_made)]
    assert [i.path for i in backups_for(b.workbook.path)] == [m.path for m in reversed(b_made[1:])]
    assert not b_made[0].path.exists()  # b's own oldest went
    # Named by the id the workbook keeps inside it; the stem is only for the eye.
    assert a_made[0].workbook_tag == _tag(a) != _tag(b) == b_made[0].workbook_tag
    assert a_made[0].path.name == f"workbook-{_tag(a)}-20261122T090000Z-manual.hsbdesk-backup"
    assert parse_backup_name(a_made[0].path) == a_made[0]


def test_a_renamed_workbook_keeps_its_backups(pair: tuple[WorkbookSession, WorkbookSession]) -> None:
    a, _ = pair
    made = backup_now(a, now=lambda: _clock(0))
    a.close()
    renamed = a.workbook.path.with_name("renamed.hsbdesk")
    a.workbook.path.rename(renamed)
    assert [i.path for i in backups_for(renamed)] == [made.path]


# -- the offer when a workbook does not open ---------------------------------------------------
def test_the_offer_for_a_workbook_that_does_not_open_is_of_its_own_backups_only(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, b = pair
    a_backup = backup_now(a, now=lambda: _clock(0))
    b_backup = backup_now(b, now=lambda: _clock(60))  # newer, same file name
    a.close()
    b.close()
    assert [i.path for i in backups_for(a.workbook.path)] == [a_backup.path]  # wrong passphrase, locked
    data = bytearray(a.workbook.path.read_bytes())
    data[3 * 4096 + 200] ^= 0x5A  # damage inside page 4: it opens, its check fails
    a.workbook.path.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkbook) as damaged:
        open_workbook(a.workbook.path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert [i.path for i in damaged.value.backups] == [a_backup.path]
    assert damaged.value.latest_backup.path == a_backup.path
    assert b_backup.path.exists()


def test_the_restore_offer_on_the_unlock_screen_opens_at_this_workbook_s_backup(
    qtbot: Any, pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, b = pair
    a_backup = backup_now(a, now=lambda: _clock(0))
    backup_now(b, now=lambda: _clock(60))
    a.close()
    b.close()
    listed: list[list[Path]] = []

    def close_it(dialog: Any) -> bool:
        listed.append([found.info.path for found in dialog.found])
        return False  # the user closes the dialog

    prompts = FakePrompts()
    prompts.dialog_answers.append(close_it)
    window = make_window(mini_form, a.workbook.path, prompts)
    add_window(qtbot, window)
    window.show()
    window.unlock_view.restore_button.click()
    assert listed == [[a_backup.path]]  # the other workbook's backup, in the same folder, is not offered


# -- restoring ---------------------------------------------------------------------------------
def test_another_workbook_s_backup_is_refused_naming_both_and_nothing_changes(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, b = pair
    b_backup = backup_now(b, now=lambda: _clock(0))
    a_tag, b_tag = _tag(a), _tag(b)
    a.close()
    b.close()
    before = files_in(a.workbook.path.parent)
    with pytest.raises(OtherWorkbookBackup) as refused:
        restore(b_backup.path, a.workbook.path, PASSPHRASE)
    message = refused.value.user_message
    assert b_backup.path.name in message and NAME in message
    assert f"workbook id {b_tag}" in message and f"workbook id {a_tag}" in message
    assert "Nothing was changed." in message and "Bea" not in message and "Ada" not in message
    assert refused.value.proven and refused.value.exit_code == 2
    assert files_in(a.workbook.path.parent) == before

    aside = restore(b_backup.path, a.workbook.path, PASSPHRASE, other_workbook=True)
    assert aside is not None and aside.read_bytes() == before[NAME]
    assert _child(a.workbook.path, mini_form) == "Bea Fictional"


def test_its_own_backup_is_restored_without_a_question(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition, tmp_path: Path
) -> None:
    a, _ = pair
    made = backup_now(a, now=lambda: _clock(0))
    a.set_value("W-1", "child.full_name", "Changed after the backup")
    a.rekey(OTHER_PASSPHRASE, PASSPHRASE)  # the workbook no longer opens with the backup's passphrase
    a.close()
    assert restore(made.path, a.workbook.path, PASSPHRASE) is not None  # same salt: its own
    assert _child(a.workbook.path, mini_form) == "Ada Fictional"
    assert restore(made.path, tmp_path / "new" / NAME, PASSPHRASE) is None  # nothing to replace


def test_an_unreadable_workbook_that_shows_nothing_of_whose_it_is_is_asked_about(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, _ = pair
    made = backup_now(a, now=lambda: _clock(0))
    a.close()
    data = bytearray(a.workbook.path.read_bytes())
    data[:16] = bytes(16)  # the salt itself damaged: the file no longer opens
    a.workbook.path.write_bytes(bytes(data))
    before = files_in(a.workbook.path.parent)
    with pytest.raises(OtherWorkbookBackup) as refused:
        restore(made.path, a.workbook.path, PASSPHRASE)
    assert not refused.value.proven
    assert refused.value.user_message.startswith(f"HSB Desk cannot tell whether the backup {made.path.name}")
    assert "its id cannot be read" in refused.value.user_message
    assert files_in(a.workbook.path.parent) == before
    aside = restore(made.path, a.workbook.path, PASSPHRASE, other_workbook=True)
    assert aside is not None and aside.name.startswith(f"{NAME}.damaged-")
    assert _child(a.workbook.path, mini_form) == "Ada Fictional"


def test_ids_decide_over_the_salt_when_both_files_have_one(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    """Two copies of one file made before ids share its salt but were each given an id of their
    own at the upgrade: they are two workbooks now."""
    a, _ = pair
    made = backup_now(a, now=lambda: _clock(0))
    a.close()
    copy = a.workbook.path.with_name("copy.hsbdesk")
    copy.write_bytes(a.workbook.path.read_bytes())
    conn = connect(copy, PASSPHRASE)
    conn.execute("UPDATE meta SET value = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5' WHERE key = 'workbook_id'")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert file_salt(copy) == file_salt(made.path)
    with pytest.raises(OtherWorkbookBackup) as refused:
        restore(made.path, copy, PASSPHRASE)
    assert refused.value.proven
    assert f"workbook id {backup_tag('a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5')}" in refused.value.user_message


@pytest.mark.parametrize("problem", ["wrong passphrase", "flipped byte"])
def test_the_explicit_option_never_lets_a_bad_backup_through(
    pair: tuple[WorkbookSession, WorkbookSession], problem: str
) -> None:
    a, b = pair
    b_backup = backup_now(b, now=lambda: _clock(0))
    a.close()
    b.close()
    passphrase = PASSPHRASE
    if problem == "wrong passphrase":
        passphrase = OTHER_PASSPHRASE
    else:
        data = bytearray(b_backup.path.read_bytes())
        data[len(data) // 2] ^= 0x40
        b_backup.path.write_bytes(bytes(data))
    before = files_in(a.workbook.path.parent)
    with pytest.raises(RestoreFailed) as refused:
        restore(b_backup.path, a.workbook.path, passphrase, other_workbook=True)
    assert not isinstance(refused.value, OtherWorkbookBackup)
    assert files_in(a.workbook.path.parent) == before


# -- backups named before ids ------------------------------------------------------------------
def test_backups_named_before_ids_are_found_by_salt_never_pruned_and_replaced_by_a_purge(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, b = pair
    a_old = _named_before_ids(backup_now(a, now=lambda: _clock(0)))
    b_old = _named_before_ids(backup_now(b, now=lambda: _clock(1)))
    assert a_old.name == b_old.name.replace("090001Z", "090000Z")  # the old names tell them apart by time only
    assert [i.path for i in backups_for(a.workbook.path)] == [a_old]
    assert [i.path for i in backups_for(b.workbook.path, workbook_id=workbook_id_of(b.workbook.conn))] == [b_old]

    save_settings(Settings(backup_generations=1))
    newest = [backup_now(a, now=lambda i=i: _clock(10 + i)) for i in range(2)][-1]
    assert [i.path for i in backups_for(a.workbook.path)] == [newest.path, a_old]  # pruning leaves old names
    assert b_old.exists()

    a.set_status("W-1", "archived")
    purge_case(a, "W-1", "Retention period ended", replace_backups=True)
    assert [i.reason for i in backups_for(a.workbook.path)] == ["after-purge"]
    assert not a_old.exists() and b_old.exists()  # only a's, proven by its salt


def test_an_old_name_restored_over_its_own_workbook_asks_nothing(
    pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    a, b = pair
    a_old = _named_before_ids(backup_now(a, now=lambda: _clock(0)))
    b_old = _named_before_ids(backup_now(b, now=lambda: _clock(1)))
    a.close()
    b.close()
    with pytest.raises(OtherWorkbookBackup):
        restore(b_old, a.workbook.path, PASSPHRASE)
    assert restore(a_old, a.workbook.path, PASSPHRASE) is not None
    assert _child(a.workbook.path, mini_form) == "Ada Fictional"


def test_the_backup_before_the_upgrade_that_gives_the_id_carries_it(tmp_path: Path, mini_form: FormDefinition) -> None:
    """The id is given just before that backup, so the backup is named by it and a workbook
    restored from it keeps the id when it is upgraded again: its later backups stay its own."""
    path = tmp_path / "old.hsbdesk"
    conn = connect(path, PASSPHRASE, create=True)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrate(conn, target=8)
    conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', '2025-01-01')")
    conn.close()
    session = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    tag = _tag(session)
    later = backup_now(session, now=lambda: _clock(0))
    session.close()
    before = next(b for b in backups_for(path) if b.reason == "before-migration-v8")
    assert before.workbook_tag == tag == later.workbook_tag
    assert file_salt(before.path) == file_salt(path)
    assert restore(before.path, path, PASSPHRASE) is not None  # no question: the same workbook
    upgraded = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY, daily_backup=False)
    try:
        assert schema.schema_version(upgraded.workbook.conn) == schema.CURRENT_VERSION
        assert _tag(upgraded) == tag
        assert later.path in [b.path for b in backups_for(path, workbook_id=workbook_id_of(upgraded.workbook.conn))]
    finally:
        upgraded.close()
    assert restore(later.path, path, PASSPHRASE) is not None  # still its own


def test_a_backup_named_before_ids_of_a_workbook_without_one_is_found_by_salt(
    tmp_path: Path, pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition
) -> None:
    """One made by an earlier HSB Desk of a version 8 workbook: no id inside, an old name."""
    a, b = pair
    old = _named_before_ids(backup_now(a, now=lambda: _clock(0)))
    conn = connect(old, PASSPHRASE)
    conn.execute("DELETE FROM meta WHERE key = 'workbook_id'")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert [i.path for i in backups_for(a.workbook.path, workbook_id=workbook_id_of(a.workbook.conn))] == [old]
    assert backups_for(b.workbook.path) == []
    a.close()
    b.close()
    with pytest.raises(OtherWorkbookBackup) as refused:
        restore(old, b.workbook.path, PASSPHRASE)
    assert "made before workbooks had ids" in refused.value.user_message
    assert restore(old, a.workbook.path, PASSPHRASE) is not None  # the same salt: its own


# -- the command line and the window -----------------------------------------------------------
@pytest.mark.usefixtures("mini_data_dir")
def test_the_command_line_needs_the_option_to_restore_another_workbook_s_backup(
    pair: tuple[WorkbookSession, WorkbookSession],
    tmp_path: Path,
    mini_form: FormDefinition,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = pair
    b_backup = backup_now(b, now=lambda: _clock(0))
    a.close()
    b.close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    command = ["restore", str(b_backup.path), str(a.workbook.path), "--passphrase-file", str(secret)]
    before = files_in(a.workbook.path.parent)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert b_backup.path.name in err and NAME in err and "--other-workbook" in err and "Traceback" not in err
    assert files_in(a.workbook.path.parent) == before
    assert main([*command, "--other-workbook"]) == 0
    assert "The previous file was kept as" in capsys.readouterr().out
    assert _child(a.workbook.path, mini_form) == "Bea Fictional"


@pytest.mark.parametrize("answer", [False, True])
def test_the_window_asks_before_restoring_another_workbook_s_backup(
    qtbot: Any, pair: tuple[WorkbookSession, WorkbookSession], mini_form: FormDefinition, answer: bool
) -> None:
    a, b = pair
    b_backup = backup_now(b, now=lambda: _clock(0))
    a.close()
    b.close()
    before = files_in(a.workbook.path.parent)
    prompts = FakePrompts()
    window = make_window(mini_form, a.workbook.path, prompts)
    add_window(qtbot, window)
    window.show()
    def another_file(dialog: Any) -> bool:
        assert [found.info.path for found in dialog.found] == []  # not listed: it is not this workbook's
        dialog.passphrase_field.setText(PASSPHRASE)
        dialog.other_button.click()  # the file picker gives b's backup
        return dialog.chosen == b_backup.path

    prompts.dialog_answers.append(another_file)
    prompts.files.append(b_backup.path)
    prompts.confirm_answers.append(answer)
    window.unlock_view.restore_button.click()
    qtbot.waitUntil(lambda: bool(prompts.told), timeout=15000)
    question = prompts.asked[-1]
    assert b_backup.path.name in question and NAME in question and "another workbook" in question
    assert question.endswith(
        "Replace workbook.hsbdesk with this backup all the same? The current file is kept beside it."
    )
    if not answer:
        assert prompts.told == ["Nothing was restored: workbook.hsbdesk was left as it was."]
        assert files_in(a.workbook.path.parent) == before
        return
    assert "restored" in prompts.told[0]
    unlock(qtbot, window)
    assert window.bridge.db.call(lambda s: s.values("W-1"))["child.full_name"] == "Bea Fictional"
