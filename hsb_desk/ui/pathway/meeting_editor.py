"""The details of one meeting: type, date, who was invited and came, decisions and notes.

A plain editor: it holds no case and saves nothing. ``MeetingsView`` loads it and sends its
``draft()`` to the app services.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.pathway import Attendee, MeetingDraft, MeetingRecord, meeting_types, suggested_invitees
from hsb_desk.domain.dates import parse_iso_date, parse_uk_date
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui.style import set_role

MEETING_TYPE = "Type of meeting"
MEETING_DATE = "Date (dd/mm/yyyy)"
MEETING_PEOPLE = "Invited and attending"
MEETING_PEOPLE_HEADERS = ("Name", "Agency", "Role", "Attendance")
MEETING_ADD_PERSON = "Add person"
MEETING_REMOVE_PERSON = "Remove person"
MEETING_ADD_SUGGESTED = "Add suggested invitees"
MEETING_SUGGESTED_NOTE = "Suggested from the procedure profile: change or remove anyone as needed."
MEETING_DECISIONS = "Decisions"
MEETING_NOTES = "Notes"
MEETING_BAD_DATE = "Write the date of the meeting as dd/mm/yyyy."
ATTENDANCE_LABELS = {"invited": "Invited", "attended": "Attended", "apologies": "Apologies"}
NEW_ATTENDANCE = "invited"


class MeetingEditor(QWidget):
    edited = Signal()

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._suggested_only = True  # the people list is still just the suggestions
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        fields = QFormLayout()
        self.type = QComboBox(self)
        self.type.setAccessibleName(MEETING_TYPE)
        for key, label in meeting_types(form):
            self.type.addItem(label, key)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setAccessibleName(MEETING_DATE)
        self.date.setMaximumWidth(140)
        fields.addRow(MEETING_TYPE, self.type)
        fields.addRow(MEETING_DATE, self.date)
        layout.addLayout(fields)
        layout.addWidget(QLabel(f"<b>{MEETING_PEOPLE}</b>", self))
        self.note = QLabel(MEETING_SUGGESTED_NOTE, self)
        self.note.setWordWrap(True)
        set_role(self.note, "sectionIntro")
        layout.addWidget(self.note)
        self.people = QTableWidget(0, len(MEETING_PEOPLE_HEADERS), self)
        self.people.setHorizontalHeaderLabels(list(MEETING_PEOPLE_HEADERS))
        self.people.setAccessibleName(MEETING_PEOPLE)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.verticalHeader().hide()
        header = self.people.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.people.setMinimumHeight(150)
        layout.addWidget(self.people, 1)
        buttons = QHBoxLayout()
        self.add_person = QPushButton(MEETING_ADD_PERSON, self)
        self.remove_person = QPushButton(MEETING_REMOVE_PERSON, self)
        self.add_suggested = QPushButton(MEETING_ADD_SUGGESTED, self)
        for button in (self.add_person, self.remove_person, self.add_suggested):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.decisions = QPlainTextEdit(self)
        self.decisions.setAccessibleName(MEETING_DECISIONS)
        self.decisions.setMaximumHeight(70)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(MEETING_NOTES)
        self.notes.setMaximumHeight(50)
        layout.addWidget(QLabel(f"<b>{MEETING_DECISIONS}</b>", self))
        layout.addWidget(self.decisions)
        layout.addWidget(QLabel(f"<b>{MEETING_NOTES}</b>", self))
        layout.addWidget(self.notes)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.add_person.clicked.connect(lambda: self._add_row("", "", "", NEW_ATTENDANCE, touched=True))
        self.remove_person.clicked.connect(self._remove_row)
        self.add_suggested.clicked.connect(self.add_suggested_invitees)
        self.people.itemChanged.connect(lambda _item: self._touched())
        for signal in (self.date.textEdited, self.decisions.textChanged, self.notes.textChanged):
            signal.connect(lambda *_: self._emit_edited())

    # -- loading ---------------------------------------------------------------------------
    def new_meeting(self) -> None:
        """An empty meeting of the first type, with that type's suggested invitees."""
        self._loading = True
        try:
            self.type.setCurrentIndex(0)
            self.date.clear()
            self.decisions.clear()
            self.notes.clear()
            self.people.setRowCount(0)
        finally:
            self._loading = False
        self.add_suggested_invitees()
        self._suggested_only = True
        self.note.show()

    def load(self, meeting: MeetingRecord) -> None:
        self._loading = True
        try:
            index = self.type.findData(meeting.type)
            if index < 0:  # a type no longer in the profile: keep it, so saving does not change it
                self.type.addItem(meeting.type, meeting.type)
                index = self.type.count() - 1
            self.type.setCurrentIndex(index)
            day = parse_iso_date(meeting.held_on)
            self.date.setText(f"{day:%d/%m/%Y}" if day else "")
            self.decisions.setPlainText(meeting.decisions)
            self.notes.setPlainText(meeting.notes)
            self.people.setRowCount(0)
            for person in meeting.attendees:
                self._add_row(person.name, person.agency, person.role, person.attendance)
        finally:
            self._loading = False
        self._suggested_only = False
        self.note.hide()

    # -- people ------------------------------------------------------------------------------
    def add_suggested_invitees(self) -> None:
        """Add the profile's suggestions for this type that are not listed yet."""
        listed = {(a.agency.casefold(), a.role.casefold()) for a in self.attendees()}
        for agency, role in suggested_invitees(self.form, str(self.type.currentData())):
            if (agency.casefold(), role.casefold()) not in listed:
                self._add_row("", agency, role, NEW_ATTENDANCE)

    def _add_row(self, name: str, agency: str, role: str, attendance: str, touched: bool = False) -> None:
        loading, self._loading = self._loading, True
        try:
            row = self.people.rowCount()
            self.people.insertRow(row)
            for column, text in enumerate((name, agency, role)):
                self.people.setItem(row, column, QTableWidgetItem(text))
            choice = QComboBox(self.people)
            choice.setAccessibleName(f"Attendance of person {row + 1}")
            for value, label in ATTENDANCE_LABELS.items():
                choice.addItem(label, value)
            choice.setCurrentIndex(max(choice.findData(attendance), 0))
            choice.currentIndexChanged.connect(lambda _: self._touched())
            self.people.setCellWidget(row, 3, choice)
        finally:
            self._loading = loading
        if touched:
            self._touched()

    def _remove_row(self) -> None:
        rows = sorted({index.row() for index in self.people.selectedIndexes()}, reverse=True)
        for row in rows:
            self.people.removeRow(row)
        if rows:
            self._touched()

    def set_attendance(self, row: int, attendance: str) -> None:
        choice = self.people.cellWidget(row, 3)
        if isinstance(choice, QComboBox):
            choice.setCurrentIndex(choice.findData(attendance))

    def attendees(self) -> list[Attendee]:
        found = []
        for row in range(self.people.rowCount()):
            texts = [item.text() if (item := self.people.item(row, c)) is not None else "" for c in range(3)]
            choice = self.people.cellWidget(row, 3)
            attendance = choice.currentData() if isinstance(choice, QComboBox) else NEW_ATTENDANCE
            if any(t.strip() for t in texts):
                found.append(Attendee(texts[0], texts[1], texts[2], str(attendance)))
        return found

    # -- what to save ------------------------------------------------------------------------
    def input_problem(self) -> str:
        return "" if parse_uk_date(self.date.text()) else MEETING_BAD_DATE

    def draft(self) -> MeetingDraft | None:
        day = parse_uk_date(self.date.text())
        if day is None:
            return None
        return MeetingDraft(
            str(self.type.currentData()),
            day.isoformat(),
            self.decisions.toPlainText(),
            self.notes.toPlainText(),
            tuple(self.attendees()),
        )

    def _type_changed(self) -> None:
        if self._loading:
            return
        if self._suggested_only:  # nobody has been typed in yet: follow the type's suggestions
            self.people.setRowCount(0)
            self.add_suggested_invitees()
        self._emit_edited()

    def _touched(self) -> None:
        if not self._loading:
            self._suggested_only = False
            self._emit_edited()

    def _emit_edited(self) -> None:
        if not self._loading:
            self.edited.emit()

    def clear_content(self) -> None:
        self._loading = True
        try:
            self.date.clear()
            self.decisions.clear()
            self.notes.clear()
            self.people.setRowCount(0)
        finally:
            self._loading = False
