"""Countersign: the team manager's authorisation of a signed-off assessment.

The manager says whether they agree with the outcome (neither is chosen at first, and nothing
can be countersigned until one is), adds their comments (required when they do not agree) and
gives their name and role. The dialog records it itself, through ``submit``; a refusal, the
dialog's own or the service's, is said in the dialog and what was typed stays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.signoff.signed_versions import MAX_COMMENTS
from hsb_desk.errors import HsbDeskError
from hsb_desk.ui import strings
from hsb_desk.ui.keyboard import tab_moves_on

NAME_LENGTH = 200


@dataclass(frozen=True)
class Countersignature:
    """What the manager gave: who they are, whether they agree with the outcome, their comments."""

    name: str
    role: str
    agrees: bool
    comments: str


#: submit(countersignature, done, refused): record it; then ``done(result)`` or ``refused(error)``.
Submit = Callable[[Countersignature, Callable[[Any], None], Callable[[BaseException], None]], None]


def _plain(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # shown as written, never as markup
    label.setWordWrap(True)
    return label


class CountersignDialog(QDialog):
    """Accepted once the countersignature is recorded; Cancel records nothing."""

    def __init__(self, reference: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.submit = submit
        self.setWindowTitle(strings.COUNTERSIGN_TITLE.format(reference=reference))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, strings.COUNTERSIGN_INTRO))

        self.outcome = QGroupBox(strings.COUNTERSIGN_OUTCOME, self)
        self.outcome.setAccessibleName(strings.COUNTERSIGN_OUTCOME)
        choices = QVBoxLayout(self.outcome)
        self.agrees = QRadioButton(strings.COUNTERSIGN_AGREES, self.outcome)
        self.disagrees = QRadioButton(strings.COUNTERSIGN_DISAGREES, self.outcome)
        self.choice = QButtonGroup(self)
        for button in (self.agrees, self.disagrees):
            button.setAccessibleName(button.text())
            self.choice.addButton(button)
            choices.addWidget(button)
        layout.addWidget(self.outcome)

        self.comments_label = _plain(self, strings.COUNTERSIGN_COMMENTS)
        self.comments = QPlainTextEdit(self)
        tab_moves_on(self.comments)  # a comment needs no tab characters
        self.comments.setAccessibleName(strings.COUNTERSIGN_COMMENTS_NAME)
        hint = strings.COUNTERSIGN_COMMENTS_HINT.format(limit=MAX_COMMENTS)
        self.comments.setAccessibleDescription(hint)
        self.comments.setMinimumHeight(120)
        self.comments_label.setBuddy(self.comments)
        layout.addWidget(self.comments_label)
        layout.addWidget(self.comments, 1)
        layout.addWidget(_plain(self, hint))

        fields = QFormLayout()
        self.name = self._line(strings.COUNTERSIGN_NAME)
        self.role = self._line(strings.COUNTERSIGN_ROLE)
        fields.addRow(strings.COUNTERSIGN_NAME, self.name)
        fields.addRow(strings.COUNTERSIGN_ROLE, self.role)
        layout.addLayout(fields)

        self.problem = _plain(self, "")
        self.problem.setObjectName("countersignProblem")
        self.problem.setAccessibleName(strings.COUNTERSIGN_PROBLEM)
        bold = self.problem.font()
        bold.setBold(True)
        self.problem.setFont(bold)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = QPushButton(strings.COUNTERSIGN_BUTTON, self)
        self.sign_button.setAccessibleName(strings.COUNTERSIGN_BUTTON)
        self.buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        for any_button in self.buttons.buttons():
            if isinstance(any_button, QPushButton):  # Enter in a field never countersigns
                any_button.setAutoDefault(False)
                any_button.setDefault(False)
        self.sign_button.clicked.connect(self.countersign)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choice.buttonToggled.connect(lambda *_: self._update())
        self._update()
        # As tall as its wrapped text needs at this width, at any display scale (150%: no overlap).
        self.resize(
            self.width(), self.heightForWidth(self.width()) if self.hasHeightForWidth() else self.sizeHint().height()
        )

    def _line(self, label: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setAccessibleName(label.rstrip(":"))
        line.setMaxLength(NAME_LENGTH)
        return line

    def chosen(self) -> bool | None:
        """True: agrees with the outcome; False: does not; None: neither chosen yet."""
        if self.agrees.isChecked():
            return True
        return False if self.disagrees.isChecked() else None

    def _update(self) -> None:
        agrees = self.chosen()
        self.sign_button.setEnabled(agrees is not None)
        required = agrees is False
        self.comments_label.setText(strings.COUNTERSIGN_COMMENTS_REQUIRED if required else strings.COUNTERSIGN_COMMENTS)
        self.comments.setAccessibleName(
            f"{strings.COUNTERSIGN_COMMENTS_NAME} (required)" if required else strings.COUNTERSIGN_COMMENTS_NAME
        )

    def problem_with(self) -> tuple[str, QWidget] | None:
        """What stops the countersignature, and the control to put right; None when nothing does."""
        comments = self.comments.toPlainText().strip()
        if self.chosen() is None:
            return "", self.agrees
        if not self.name.text().strip() or not self.role.text().strip():
            return strings.COUNTERSIGN_NEEDS_NAME, self.name if not self.name.text().strip() else self.role
        if self.chosen() is False and not comments:
            return strings.COUNTERSIGN_NEEDS_COMMENTS, self.comments
        if len(comments) > MAX_COMMENTS:
            return strings.COUNTERSIGN_TOO_LONG.format(limit=MAX_COMMENTS, count=len(comments)), self.comments
        return None

    def countersign(self) -> None:
        agrees, found = self.chosen(), self.problem_with()
        if agrees is None or found is not None:
            if found is not None:
                self.problem.setText(found[0])
                found[1].setFocus()
            return
        answer = Countersignature(
            self.name.text().strip(), self.role.text().strip(), agrees, self.comments.toPlainText().strip()
        )
        self.problem.setText("")
        self.buttons.setEnabled(False)
        self.submit(answer, self._done, self._refused)

    def _done(self, _result: Any) -> None:
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._update()
        self.problem.setText(error.user_message if isinstance(error, HsbDeskError) else strings.COUNTERSIGN_FAILED)
