"""What is due for one case: the strip above its sections (``DueStrip``). The workbook-wide list
is in ``due_workbook``. Overdue is always said in words and marked with a sign, never by colour
alone.

Each line that comes from a rule of the workbook's procedure profile can be switched off for
the case, with a reason (app/procedures.py); the rules switched off are listed below, each with
who did it, when and why, and a button to switch it on again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from hsb_desk.app.changes import Records
from hsb_desk.app.pathway import CaseDue, case_due, case_notices
from hsb_desk.app.procedures import switch_off_rule, switch_on_rule, switched_off_rules
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.domain.procedure import Notice
from hsb_desk.store.procedure_rules import RuleSwitch
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained, show_error
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import colour, set_role

DUE_TITLE = "What's due"
DUE_NOTHING = "Nothing is due for this case."
DUE_OVERDUE = "⚠ Overdue: {what}, due {due}"
DUE_ITEM = "◷ {what}: due {due}"
DUE_REMINDER = "• {what}"
DUE_NOTICE = "ℹ {text}"
DUE_NOTICE_WARNING = "⚠ {text}"
#: What is due follows the case's answers (dates, age), its meetings and actions, its status,
#: the rules switched off for it and the workbook's procedure profile.
FOLLOWS = Records.VALUES | Records.PATHWAY | Records.STATUS | Records.PROCEDURE
Ask = Callable[[str], "str | None"]


@dataclass(frozen=True)
class CaseDueRead:
    """What the strip shows of one case, read in one call on the database thread."""

    items: list[CaseDue]
    notices: list[Notice]
    off: dict[str, RuleSwitch]
    labels: dict[str, str]  # rule key -> label: every rule of the profile that can be switched off


@dataclass(frozen=True)
class Line:
    text: str
    source: str = ""
    overdue: bool = False
    rule: str | None = None  # the profile's rule it comes from, which can be switched off


def uk(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def due_text(item: CaseDue) -> str:
    """One line for a due item; overdue ones say so in words and with a sign."""
    if item.due is None:
        return DUE_REMINDER.format(what=item.what)
    template = DUE_OVERDUE if item.overdue else DUE_ITEM
    return template.format(what=item.what, due=uk(item.due))


def rule_of(item: CaseDue) -> str:
    """The key of the profile's rule a due item comes from ("" for an action)."""
    if item.kind == "deadline":
        return item.key
    if item.kind == "reminder":
        return item.key.removeprefix("reminder:")
    return ""


def switched_off_text(label: str, switch: RuleSwitch) -> str:
    day = parse_iso_date(switch.switched_at[:10])
    when = uk(day) if day else switch.switched_at
    return strings.RULE_SWITCHED_OFF.format(label=label, reason=switch.reason, who=switch.switched_by, when=when)


def read_case_due(session: WorkbookSession, reference: str) -> CaseDueRead:
    profile = session.form.procedure
    return CaseDueRead(
        case_due(session, reference),
        case_notices(session, reference),
        switched_off_rules(session, reference),
        profile.rule_keys() if profile is not None else {},
    )


