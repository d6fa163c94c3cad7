"""Case ▸ Sharing record…: the reports and files exported from a case, read-only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.reports.sharing import SharingEntry
from hsb_desk.ui import strings
from hsb_desk.ui.keyboard import tab_moves_on


class SharingDialog(QDialog):
    """One row per export, oldest first: when, who, what, file name."""

    def __init__(self, reference: str, entries: Sequence[SharingEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.SHARING_TITLE.format(reference=reference))
        self.resize(760, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(strings.SHARING_INTRO if entries else strings.SHARING_EMPTY, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(entries), len(strings.SHARING_COLUMNS), self)
        tab_moves_on(self.table)
        self.table.setHorizontalHeaderLabels(list(strings.SHARING_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(strings.SHARING_TITLE.format(reference=reference))
        for row, entry in enumerate(entries):
            cells = (entry.when[:16].replace("T", " "), entry.who, entry.what, entry.file_name)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setVisible(bool(entries))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests and screen readers' sake alike)."""
        return [
            tuple(_text(self.table.item(r, c)) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""
