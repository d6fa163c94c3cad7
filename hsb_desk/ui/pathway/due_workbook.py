"""What is due across the workbook: overdue items and those falling due within a chosen number of
days (``DueView``, a model of its rows, and the ``DueDialog`` that holds it). Overdue is said in
words, not by colour alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Records
from hsb_desk.app.pathway import MAX_DAYS, DueEntry, workbook_due
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.pathway.due import FOLLOWS, uk
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import colour, set_role

WORKBOOK_DUE_TITLE = "Due in the next {days} days, and overdue"
WORKBOOK_DUE_DAYS = "Days ahead"
WORKBOOK_DUE_REFRESH = "Refresh"
WORKBOOK_DUE_OPEN = "Open case"
WORKBOOK_DUE_HEADERS = ("Due", "Case", "What", "Status")
WORKBOOK_DUE_OVERDUE = "⚠ Overdue"
WORKBOOK_DUE_DUE = "Due"
WORKBOOK_DUE_EMPTY = "Nothing is overdue and nothing falls due in the next {days} days."
REFERENCE_ROLE = Qt.ItemDataRole.UserRole


class DueListModel(QAbstractTableModel):
    """The workbook-wide entries as table rows, made into text only for the rows on screen: a
    widget item per cell was about 35 MB for a 5,000-case workbook (bench/)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[DueEntry] = []
        self._overdue = QBrush(QColor(colour("overdue")))

    def set_entries(self, entries: list[DueEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WORKBOOK_DUE_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return WORKBOOK_DUE_HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(entry, index.column())
        if role == REFERENCE_ROLE:
            return entry.reference
        if role == Qt.ItemDataRole.ForegroundRole and entry.overdue:
            return self._overdue
        return None

    @staticmethod
    def text(entry: DueEntry, column: int) -> str:
        if column == 0:
            return uk(entry.due)
        if column == 1:
            return entry.reference
        if column == 2:
            return entry.what
        return WORKBOOK_DUE_OVERDUE if entry.overdue else WORKBOOK_DUE_DUE


class DueView(QWidget):
    """Across the workbook: what is overdue and what falls due within the chosen number of days."""

    open_requested = Signal(str)

    def __init__(self, bridge: Bridge, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.prompts = bridge, prompts
        self.entries: list[DueEntry] = []
        ChangeFollower(self, bridge, FOLLOWS | Records.CASES, self.refresh)  # every case's
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        set_role(self.heading, "pageHeading")
        layout.addWidget(self.heading)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(WORKBOOK_DUE_DAYS, self))
        self.days = QSpinBox(self)
        self.days.setRange(0, MAX_DAYS)
        self.days.setValue(14)
        self.days.setAccessibleName(WORKBOOK_DUE_DAYS)
        self.refresh_button = QPushButton(WORKBOOK_DUE_REFRESH, self)
        self.open_button = QPushButton(WORKBOOK_DUE_OPEN, self)
        bar.addWidget(self.days)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)
        self.model = DueListModel(self)
        self.table = QTableView(self)
        tab_moves_on(self.table)
        self.table.setModel(self.model)
        self.table.setAccessibleName(WORKBOOK_DUE_TITLE.format(days=14))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(0)  # fit the rows on screen, not the first 1,000
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.refresh_button.clicked.connect(self.refresh)
        self.days.valueChanged.connect(lambda _: self.refresh())
        self.open_button.clicked.connect(self._open)
        self.table.doubleClicked.connect(lambda _: self._open())
        self._update_heading()

    def refresh(self) -> None:
        days = self.days.value()
        self._update_heading()
        self.bridge.run(lambda s: workbook_due(s, days=days), lambda entries: self._show(days, entries), self._failed)

    def _update_heading(self) -> None:
        self.heading.setText(WORKBOOK_DUE_TITLE.format(days=self.days.value()))

    def show_entries(self, days: int, entries: list[DueEntry]) -> None:
        """Entries already fetched for ``days`` (the window fetches them on opening a workbook)."""
        if days != self.days.value():
            self.days.blockSignals(True)
            self.days.setValue(days)
            self.days.blockSignals(False)
            self._update_heading()
        self._show(days, entries)

    def _show(self, days: int, entries: list[DueEntry]) -> None:
        if days != self.days.value():
            return  # a newer request is on its way
        self.entries = entries
        self.model.set_entries(entries)
        self.message.setText("" if entries else WORKBOOK_DUE_EMPTY.format(days=days))
        self.message.setVisible(not entries)
        if entries:
            self.table.selectRow(0)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(explained(error))
        self.message.show()

    def selected_reference(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(REFERENCE_ROLE) if rows else None

    def _open(self) -> None:
        reference = self.selected_reference()
        if reference:
            self.open_requested.emit(reference)

    def clear_content(self) -> None:
        self.entries = []
        self.model.set_entries([])
        self.message.clear()


class DueDialog(QDialog):
    """The workbook-wide list in its own window; choosing a case opens it and closes the window."""

    open_requested = Signal(str)

    def __init__(self, bridge: Bridge, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(WORKBOOK_DUE_TITLE.format(days=14))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.view = DueView(bridge, prompts, self)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.open_requested.connect(self._open)

    def _open(self, reference: str) -> None:
        self.open_requested.emit(reference)
        self.accept()
