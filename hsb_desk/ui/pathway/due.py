"""What is due for one case: the strip above its sections (``DueStrip``). The workbook-wide list
is in ``due_workbook``. Overdue is always said in words and marked with a sign, never by colour
alone.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from hsb_desk.app.changes import Records
from hsb_desk.app.pathway import CaseDue, case_due, case_notices
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.procedure import Notice
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.style import colour

DUE_TITLE = "What's due"
DUE_NOTHING = "Nothing is due for this case."
DUE_OVERDUE = "⚠ Overdue: {what}, due {due}"
DUE_ITEM = "◷ {what}: due {due}"
DUE_REMINDER = "• {what}"
DUE_NOTICE = "ℹ {text}"
DUE_NOTICE_WARNING = "⚠ {text}"
#: What is due follows the case's answers (dates, age), its meetings and actions, and its status.
FOLLOWS = Records.VALUES | Records.PATHWAY | Records.STATUS


def uk(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def due_text(item: CaseDue) -> str:
    """One line for a due item; overdue ones say so in words and with a sign."""
    if item.due is None:
        return DUE_REMINDER.format(what=item.what)
    template = DUE_OVERDUE if item.overdue else DUE_ITEM
    return template.format(what=item.what, due=uk(item.due))


class DueStrip(QFrame):
    """A case's time limits not yet met, open actions, reminders and age notices."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reference: str | None = None
        self.items: list[CaseDue] = []
        self.notices: list[Notice] = []
        self.setObjectName("dueStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 6, 8, 6)
        self.layout_.setSpacing(2)
        heading = QLabel(DUE_TITLE, self)
        heading.setStyleSheet("font-weight: 600;")
        self.layout_.addWidget(heading)
        self.lines: list[QLabel] = []
        ChangeFollower(self, bridge, FOLLOWS, self.refresh, lambda: self.reference)

    def show_case(self, reference: str) -> None:
        self.reference = reference

        def load(session: WorkbookSession) -> tuple[list[CaseDue], list[Notice]]:
            return case_due(session, reference), case_notices(session, reference)

        self.bridge.run(load, lambda result: self._show(reference, *result), self._failed)

    def refresh(self) -> None:
        if self.reference:
            self.show_case(self.reference)

    def _show(self, reference: str, items: list[CaseDue], notices: list[Notice]) -> None:
        if reference != self.reference:
            return  # another case was opened meanwhile
        # The 18th birthday is said, with its date, by the age notice below.
        self.items = [item for item in items if item.kind != "birthday"]
        self.notices = notices
        lines = [(due_text(item), item.source, item.overdue) for item in self.items]
        for notice in notices:
            template = DUE_NOTICE_WARNING if notice.level == "warning" else DUE_NOTICE
            lines.append((template.format(text=notice.text), notice.source, False))
        self._set_lines(lines or [(DUE_NOTHING, "", False)])

    def _set_lines(self, lines: list[tuple[str, str, bool]]) -> None:
        """The strip's lines, changed in place: it is read again after every save, and lines
        taken down and put back made it jump in height while the practitioner typed."""
        while len(self.lines) > len(lines):
            label = self.lines.pop()
            self.layout_.removeWidget(label)
            label.deleteLater()
        while len(self.lines) < len(lines):
            label = QLabel(self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.layout_.addWidget(label)
            self.lines.append(label)
        for label, (text, source, overdue) in zip(self.lines, lines, strict=True):
            if label.text() != text:
                label.setText(text)
                label.setAccessibleName(text)
            label.setToolTip(source)
            name = "dueOverdue" if overdue else ""
            if label.objectName() != name:
                label.setObjectName(name)
                label.setStyleSheet(f"color: {colour('overdue')}; font-weight: 600;" if overdue else "")

    def _failed(self, error: BaseException) -> None:
        self._set_lines([(explained(error), "", False)])


    def texts(self) -> list[str]:
        return [label.text() for label in self.lines]

    def clear_content(self) -> None:
        self.reference, self.items, self.notices = None, [], []
        self._set_lines([])
