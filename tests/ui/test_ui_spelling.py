"""Narratives underline unknown words and offer British suggestions."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCharFormat
from ui.ui_support import FakePrompts, add_window, close_window, make_window, unlock

from hsb_desk.app.spelling import british_checker
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.assessment.spell import spell_decorator, spell_menu


def test_misspelt_word_is_underlined_and_suggestion_replaces_it(
    qtbot: Any, seeded_workbook: Any, mini_form: FormDefinition, prompts: FakePrompts
) -> None:
    window = make_window(mini_form, seeded_workbook, prompts)
    window.assessment.decorate = spell_decorator(british_checker)
    add_window(qtbot, window)
    window.show()
    unlock(qtbot, window)
    window.open_case("C-1")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    editor = window.assessment.page().editors["child.notes"]
    editor.text.setPlainText("Her behavior improved.")
    block = editor.text.document().firstBlock()
    underlined = [
        (r.start, r.length)
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    ]
    assert underlined == [(4, 8)]
    cursor = editor.text.textCursor()
    cursor.setPosition(6)
    editor.text.setTextCursor(cursor)
    at = editor.text.cursorRect(cursor).center()
    menu = spell_menu(editor.text, british_checker(), editor.highlighter, at)
    suggestion = next(a for a in menu.actions() if a.text() == "behaviour")
    suggestion.trigger()
    assert editor.text.toPlainText() == "Her behaviour improved."
    close_window(qtbot, window)
