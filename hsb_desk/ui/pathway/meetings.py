"""One case's meetings: the list, the meeting being recorded or changed, and its actions."""

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
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Change, Records
from hsb_desk.app.pathway import (
    ActionRecord,
    MeetingRecord,
    add_action,
    list_actions,
    list_meetings,
    meeting_label,
    record_meeting,
    remove_meeting,
    set_action_done,
    update_meeting,
)
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import parse_iso_date, parse_uk_date
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import log_unexpected, message_for
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.pathway.meeting_editor import MeetingEditor
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import set_role

MEETINGS_TITLE = "Meetings"
MEETINGS_HEADERS = ("Date", "Meeting", "Attended", "Apologies")
MEETINGS_NEW = "Record a meeting"
MEETINGS_REMOVE = "Remove meeting…"
MEETINGS_REMOVE_CONFIRM = "Remove this meeting, with its attendees and actions? The audit trail keeps a record."
MEETINGS_EMPTY = "No meetings recorded yet. Record the first with “Record a meeting”."
MEETING_NEW_TITLE = "New meeting"
MEETING_EDIT_TITLE = "Meeting of {date}"
MEETING_SAVE = "Save meeting"
MEETING_SAVED = "Saved."
ACTIONS_TITLE = "Actions from this meeting"
ACTIONS_HEADERS = ("What", "Who", "Due", "Done")
ACTIONS_WHAT = "What is to be done"
ACTIONS_WHO = "Who"
ACTIONS_DUE = "Due (dd/mm/yyyy)"
ACTIONS_ADD = "Add action"
ACTIONS_DONE = "Mark done"
ACTIONS_SAVE_FIRST = "Save the meeting first, then add its actions."
ACTIONS_BAD_DUE = "Write the due date as dd/mm/yyyy, or leave it empty."
ACTIONS_OPEN = "Not done"
ID_ROLE = Qt.ItemDataRole.UserRole


def uk(iso: str | None) -> str:
    day = parse_iso_date(iso or "")
    return f"{day:%d/%m/%Y}" if day else ""


