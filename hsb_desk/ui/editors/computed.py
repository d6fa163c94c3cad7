"""Read-only values HSB Desk works out: an age, gathered ratings, the grid's response."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor


class ComputedView(FieldEditor):
    def __init__(self, spec: FieldSpec, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.form = form
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # Worked out, not typed: read and selectable, but not a Tab stop (WCAG 2.4.3).
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label.setAccessibleName(spec.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self._value: Any = None

    def value(self) -> Any:
        return self._value

    def _show(self, value: Any) -> None:
        self._value = value
        self.label.setText(self.describe(value))
        self.label.setAccessibleDescription(self.label.text())

    def describe(self, value: Any) -> str:
        if value is None:
            return strings.COMPUTED_NOT_YET
        if self.spec.compute is not None and self.spec.compute.kind == "age":
            return f"{value} years old today"
        if isinstance(value, dict) and "response" in value:
            return str(value["response"])
        if isinstance(value, dict):
            lines = []
            for key, rating in value.items():
                spec = self.form.get_field(key)
                section = self.form.section_of(key)
                label = f"{section.title}: {spec.label}" if spec and section else key
                lines.append(f"{label}: {spec.option_label(rating) if spec else rating}")
            return "\n".join(lines)
        return str(value)
