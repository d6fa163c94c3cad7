"""Repeatable rows of sub-fields (parents and carers, siblings, incidents, the safety plan)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FieldSpec
from hsb_desk.formspec.values import MOST_ROWS, is_visible
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor

Confirm = Callable[[str], bool]
EditorFactory = Callable[[FieldSpec, QWidget], FieldEditor]


class GroupRow(QFrame):
    """One row: an editor per column, and buttons to move or remove it."""

    def __init__(self, owner: GroupEditor, number: int) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        header.addWidget(self.title)
        header.addStretch(1)
        self.up = QPushButton(strings.GROUP_UP, self)
        self.down = QPushButton(strings.GROUP_DOWN, self)
        self.remove = QPushButton(strings.GROUP_REMOVE, self)
        for button in (self.up, self.down, self.remove):
            header.addWidget(button)
        outer.addLayout(header)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their fields: long labels never push the row wider than the window.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        outer.addLayout(self.form)
        self.editors: dict[str, FieldEditor] = {}
        for sub in owner.spec.fields:
            editor = owner.factory(sub, self)
            self.form.addRow(sub.label + (strings.REQUIRED_MARK if sub.required else ""), editor)
            editor.edited.connect(self._edited)
            editor.refused.connect(owner.refused.emit)
            editor.left.connect(owner.left.emit)
            editor.focused.connect(lambda sub=sub: owner.focus_moved_to(sub))
            self.editors[sub.key] = editor
        self.set_number(number)
        self.up.clicked.connect(lambda: owner.move_row(self, -1))
        self.down.clicked.connect(lambda: owner.move_row(self, +1))
        self.remove.clicked.connect(lambda: owner.remove(self))

    def set_number(self, number: int) -> None:
        noun = self.owner.item_label
        self.title.setText(f"{noun[:1].upper()}{noun[1:]} {number}")
        for button, text in (
            (self.up, strings.GROUP_UP),
            (self.down, strings.GROUP_DOWN),
            (self.remove, strings.GROUP_REMOVE),
        ):
            button.setAccessibleName(f"{text}: {noun} {number}")

    def _edited(self) -> None:
        self.refresh_visibility()
        self.owner.row_edited()

    def refresh_visibility(self) -> None:
        values = self.values()
        for sub in self.owner.spec.fields:
            editor = self.editors[sub.key]
            shown = is_visible(sub, values)
            editor.setVisible(shown)
            label = self.form.labelForField(editor)
            if label is not None:
                label.setVisible(shown)

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def stored(self) -> dict[str, Any]:
        return {key: value for key, value in self.values().items() if value is not None}

    def input_problem(self) -> str:
        for sub in self.owner.spec.fields:
            problem = self.editors[sub.key].input_problem()
            if problem:
                return f"{sub.label}: {problem}"
        return ""


class GroupEditor(FieldEditor):
    rows_changed = Signal()  # rows added, removed or moved: the page sets its Tab order again

    def __init__(
        self, spec: FieldSpec, factory: EditorFactory, confirm: Confirm, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, parent)
        self.factory = factory
        self.confirm = confirm
        self.item_label = spec.item_label or "entry"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_box = QVBoxLayout()
        layout.addLayout(self.rows_box)
        self.add_button = QPushButton(strings.GROUP_ADD.format(item=self.item_label), self)
        self.add_button.setAccessibleName(f"{strings.GROUP_ADD.format(item=self.item_label)} to {spec.label}")
        self.add_button.clicked.connect(self.add_row)
        layout.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.rows: list[GroupRow] = []
        self.setFocusProxy(self.add_button)

    def focus_moved_to(self, column: FieldSpec) -> None:
        """A column of a row took focus: the guidance panel follows it."""
        self.focused_spec = column
        self.focused.emit()

    def add_row(self) -> GroupRow | None:
        if len(self.rows) >= MOST_ROWS and not self._loading:
            self.refused.emit(strings.GROUP_FULL.format(rows=MOST_ROWS))
            return None
        row = GroupRow(self, len(self.rows) + 1)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        row.refresh_visibility()
        self._renumber()
        if not self._loading:
            self.rows_changed.emit()
            self.edited.emit()
            next(iter(row.editors.values())).setFocus()
        return row

    def remove(self, row: GroupRow) -> None:
        if not self.confirm(strings.GROUP_REMOVE_CONFIRM.format(item=self.item_label)):
            return
        self.rows.remove(row)
        self._discard(row)
        self._renumber()
        self.rows_changed.emit()
        self.edited.emit()
        self.left.emit()

    def _discard(self, row: GroupRow) -> None:
        """Take a row out of the group; Qt deletes it once its events are done. It keeps its
        parent until then: a row taken from its parent (setParent(None)) and deleted later was
        owned by Python and Qt at once, and deleting it crashed the app now and then when a case
        with fewer rows was opened."""
        self.rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()

    def move_row(self, row: GroupRow, step: int) -> None:
        index = self.rows.index(row)
        target = index + step
        if not 0 <= target < len(self.rows):
            return
        self.rows.insert(target, self.rows.pop(index))
        self.rows_box.removeWidget(row)
        self.rows_box.insertWidget(target, row)
        self._renumber()
        self.rows_changed.emit()
        self.edited.emit()
        self.left.emit()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.set_number(number)
            row.up.setEnabled(number > 1)
            row.down.setEnabled(number < len(self.rows))

    def row_edited(self) -> None:
        self._changed()

    def value(self) -> Any:
        rows = [row.stored() for row in self.rows]
        return rows or None

    def cell_editor(self, row: int, column: str) -> QWidget | None:
        if 1 <= row <= len(self.rows):
            return self.rows[row - 1].editors.get(column)
        return None

    def input_problem(self) -> str:
        for number, row in enumerate(self.rows, start=1):
            problem = row.input_problem()
            if problem:
                return f"{self.item_label[:1].upper()}{self.item_label[1:]} {number}, {problem}"
        return ""

    def _show(self, value: Any) -> None:
        items = value if isinstance(value, list) else []
        # Rows already built are reused: opening a case again (or another case) then only sets
        # values, instead of building every row's editors anew (most of the cost of a group).
        for row in self.rows[len(items) :]:
            self._discard(row)
        del self.rows[len(items) :]
        while len(self.rows) < len(items):
            self.add_row()
        self._renumber()
        for row, data in zip(self.rows, items, strict=True):
            for key, editor in row.editors.items():
                editor.set_value(data.get(key) if isinstance(data, dict) else None)
            row.refresh_visibility()
        self.rows_changed.emit()
