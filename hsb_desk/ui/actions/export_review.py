"""The review step of a shared version's export: what was replaced in its text, listed for the
practitioner before the file is written (never the withheld text itself), and the recipient box
that makes the export a copy for one person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from hsb_desk.app.reports.recipients import Recipient
    from hsb_desk.report.redact import Replacement

REVIEW_TITLE = "Replaced in the text of the shared version"
REVIEW_NOTE = (
    "Withheld names and details written in the text are replaced as listed here (where, by what, "
    "how many times). Read the list, then choose Write to save the report, or change the case and "
    "export again."
)
REVIEW_STEP = "Review what was replaced in the shared version, then choose Write. Nothing is saved until then."
RECIPIENT_NAME = "Copy for"
RECIPIENT_HINT = "No named recipient: choose one from the distribution list, or type a name and agency"


class ReplacementReview(QWidget):
    """The list of replacements, shown only while an export waits for the practitioner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(f"<b>{REVIEW_TITLE}</b>", self)
        self.note = QLabel(REVIEW_NOTE, self)
        self.note.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(REVIEW_TITLE)
        self.title.setBuddy(self.list)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.list)
        self.hide()

    def show_replacements(self, replacements: Sequence[Replacement]) -> None:
        self.list.clear()
        for replacement in replacements:
            self.list.addItem(replacement.describe())
        self.show()

    def clear(self) -> None:
        self.list.clear()
        self.hide()

    def entries(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]


class RecipientBox(QComboBox):
    """Whom the copy is for: a row of the case's distribution list, or typed; empty for none.
    Each listed row carries the version the meeting agreed that recipient receives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(RECIPIENT_NAME)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(RECIPIENT_HINT)
        self.addItem("", "")

    def set_recipients(self, recipients: Sequence[Recipient]) -> None:
        typed = self.currentText()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for recipient in recipients:
            if recipient.text:
                self.addItem(recipient.text, recipient.version)
        self.setEditText(typed)
        self.blockSignals(False)

    def recipient(self) -> str | None:
        """The recipient named, or None for a copy for no one in particular."""
        text = " ".join(self.currentText().split())
        return text or None

    def listed_version(self, index: int) -> str:
        version = self.itemData(index)
        return version if isinstance(version, str) else ""
