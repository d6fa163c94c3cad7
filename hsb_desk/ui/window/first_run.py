"""First run: where the workbook lives, a passphrase typed twice with live feedback, and who
the practitioner is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.style import set_role


class FirstRunView(QWidget):
    create_requested = Signal(object, str, object)  # Path, passphrase, Profile

    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        heading = QLabel(strings.FIRST_RUN_TITLE, self)
        set_role(heading, "pageHeading")
        intro = QLabel(strings.FIRST_RUN_INTRO, self)
        intro.setWordWrap(True)
        outer.addWidget(heading)
        outer.addWidget(intro)
        form = QFormLayout()
        self.path = QLineEdit(str(default_path), self)
        self.path.setAccessibleName(strings.FIRST_RUN_LOCATION)
        choose = QPushButton(strings.FIRST_RUN_CHOOSE, self)
        choose.clicked.connect(self._choose)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(choose)
        form.addRow(strings.FIRST_RUN_LOCATION, path_row)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(strings.FIRST_RUN_PASSPHRASE)
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(strings.FIRST_RUN_REPEAT)
        self.strength = QProgressBar(self)
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(True)
        self.strength.setAccessibleName("Passphrase strength")
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("passphraseFeedback")
        form.addRow(strings.FIRST_RUN_PASSPHRASE, self.first)
        form.addRow(strings.FIRST_RUN_REPEAT, self.second)
        form.addRow("", self.strength)
        form.addRow("", self.feedback)
        outer.addLayout(form)
        outer.addWidget(QLabel(strings.FIRST_RUN_PROFILE, self))
        profile = QFormLayout()
        self.name, self.role, self.agency, self.email = (QLineEdit(self) for _ in range(4))
        for label, widget in (("Name", self.name), ("Role", self.role), ("Agency", self.agency), ("Email", self.email)):
            widget.setAccessibleName(label)
            profile.addRow(label, widget)
        outer.addLayout(profile)
        self.create_button = QPushButton(strings.FIRST_RUN_CREATE, self)
        self.create_button.setDefault(True)
        outer.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        outer.addStretch(1)
        for widget in (self.first, self.second, self.name):
            widget.textChanged.connect(self._update)
        self.create_button.clicked.connect(self._create)
        self._update()

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, strings.FIRST_RUN_LOCATION, self.path.text(), "HSB Desk workbook (*.hsbdesk)"
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(".hsbdesk") else f"{chosen}.hsbdesk")

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
        ready = verdict.acceptable and self.first.text() == self.second.text() and bool(self.name.text().strip())
        self.create_button.setEnabled(ready)

    def _create(self) -> None:
        passphrase = self.first.text()
        profile = Profile(self.name.text(), self.role.text(), self.agency.text(), self.email.text())
        self.first.clear()
        self.second.clear()
        self.create_requested.emit(Path(self.path.text()).expanduser(), passphrase, profile)
