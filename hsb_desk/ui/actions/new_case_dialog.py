"""New case: the reference (the next free one suggested) and the first details the form pack
names for it (the child's name, date of birth, route and referral date), stored together.

A refused reference or value is explained in the dialog, and what was typed stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec.model import NEW_CASE_ROLES, FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.editors import FieldEditor
from hsb_desk.ui.editors.factory import make_editor


class NewCaseDialog(QDialog):
    """Creates the case on the database thread when OK is pressed; ``created`` is then called
    with its reference and the dialog closes. On a refusal it stays open and says why."""

    def __init__(
        self, form: FormDefinition, bridge: Bridge, created: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.NEW_CASE_TITLE)
        self.setMinimumWidth(480)
        self.bridge, self.created = bridge, created
        layout = QVBoxLayout(self)
        fields = QFormLayout()
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName(strings.NEW_CASE_REFERENCE)
        self.reference.setMaxLength(64)
        fields.addRow(strings.NEW_CASE_REFERENCE, self.reference)
        self.editors: dict[str, FieldEditor] = {}
        for role in NEW_CASE_ROLES:
            spec = form.role_field(role)
            if spec is not None:
                editor = make_editor(spec, form, lambda _text: True, self)
                fields.addRow(spec.label, editor)
                self.editors[spec.key] = editor
        layout.addLayout(fields)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setObjectName("newCaseProblem")
        self.problem.setAccessibleName(strings.NEW_CASE_PROBLEM)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(strings.NEW_CASE_CREATE)
        self.buttons.accepted.connect(self.create_case)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        bridge.run(lambda s: s.suggested_reference(), self._suggest)

    def _suggest(self, reference: str) -> None:
        if not self.reference.text():
            self.reference.setText(reference)
            self.reference.selectAll()

    def values(self) -> dict[str, Any]:
        shown = {key: editor.value() for key, editor in self.editors.items()}
        return {key: value for key, value in shown.items() if value is not None}

    def create_case(self) -> None:
        problem = next((p for p in (e.input_problem() for e in self.editors.values()) if p), "")
        if problem:
            self.problem.setText(problem)
            return
        reference, values = self.reference.text().strip(), self.values()
        self.problem.setText("")
        self.buttons.setEnabled(False)
        self.bridge.apply(lambda s: s.create_case(reference, values), lambda _c: self._done(reference), self._refused)

    def _done(self, reference: str) -> None:
        self.accept()
        self.created(reference)

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(error.user_message if isinstance(error, HsbDeskError) else strings.NEW_CASE_FAILED)
        self.reference.setFocus()
