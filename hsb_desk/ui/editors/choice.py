"""Choices: a list for one option, ticks for several, buttons for yes/no and ratings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.formspec.model import FieldSpec
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor


class ChoiceEditor(FieldEditor):
    """A drop-down list; each option's description is its tooltip."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(spec.label)
        self.combo.addItem(strings.NOT_RECORDED, None)
        for option in spec.options:
            self.combo.addItem(option.label, option.value)
            if option.description:
                self.combo.setItemData(self.combo.count() - 1, option.description, 3)  # ToolTipRole
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)
        self.combo.currentIndexChanged.connect(lambda *_: None if self._loading else self.left.emit())
        self.watch_focus(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))


class MultiChoiceEditor(FieldEditor):
    """A tick box per option, in two columns."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        short = all(len(option.label) <= 28 for option in spec.options)
        columns = 2 if len(spec.options) > 4 and short else 1
        for index, option in enumerate(spec.options):
            box = QCheckBox(option.label, self)
            box.setAccessibleName(f"{spec.label}: {option.label}")
            if option.description:
                box.setToolTip(option.description)
            box.toggled.connect(self._changed)
            box.toggled.connect(lambda *_: None if self._loading else self.left.emit())
            self.watch_focus(box)
            layout.addWidget(box, index // columns, index % columns)
            self.boxes.append((option.value, box))
        if self.boxes:
            self.setFocusProxy(self.boxes[0][1])

    def value(self) -> Any:
        chosen = [value for value, box in self.boxes if box.isChecked()]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option_value, box in self.boxes:
            box.setChecked(option_value in chosen)


class ButtonsEditor(FieldEditor):
    """Radio buttons for yes / no / not known and for ratings, with a way to clear the answer."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[tuple[str, QRadioButton]] = []
        for option in spec.options:
            button = QRadioButton(option.label, self)
            button.setAccessibleName(f"{spec.label}: {option.label}")
            if option.description:
                button.setToolTip(option.description)
            self.group.addButton(button)
            self.watch_focus(button)
            layout.addWidget(button)
            self.buttons.append((option.value, button))
        self.clear_button = QToolButton(self)
        self.clear_button.setText(strings.CLEAR)
        self.clear_button.setAccessibleName(f"Clear {spec.label}")
        self.clear_button.clicked.connect(self._clear)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        if self.buttons:
            self.setFocusProxy(self.buttons[0][1])

    def _toggled(self, _button: object, checked: bool) -> None:
        if checked and not self._loading:
            self.edited.emit()
            self.left.emit()

    def _clear(self) -> None:
        self._show(None)
        self.edited.emit()
        self.left.emit()

    def value(self) -> Any:
        for option_value, button in self.buttons:
            if button.isChecked():
                return option_value
        return None

    def _show(self, value: Any) -> None:
        self.group.setExclusive(False)
        for option_value, button in self.buttons:
            button.setChecked(option_value == value)
        self.group.setExclusive(True)
