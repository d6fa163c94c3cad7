"""A new passphrase typed twice, with live feedback on its strength: the first-run page's and
the Change passphrase dialog's (one set of rules: domain/passphrase.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.ui import strings


class NewPassphraseFields(QObject):
    """Adds its four rows to ``form``; ``changed`` after each keystroke in either field."""

    changed = Signal()

    def __init__(self, parent: QWidget, form: QFormLayout, label: str = strings.FIRST_RUN_PASSPHRASE) -> None:
        super().__init__(parent)
        self.first = QLineEdit(parent)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(label)
        self.second = QLineEdit(parent)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(strings.FIRST_RUN_REPEAT)
        self.strength = QProgressBar(parent)
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(True)
        self.strength.setAccessibleName("Passphrase strength")
        self.feedback = QLabel(parent)
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("passphraseFeedback")
        form.addRow(label, self.first)
        form.addRow(strings.FIRST_RUN_REPEAT, self.second)
        form.addRow("", self.strength)
        form.addRow("", self.feedback)
        for field in (self.first, self.second):
            field.textChanged.connect(self._update)
        self._update()

    def acceptable(self) -> bool:
        """Strong enough, and typed the same twice."""
        return check_passphrase(self.first.text()).acceptable and self.first.text() == self.second.text()

    def text(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        verdict = check_passphrase(self.first.text())
        self.strength.setValue(verdict.strength)
        self.strength.setFormat(strings.STRENGTH_LABELS[verdict.strength])
        if not self.first.text():
            message = verdict.advice
        elif not verdict.acceptable:
            message = verdict.reason
        elif self.second.text() and self.second.text() != self.first.text():
            message = strings.FIRST_RUN_MISMATCH
        else:
            message = verdict.advice
        self.feedback.setText(message)
        self.changed.emit()
