"""Close a case (date, reason, the outcome at closure, a closing summary, who was told), and
reopen a closed one (with a reason).

The reasons and the outcome questions are the form pack's (``closure:`` in forms/form.yaml,
read by app/closure.closure_spec). Each dialog stores through its service and stays open with
the service's message when refused (an empty summary or reason, a date in the future): nothing
is changed then. Nothing is chosen for the person: a reason and each outcome start on
"Choose…". The drop-downs sit in a scroll area, so the wheel guard (ui/assessment/wheel.py)
makes the wheel scroll, never change an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Change
from hsb_desk.app.closure import ClosureDraft, ClosureRecord, ClosureSpec, close_case, reopen_case
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import parse_uk_date
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.editors.date import date_problem
from hsb_desk.ui.errors import explained
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.pathway.change_view import uk_date
from hsb_desk.ui.style import colour, set_role


def _choices(parent: QWidget, name: str, options: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    combo.addItem(strings.CLOSURE_CHOOSE, "")
    for value, label in options:
        combo.addItem(label, value)
        combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
    # As wide as the dialog gives it, not as its longest answer: the list opens as wide as it needs.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


class _ServiceDialog(QDialog):
    """A dialog whose main button runs one service: accepted when it is stored, else the
    service's message is shown and the dialog stays as it was."""

    stored = Signal(object)  # the Change

    def __init__(self, bridge: Bridge, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.submit)

    def submit(self) -> None:
        """What the dialog asks of the workbook; each dialog below sends its own service call."""
        self.accept()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def run(self, service: Callable[[WorkbookSession], Change]) -> None:
        self.say("")
        self.setEnabled(False)
        self.bridge.apply(service, self._stored, self._refused)

    def _stored(self, change: Change) -> None:
        self.setEnabled(True)
        self.stored.emit(change)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.say(explained(error))


class ClosureDialog(_ServiceDialog):
    def __init__(
        self, bridge: Bridge, reference: str, spec: ClosureSpec, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(bridge, parent)
        self.reference, self.spec = reference, spec
        self.setWindowTitle(strings.CLOSURE_TITLE.format(reference=reference))
        self.resize(720, 680)
        outer = QVBoxLayout(self)
        intro = QLabel(strings.CLOSURE_INTRO, self)
        intro.setWordWrap(True)
        set_role(intro, "sectionIntro")
        outer.addWidget(intro)
        body = QWidget(self)
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.date = QLineEdit(f"{today:%d/%m/%Y}", body)
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setAccessibleName(strings.CLOSURE_DATE)
        self.date.setMaximumWidth(140)
        form.addRow(strings.CLOSURE_DATE, self.date)
        self.reason = _choices(body, strings.CLOSURE_REASON, spec.reasons)
        form.addRow(strings.CLOSURE_REASON, self.reason)
        outcomes = QGroupBox(strings.CLOSURE_OUTCOMES, body)
        questions = QFormLayout(outcomes)
        # Each question beside its answer, as the rows above (one long question put alone above
        # its answer read as a heading of the others).
        questions.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.outcomes: dict[str, QComboBox] = {}
        for question in spec.outcomes:
            combo = _choices(outcomes, question.label, question.options)
            questions.addRow(question.label, combo)
            self.outcomes[question.key] = combo
        form.addRow(outcomes)
        self.summary = QPlainTextEdit(body)
        tab_moves_on(self.summary)
        self.summary.setAccessibleName(strings.CLOSURE_SUMMARY)
        self.summary.setMinimumHeight(110)
        form.addRow(QLabel(f"<b>{strings.CLOSURE_SUMMARY}</b>", body))
        form.addRow(self.summary)
        self.told = QPlainTextEdit(body)
        tab_moves_on(self.told)
        self.told.setAccessibleName(strings.CLOSURE_TOLD)
        self.told.setPlaceholderText(strings.CLOSURE_TOLD_HINT)
        self.told.setMaximumHeight(70)
        form.addRow(QLabel(f"<b>{strings.CLOSURE_TOLD}</b>", body))
        form.addRow(self.told)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.message)
        self.save_button = self.buttons.addButton(strings.CLOSURE_SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        outer.addWidget(self.buttons)

    def draft(self) -> ClosureDraft | None:
        """What was entered, or None (and why, shown) when the date cannot be read."""
        text = self.date.text()
        day = parse_uk_date(text)
        if day is None:
            self.say(date_problem(text) or strings.CLOSURE_BAD_DATE)
            return None
        return ClosureDraft(
            closed_on=day.isoformat(),
            reason=self.reason.currentData() or "",
            outcomes={key: combo.currentData() for key, combo in self.outcomes.items() if combo.currentData()},
            summary=self.summary.toPlainText(),
            told=self.told.toPlainText(),
        )

    def submit(self) -> None:
        draft, reference = self.draft(), self.reference
        if draft is not None:
            self.run(lambda s: close_case(s, reference, draft))


class ReopenDialog(_ServiceDialog):
    def __init__(
        self, bridge: Bridge, reference: str, closure: ClosureRecord | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(bridge, parent)
        self.reference = reference
        self.setWindowTitle(strings.REOPEN_TITLE.format(reference=reference))
        self.resize(560, 300)
        outer = QVBoxLayout(self)
        if closure is not None:
            intro = QLabel(strings.REOPEN_INTRO.format(date=uk_date(closure.closed_on)), self)
            intro.setWordWrap(True)
            outer.addWidget(intro)
        outer.addWidget(QLabel(f"<b>{strings.REOPEN_REASON}</b>", self))
        self.reason = QPlainTextEdit(self)
        tab_moves_on(self.reason)
        self.reason.setAccessibleName(strings.REOPEN_REASON)
        outer.addWidget(self.reason, 1)
        outer.addWidget(self.message)
        self.save_button = self.buttons.addButton(strings.REOPEN_SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        outer.addWidget(self.buttons)

    def submit(self) -> None:
        reference, reason = self.reference, self.reason.toPlainText()
        self.run(lambda s: reopen_case(s, reference, reason))
