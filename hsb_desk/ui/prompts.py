"""Questions the app asks the user. Passed into each screen so tests can answer them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from hsb_desk.ui import strings


@dataclass
class Prompts:
    parent: QWidget | None = None

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.parent, strings.APP_TITLE, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, strings.APP_TITLE, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def ask_secret(self, label: str) -> str | None:
        value, ok = QInputDialog.getText(self.parent, strings.APP_TITLE, label, QLineEdit.EchoMode.Password)
        return value if ok else None

    def open_file(self, title: str, start: Path, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.parent, title, str(start), pattern)
        return Path(chosen) if chosen else None

    def save_file(self, title: str, start: Path, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.parent, title, str(start), pattern)
        return Path(chosen) if chosen else None

    def choose_folder(self, title: str, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self.parent, title, str(start))
        return Path(chosen) if chosen else None

    def run_dialog(self, dialog: QDialog) -> bool:
        """Shows a dialog and says whether it was accepted (tests answer in its place)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def inform(self, text: str) -> None:
        QMessageBox.information(self.parent, strings.APP_TITLE, text)
