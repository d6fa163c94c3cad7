"""A case's chronology: what the record shows, in date order, and the practitioner's own entries."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Change, Records
from hsb_desk.app.pathway import ChronologyEntry, add_chronology_entry, chronology, remove_chronology_entry
from hsb_desk.domain.dates import parse_uk_date
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import set_role

CHRONOLOGY_TITLE = "Chronology"
CHRONOLOGY_HEADERS = ("Date", "What happened", "From")
CHRONOLOGY_DATE = "Date (dd/mm/yyyy)"
CHRONOLOGY_WHAT = "What happened"
CHRONOLOGY_ADD = "Add entry"
CHRONOLOGY_REMOVE = "Remove entry…"
CHRONOLOGY_REMOVE_CONFIRM = "Remove this entry from the chronology? The audit trail keeps a record that it was removed."
CHRONOLOGY_BAD_DATE = "Write the date as dd/mm/yyyy."
CHRONOLOGY_EMPTY = "No dated events are recorded for this case yet."
CHRONOLOGY_ONLY_MANUAL = "Only entries you added can be removed; the others come from the record itself."
ENTRY_ROLE = Qt.ItemDataRole.UserRole
#: Entries come from the case's answers (referral, incidents, consent), its pathway (meetings,
#: actions done, entries added here) and its status (signed off).
FOLLOWS = Records.VALUES | Records.PATHWAY | Records.STATUS


class ChronologyView(QWidget):
    def __init__(self, bridge: Bridge, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.prompts = bridge, prompts
        ChangeFollower(self, bridge, FOLLOWS, self._reload, lambda: self.reference)
        self.reference: str | None = None
        self.entries: list[ChronologyEntry] = []
        layout = QVBoxLayout(self)
        heading = QLabel(CHRONOLOGY_TITLE, self)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        self.table = QTableWidget(0, len(CHRONOLOGY_HEADERS), self)
        tab_moves_on(self.table)
        self.table.setHorizontalHeaderLabels(list(CHRONOLOGY_HEADERS))
        self.table.setAccessibleName(CHRONOLOGY_TITLE)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        add = QHBoxLayout()
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setAccessibleName(CHRONOLOGY_DATE)
        self.date.setMaximumWidth(120)
        self.what = QLineEdit(self)
        self.what.setPlaceholderText(CHRONOLOGY_WHAT)
        self.what.setAccessibleName(CHRONOLOGY_WHAT)
        self.add_button = QPushButton(CHRONOLOGY_ADD, self)
        self.remove_button = QPushButton(CHRONOLOGY_REMOVE, self)
        self.remove_button.setEnabled(False)
        self.remove_button.setToolTip(CHRONOLOGY_ONLY_MANUAL)
        add.addWidget(self.date)
        add.addWidget(self.what, 1)
        add.addWidget(self.add_button)
        add.addWidget(self.remove_button)
        layout.addLayout(add)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_entry)
        self.what.returnPressed.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    def show_case(self, reference: str) -> None:
        self.reference = reference
        self.bridge.run(lambda s: chronology(s, reference), lambda e: self._show(reference, e), self._failed)

    def _reload(self) -> None:
        if self.reference is not None:
            self.show_case(self.reference)

    def _show(self, reference: str, entries: list[ChronologyEntry]) -> None:
        if reference != self.reference:
            return
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate((f"{entry.date:%d/%m/%Y}", entry.what, entry.source)):
                cell = QTableWidgetItem(text)
                cell.setData(ENTRY_ROLE, row)
                if column == 1:
                    cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.message.setText("" if entries else CHRONOLOGY_EMPTY)
        self._selection_changed()

    def selected_entry(self) -> ChronologyEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows and rows[0].row() < len(self.entries) else None

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        self.remove_button.setEnabled(entry is not None and entry.manual)

    def add_entry(self) -> None:
        reference = self.reference
        day = parse_uk_date(self.date.text())
        if reference is None:
            return
        if day is None:
            self.message.setText(CHRONOLOGY_BAD_DATE)
            return
        what = self.what.text()

        def done(change: Change) -> None:
            self.date.clear()
            self.what.clear()
            self.message.clear()

        self.bridge.apply(lambda s: add_chronology_entry(s, reference, day.isoformat(), what), done, self._failed)

    def remove_entry(self) -> None:
        entry, reference = self.selected_entry(), self.reference
        if entry is None or entry.entry_id is None or reference is None:
            return
        if not self.prompts.confirm(CHRONOLOGY_REMOVE_CONFIRM):
            return
        entry_id = entry.entry_id
        self.bridge.apply(lambda s: remove_chronology_entry(s, reference, entry_id), None, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(explained(error))

    def clear_content(self) -> None:
        self.reference, self.entries = None, []
        self.table.setRowCount(0)
        self.date.clear()
        self.what.clear()
        self.message.clear()