class MeetingsView(QWidget):

    def __init__(self, bridge: Bridge, prompts: Prompts, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.prompts, self.form = bridge, prompts, form
        ChangeFollower(self, bridge, Records.PATHWAY, self._reload, lambda: self.reference)
        self.reference: str | None = None
        self.meetings: list[MeetingRecord] = []
        self.action_records: list[ActionRecord] = []
        self.current_id: int | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(MEETINGS_TITLE, self)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter, 1)
        splitter.addWidget(self._build_list())
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._build_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 700])
        self.new_meeting()

    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(MEETINGS_HEADERS), box)
        self.table.setHorizontalHeaderLabels(list(MEETINGS_HEADERS))
        self.table.setAccessibleName(MEETINGS_TITLE)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(MEETINGS_EMPTY, box)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(MEETINGS_NEW, box)
        self.remove_button = QPushButton(MEETINGS_REMOVE, box)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button.clicked.connect(self.new_meeting)
        self.remove_button.clicked.connect(self.remove_meeting)
        return box

    def _build_detail(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        self.group = QGroupBox(MEETING_NEW_TITLE, box)
        inner = QVBoxLayout(self.group)
        self.editor = MeetingEditor(self.form, self.group)
        inner.addWidget(self.editor)
        row = QHBoxLayout()
        self.save_button = QPushButton(MEETING_SAVE, self.group)
        self.save_button.setDefault(True)
        self.message = QLabel(self.group)
        self.message.setWordWrap(True)
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        inner.addLayout(row)
        layout.addWidget(self.group)
        self.actions_group = QGroupBox(ACTIONS_TITLE, box)
        acts = QVBoxLayout(self.actions_group)
        self.actions_table = QTableWidget(0, len(ACTIONS_HEADERS), self.actions_group)
        self.actions_table.setHorizontalHeaderLabels(list(ACTIONS_HEADERS))
        self.actions_table.setAccessibleName(ACTIONS_TITLE)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.verticalHeader().hide()
        self.actions_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.actions_table.setMinimumHeight(110)
        acts.addWidget(self.actions_table)
        entry = QHBoxLayout()
        self.action_what = QLineEdit(self.actions_group)
        self.action_what.setPlaceholderText(ACTIONS_WHAT)
        self.action_what.setAccessibleName(ACTIONS_WHAT)
        self.action_who = QLineEdit(self.actions_group)
        self.action_who.setPlaceholderText(ACTIONS_WHO)
        self.action_who.setAccessibleName(ACTIONS_WHO)
        self.action_due = QLineEdit(self.actions_group)
        self.action_due.setPlaceholderText("due dd/mm/yyyy")
        self.action_due.setAccessibleName(ACTIONS_DUE)
        self.action_due.setMaximumWidth(130)
        self.add_action_button = QPushButton(ACTIONS_ADD, self.actions_group)
        self.done_button = QPushButton(ACTIONS_DONE, self.actions_group)
        entry.addWidget(self.action_what, 3)
        entry.addWidget(self.action_who, 2)
        entry.addWidget(self.action_due, 1)
        entry.addWidget(self.add_action_button)
        acts.addLayout(entry)
        done_row = QHBoxLayout()
        self.actions_message = QLabel(self.actions_group)
        self.actions_message.setWordWrap(True)
        done_row.addWidget(self.actions_message, 1)
        done_row.addWidget(self.done_button)
        acts.addLayout(done_row)
        layout.addWidget(self.actions_group)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.editor.edited.connect(lambda: self.message.clear())
        self.add_action_button.clicked.connect(self.add_action)
        self.action_what.returnPressed.connect(self.add_action)
        self.done_button.clicked.connect(self.mark_done)
        self.actions_table.itemSelectionChanged.connect(self._action_selected)
        return box

    # -- loading -----------------------------------------------------------------------------
    def show_case(self, reference: str, select: int | None = None) -> None:
        if reference != self.reference:
            self.current_id = None
        self.reference = reference

        def load(session: WorkbookSession) -> tuple[list[MeetingRecord], list[ActionRecord]]:
            return list_meetings(session, reference), list_actions(session, reference)

        wanted = select if select is not None else self.current_id
        self.bridge.run(load, lambda result: self._show(reference, result[0], result[1], wanted), self._failed)

    def _reload(self) -> None:
        if self.reference is not None:
            self.show_case(self.reference)

    def _show(
        self, reference: str, meetings: list[MeetingRecord], actions: list[ActionRecord], wanted: int | None
    ) -> None:
        if reference != self.reference:
            return
        self.meetings, self.action_records = meetings, actions
        self.table.blockSignals(True)
        self.table.setRowCount(len(meetings))
        for row, meeting in enumerate(meetings):
            came = sum(1 for a in meeting.attendees if a.attendance == "attended")
            sorry = sum(1 for a in meeting.attendees if a.attendance == "apologies")
            texts = (uk(meeting.held_on), meeting_label(self.form, meeting.type), str(came), str(sorry))
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, meeting.id)
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        self.empty.setVisible(not meetings)
        found = next((r for r, m in enumerate(meetings) if m.id == wanted), None)
        if found is not None:
            self.table.blockSignals(True)
            self.table.selectRow(found)
            self.table.blockSignals(False)
            self._selected()
        else:
            self.new_meeting()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        meeting = self.meetings[rows[0].row()] if rows else None
        if meeting is None:
            return
        self.current_id = meeting.id
        self.editor.load(meeting)
        self.group.setTitle(MEETING_EDIT_TITLE.format(date=uk(meeting.held_on)))
        self.remove_button.setEnabled(True)
        self._show_actions()

    def new_meeting(self) -> None:
        self.current_id = None
        self.table.clearSelection()
        self.editor.new_meeting()
        self.group.setTitle(MEETING_NEW_TITLE)
        self.message.clear()
        self.remove_button.setEnabled(False)
        self._show_actions()

    def _show_actions(self) -> None:
        mine = [a for a in self.action_records if a.meeting_id == self.current_id] if self.current_id else []
        self.actions_table.setRowCount(len(mine))
        for row, action in enumerate(mine):
            texts = (action.what, action.who, uk(action.due_on), uk(action.done_on) or ACTIONS_OPEN)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, action.id)
                self.actions_table.setItem(row, column, cell)
        saved = self.current_id is not None
        for widget in (self.action_what, self.action_who, self.action_due, self.add_action_button):
            widget.setEnabled(saved)
        self.actions_message.setText("" if saved else ACTIONS_SAVE_FIRST)
        self._action_selected()

    def _action_selected(self) -> None:
        action = self.selected_action()
        self.done_button.setEnabled(action is not None and action.done_on is None)

    def selected_action(self) -> ActionRecord | None:
        rows = self.actions_table.selectionModel().selectedRows()
        if not rows:
            return None
        action_id = rows[0].data(ID_ROLE)
        return next((a for a in self.action_records if a.id == action_id), None)

    # -- changes -------------------------------------------------------------------------------
    def save(self) -> None:
        reference, meeting_id, draft = self.reference, self.current_id, self.editor.draft()
        if reference is None:
            return
        if draft is None:
            self.message.setText(self.editor.input_problem())
            return

        def run(session: WorkbookSession) -> Change:
            if meeting_id is None:
                return record_meeting(session, reference, draft)
            return update_meeting(session, reference, meeting_id, draft)

        def done(change: Change) -> None:
            self.message.setText(MEETING_SAVED)
            self._changed(change, change.detail.get("meeting"))

        self.bridge.apply(run, done, self._failed)

    def remove_meeting(self) -> None:
        reference, meeting_id = self.reference, self.current_id
        if reference is None or meeting_id is None or not self.prompts.confirm(MEETINGS_REMOVE_CONFIRM):
            return
        self.current_id = None
        self.bridge.apply(lambda s: remove_meeting(s, reference, meeting_id), self._changed, self._failed)

    def add_action(self) -> None:
        reference, meeting_id = self.reference, self.current_id
        if reference is None or meeting_id is None:
            return
        due_text = self.action_due.text().strip()
        due = parse_uk_date(due_text) if due_text else None
        if due_text and due is None:
            self.actions_message.setText(ACTIONS_BAD_DUE)
            return
        what, who, due_iso = self.action_what.text(), self.action_who.text(), due.isoformat() if due else None

        def done(change: Change) -> None:
            for line in (self.action_what, self.action_who, self.action_due):
                line.clear()
            self._changed(change, meeting_id)

        self.bridge.apply(
            lambda s: add_action(s, reference, meeting_id, what, who, due_iso), done, self._actions_failed
        )

    def mark_done(self) -> None:
        reference, action = self.reference, self.selected_action()
        if reference is None or action is None:
            return
        action_id = action.id
        self.bridge.apply(
            lambda s: set_action_done(s, reference, action_id),
            lambda change: self._changed(change, self.current_id),
            self._actions_failed,
        )

    def _changed(self, change: Change, select: int | None = None) -> None:
        """One of ours was stored: the meeting to show once the list is read again (the change
        signal reads it, ``_workbook_changed``)."""
        if change.case_reference == self.reference:
            self.current_id = select

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        self.message.setText(message_for(error))

    def _actions_failed(self, error: BaseException) -> None:
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        self.actions_message.setText(message_for(error))

    def clear_content(self) -> None:
        self.reference, self.meetings, self.action_records, self.current_id = None, [], [], None
        self.table.setRowCount(0)
        self.actions_table.setRowCount(0)
        self.editor.clear_content()
        self.message.clear()