class DueStrip(QFrame):
    """A case's time limits not yet met, open actions, reminders and notices, and the rules of
    the profile switched off for it. ``ask`` asks for the reason a rule is switched off."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, ask: Ask | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.ask: Ask = ask or (lambda label: Prompts(self).ask_text(label))
        self.reference: str | None = None
        self.items: list[CaseDue] = []
        self.notices: list[Notice] = []
        self.off: dict[str, RuleSwitch] = {}
        self.labels: dict[str, str] = {}
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
        self.switch_buttons: list[QPushButton] = []  # beside each line: Switch off for this case…
        self._rows: list[QWidget] = []
        self._line_rules: list[str | None] = []
        self.off_lines: list[QLabel] = []
        self.switch_on_buttons: list[QPushButton] = []
        self._off_rows: list[QWidget] = []
        ChangeFollower(self, bridge, FOLLOWS, self.refresh, lambda: self.reference)

    def show_case(self, reference: str) -> None:
        self.reference = reference
        self.bridge.run(
            lambda session: read_case_due(session, reference), lambda read: self._show(reference, read), self._failed
        )

    def refresh(self) -> None:
        if self.reference:
            self.show_case(self.reference)

    def _show(self, reference: str, read: CaseDueRead) -> None:
        if reference != self.reference:
            return  # another case was opened meanwhile
        # The 18th birthday is said, with its date, by the age notice below.
        self.items = [item for item in read.items if item.kind != "birthday"]
        self.notices, self.off, self.labels = read.notices, read.off, read.labels
        lines = [Line(due_text(item), item.source, item.overdue, rule_of(item) or None) for item in self.items]
        for notice in read.notices:
            template = DUE_NOTICE_WARNING if notice.level == "warning" else DUE_NOTICE
            lines.append(Line(template.format(text=notice.text), notice.source, False, notice.key))
        self._set_lines(lines or [Line(DUE_NOTHING)])
        self._set_off_lines([(key, switched_off_text(read.labels.get(key, key), s)) for key, s in read.off.items()])

    # -- the lines, changed in place -------------------------------------------------------
    def _set_lines(self, lines: list[Line]) -> None:
        """The strip's lines, changed in place: it is read again after every save, and lines
        taken down and put back made it jump in height while the practitioner typed."""
        while len(self.lines) > len(lines):
            self.lines.pop()
            self.switch_buttons.pop()
            self._line_rules.pop()
            self._remove(self._rows.pop())
        while len(self.lines) < len(lines):
            index = len(self.lines)
            row, label, button = self._row(strings.RULE_SWITCH_OFF, lambda _=False, i=index: self._switch_off(i))
            self.layout_.insertWidget(1 + index, row)
            self._rows.append(row)
            self.lines.append(label)
            self.switch_buttons.append(button)
            self._line_rules.append(None)
        for index, line in enumerate(lines):
            label, button = self.lines[index], self.switch_buttons[index]
            if label.text() != line.text:
                label.setText(line.text)
                label.setAccessibleName(line.text)
            label.setToolTip(line.source)
            name = "dueOverdue" if line.overdue else ""
            if label.objectName() != name:
                label.setObjectName(name)
                label.setStyleSheet(f"color: {colour('overdue')}; font-weight: 600;" if line.overdue else "")
            rule = line.rule if line.rule in self.labels else None
            self._line_rules[index] = rule
            button.setVisible(rule is not None)
            if rule is not None:
                button.setAccessibleName(strings.RULE_SWITCH_OFF_NAMED.format(label=self.labels[rule]))

    def _set_off_lines(self, lines: list[tuple[str, str]]) -> None:
        while len(self.off_lines) > len(lines):
            self.off_lines.pop()
            self.switch_on_buttons.pop()
            self._remove(self._off_rows.pop())
        while len(self.off_lines) < len(lines):
            index = len(self.off_lines)
            row, label, button = self._row(strings.RULE_SWITCH_ON, lambda _=False, i=index: self._switch_on(i))
            set_role(label, "sectionIntro")  # said in italics: it no longer applies
            self.layout_.addWidget(row)
            self._off_rows.append(row)
            self.off_lines.append(label)
            self.switch_on_buttons.append(button)
        for (key, text), label, button in zip(lines, self.off_lines, self.switch_on_buttons, strict=True):
            label.setText(text)
            label.setAccessibleName(text)
            button.setProperty("rule", key)
            button.setAccessibleName(strings.RULE_SWITCH_ON_NAMED.format(label=self.labels.get(key, key)))

    def _row(self, button_text: str, clicked: Callable[..., None]) -> tuple[QWidget, QLabel, QPushButton]:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(row)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        button = QPushButton(button_text, row)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(clicked)
        layout.addWidget(label, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row, label, button

    def _remove(self, row: QWidget) -> None:
        self.layout_.removeWidget(row)
        row.deleteLater()

    # -- switching a rule off and on -------------------------------------------------------
    def _switch_off(self, index: int) -> None:
        rule, reference = self._line_rules[index], self.reference
        if rule is None or reference is None:
            return
        reason = self.ask(strings.RULE_REASON.format(label=self.labels.get(rule, rule)))
        if reason is None:
            return  # cancelled
        # An empty reason goes to the service too: it says why one is needed.
        self.bridge.apply(
            lambda s: switch_off_rule(s, reference, rule, reason), None, lambda error: show_error(self, error)
        )

    def _switch_on(self, index: int) -> None:
        rule, reference = self.switch_on_buttons[index].property("rule"), self.reference
        if not rule or reference is None:
            return
        self.bridge.apply(lambda s: switch_on_rule(s, reference, str(rule)), None, lambda e: show_error(self, e))

    def _failed(self, error: BaseException) -> None:
        self._set_lines([Line(explained(error))])
        self._set_off_lines([])

    def texts(self) -> list[str]:
        return [label.text() for label in self.lines]

    def off_texts(self) -> list[str]:
        """The lines saying which rules are switched off for the case."""
        return [label.text() for label in self.off_lines]

    def clear_content(self) -> None:
        self.reference, self.items, self.notices, self.off = None, [], [], {}
        self._set_lines([])
        self._set_off_lines([])
