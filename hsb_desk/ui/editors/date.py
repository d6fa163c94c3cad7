"""Dates typed as people write them (1/9/26, 01-09-2026, 1 Sept 2026) or picked from a calendar;
shown as dd/mm/yyyy once the field is left, stored as ISO 8601."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from hsb_desk.domain.dates import NoSuchDay, parse_iso_date, parse_uk_date, read_typed_date
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
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop per date; Alt+Down opens it
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
        self.left.connect(self._tidy)
        self.watch_focus(self.line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Down in the date opens the calendar, as in a drop-down list."""
        if (
            watched is self.line
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            menu = self.pick.menu()  # popup, not showMenu: that waits in a loop of its own
            menu.popup(self.pick.mapToGlobal(self.pick.rect().bottomLeft()))
            return True
        return super().eventFilter(watched, event)

    def _tidy(self) -> None:
        """A date typed another way is shown as dd/mm/yyyy once the field is left (the same
        value: nothing is saved for it)."""
        parsed = self._parsed()
        if parsed is not None:
            self.line.setText(f"{parsed:%d/%m/%Y}")

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
        return date_problem(self.line.text())

    def _show(self, value: Any) -> None:
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        self.line.setText(f"{parsed:%d/%m/%Y}" if parsed else "")
        self._select(parsed)  # locking empties the field: the calendar keeps no date either


def date_problem(text: str) -> str:
    """Why the typed text is not a date, in words ("" when it is one, or is empty)."""
    if not text.strip():
        return ""
    try:
        read_typed_date(text)
    except NoSuchDay as missing:
        if not missing.month_name:
            return strings.DATE_NO_SUCH_MONTH.format(month=missing.month)
        days = calendar.monthrange(missing.year, missing.month)[1]
        return strings.DATE_NO_SUCH_DAY.format(day=missing.day, month=missing.month_name, year=missing.year, days=days)
    except ValueError:
        return strings.DATE_INVALID
    return ""
