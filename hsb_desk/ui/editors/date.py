"""Dates typed as dd/mm/yyyy or picked from a calendar; stored as ISO 8601."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from hsb_desk.domain.dates import parse_iso_date, parse_uk_date
from hsb_desk.formspec.model import FieldSpec
from hsb_desk.ui import strings
from hsb_desk.ui.editors.base import FieldEditor


class DateEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(strings.DATE_PLACEHOLDER)
        self.line.setAccessibleName(spec.label)
        self.line.setMaximumWidth(140)
        self.pick = QToolButton(self)
        self.pick.setText("▾")
        self.pick.setAccessibleName(f"Choose {spec.label} from a calendar")
        self.pick.setToolTip("Choose from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The calendar is made when first opened: one per date field was a fifth of the time
        # to show a section (bench/).
        self.calendar: QCalendarWidget | None = None
        menu = QMenu(self.pick)
        menu.aboutToShow.connect(self._open_calendar)
        self.pick.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.pick)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._changed)
        self.watch_focus(self.line)

    def _open_calendar(self) -> None:
        """Shows the date in the field, or today's, each time the calendar opens."""
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            self.calendar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            action = QWidgetAction(self.pick.menu())
            action.setDefaultWidget(self.calendar)
            self.pick.menu().addAction(action)
            self.calendar.clicked.connect(self._picked)
        self._select(self._parsed())

    def _select(self, day: date | None) -> None:
        if self.calendar is not None:
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day) if day else QDate.currentDate())

    def _picked(self, qdate: QDate) -> None:
        self.line.setText(f"{qdate.day():02d}/{qdate.month():02d}/{qdate.year():04d}")
        self.pick.menu().hide()
        self._changed()
        self.left.emit()

    def _parsed(self) -> date | None:
        return parse_uk_date(self.line.text())

    def value(self) -> Any:
        parsed = self._parsed()
        return parsed.isoformat() if parsed else None

    def input_problem(self) -> str:
        if self.line.text().strip() and self._parsed() is None:
            return strings.DATE_INVALID
        return ""

    def _show(self, value: Any) -> None:
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        self.line.setText(f"{parsed:%d/%m/%Y}" if parsed else "")
        self._select(parsed)  # locking empties the field: the calendar keeps no date either
