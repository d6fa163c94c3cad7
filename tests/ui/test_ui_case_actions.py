"""Case menu actions in the window: export, sign-off (blocked, then done), hand-out and
hand-back between two workbooks with a conflict, backup and restore from the unlock screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.ui_support import FakePrompts, add_window, make_window, settle, unlock

from hsb_desk.app.workbooks import create_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui.actions.coworking_dialogs import ConflictsDialog, PassphraseDialog
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.assessment.read_only import is_read_only
from hsb_desk.ui.window.main_window import MainWindow


def open_c1(qtbot: Any, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)


def test_export_shows_progress_and_writes_the_report(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    open_c1(qtbot, window)
    dialog = ExportDialog(window.bridge, "C-1", tmp_path, "OFFICIAL-SENSITIVE", window)
    dialog.shared.setChecked(True)
    window.actions_.run_dialog = lambda d: True  # the dialog stays open while it works
    window.actions_.export_report(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert dialog.progress.value() == 100
    assert not dialog.open_folder.isHidden()
    text = "\n".join(p.text for p in docx.Document(str(dialog.written)).paragraphs)
    assert "Shared version" in text or "shared" in text.lower()


def test_sign_off_shows_the_checklist_by_section_and_enter_goes_to_the_first_missing_field(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    open_c1(qtbot, window)
    seen: list[SignOffDialog] = []

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignOffDialog)
        seen.append(dialog)
        dialog.show()
        qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)  # as a person presses Enter on the chosen line
        return dialog.result() == QDialog.DialogCode.Accepted

    window.actions_.run_dialog = answer
    window.actions_.sign_off()
    qtbot.waitUntil(lambda: bool(seen))
    dialog = seen[0]
    top = [dialog.checklist.topLevelItem(i) for i in range(dialog.checklist.topLevelItemCount())]
    assert top[0].text(0).startswith("✗  1. Child: 2 to record")  # by section, in words
    assert [top[0].child(i).text(0) for i in range(top[0].childCount())] == ["Date of birth", "Route"]
    assert not dialog.sign_button.isEnabled()  # nothing signs while anything is missing
    assert dialog.go_to is not None and (dialog.go_to.section, dialog.go_to.field) == ("child", "child.date_of_birth")
    settle(qtbot, window)
    assert window.assessment.place()[1] == "child"
    assert prompts.asked == [] and prompts.told == []
    assert window.bridge.db.call(lambda s: s.case("C-1").status) == "draft"


def test_sign_off_makes_the_case_read_only(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> None:
    unlock(qtbot, window)
    for key, value in (
        ("child.date_of_birth", "2012-03-04"),
        ("child.route", "concern"),
        ("findings.concern_level", "low"),
    ):
        window.bridge.db.call(lambda s, k=key, v=value: s.set_value("C-1", k, v))
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    shown: list[SignOffDialog] = []

    def sign(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignOffDialog)
        shown.append(dialog)
        assert all(line.startswith("✓") for line in _section_lines(dialog))
        dialog.sign_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    window.actions_.run_dialog = sign
    window.actions_.sign_off()
    qtbot.waitUntil(lambda: bool(prompts.told))
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "read-only" in window.assessment.title.text())
    assert is_read_only(window.assessment.page())
    assert window.bridge.db.call(lambda s: s.case("C-1").status) == "signed_off"


def _section_lines(dialog: SignOffDialog) -> list[str]:
    return [dialog.checklist.topLevelItem(i).text(0) for i in range(dialog.checklist.topLevelItemCount())]


def test_hand_out_and_hand_back_with_a_conflict_resolved_in_the_window(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, mini_form: FormDefinition, tmp_path: Path
) -> None:
    open_c1(qtbot, window)
    passphrases: list[str] = []

    def keep_passphrase(dialog: QDialog) -> bool:
        if isinstance(dialog, PassphraseDialog):
            passphrases.append(dialog.words.text())
        return True

    window.actions_.run_dialog = keep_passphrase
    handout = tmp_path / "C-1 handout.hsbx"
    prompts.files.append(handout)
    window.actions_.hand_out()
    qtbot.waitUntil(lambda: bool(passphrases), timeout=15000)
    assert handout.exists() and len(passphrases[0].split("-")) >= 5

    # The co-worker, on their own laptop and workbook.
    other_prompts = FakePrompts()
    other_path = tmp_path / "coworker.hsbdesk"
    create_workbook(
        other_path, PASSPHRASE, Profile("Sam Coworker", "Case manager", "YJS", "s@example.org"), mini_form
    ).close()
    coworker = make_window(mini_form, other_path, other_prompts)
    add_window(qtbot, coworker)
    unlock(qtbot, coworker)
    other_prompts.files.append(handout)
    other_prompts.text_answers.append(passphrases[0])
    coworker.actions_.import_exchange()
    qtbot.waitUntil(lambda: coworker.stack.currentWidget() is coworker.assessment, timeout=15000)
    coworker.bridge.db.call(lambda s: s.set_value("C-1", "findings.continuum", "abusive"))
    coworker.actions_.run_dialog = keep_passphrase
    handback = tmp_path / "C-1 handback.hsbx"
    other_prompts.files.append(handback)
    coworker.actions_.hand_back()
    qtbot.waitUntil(lambda: len(passphrases) == 2, timeout=15000)
    coworker.close()

    # Meanwhile the lead changed the same field: the lead chooses.
    window.bridge.db.call(lambda s: s.set_value("C-1", "findings.continuum", "normal"))
    conflicts: list[ConflictsDialog] = []

    def choose_theirs(dialog: QDialog) -> bool:
        if isinstance(dialog, ConflictsDialog):
            conflicts.append(dialog)
            dialog.groups["findings.continuum"][1].setChecked(True)
        return True

    window.actions_.run_dialog = choose_theirs
    prompts.files.append(handback)
    prompts.text_answers.append(passphrases[1])
    window.actions_.import_exchange()
    qtbot.waitUntil(lambda: any("merged" in t for t in prompts.told), timeout=15000)
    assert conflicts and conflicts[0].choices() == {"findings.continuum": "theirs"}
    assert window.bridge.db.call(lambda s: s.values("C-1"))["findings.continuum"] == "abusive"


def test_restore_from_backup_on_the_unlock_screen(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, seeded_workbook: Path
) -> None:
    unlock(qtbot, window)
    window.actions_.backup_now()
    qtbot.waitUntil(lambda: bool(prompts.told))
    window.bridge.db.call(lambda s: s.set_value("C-1", "child.notes", "after the backup"))
    window.lock()
    from hsb_desk.app.backups import backups_for

    backup = backups_for(seeded_workbook)[0].path

    def restore_newest(dialog: Any) -> bool:
        assert dialog.selected() == backup  # the newest, chosen already
        dialog.passphrase_field.setText(PASSPHRASE)
        dialog.restore_button.click()
        return True

    prompts.dialog_answers.append(restore_newest)
    window.unlock_view.restore_button.click()
    qtbot.waitUntil(lambda: any("restored" in t for t in prompts.told), timeout=15000)
    unlock(qtbot, window)
    values = window.bridge.db.call(lambda s: s.values("C-1"))
    assert "child.notes" not in values  # back to the backup


def test_an_earlier_signed_version_is_exported_from_the_versions_list(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from hsb_desk.app import signoff
    from hsb_desk.ui.actions.coworking_dialogs import VersionsDialog

    unlock(qtbot, window)
    for key, value in (
        ("child.date_of_birth", "2012-03-04"),
        ("child.route", "concern"),
        ("findings.concern_level", "low"),
    ):
        window.bridge.db.call(lambda s, k=key, v=value: s.set_value("C-1", k, v))
    window.bridge.db.call(lambda s: signoff.sign_off(s, "C-1"))
    window.bridge.db.call(lambda s: signoff.amend(s, "C-1", "New information"))
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    exports: list[ExportDialog] = []

    def answer(dialog: QDialog) -> bool:
        if isinstance(dialog, VersionsDialog):
            assert [v.status for v in dialog.versions] == ["signed", "open"]
            dialog.table.selectRow(1)
            assert not dialog.export_button.isEnabled()  # the open version is not signed
            dialog.table.selectRow(0)
            dialog.export_button.click()
        elif isinstance(dialog, ExportDialog):
            dialog.path.setText(str(tmp_path / "v1.docx"))
            exports.append(dialog)
            dialog.start()
        return True

    window.actions_.run_dialog = answer
    window.actions_.show_versions()
    qtbot.waitUntil(lambda: bool(exports) and exports[0].written is not None, timeout=15000)
    assert exports[0].signed_version == 1
    text = "\n".join(p.text for p in docx.Document(str(exports[0].written)).paragraphs)
    assert "DRAFT" not in text


def test_archived_case_can_be_deleted_permanently_after_confirmation(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    window.bridge.db.call(lambda s: s.set_status("C-2", "archived"))
    window.cases_view.refresh()
    settle(qtbot, window)
    window.cases_view.select("C-2")
    prompts.text_answers.append("Retention period ended")
    prompts.confirm_answers.append(False)
    window.actions_.purge()
    settle(qtbot, window)
    assert any(c.reference == "C-2" for c in window.cases_view.model.cases)
    prompts.text_answers.append("Retention period ended")
    prompts.confirm_answers.append(True)
    window.actions_.purge()
    qtbot.waitUntil(lambda: not any(c.reference == "C-2" for c in window.cases_view.model.cases))
    entries = window.bridge.db.call(lambda s: s.workbook.audit.entries())
    assert any(e.action == "case purged" for e in entries)


def test_backup_shows_that_it_is_working_then_says_it_is_done(
    qtbot: Any, window: MainWindow, prompts: FakePrompts
) -> None:
    unlock(qtbot, window)
    window.actions_.backup_now()
    assert window.statusBar().currentMessage() == "Backing up and checking the copy…"
    qtbot.waitUntil(lambda: bool(prompts.told))
    assert prompts.told[-1].startswith("Backed up and checked")
    assert window.statusBar().currentMessage() == ""
