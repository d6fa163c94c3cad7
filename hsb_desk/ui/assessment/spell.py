"""Spell checking in narratives: unknown words underlined, suggestions on right-click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu, QTextEdit

from hsb_desk.domain.spelling import SpellChecker
from hsb_desk.ui.editors.base import FieldEditor
from hsb_desk.ui.editors.text import NarrativeEditor

LONGEST_CHECKED_PARAGRAPH = 20_000  # a huge paste stays responsive; it is still saved whole


class SpellHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, checker: SpellChecker) -> None:
        super().__init__(document)
        self.checker = checker
        self.misspelt = QTextCharFormat()
        self.misspelt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.misspelt.setUnderlineColor(QColor("#c62828"))

    def highlightBlock(self, text: str) -> None:
        if len(text) > LONGEST_CHECKED_PARAGRAPH:
            return
        for start, length in self.checker.misspelt(text):
            self.setFormat(start, length, self.misspelt)


def spell_menu(edit: QTextEdit, checker: SpellChecker, highlighter: SpellHighlighter, at: QPoint) -> QMenu:
    """The usual edit menu, with suggestions for the word under the pointer first."""
    menu = edit.createStandardContextMenu(at)
    cursor = edit.cursorForPosition(at)
    cursor.select(QTextCursor.SelectionType.WordUnderCursor)
    word = cursor.selectedText()
    if word and not checker.knows(word):
        first = menu.actions()[0] if menu.actions() else None  # None: at the end
        suggestions = checker.suggestions(word)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.triggered.connect(_replacer(QTextCursor(cursor), suggestion))
            _move_before(menu, first, action)
        if not suggestions:
            none = menu.addAction("No suggestions")
            none.setEnabled(False)
            _move_before(menu, first, none)
        ignore = menu.addAction(f"Ignore “{word}” for now")
        ignore.triggered.connect(lambda: _ignore(checker, highlighter, word))
        _move_before(menu, first, ignore)
        if first is not None:
            menu.insertSeparator(first)
    return menu


def _move_before(menu: QMenu, first: QAction | None, action: QAction) -> None:
    """``addAction`` put ``action`` last; the suggestions go before the standard actions."""
    if first is not None:
        menu.insertAction(first, action)


def _ignore(checker: SpellChecker, highlighter: SpellHighlighter, word: str) -> None:
    checker.ignore(word)
    highlighter.rehighlight()


def _replacer(cursor: QTextCursor, text: str) -> Callable[[], None]:
    return lambda *_: cursor.insertText(text)


def spell_decorator(checker: Callable[[], SpellChecker]) -> Callable[[FieldEditor], None]:
    """Adds checking to every narrative editor the pages make."""

    def decorate(editor: FieldEditor) -> None:
        if not isinstance(editor, NarrativeEditor):
            return
        spell = checker()
        edit = editor.text
        highlighter = SpellHighlighter(edit.document(), spell)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show_menu(at: QPoint) -> None:
            spell_menu(edit, spell, highlighter, at).exec(edit.viewport().mapToGlobal(at))

        edit.customContextMenuRequested.connect(show_menu)
        editor.highlighter = highlighter  # type: ignore[attr-defined]

    return decorate


__all__ = ["SpellHighlighter", "spell_decorator", "spell_menu"]
