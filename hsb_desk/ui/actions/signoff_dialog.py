"""The sign-off confirmation when the person signing is not the case's lead practitioner: it
names both, and signs only once the signer ticks that they sign on the lead's behalf."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hsb_desk.ui import strings


class SignOffDialog(QDialog):
    """``signer`` is this workbook's profile, ``lead`` the case's recorded lead practitioner."""

    def __init__(self, reference: str, signer: str, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.SIGNOFF_TITLE.format(reference=reference))
        self.resize(520, 220)
        layout = QVBoxLayout(self)
        for text in (
            strings.SIGNOFF_CONFIRM.format(reference=reference),
            strings.SIGNOFF_NOT_LEAD.format(lead=lead, signer=signer),
        ):
            label = QLabel(text, self)
            label.setTextFormat(Qt.TextFormat.PlainText)  # names are shown as typed, never as markup
            label.setWordWrap(True)
            layout.addWidget(label)
        self.on_behalf = QCheckBox(strings.SIGNOFF_ON_BEHALF.format(lead=lead), self)
        layout.addWidget(self.on_behalf)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(strings.SIGNOFF_BUTTON)
        self.sign_button.setEnabled(False)
        self.on_behalf.toggled.connect(self.sign_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:  # Enter must not sign without the box ticked
        if self.on_behalf.isChecked():
            super().accept()
