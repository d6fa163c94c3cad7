"""File ▸ Change passphrase… and File ▸ Your profile…: what the command line's ``rekey`` and
``init --name …`` do, from the open window."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.window.passphrase_fields import NewPassphraseFields


class ChangePassphraseDialog(QDialog):
    """The current passphrase (checked against the file by the service), the new one twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.REKEY_TITLE)
        self.resize(520, 300)
        layout = QVBoxLayout(self)
        intro = QLabel(strings.REKEY_INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current = QLineEdit(self)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(strings.REKEY_CURRENT)
        form.addRow(strings.REKEY_CURRENT, self.current)
        self.new = NewPassphraseFields(self, form, strings.REKEY_NEW)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.change_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.change_button.setText(strings.REKEY_BUTTON)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.new.changed.connect(self._update)
        self.current.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.change_button.setEnabled(self.ready())

    def ready(self) -> bool:
        return bool(self.current.text()) and self.new.acceptable()

    def accept(self) -> None:  # Enter in a field changes nothing until both are right
        if self.ready():
            super().accept()

    def passphrases(self) -> tuple[str, str]:
        """(current, new), then both fields are emptied: the dialog keeps neither."""
        found = (self.current.text(), self.new.text())
        self.current.clear()
        self.new.clear()
        return found


class ProfileDialog(QDialog):
    """Who the practitioner is: recorded against every change from now on, and the sign-off's
    signer. Earlier audit entries keep the name they were made under."""

    def __init__(self, profile: Profile | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.PROFILE_TITLE)
        self.resize(480, 240)
        layout = QVBoxLayout(self)
        intro = QLabel(strings.PROFILE_INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        known = profile or Profile("", "", "", "")
        self.name, self.role, self.agency, self.email = (
            QLineEdit(text, self) for text in (known.name, known.role, known.agency, known.email)
        )
        for label, widget in (("Name", self.name), ("Role", self.role), ("Agency", self.agency), ("Email", self.email)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))

    def accept(self) -> None:  # a profile needs a name: it signs
        if self.name.text().strip():
            super().accept()

    def chosen(self) -> Profile:
        return Profile(self.name.text(), self.role.text(), self.agency.text(), self.email.text())
