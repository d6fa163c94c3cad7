"""The actions agreed at the meeting on show: the list, adding one, marking one done.

``MeetingsView`` tells it which meeting is on show and hands it the case's actions as read; its
writes go through the bridge and come back, like every change, by the change signal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
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

from hsb_desk.app.changes import Change
from hsb_desk.app.pathway import ActionRecord, add_action, set_action_done
from hsb_desk.domain.dates import parse_iso_date, parse_uk_date
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.keyboard import tab_moves_on

ACTIONS_TITLE = "Actions from this meeting"
ACTIONS_HEADERS = ("What", "Who", "Due", "Done")
ACTIONS_WHAT = "What is to be done"
ACTIONS_WHO = "Who"
ACTIONS_DUE = "Due (dd/mm/yyyy)"
ACTIONS_ADD = "Add action"
ACTIONS_DONE = "Mark done"
ACTIONS_SAVE_FIRST = "Its actions can be added here once the meeting is saved: give it its date."
ACTIONS_BAD_DUE = "Write the due date as dd/mm/yyyy, or leave it empty."
ACTIONS_OPEN = "Not done"
ID_ROLE = Qt.ItemDataRole.UserRole


def uk(iso: str | None) -> str:
    day = parse_iso_date(iso or "")
    return f"{day:%d/%m/%Y}" if day else ""


class MeetingActions(QGroupBox):
    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(ACTIONS_TITLE, parent)
        self.bridge = bridge
        self.reference: str | None = None
        self.meeting_id: int | None = None
        self.records: list[ActionRecord] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(ACTIONS_HEADERS), self)
        tab_moves_on(self.table)
        self.table.setHorizontalHeaderLabels(list(ACTIONS_HEADERS))
        self.table.setAccessibleName(ACTIONS_TITLE)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        layout.addWidget(self.table)
        entry = QHBoxLayout()
        self.what = self._line(ACTIONS_WHAT, ACTIONS_WHAT)
        self.who = self._line(ACTIONS_WHO, ACTIONS_WHO)
        self.due = self._line("due dd/mm/yyyy", ACTIONS_DUE)
        self.due.setMaximumWidth(130)
        self.add_button = QPushButton(ACTIONS_ADD, self)
        self.done_button = QPushButton(ACTIONS_DONE, self)
        entry.addWidget(self.what, 3)
        entry.addWidget(self.who, 2)
        entry.addWidget(self.due, 1)
        entry.addWidget(self.add_button)
        layout.addLayout(entry)
        done_row = QHBoxLayout()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        done_row.addWidget(self.message, 1)
        done_row.addWidget(self.done_button)
        layout.addLayout(done_row)
        self.add_button.clicked.connect(self.add_action)
        self.what.returnPressed.connect(self.add_action)
        self.done_button.clicked.connect(self.mark_done)
        self.table.itemSelectionChanged.connect(self._action_selected)

    def _line(self, placeholder: str, name: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setPlaceholderText(placeholder)
        line.setAccessibleName(name)
        return line

    def show_meeting(self, reference: str | None, meeting_id: int | None, records: list[ActionRecord]) -> None:
        """The actions of this stored meeting (None: a new one, which has none yet)."""
        self.reference, self.meeting_id, self.records = reference, meeting_id, records
        mine = [a for a in records if a.meeting_id == meeting_id] if meeting_id else []
        self.table.setRowCount(len(mine))
        for row, action in enumerate(mine):
            texts = (action.what, action.who, uk(action.due_on), uk(action.done_on) or ACTIONS_OPEN)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, action.id)
                self.table.setItem(row, column, cell)
        saved = reference is not None and meeting_id is not None
        for widget in (self.what, self.who, self.due, self.add_button):
            widget.setEnabled(saved)
        self.message.setText("" if saved else ACTIONS_SAVE_FIRST)
        self._action_selected()

    def _action_selected(self) -> None:
        action = self.selected_action()
        self.done_button.setEnabled(action is not None and action.done_on is None)

    def selected_action(self) -> ActionRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        action_id = rows[0].data(ID_ROLE)
        return next((a for a in self.records if a.id == action_id), None)

    def add_action(self) -> None:
        reference, meeting_id = self.reference, self.meeting_id
        if reference is None or meeting_id is None:
            return
        due_text = self.due.text().strip()
        due = parse_uk_date(due_text) if due_text else None
        if due_text and due is None:
            self.message.setText(ACTIONS_BAD_DUE)
            return
        what, who, due_iso = self.what.text(), self.who.text(), due.isoformat() if due else None

        def done(_change: Change) -> None:
            for line in (self.what, self.who, self.due):
                line.clear()

        self.bridge.apply(lambda s: add_action(s, reference, meeting_id, what, who, due_iso), done, self._failed)

    def mark_done(self) -> None:
        reference, action = self.reference, self.selected_action()
        if reference is None or action is None:
            return
        action_id = action.id
        self.bridge.apply(lambda s: set_action_done(s, reference, action_id), None, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(explained(error))

    def clear_content(self) -> None:
        self.reference, self.meeting_id, self.records = None, None, []
        self.table.setRowCount(0)
        for line in (self.what, self.who, self.due):
            line.clear()
