"""Preferences: auto-lock time, backup generations, a second backup location, protective
marking, spell checking, the due list at opening. A setting the organisation's policy locks is
shown, read-only, as set by the organisation (app/policy.py).

Saved as typed JSON (hsb_desk/app/settings.py); never case content."""

from __future__ import annotations

from dataclasses import asdict, replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from hsb_desk.app.policy import Policy
from hsb_desk.app.settings import LIMITS, Settings
from hsb_desk.ui import strings


class _IgnoreInput(QObject):
    """Swallows the clicks and keys that would change a widget (a locked check box)."""

    IGNORED = (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() in self.IGNORED


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, policy: Policy | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.policy = policy or Policy()
        layout = QFormLayout(self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(*LIMITS["auto_lock_minutes"])
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(settings.auto_lock_minutes)
        self.minutes.setAccessibleName("Lock after this long without use")
        self.generations = QSpinBox(self)
        self.generations.setRange(*LIMITS["backup_generations"])
        self.generations.setValue(settings.backup_generations)
        self.generations.setAccessibleName("Backups to keep")
        self.marking = QLineEdit(settings.protective_marking, self)
        self.marking.setMaxLength(60)
        self.marking.setAccessibleName("Protective marking on reports")
        self.spelling = QCheckBox("Check spelling (British English) in narratives", self)
        self.spelling.setChecked(settings.spell_check)
        self.due_on_open = QCheckBox("Show what falls due in the next 14 days each time a workbook opens", self)
        self.due_on_open.setChecked(settings.due_on_open)
        self.second_folder = QLineEdit(settings.second_backup_folder, self)
        self.second_folder.setPlaceholderText("A removable drive or your team's share (optional)")
        self.second_folder.setAccessibleName(strings.BACKUP_SECOND)
        rows: list[tuple[str, str, QWidget]] = [
            ("auto_lock_minutes", "Lock after this long without use", self.minutes),
            ("backup_generations", "Backups to keep", self.generations),
            ("second_backup_folder", strings.BACKUP_SECOND, self.second_folder),
            ("protective_marking", "Protective marking on reports", self.marking),
            ("spell_check", "", self.spelling),
            ("due_on_open", "", self.due_on_open),
        ]
        self.locked_labels: dict[str, QLabel] = {}
        self._unchangeable = _IgnoreInput(self)
        for name, label, editor in rows:
            if self.policy.is_locked(name):
                layout.addRow(label, self._locked_row(name, editor))
            elif editor is self.second_folder:
                layout.addRow(label, self._folder_row(editor))
            else:
                layout.addRow(label, editor)
        if self.policy.broken:
            note = QLabel(strings.POLICY_BROKEN_PREFERENCES, self)
            note.setWordWrap(True)
            layout.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _folder_row(self, editor: QLineEdit) -> QWidget:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        choose = QPushButton(strings.BACKUP_SECOND_CHOOSE, row)
        choose.setAccessibleName(f"{strings.BACKUP_SECOND}: {strings.BACKUP_SECOND_CHOOSE}")
        choose.clicked.connect(self._choose_second_folder)
        line.addWidget(choose)
        return row

    def _choose_second_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, strings.BACKUP_SECOND, self.second_folder.text())
        if chosen:
            self.second_folder.setText(chosen)

    def _locked_row(self, name: str, editor: QWidget) -> QWidget:
        """The editor, unchangeable but readable (not greyed out), beside "Set by your organisation"."""
        if isinstance(editor, QSpinBox):
            editor.setReadOnly(True)
            editor.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        elif isinstance(editor, QLineEdit):
            editor.setReadOnly(True)
        else:  # a check box has no read-only state: it ignores clicks and keys, and is not greyed out
            editor.installEventFilter(self._unchangeable)
            editor.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.setToolTip(strings.POLICY_LOCKED_TIP)
        editor.setAccessibleDescription(strings.POLICY_LOCKED)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        label = QLabel(strings.POLICY_LOCKED, row)
        label.setToolTip(strings.POLICY_LOCKED_TIP)
        line.addWidget(label)
        self.locked_labels[name] = label
        return row

    def chosen(self) -> Settings:
        chosen = Settings(
            auto_lock_minutes=self.minutes.value(),
            backup_generations=self.generations.value(),
            protective_marking=self.marking.text(),
            spell_check=self.spelling.isChecked(),
            due_on_open=self.due_on_open.isChecked(),
            second_backup_folder=self.second_folder.text(),
        )
        # A locked setting keeps the organisation's value whatever the widget holds.
        locked = {name: value for name, value in self.policy.locked_values().items() if name in asdict(chosen)}
        return replace(chosen, **locked).validated()
