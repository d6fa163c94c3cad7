"""First run: where the workbook lives, a passphrase typed twice with live feedback, whose
procedures it follows (when the form pack has procedure profiles), and who the practitioner is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.domain.procedure import ProcedureProfile
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.style import set_role
from hsb_desk.ui.window.passphrase_fields import NewPassphraseFields
from hsb_desk.ui.window.procedure_dialog import ProcedureChoice


class FirstRunView(QWidget):
    create_requested = Signal(object, str, object, str)  # Path, passphrase, Profile, procedure id ("": none)

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
        self.passphrase = NewPassphraseFields(self, form)
        fields = self.passphrase  # its widgets by name, for focus and tests
        self.first, self.second, self.strength, self.feedback = (
            fields.first,
            fields.second,
            fields.strength,
            fields.feedback,
        )
        outer.addLayout(form)
        self.form_rows = form
        self.procedure: ProcedureChoice | None = None  # once the form pack is loaded (set_procedures)
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
        self.passphrase.changed.connect(self._update)
        self.name.textChanged.connect(self._update)
        self.create_button.clicked.connect(self._create)
        self._update()

    def set_procedures(self, profiles: tuple[ProcedureProfile, ...], default: str) -> None:
        """Offer the pack's procedure profiles, ``default`` chosen (none: nothing is offered)."""
        if self.procedure is not None or not profiles:
            return
        self.procedure = ProcedureChoice(profiles, default, self)
        self.form_rows.addRow(strings.FIRST_RUN_PROCEDURE, self.procedure)
        QWidget.setTabOrder(self.second, self.procedure.combo)
        QWidget.setTabOrder(self.procedure.combo, self.name)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, strings.FIRST_RUN_LOCATION, self.path.text(), "HSB Desk workbook (*.hsbdesk)"
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(".hsbdesk") else f"{chosen}.hsbdesk")

    def _update(self) -> None:
        self.create_button.setEnabled(self.passphrase.acceptable() and bool(self.name.text().strip()))

    def _create(self) -> None:
        passphrase = self.passphrase.text()
        profile = Profile(self.name.text(), self.role.text(), self.agency.text(), self.email.text())
        self.passphrase.clear()
        procedure = self.procedure.chosen() if self.procedure is not None else ""
        self.create_requested.emit(Path(self.path.text()).expanduser(), passphrase, profile, procedure)
