"""Restore from a backup: this workbook's backups listed by date, with why each was made, its
size and where it is; a chosen one can be checked with its passphrase before it is restored.
Another file (a backup brought on a drive) can still be chosen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.backups.places import FoundBackup
from hsb_desk.ui import strings
from hsb_desk.ui.keyboard import tab_moves_on

REASONS = {
    "daily": "First opening of the day",
    "manual": "Back up now",
    "before-rekey": "Before a passphrase change",
    "after-rekey": "After a passphrase change",
    "before-import": "Before an import",
    "after-purge": "After a permanent deletion",
}


def reason_words(reason: str) -> str:
    """In words; a second backup in the same second has "-2" after its reason (names.py)."""
    reason = re.sub(r"-\d+$", "", reason)
    if reason.startswith("before-migration"):
        return "Before an upgrade"
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def size_words(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1e3))} kB"


class RestoreDialog(QDialog):
    """After it is accepted: ``chosen`` (a backup's path) and ``passphrase()``.

    ``check(path, passphrase, done)`` checks a backup off the screen's thread and calls
    ``done(words)``; ``other_file()`` asks for a backup file from elsewhere."""

    def __init__(
        self,
        workbook: Path,
        found: list[FoundBackup],
        check: Callable[[Path, str, Callable[[str], None]], None],
        other_file: Callable[[], Path | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.found, self._check, self._other_file = found, check, other_file
        self.chosen: Path | None = None
        self.setWindowTitle(strings.RESTORE_TITLE)
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(strings.RESTORE_INTRO.format(workbook=workbook.name) if found else strings.RESTORE_NONE, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(found), len(strings.RESTORE_COLUMNS), self)
        tab_moves_on(self.table)
        self.table.setHorizontalHeaderLabels(list(strings.RESTORE_COLUMNS))
        self.table.setAccessibleName(strings.RESTORE_TITLE)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, backup in enumerate(found):
            made = backup.info.made_at.astimezone()
            where = strings.RESTORE_SECOND if backup.second_location else strings.RESTORE_MAIN
            for column, text in enumerate(
                (made.strftime("%a %d %b %Y, %H:%M"), reason_words(backup.info.reason), size_words(backup.size),
                 where, strings.RESTORE_CHECKED_WHEN_MADE)
            ):  # fmt: skip
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.passphrase_field = QLineEdit(self)
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(strings.RESTORE_PASSPHRASE)
        form.addRow(strings.RESTORE_PASSPHRASE, self.passphrase_field)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.check_button = QPushButton(strings.RESTORE_CHECK, self)
        self.other_button = QPushButton(strings.RESTORE_OTHER_FILE, self)
        self.restore_button = QPushButton(strings.RESTORE_BUTTON, self)
        for button in (self.other_button, self.check_button, self.restore_button):
            button.setAutoDefault(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.check_selected)
        self.restore_button.clicked.connect(self._restore)
        self.other_button.clicked.connect(self._other)
        self.table.itemSelectionChanged.connect(self._update)
        self.passphrase_field.textChanged.connect(self._update)
        if found:
            self.table.selectRow(0)
        self._update()

    def selected(self) -> Path | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.found[rows.pop()].info.path if rows else None

    def passphrase(self) -> str:
        return self.passphrase_field.text()

    def _update(self) -> None:
        ready = self.selected() is not None and bool(self.passphrase())
        self.check_button.setEnabled(ready)
        self.restore_button.setEnabled(ready)
        self.other_button.setEnabled(bool(self.passphrase()))  # the passphrase first, then the file

    def check_selected(self) -> None:
        path = self.selected()
        if path is None or not self.passphrase():
            return
        row = next(i for i, backup in enumerate(self.found) if backup.info.path == path)
        cell = self.table.item(row, len(strings.RESTORE_COLUMNS) - 1)
        if cell is None:
            return
        cell.setText(strings.RESTORE_CHECKING)
        self._check(path, self.passphrase(), cell.setText)

    def _restore(self) -> None:
        path = self.selected()
        if path is not None and self.passphrase():
            self.chosen = path
            self.accept()

    def _other(self) -> None:
        path = self._other_file() if self.passphrase() else None
        if path is not None:
            self.chosen = path
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter checks the chosen backup; it never restores by itself.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.check_selected()
            return
        super().keyPressEvent(event)
