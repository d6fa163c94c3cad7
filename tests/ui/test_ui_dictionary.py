"""Spell checking knows the work's vocabulary, leaves addresses alone, and Add to dictionary keeps
the word inside the encrypted workbook, never in a plain file (issue 20, item 6). Real form pack,
the example case, the app's own spell checker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, example_session, real_form
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from ui.ui_support import FakePrompts, add_window, close_window, settle, unlock, wait_locked

from hsb_desk import paths
from hsb_desk.app.settings import Settings
from hsb_desk.app.spelling import british_checker, personal_words
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec import load_form
from hsb_desk.ui.app import check_spelling
from hsb_desk.ui.assessment.spell import spell_menu
from hsb_desk.ui.window.main_window import MainWindow

NAME = "Kestrelford"  # a fictional place name, on no word list
NARRATIVE = "development.views"


@pytest.fixture
def window(qtbot: Any, workbook_path: Path, prompts: FakePrompts) -> Iterator[tuple[MainWindow, str]]:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (_session, reference):
        pass
    form = real_form()

    def opener(path: Path, passphrase: str) -> Any:
        return open_workbook(path, passphrase, form, today=lambda: TODAY)

    def creator(path: Path, passphrase: str, profile: Any) -> Any:
        return create_workbook(path, passphrase, profile, form, today=lambda: TODAY)

    win = MainWindow(form, Settings(), workbook_path, opener, creator, prompts=prompts, decorate=check_spelling)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(reference)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    yield win, reference
    close_window(qtbot, win)


def _misspelt_words(text: str) -> list[str]:
    return [text[start : start + length] for start, length in british_checker().misspelt(text)]


def test_the_vocabulary_of_the_work_is_known() -> None:
    text = "Sexualised behaviours at school led to two exclusions; his carers, CAMHS and MAPPA were told."
    assert _misspelt_words(text) == []
    assert _misspelt_words("a multiagency meeting") == ["multiagency"]  # a non-standard spelling is still marked


def test_add_to_dictionary_keeps_the_word_in_the_workbook_only(
    qtbot: Any, window: tuple[MainWindow, str], tmp_path: Path
) -> None:
    win, _reference = window
    win.assessment.show_field(NARRATIVE)
    editor = win.assessment.page().editors[NARRATIVE]
    editor.text.setFocus()
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.text, f" Lives near {NAME} with his nan.")
    assert NAME in _misspelt_words(editor.text.toPlainText())
    cursor = editor.text.document().find(NAME)
    at = editor.text.cursorRect(cursor).center()
    menu = spell_menu(editor.text, british_checker(), editor.highlighter, QPoint(at.x() - 2, at.y()))
    add = next(a for a in menu.actions() if a.text() == f"Add “{NAME}” to the dictionary")
    add.trigger()
    assert NAME not in _misspelt_words(editor.text.toPlainText())  # at once
    settle(qtbot, win)
    assert win.bridge.db.call(personal_words) == [NAME]
    # Only inside the encrypted workbook: no plain file anywhere holds the word.
    for folder in (paths.user_data_dir(), tmp_path):
        for file in folder.rglob("*"):
            if file.is_file():
                assert NAME.encode() not in file.read_bytes(), file
    # Locked, the word is forgotten (another workbook would not know it); unlocked, known again.
    win.lock()
    wait_locked(qtbot, win)
    assert NAME in _misspelt_words(f"near {NAME}")
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.unlock_button.click()  # back to the case, where the lock found it
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment and win.bridge.pending == 0)
    assert NAME not in _misspelt_words(f"near {NAME}")


def test_an_address_is_not_spell_checked_but_a_narrative_is(window: tuple[MainWindow, str]) -> None:
    win, _reference = window
    win.assessment.show_field("child.address")
    assert not hasattr(win.assessment.page().editors["child.address"], "highlighter")
    win.assessment.show_field(NARRATIVE)
    assert hasattr(win.assessment.page().editors[NARRATIVE], "highlighter")


def test_no_spell_check_is_only_for_narratives(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), pack)
    section = pack / "sections" / "03-child.yaml"
    text = section.read_text(encoding="utf-8")
    section.write_text(
        text.replace("  - key: child.full_name\n", "  - key: child.full_name\n    no_spell_check: true\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(FormDefinitionError) as raised:
        load_form(pack)
    assert "'no_spell_check' applies only to longtext" in str(raised.value.problems)
