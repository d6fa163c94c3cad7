"""Preferences: auto-lock time, backup generations, protective marking, spell checking, the
due list at opening.

Saved as typed JSON (hsb_desk/app/settings.py); never case content."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from hsb_desk.app.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        layout = QFormLayout(self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(settings.auto_lock_minutes)
        self.minutes.setAccessibleName("Lock after this long without use")
        self.generations = QSpinBox(self)
        self.generations.setRange(1, 100)
        self.generations.setValue(settings.backup_generations)
        self.generations.setAccessibleName("Backups to keep")
        self.marking = QLineEdit(settings.protective_marking, self)
        self.marking.setMaxLength(60)
        self.marking.setAccessibleName("Protective marking on reports")
        self.spelling = QCheckBox("Check spelling (British English) in narratives", self)
        self.spelling.setChecked(settings.spell_check)
        self.due_on_open = QCheckBox("Show what falls due in the next 14 days each time a workbook opens", self)
        self.due_on_open.setChecked(settings.due_on_open)
        layout.addRow("Lock after this long without use", self.minutes)
        layout.addRow("Backups to keep", self.generations)
        layout.addRow("Protective marking on reports", self.marking)
        layout.addRow("", self.spelling)
        layout.addRow("", self.due_on_open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def chosen(self) -> Settings:
        return Settings(
            auto_lock_minutes=self.minutes.value(),
            backup_generations=self.generations.value(),
            protective_marking=self.marking.text(),
            spell_check=self.spelling.isChecked(),
            due_on_open=self.due_on_open.isChecked(),
        ).validated()
