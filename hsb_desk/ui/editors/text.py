"""One-line text, narratives that grow with their content, and numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FieldSpec
from hsb_desk.formspec.values import longest
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor


def _single(layout_owner: QWidget, widget: QWidget) -> None:
    layout = QVBoxLayout(layout_owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)


def too_long(limit: int, length: int) -> str:
    return strings.TOO_LONG.format(length=length, limit=limit)


class _Longest(QValidator):
    """Refuses a change (typed or pasted) that would make the line longer than the field holds:
    Qt then keeps the line as it was, where ``maxLength`` would cut a paste short unsaid."""

    def __init__(self, limit: int, editor: FieldEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit, self.editor = limit, editor

    def validate(self, text: str, _pos: int) -> QValidator.State:
        if len(text) > self.limit:
            self.editor.refused.emit(too_long(self.limit, len(text)))
            return QValidator.State.Invalid
        return QValidator.State.Acceptable


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.label)
        limit = longest(spec)
        if limit is not None:
            self.line.setMaxLength(max(limit + 1, self.line.maxLength()))  # the validator says no, not Qt
            self.line.setValidator(_Longest(limit, self, self.line))
        _single(self, self.line)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._changed)
        self.watch_focus(self.line)

    def value(self) -> Any:
        text = self.line.text()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.line.setText(value if isinstance(value, str) else "")


class GrowingTextEdit(QTextEdit):
    """Plain text that grows with what is written, from 3 to about 18 lines, then scrolls."""

    MIN_LINES, MAX_LINES = 3, 18
    #: The length a refused paste, drop or key would have made (nothing is inserted).
    refused = Signal(int)

    def __init__(self, parent: QWidget | None = None, limit: int | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setAcceptRichText(False)  # pasted formatting is dropped; the text is kept exactly
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        line = self.fontMetrics().lineSpacing()
        content = int(self.document().size().height())
        frame = 2 * self.frameWidth() + 4
        lowest, highest = self.MIN_LINES * line + frame, self.MAX_LINES * line + frame
        self.setFixedHeight(max(lowest, min(highest, content + frame)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _length_after(self, inserted: int) -> int:
        held = self.document().characterCount() - 1  # without the closing paragraph mark
        return held - len(self.textCursor().selectedText()) + inserted

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.limit is not None and source.hasText():
            after = self._length_after(len(source.text()))
            if after > self.limit:
                self.refused.emit(after)
                return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        if self.limit is not None and typed and (typed.isprintable() or typed in "\r\n\t"):
            after = self._length_after(len(typed))
            if after > self.limit:
                self.refused.emit(after)
                return
        super().keyPressEvent(event)


class NarrativeEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.text = GrowingTextEdit(self, longest(spec))
        self.text.setAccessibleName(spec.label)
        self.text.refused.connect(lambda length: self.refused.emit(too_long(self.text.limit or 0, length)))
        _single(self, self.text)
        self.setFocusProxy(self.text)
        self.text.textChanged.connect(self._changed)
        self.watch_focus(self.text)

    def value(self) -> Any:
        text = self.text.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.text.setPlainText(value if isinstance(value, str) else "")


class NumberEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.label)
        self.line.setMaximumWidth(160)
        _single(self, self.line)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._changed)
        self.watch_focus(self.line)

    def _parsed(self) -> float | int | None:
        text = self.line.text().strip().replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() and (self.spec.integer or "." not in text) else number

    def value(self) -> Any:
        return self._parsed()

    def input_problem(self) -> str:
        if self.line.text().strip() and self._parsed() is None:
            return strings.NUMBER_INVALID
        return ""

    def _show(self, value: Any) -> None:
        self.line.setText("" if value is None else f"{value:g}" if isinstance(value, float) else str(value))
