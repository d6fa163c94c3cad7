"""Spell checking in narratives: unknown words underlined, suggestions on right-click, and Add
to dictionary, which the window keeps in the open workbook (app/spelling.py): ``dictionary``
says which word was added; the window stores it and ``set_personal_words`` is given the
workbook's words when it unlocks, none when it locks."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu, QTextEdit

from hsb_desk.domain.spelling import SpellChecker
from hsb_desk.ui.editors.base import FieldEditor
from hsb_desk.ui.editors.text import NarrativeEditor

LONGEST_CHECKED_PARAGRAPH = 20_000  # a huge paste stays responsive; it is still saved whole


class DictionaryRequests(QObject):
    added = Signal(str)  # a word the user added: the window stores it in the workbook


dictionary = DictionaryRequests()
_highlighters: weakref.WeakSet[SpellHighlighter] = weakref.WeakSet()


def set_personal_words(checker: SpellChecker, words: Iterable[str]) -> None:
    """The open workbook's own words (none once it is locked); every narrative is checked again."""
    checker.set_personal(words)
    for highlighter in list(_highlighters):
        try:
            highlighter.recheck()
        except RuntimeError:  # its page was taken down (locking clears the pages)
            _highlighters.discard(highlighter)


class SpellHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, checker: SpellChecker, edit: QTextEdit | None = None) -> None:
        super().__init__(document)
        self.checker, self.edit = checker, edit
        self.misspelt = QTextCharFormat()
        self.misspelt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.misspelt.setUnderlineColor(QColor("#c62828"))
        _highlighters.add(self)

    def recheck(self) -> None:
        """Underline again after the checker learnt words. Qt reports a re-highlight as a change
        to the text; the editor's signals are held so it is not taken for an edit."""
        blocker = QSignalBlocker(self.edit) if self.edit is not None else None
        try:
            self.rehighlight()
        finally:
            if blocker is not None:
                blocker.unblock()

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
        add = menu.addAction(f"Add “{word}” to the dictionary")
        add.triggered.connect(lambda: _add(checker, word))
        _move_before(menu, first, add)
        if first is not None:
            menu.insertSeparator(first)
    return menu


def _move_before(menu: QMenu, first: QAction | None, action: QAction) -> None:
    """``addAction`` put ``action`` last; the suggestions go before the standard actions."""
    if first is not None:
        menu.insertAction(first, action)


def _ignore(checker: SpellChecker, highlighter: SpellHighlighter, word: str) -> None:
    checker.ignore(word)
    highlighter.recheck()


def _add(checker: SpellChecker, word: str) -> None:
    """Known at once in every narrative; kept in the workbook by the window (``dictionary``)."""
    set_personal_words(checker, [*checker.personal, word])
    dictionary.added.emit(word)


def _replacer(cursor: QTextCursor, text: str) -> Callable[[], None]:
    return lambda *_: cursor.insertText(text)


def spell_decorator(checker: Callable[[], SpellChecker]) -> Callable[[FieldEditor], None]:
    """Adds checking to every narrative editor the pages make."""

    def decorate(editor: FieldEditor) -> None:
        if not isinstance(editor, NarrativeEditor) or not editor.spec.spell_check:
            return  # one-line fields (names among them) and addresses are not checked
        spell = checker()
        edit = editor.text
        highlighter = SpellHighlighter(edit.document(), spell, edit)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show_menu(at: QPoint) -> None:
            spell_menu(edit, spell, highlighter, at).exec(edit.viewport().mapToGlobal(at))

        edit.customContextMenuRequested.connect(show_menu)
        editor.highlighter = highlighter  # type: ignore[attr-defined]

    return decorate


__all__ = ["SpellHighlighter", "dictionary", "set_personal_words", "spell_decorator", "spell_menu"]
