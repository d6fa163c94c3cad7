"""What every field editor offers the section page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from hsb_desk.formspec.model import FieldSpec


class FieldEditor(QWidget):
    """``edited`` fires on every user change; ``left`` when focus leaves the editor, so the page
    can save at once. ``set_value`` never fires ``edited``. ``input_problem`` is the reason the
    typed text cannot become a value yet (an impossible date), or "". ``refused`` says why an
    edit was not made at all (a paste longer than the field holds): the text stays as it was."""

    edited = Signal()
    refused = Signal(str)
    left = Signal()
    focused = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.focused_spec = spec  # the field inside that has focus (a group's column), for guidance
        self._loading = False

    def value(self) -> Any:
        """The value to store (None when empty); each editor type defines its own."""
        return None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        """Display ``value``; each editor type defines its own."""

    def input_problem(self) -> str:
        return ""

    def cell_editor(self, row: int, column: str) -> QWidget | None:
        """The editor of ``column`` in ``row`` (1-based) of a group; None for other fields."""
        return None

    def clear_content(self) -> None:
        """Forget what is shown (on lock), without saving anything."""
        self.set_value(None)

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit()

    def watch_focus(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left.emit()
        elif event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        return super().eventFilter(watched, event)
