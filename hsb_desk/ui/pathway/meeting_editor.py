"""The details of one meeting: type, date, who was invited and came, decisions and notes, and
the date it agreed for the next meeting.

A plain editor: it holds no case and saves nothing. ``MeetingsView`` loads it, and its autosaver
(meeting_autosave.py) sends its ``draft()`` to the app services after each ``edited`` and at once on
``left``. ``snapshot()`` keeps a new meeting that cannot be stored yet, to show it again later.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from hsb_desk.ui.editors.date import date_problem
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.style import colour, set_role

MEETING_TYPE = "Type of meeting"
MEETING_DATE = "Date (dd/mm/yyyy)"
MEETING_NEXT = "Next meeting agreed for (dd/mm/yyyy)"
MEETING_NEXT_TIP = (
    "The date this meeting agreed for the next one, if it did. A review cycle's next date follows it "
    "when it is sooner than the case's review interval."
)
MEETING_NEXT_BEFORE = "The next meeting cannot be agreed for a date before this meeting."
MEETING_PEOPLE = "Invited and attending"
MEETING_PEOPLE_HEADERS = ("Name", "Agency", "Role", "Attendance")
MEETING_ADD_PERSON = "Add person"
MEETING_REMOVE_PERSON = "Remove person"
MEETING_ADD_SUGGESTED = "Add suggested invitees"
MEETING_SUGGESTED_NOTE = "Suggested from the procedure profile: change or remove anyone as needed."
MEETING_DECISIONS = "Decisions"
MEETING_NOTES = "Notes"
MEETING_NEEDS_DATE = "A meeting is saved once it has its date: write it as dd/mm/yyyy."
MEETING_PERSON_NEEDS = "Person {row} in the list needs a name or an agency."
ATTENDANCE_LABELS = {"invited": "Invited", "attended": "Attended", "apologies": "Apologies"}
NEW_ATTENDANCE = "invited"
Row = tuple[str, str, str, str]  # name, agency, role, attendance


@dataclass(frozen=True)
class MeetingSnapshot:
    """Everything on screen, as typed (the date too, even when it is not a date yet)."""

    type: object
    date: str
    next_date: str
    decisions: str
    notes: str
    rows: tuple[Row, ...]
    suggested_only: bool


class MeetingEditor(QWidget):
    """``edited`` fires on every change the user makes; ``left`` when focus leaves one of its
    fields (to another, or out of the editor), so what was typed can be stored at once."""

    edited = Signal()
    left = Signal()

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
        self.next_date = QLineEdit(self)  # typed like the meeting's own date, read when stored
        self.next_date.setPlaceholderText("dd/mm/yyyy")
        self.next_date.setAccessibleName(MEETING_NEXT)
        self.next_date.setToolTip(MEETING_NEXT_TIP)
        self.next_date.setMaximumWidth(140)
        self.problem = QLabel(self)  # why what is typed cannot be stored: beside the fields
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(f"color: {colour('error')};")
        self.problem.hide()
        fields.addRow(MEETING_TYPE, self.type)
        fields.addRow(MEETING_DATE, self.date)
        fields.addRow(MEETING_NEXT, self.next_date)
        fields.addRow(self.problem)
        layout.addLayout(fields)
        layout.addWidget(QLabel(f"<b>{MEETING_PEOPLE}</b>", self))
        self.note = QLabel(MEETING_SUGGESTED_NOTE, self)
        self.note.setWordWrap(True)
        set_role(self.note, "sectionIntro")
        layout.addWidget(self.note)
        self.people = QTableWidget(0, len(MEETING_PEOPLE_HEADERS), self)
        tab_moves_on(self.people)
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
        tab_moves_on(self.decisions)
        self.decisions.setAccessibleName(MEETING_DECISIONS)
        self.decisions.setMaximumHeight(70)
        self.notes = QPlainTextEdit(self)
        tab_moves_on(self.notes)
        self.notes.setAccessibleName(MEETING_NOTES)
        self.notes.setMaximumHeight(50)
        layout.addWidget(QLabel(f"<b>{MEETING_DECISIONS}</b>", self))
        layout.addWidget(self.decisions)
        layout.addWidget(QLabel(f"<b>{MEETING_NOTES}</b>", self))
        layout.addWidget(self.notes)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.add_person.clicked.connect(lambda: self._add_row("", "", "", NEW_ATTENDANCE, touched=True))
        self.remove_person.clicked.connect(self._remove_row)
        self.add_suggested.clicked.connect(self._suggested_asked)
        self.people.itemChanged.connect(lambda _item: self._touched())
        for signal in (
            self.date.textEdited,
            self.next_date.textEdited,
            self.decisions.textChanged,
            self.notes.textChanged,
        ):
            signal.connect(lambda *_: self._emit_edited())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    # -- loading ---------------------------------------------------------------------------
    def new_meeting(self, meeting_type: str | None = None) -> None:
        """An empty meeting of ``meeting_type`` (else the first type), with that type's suggested
        invitees."""
        self._loading = True
        try:
            self.type.setCurrentIndex(max(self.type.findData(meeting_type), 0) if meeting_type else 0)
            self.date.clear()
            self.next_date.clear()
            self.decisions.clear()
            self.notes.clear()
            self.people.setRowCount(0)
        finally:
            self._loading = False
        self.set_problem("")
        self.add_suggested_invitees()
        self._suggested_only = True
        self.note.show()
        self.set_problem("")

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
            following = parse_iso_date(meeting.next_on or "")
            self.next_date.setText(f"{following:%d/%m/%Y}" if following else "")
            self.decisions.setPlainText(meeting.decisions)
            self.notes.setPlainText(meeting.notes)
            self.people.setRowCount(0)
            for person in meeting.attendees:
                self._add_row(person.name, person.agency, person.role, person.attendance)
        finally:
            self._loading = False
        self._suggested_only = False
        self.note.hide()
        self.set_problem("")

    def snapshot(self) -> MeetingSnapshot:
        rows = []
        for row in range(self.people.rowCount()):
            name, agency, role = (item.text() if (item := self.people.item(row, c)) else "" for c in range(3))
            choice = self.people.cellWidget(row, 3)
            attendance = str(choice.currentData()) if isinstance(choice, QComboBox) else NEW_ATTENDANCE
            rows.append((name, agency, role, attendance))
        return MeetingSnapshot(
            self.type.currentData(),
            self.date.text(),
            self.next_date.text(),
            self.decisions.toPlainText(),
            self.notes.toPlainText(),
            tuple(rows),
            self._suggested_only,
        )

    def restore(self, kept: MeetingSnapshot) -> None:
        """Show again what ``snapshot`` kept (``edited`` does not fire)."""
        self._loading = True
        try:
            self.type.setCurrentIndex(max(self.type.findData(kept.type), 0))
            self.date.setText(kept.date)
            self.next_date.setText(kept.next_date)
            self.decisions.setPlainText(kept.decisions)
            self.notes.setPlainText(kept.notes)
            self.people.setRowCount(0)
            for row in kept.rows:
                self._add_row(*row)
        finally:
            self._loading = False
        self._suggested_only = kept.suggested_only
        self.note.setVisible(kept.suggested_only)
        self.set_problem("")

    def set_form(self, form: FormDefinition) -> None:
        """Offer the meeting types of another procedure profile; the type chosen stays, listed
        as it was when the new profile does not name it (saving does not change it)."""
        self.form = form
        chosen = self.type.currentData()
        self._loading = True
        try:
            self.type.clear()
            for key, label in meeting_types(form):
                self.type.addItem(label, key)
            index = self.type.findData(chosen)
            if index < 0 and chosen is not None:
                self.type.addItem(str(chosen), chosen)
                index = self.type.count() - 1
            self.type.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def is_blank(self) -> bool:
        """Nothing typed or chosen yet: a new meeting as it starts."""
        return self.nothing_typed() and self.type.currentIndex() == 0

    def nothing_typed(self) -> bool:
        """No date, text or person entered (its type may have been chosen)."""
        typed = self.date.text().strip() or self.next_date.text().strip()
        return self._suggested_only and not (typed or self.decisions.toPlainText() or self.notes.toPlainText())

    def set_problem(self, text: str) -> None:
        self.problem.setText(f"⚠ {text}" if text else "")
        self.problem.setVisible(bool(text))

    # -- people ------------------------------------------------------------------------------
    def add_suggested_invitees(self) -> None:
        """Add the profile's suggestions for this type that are not listed yet."""
        listed = {(a.agency.casefold(), a.role.casefold()) for a in self.attendees()}
        for agency, role in suggested_invitees(self.form, str(self.type.currentData())):
            if (agency.casefold(), role.casefold()) not in listed:
                self._add_row("", agency, role, NEW_ATTENDANCE)

    def _suggested_asked(self) -> None:
        count = self.people.rowCount()
        self.add_suggested_invitees()
        if self.people.rowCount() != count:
            self._touched()

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
        """Why what is on screen cannot be stored yet, in words ("" when it can)."""
        text = self.date.text()
        if not text.strip():
            return MEETING_NEEDS_DATE
        problem = date_problem(text) or date_problem(self.next_date.text())
        if problem:
            return problem
        held, following = parse_uk_date(text), parse_uk_date(self.next_date.text())
        if held is not None and following is not None and following < held:
            return MEETING_NEXT_BEFORE
        for row, person in enumerate(self.attendees(), 1):
            if not (person.name.strip() or person.agency.strip()):
                return MEETING_PERSON_NEEDS.format(row=row)
        return ""

    def draft(self) -> MeetingDraft | None:
        """What to store, or None while ``input_problem`` says why it cannot be."""
        day = parse_uk_date(self.date.text())
        if day is None or self.input_problem():
            return None
        following = parse_uk_date(self.next_date.text()) if self.next_date.text().strip() else None
        return MeetingDraft(
            str(self.type.currentData()),
            day.isoformat(),
            self.decisions.toPlainText(),
            self.notes.toPlainText(),
            tuple(self.attendees()),
            following.isoformat() if following else None,
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

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is None or not (old is self or self.isAncestorOf(old)):
            return
        for line in (self.date, self.next_date):
            if old is line and (day := parse_uk_date(line.text())):
                line.setText(f"{day:%d/%m/%Y}")  # 1/3/27 reads as 01/03/2027 once left: the same date
        self.left.emit()

    def clear_content(self) -> None:
        self._loading = True
        try:
            self.date.clear()
            self.next_date.clear()
            self.decisions.clear()
            self.notes.clear()
            self.people.setRowCount(0)
        finally:
            self._loading = False
        self.set_problem("")
