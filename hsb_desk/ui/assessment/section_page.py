"""A section's page, generated from its definition: a labelled editor for each field, the
reason beside a field whose input is not valid, and fields shown or hidden by conditions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FieldSpec, FormDefinition, SectionSpec
from hsb_desk.formspec.values import is_visible
from hsb_desk.ui import strings
from hsb_desk.ui.assessment.focus_order import chain_tab_order
from hsb_desk.ui.assessment.outcome_grid import OutcomeGridWidget
from hsb_desk.ui.editors import FieldEditor, make_editor
from hsb_desk.ui.editors.group import GroupEditor
from hsb_desk.ui.style import colour, set_role


class GridLevel(FieldEditor):
    """Stands for one of the two overall ratings, whose value the outcome grid holds."""

    def __init__(self, spec: FieldSpec, grid: OutcomeGridWidget, which: str) -> None:
        super().__init__(spec, None)
        self.grid, self.which = grid, which

    def value(self) -> Any:
        return self.grid.concern if self.which == "concern" else self.grid.strength

    def _show(self, value: Any) -> None:
        concern = value if self.which == "concern" else self.grid.concern
        strength = value if self.which == "strength" else self.grid.strength
        self.grid.show_choice(concern, strength)


class FieldRow(QWidget):
    def __init__(self, spec: FieldSpec, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.label = QLabel(spec.label + (strings.REQUIRED_MARK if spec.required else ""), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        set_role(self.label, "fieldLabel")
        self.label.setBuddy(editor)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {colour('error')};")
        self.error.hide()
        self.note = QLabel(self)  # a warning that changes nothing stored (a date sent before sign-off)
        self.note.setObjectName("fieldNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(f"color: {colour('note')};")
        self.note.hide()
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        layout.addWidget(self.note)

    def set_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))

    def set_notes(self, notes: list[str]) -> None:
        self.note.setText("\n".join(f"⚠ {n}" for n in notes))
        self.note.setVisible(bool(notes))


class SectionPage(QWidget):
    edited = Signal(str)  # field key: the user changed it
    left = Signal(str)  # field key: focus left it, save now
    focused = Signal(str)

    def __init__(
        self,
        section: SectionSpec,
        form: FormDefinition,
        confirm: Callable[[str], bool],
        decorate: Callable[[FieldEditor], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section, self.form = section, form
        layout = QVBoxLayout(self)
        heading = QLabel(f"{section.number}. {section.title}", self)
        set_role(heading, "sectionHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        self.owner_label = QLabel(self)
        layout.addWidget(self.owner_label)
        if section.guidance:
            intro = QLabel(section.guidance, self)
            intro.setWordWrap(True)
            intro.setTextFormat(Qt.TextFormat.PlainText)
            set_role(intro, "sectionIntro")
            layout.addWidget(intro)
        self.editors: dict[str, FieldEditor] = {}
        self.rows: dict[str, FieldRow] = {}
        grid = form.grid if form.grid and self._holds_grid(section, form) else None
        grid_widget = OutcomeGridWidget(grid, self) if grid else None
        marked = any(spec.factor for spec in section.fields)
        factor: str | None = None  # the factor of the run of fields being laid out
        self.factor_headings: list[QLabel] = []
        for spec in section.fields:
            if marked and spec.factor != factor:
                factor = spec.factor
                layout.addWidget(self._factor_heading(factor))
            if grid and grid_widget and spec.key in (grid.concern_field, grid.strength_field):
                which = "concern" if spec.key == grid.concern_field else "strength"
                self.editors[spec.key] = GridLevel(spec, grid_widget, which)
                if which == "concern":
                    layout.addWidget(grid_widget)
                continue
            editor = make_editor(spec, form, confirm, self, decorate)
            row = FieldRow(spec, editor, self)
            layout.addWidget(row)
            self.editors[spec.key], self.rows[spec.key] = editor, row
            editor.edited.connect(lambda key=spec.key: self.edited.emit(key))
            editor.refused.connect(lambda message, key=spec.key: self.set_error(key, message))
            editor.left.connect(lambda key=spec.key: self.left.emit(key))
            editor.focused.connect(lambda key=spec.key: self.focused.emit(key))
        if grid and grid_widget:
            grid_widget.chosen.connect(self._grid_chosen)
        layout.addStretch(1)
        self.grid_widget = grid_widget
        for editor in self.editors.values():
            if isinstance(editor, GroupEditor):
                editor.rows_changed.connect(lambda: chain_tab_order(self))
        chain_tab_order(self)

    def _factor_heading(self, factor: str) -> QLabel:
        """The subheading above a run of historical (fixed) or changeable factors, or the rest."""
        heading = QLabel(strings.FACTOR_HEADINGS.get(factor, factor), self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        set_role(heading, "factorHeading")
        heading.setContentsMargins(0, 10, 0, 0)
        self.factor_headings.append(heading)
        return heading

    @staticmethod
    def _holds_grid(section: SectionSpec, form: FormDefinition) -> bool:
        keys = {f.key for f in section.fields}
        return form.grid is not None and {form.grid.concern_field, form.grid.strength_field} <= keys

    def _grid_chosen(self, _concern: str, _strength: str) -> None:
        assert self.form.grid is not None
        for key in (self.form.grid.concern_field, self.form.grid.strength_field):
            self.edited.emit(key)
            self.left.emit(key)

    def set_owner(self, owner: str) -> None:
        self.owner_label.setText(strings.SECTION_OWNER.format(owner=strings.OWNER_LABELS.get(owner, owner)))

    def load(self, values: dict[str, Any]) -> None:
        for key, editor in self.editors.items():
            editor.set_value(values.get(key))
        self.refresh_visibility(values)

    def show_computed(self, values: dict[str, Any]) -> None:
        for spec in self.section.fields:
            if spec.type == "computed":
                self.editors[spec.key].set_value(values.get(spec.key))

    def refresh_visibility(self, values: dict[str, Any]) -> None:
        for spec in self.section.fields:
            row = self.rows.get(spec.key)
            if row is not None:
                row.setVisible(is_visible(spec, values))

    def set_error(self, key: str, message: str) -> None:
        row = self.rows.get(key)
        if row is not None:
            row.set_error(message)

    def set_notes(self, key: str, notes: list[str]) -> None:
        row = self.rows.get(key)
        if row is not None:
            row.set_notes(notes)

    def clear_content(self) -> None:
        for row in self.rows.values():
            row.set_notes([])
        for key, editor in self.editors.items():
            editor.clear_content()
            self.set_error(key, "")
