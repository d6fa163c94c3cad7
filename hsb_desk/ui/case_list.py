"""The case list: search as you type, filter by status, sort by any column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import CaseSummary, Records
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.style import colour, set_role

Index = QModelIndex | QPersistentModelIndex
#: The list shows which cases there are, each one's name (an answer), status and next date due.
FOLLOWS = Records.CASES | Records.VALUES | Records.STATUS | Records.PATHWAY
REFERENCE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class CaseListModel(QAbstractTableModel):
    """The cases, kept in the order shown. Sorting happens here, in one Python sort with a key
    per case: a QSortFilterProxyModel would call ``data()`` for every comparison (about 120,000
    calls for 5,000 cases on each refresh and keystroke)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases: list[CaseSummary] = []
        self._rows: dict[str, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.cases = self._sorted(cases)
        self._index_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(strings.CASES_HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        rows_before = [self.cases[index.row()].reference for index in before]
        self.cases = self._sorted(self.cases)
        self._index_rows()
        self.changePersistentIndexList(
            before,
            [self.index(self._rows[ref], index.column()) for ref, index in zip(rows_before, before, strict=True)],
        )
        self.layoutChanged.emit()

    def row_of(self, reference: str) -> int | None:
        return self._rows.get(reference)

    def _sorted(self, cases: list[CaseSummary]) -> list[CaseSummary]:
        column, order = self._sort
        if column == 0:  # the usual order, and the one kept on every keystroke: the short way
            ordered = sorted(cases, key=lambda case: case.reference.casefold())
        else:
            ordered = sorted(cases, key=lambda case: self._sort_key(case, column))
        return ordered[::-1] if order == Qt.SortOrder.DescendingOrder else ordered

    def _index_rows(self) -> None:
        self._rows = {case.reference: row for row, case in enumerate(self.cases)}

    def _sort_key(self, case: CaseSummary, column: int) -> str:
        return case.next_due or "9999" if column == 3 else self._text(case, column).casefold()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(strings.CASES_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return strings.CASES_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cases):
            return None
        case = self.cases[index.row()]
        column = index.column()
        if role == REFERENCE_ROLE:
            return case.reference
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, column)
        if role == SORT_ROLE:
            return self._sort_key(case, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and case.overdue:
            return QBrush(QColor(colour("overdue")))
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and case.next_due_label:
            return case.next_due_label
        return None

    @staticmethod
    def _text(case: CaseSummary, column: int) -> str:
        if column == 0:
            return case.reference
        if column == 1:
            return case.child_name or strings.CASES_NAME_MISSING
        if column == 2:
            return strings.STATUS_LABELS.get(case.status, case.status)
        due = parse_iso_date(case.next_due or "")
        if due is None:
            return "—"
        text = f"{due:%d/%m/%Y}"
        # The colour is never the only cue: overdue dates also say so in words and with a sign.
        return f"⚠ {text} ({strings.CASES_OVERDUE})" if case.overdue else text


class CaseListView(QWidget):
    """Reads the cases itself: when the search or filter changes, and when a change touches
    what it lists (at once if on screen, else when next shown)."""

    open_requested = Signal(str)
    new_requested = Signal()
    archive_requested = Signal(str)
    selection_changed = Signal()  # another case chosen in the list (the Case menu follows it)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.follower = ChangeFollower(self, bridge, FOLLOWS, self.refresh)
        self.model = CaseListModel(self)
        self.proxy = _SortInSource(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        layout = QVBoxLayout(self)
        heading = QLabel(strings.CASES_TITLE, self)
        set_role(heading, "pageHeading")
        layout.addWidget(heading)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(strings.CASES_SEARCH)
        self.search.setAccessibleName(strings.CASES_SEARCH)
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):  # Qt's own clear button has no name
            clear.setAccessibleName(strings.CASES_SEARCH_CLEAR)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Filter by status")
        self.status.addItem(strings.CASES_ALL_STATUSES, None)
        for value, label in strings.STATUS_LABELS.items():
            self.status.addItem(label, value)
        self.new_button = QPushButton(strings.CASES_NEW, self)
        self.open_button = QPushButton(strings.CASES_OPEN, self)
        self.archive_button = QPushButton(strings.CASES_ARCHIVE, self)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.archive_button)
        layout.addLayout(bar)
        self.table = QTableView(self)
        tab_moves_on(self.table)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(strings.CASES_TITLE)
        # Which list has the keyboard, at a glance (WCAG 2.4.7): a frame in the selection colour.
        self.table.setStyleSheet("QTableView:focus { border: 2px solid palette(highlight); }")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        # Fit the columns to the rows on screen, not to the first 1,000 (Qt's default): with
        # thousands of cases that is thousands of data() calls on every refresh and keystroke.
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(strings.CASES_EMPTY, self)
        self.empty.hide()
        layout.addWidget(self.empty)
        self.search.textChanged.connect(self._filters_changed)
        self.search.returnPressed.connect(self._search_entered)
        self.status.currentIndexChanged.connect(self._filters_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.table.doubleClicked.connect(lambda _: self._open())
        self.table.activated.connect(lambda _: self._open())
        self.open_button.clicked.connect(self._open)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.archive_button.clicked.connect(self._archive)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.table)

    def _filters_changed(self, *_: object) -> None:
        self.refresh()

    def refresh(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        """Read the cases that match the search and the status chosen."""
        self.follower.stale = False
        query, status = self.search.text(), self.status.currentData()
        self.bridge.run(lambda s: s.list_cases(query, status), self.set_cases, on_error)

    def set_cases(self, cases: list[CaseSummary]) -> None:
        selected = self.selected_reference()
        self.model.set_cases(cases)
        self.empty.setVisible(not cases)
        searching = bool(self.search.text().strip()) or self.status.currentData() is not None
        # An empty workbook invites its first case; a search that finds nothing says so.
        self.empty.setText(strings.CASES_EMPTY if searching else strings.CASES_FIRST)
        if selected:
            self.select(selected)
        elif cases:
            self.table.selectRow(0)

    def select(self, reference: str) -> None:
        row = self.model.row_of(reference)
        if row is not None:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def selected_reference(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(REFERENCE_ROLE) if rows else None

    def _search_entered(self) -> None:
        """Enter in the search box opens the one case that matches; with several, the list
        takes the arrow keys and Enter from there."""
        if self.proxy.rowCount() == 1:
            self.table.selectRow(0)
            self._open()
        elif self.proxy.rowCount() > 1:
            self.table.setFocus()

    def _open(self) -> None:
        reference = self.selected_reference()
        if reference:
            self.open_requested.emit(reference)

    def _archive(self) -> None:
        reference = self.selected_reference()
        if reference:
            self.archive_requested.emit(reference)

    def clear_content(self) -> None:
        """Locking: no case is left on screen, and none is read back (the search is cleared
        without reading the list again)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.follower.stale = True  # read again when next shown
        self.model.set_cases([])


class _SortInSource(QSortFilterProxyModel):
    """Hands sorting to the source model (one keyed sort) and keeps its order."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CaseListModel):
            source.sort(column, order)
