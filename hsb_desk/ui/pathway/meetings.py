"""One case's meetings: the list, the meeting being recorded or changed, and its actions.

Meetings save themselves (meeting_autosave.py), as the assessment does: choosing a meeting in the
list (a click, or the arrow keys) opens it, and what the editor held is stored first. A new
meeting is created once it has its date. What cannot be stored yet (a new meeting with no date,
a date that does not exist) is explained beside the fields; if the person moves on to another
meeting or case, it is kept aside, unsaved, and shown again, with its problem, when they come
back ("Back to the new meeting", or the meeting marked "changes not saved" in the list): nothing
typed is lost, and nobody is stopped by a question mid-meeting. Locking forgets it, as it forgets
everything on screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Records
from hsb_desk.app.closure import CLOSED
from hsb_desk.app.pathway import (
    ActionRecord,
    MeetingRecord,
    list_actions,
    list_meetings,
    meeting_label,
    remove_meeting,
)
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import parse_uk_date
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.pathway.meeting_actions import MeetingActions, uk
from hsb_desk.ui.pathway.meeting_autosave import HeldMeeting, MeetingAutosaver
from hsb_desk.ui.pathway.meeting_editor import MeetingEditor, MeetingSnapshot
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import banner_style, set_role

MEETINGS_TITLE = "Meetings"
MEETINGS_HEADERS = ("Date", "Meeting", "Attended", "Apologies")
MEETINGS_NEW = "Record a meeting"
MEETINGS_BACK_TO_NEW = "Back to the new meeting (not saved yet)"
MEETINGS_REMOVE = "Remove meeting…"
MEETINGS_REMOVE_CONFIRM = "Remove this meeting, with its attendees and actions? The audit trail keeps a record."
MEETINGS_EMPTY = "No meetings recorded yet. Record the first with “Record a meeting”."
MEETING_NEW_TITLE = "New meeting"
MEETING_EDIT_TITLE = "Meeting of {date}"
MEETING_NEW_HINT = "Saved by itself as soon as it has its date."
MEETING_NOT_YET = "Not saved yet."
MEETING_NOT_SAVED = "Not saved: the workbook keeps the meeting as it was."
MEETING_ROW_UNSAVED = "{label} (changes not saved)"
MEETING_FAILED = "⚠ Not saved ({reason}). It is still on screen and HSB Desk keeps trying."
ID_ROLE = Qt.ItemDataRole.UserRole


class MeetingsView(QWidget):
    def __init__(self, bridge: Bridge, prompts: Prompts, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.prompts, self.form = bridge, prompts, form
        ChangeFollower(self, bridge, Records.PATHWAY | Records.STATUS, self._reload, lambda: self.reference)
        self.reference: str | None = None
        self.meetings: list[MeetingRecord] = []
        self.action_records: list[ActionRecord] = []
        # What the editor held that could not be stored, set aside: by case and meeting (None: new).
        self.kept: dict[tuple[str, int | None], MeetingSnapshot] = {}
        self.choice: int | None = None  # the meeting chosen in the list, to open once it is read
        self.new_type: str | None = None  # the type a new meeting was asked for (None: the first)
        layout = QVBoxLayout(self)
        heading = QLabel(MEETINGS_TITLE, self)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        self.closed_note = QLabel(strings.MEETINGS_CLOSED, self)  # a closed case: read, not changed
        self.closed_note.setWordWrap(True)
        self.closed_note.setStyleSheet(banner_style())
        self.closed_note.hide()
        layout.addWidget(self.closed_note)
        self.closed = False
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter, 1)
        splitter.addWidget(self._build_list())
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._build_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 700])
        self.saver = MeetingAutosaver(bridge, self.editor, parent=self)
        self.saver.saving.connect(lambda: self.status.setText(strings.SAVING))
        self.saver.saved.connect(self._saved)
        self.saver.needs.connect(self._needs)
        self.saver.refused.connect(self._refused)
        self.saver.failed.connect(lambda reason: self.status.setText(MEETING_FAILED.format(reason=reason.rstrip("."))))
        self.editor.edited.connect(self._edited)
        self.editor.left.connect(self.saver.flush)
        self.new_meeting()

    @property
    def current_id(self) -> int | None:
        """The stored meeting the editor shows (None: a new one, or none)."""
        held = self.saver.held
        return held.meeting_id if held is not None and held.reference == self.reference else None

    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(MEETINGS_HEADERS), box)
        tab_moves_on(self.table)
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
        # A click or an arrow key moves the selection, and that opens the meeting.
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button.clicked.connect(lambda: self.new_meeting())
        self.remove_button.clicked.connect(self.remove_meeting)
        return box

    def _build_detail(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        self.group = QGroupBox(MEETING_NEW_TITLE, box)
        inner = QVBoxLayout(self.group)
        self.editor = MeetingEditor(self.form, self.group)
        inner.addWidget(self.editor)
        self.status = QLabel(self.group)  # quiet: "Saved 10:42:07", as the assessment says it
        set_role(self.status, "savedIndicator")
        self.status.setAccessibleName("Save status")
        self.status.setWordWrap(True)
        inner.addWidget(self.status)
        layout.addWidget(self.group)
        self.action_panel = MeetingActions(self.bridge, box)
        layout.addWidget(self.action_panel)
        layout.addStretch(1)
        panel = self.action_panel  # its controls, under the names the window has always given them
        self.actions_table, self.action_what, self.action_who = panel.table, panel.what, panel.who
        self.action_due, self.add_action_button, self.done_button = panel.due, panel.add_button, panel.done_button
        return box

    # -- loading -----------------------------------------------------------------------------
    def show_case(self, reference: str, select: int | None = None) -> None:
        """Read the case's meetings and show them, with ``select`` open (else the one open)."""
        if reference != self.reference:
            self._put_down()
            self.reference, self.meetings, self.action_records = reference, [], []
            self.table.setRowCount(0)
            self.new_meeting()
        self.choice = select if select is not None else self.choice

        def load(session: WorkbookSession) -> tuple[list[MeetingRecord], list[ActionRecord], bool]:
            closed = session.workbook.cases.get(reference).status == CLOSED
            return list_meetings(session, reference), list_actions(session, reference), closed

        self.bridge.run(load, lambda result: self._show(reference, *result), self._failed)

    def set_form(self, form: FormDefinition) -> None:
        """Another procedure profile: its meeting types are offered and named in the list."""
        self.form = form
        self.editor.set_form(form)
        self._label_rows()

    def _reload(self) -> None:
        if self.reference is not None:
            self.show_case(self.reference)

    def _show(
        self, reference: str, meetings: list[MeetingRecord], actions: list[ActionRecord], closed: bool = False
    ) -> None:
        if reference != self.reference:
            return
        self.meetings, self.action_records = meetings, actions
        self._set_closed(closed)
        self.table.blockSignals(True)
        self.table.setRowCount(len(meetings))
        for row, meeting in enumerate(meetings):
            came = sum(1 for a in meeting.attendees if a.attendance == "attended")
            sorry = sum(1 for a in meeting.attendees if a.attendance == "apologies")
            texts = (uk(meeting.held_on), "", str(came), str(sorry))
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, meeting.id)
                self.table.setItem(row, column, cell)
        self._label_rows()
        self.table.blockSignals(False)
        self.empty.setVisible(not meetings)
        wanted = self.choice if self.choice is not None else self.current_id  # as it is now, not when asked
        self.choice = None
        found = next((r for r, m in enumerate(meetings) if m.id == wanted), None)
        held = self.saver.held
        if found is not None:
            self.table.blockSignals(True)
            self.table.selectRow(found)
            self.table.blockSignals(False)
            self._open(meetings[found])
        elif held is None or held.reference != reference or held.meeting_id is not None:
            self.new_meeting(self.new_type)  # the meeting shown has gone (removed), or none was
        else:
            self._show_actions()  # a new meeting being written stays as it is

    def _set_closed(self, closed: bool) -> None:
        """A closed case's meetings can be read and chosen, and nothing in them changed."""
        self.closed = closed
        self.closed_note.setVisible(closed)
        for widget in (self.group, self.action_panel, self.new_button):
            widget.setEnabled(not closed)
        if closed:
            self.remove_button.setEnabled(False)

    def _selected(self) -> None:
        """A meeting chosen in the list opens; what the editor held is stored first."""
        rows = self.table.selectionModel().selectedRows()
        meeting = self.meetings[rows[0].row()] if rows else None
        if meeting is None or self.reference is None or meeting.id == self.current_id:
            return
        if self.bridge.pending:  # a save or a read on its way: open the meeting as read after it
            self.show_case(self.reference, meeting.id)
        else:
            self._open(meeting)

    def _label_rows(self) -> None:
        """The type of each meeting, marked where changes typed could not be stored yet."""
        for row, meeting in enumerate(self.meetings):
            label = meeting_label(self.form, meeting.type)
            if (self.reference, meeting.id) in self.kept:
                label = MEETING_ROW_UNSAVED.format(label=label)
            cell = self.table.item(row, 1)
            if cell is not None:
                cell.setText(label)

    def _open(self, meeting: MeetingRecord) -> None:
        """Show a stored meeting; the editor is loaded only if it shows another one, so what is
        typed is never replaced by the list read again after its own save."""
        if self.reference is not None and meeting.id != self.current_id:
            self._put_down()
            kept = self.kept.pop((self.reference, meeting.id), None)
            if kept is None:
                self.editor.load(meeting)
            else:
                self.editor.restore(kept)
            self.saver.open(self.reference, meeting.id, unsaved=kept is not None)
            self.status.clear()
            self._label_rows()
            self.saver.flush()  # what was kept: stored if it can be now, else its problem shown again
        self.group.setTitle(MEETING_EDIT_TITLE.format(date=uk(meeting.held_on)))
        self.remove_button.setEnabled(not self.closed)
        self._show_actions()

    def new_meeting(self, meeting_type: str | None = None) -> None:
        """A new meeting (of ``meeting_type``, else the first type): the one set aside for this
        case, if any (shown again as it was)."""
        self.new_type = meeting_type  # kept for the new meeting shown again once the list is read
        if self.reference is not None and self.saver.held is not None and self.current_id is None:
            if meeting_type is not None and self.editor.nothing_typed():
                self.editor.new_meeting(meeting_type)  # nothing written in it yet: of the type asked for
            self.editor.date.setFocus()  # already on it
            return
        self._put_down()
        self.table.clearSelection()
        kept = self.kept.pop((self.reference, None), None) if self.reference is not None else None
        if kept is None:
            self.editor.new_meeting(meeting_type)
        else:
            self.editor.restore(kept)
        self.group.setTitle(MEETING_NEW_TITLE)
        self.status.setText(MEETING_NEW_HINT)
        self.remove_button.setEnabled(False)
        self._show_actions()
        if self.reference is not None:
            self.saver.open(self.reference, None, unsaved=kept is not None)
            self.saver.flush()  # what was kept: its problem shown again

    def _put_down(self) -> None:
        """Before the editor shows something else: store what it holds, or, if that cannot be
        stored yet, keep it aside to show again."""
        self.saver.flush()
        held = self.saver.held
        if held is not None and self.saver.unsaved and not (held.meeting_id is None and self.editor.is_blank()):
            self.kept[(held.reference, held.meeting_id)] = self.editor.snapshot()
            self._label_rows()
        self.saver.forget()

    def _show_actions(self) -> None:
        self.action_panel.show_meeting(self.reference, self.current_id, self.action_records)
        kept_new = self.reference is not None and (self.reference, None) in self.kept
        self.new_button.setText(MEETINGS_BACK_TO_NEW if kept_new else MEETINGS_NEW)

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        """Store what the editor holds now (it stores itself shortly after typing stops)."""
        self.saver.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.saver.flush()  # the window closed, or the chronology tab chosen
        super().hideEvent(event)

    def _edited(self) -> None:
        self.saver.edited()
        if not self.editor.input_problem():  # put right: say so at once, not after the pause
            self.editor.set_problem("")
            self.status.setText(strings.SAVING)

    def _needs(self, reason: str) -> None:
        self.editor.set_problem(reason)
        self.status.setText(MEETING_NOT_YET if self.current_id is None else MEETING_NOT_SAVED)

    def _saved(self, held: HeldMeeting) -> None:
        if held is not self.saver.held:
            return  # stored after the person moved on: the list shows it
        self.editor.set_problem("")
        self.status.setText(strings.SAVED_AT.format(time=time.strftime("%H:%M:%S")))
        day = parse_uk_date(self.editor.date.text())
        self.group.setTitle(MEETING_EDIT_TITLE.format(date=f"{day:%d/%m/%Y}" if day else ""))
        self.remove_button.setEnabled(True)
        if self.action_panel.meeting_id != held.meeting_id:  # just created: its actions can be added now
            self._show_actions()

    def _refused(self, held: HeldMeeting, reason: str) -> None:
        if held is self.saver.held:
            self.editor.set_problem(reason)
            self.status.setText(MEETING_NOT_YET if held.meeting_id is None else MEETING_NOT_SAVED)

    # -- changes -------------------------------------------------------------------------------
    def remove_meeting(self) -> None:
        reference, meeting_id = self.reference, self.current_id
        if reference is None or meeting_id is None or not self.prompts.confirm(MEETINGS_REMOVE_CONFIRM):
            return
        self.saver.forget()  # nothing more is stored into it

        def failed(error: BaseException) -> None:
            self.saver.open(reference, meeting_id)
            self._failed(error)

        self.bridge.apply(lambda s: remove_meeting(s, reference, meeting_id), None, failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(explained(error))

    def clear_content(self) -> None:
        """Locking: what is typed is stored first (the workbook closes after), then forgotten,
        with any new meeting set aside."""
        self.saver.flush()
        self.saver.forget()
        self.kept.clear()
        self.choice = None
        self.reference, self.meetings, self.action_records = None, [], []
        self.table.setRowCount(0)
        self.action_panel.clear_content()
        self.editor.clear_content()
        self.status.clear()
        self.new_button.setText(MEETINGS_NEW)
