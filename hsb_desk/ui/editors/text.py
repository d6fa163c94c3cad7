"""One-line text, narratives that grow with their content, and numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FieldSpec
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor


def _single(layout_owner: QWidget, widget: QWidget) -> None:
    layout = QVBoxLayout(layout_owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.label)
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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


class NarrativeEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.text = GrowingTextEdit(self)
        self.text.setAccessibleName(spec.label)
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
