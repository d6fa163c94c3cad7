"""A case over time, in a window of its own beside the assessment: what happened in date order
(meetings, the plan, reviews, decisions, reassessments, closure), the intervention plan's
targets with their latest progress, the change over time of each area's ratings, and the case's
state with what can be done next: record a review, close, reopen, start a reassessment.

Each action is enabled only when it can apply (close an open case, reopen a closed one,
reassess a signed-off one); the services refuse otherwise, and their message is shown here.
The window reads the case itself and again whenever a change touches it (ChangeFollower): a
review, a closure or a reassessment refreshes it, the assessment and the meetings alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.change_over_time import ChangeOverTime, change_over_time
from hsb_desk.app.changes import Change, Records
from hsb_desk.app.closure import ClosureRecord, closure_of, closure_spec
from hsb_desk.app.pathway import ChronologyEntry, list_meetings
from hsb_desk.app.pathway.reviews import (
    ReviewRecord,
    level_options,
    list_reviews,
    plan_targets,
    progress_options,
    rating_areas,
    review_meeting_types,
)
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.timeline import case_timeline
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.follow import ChangeFollower
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.pathway.change_view import ChangeOverTimeView, uk_date
from hsb_desk.ui.pathway.closure_dialog import ClosureDialog, ReopenDialog
from hsb_desk.ui.pathway.review_dialog import ReviewDialog, ReviewSetup
from hsb_desk.ui.prompts import Prompts
from hsb_desk.ui.style import set_role

#: A review or closure (PATHWAY, STATUS), a reassessment or sign-off (STATUS, VERSIONS), the
#: plan's targets and the assessment's ratings (VALUES).
FOLLOWS = Records.VALUES | Records.PATHWAY | Records.STATUS | Records.VERSIONS
TABS = ("timeline", "plan", "change")
OPEN_STATUSES = ("draft", "with_coworker", "awaiting_signoff", "signed_off")


@dataclass(frozen=True)
class TimelineSnapshot:
    """One case over time, read at once on the database thread."""

    status: str
    today: date
    entries: list[ChronologyEntry] = field(default_factory=list)
    targets: tuple[str, ...] = ()
    reviews: list[ReviewRecord] = field(default_factory=list)
    change: ChangeOverTime | None = None
    closure: ClosureRecord | None = None


def read_timeline(session: WorkbookSession, reference: str) -> TimelineSnapshot:
    return TimelineSnapshot(
        status=session.case(reference).status,
        today=session.today(),
        entries=case_timeline(session, reference),
        targets=plan_targets(session, reference),
        reviews=list_reviews(session, reference),
        change=change_over_time(session, reference),
        closure=closure_of(session, reference),
    )


def _table(parent: QWidget, headers: tuple[str, ...], name: str, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    tab_moves_on(table)
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    # Rows grow with their wrapped text whenever the columns change width (a table filled while
    # its tab is hidden would otherwise keep the heights of its narrow first layout).
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            table.setItem(row, column, cell)


class CaseTimelineDialog(QDialog):
    """Not modal, as the meetings window: the assessment stays usable beside it.
    ``open_meetings(meeting_type)`` shows the case's meetings with a new one of that type started
    (to record a review meeting first)."""

    def __init__(
        self,
        bridge: Bridge,
        prompts: Prompts,
        form: FormDefinition,
        open_meetings: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.resize(1150, 760)
        self.bridge, self.prompts, self.form, self.open_meetings = bridge, prompts, form, open_meetings
        self.reference: str | None = None
        self.snapshot: TimelineSnapshot | None = None
        self.review_dialog: ReviewDialog | None = None
        self.closure_dialog: ClosureDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None
        ChangeFollower(self, bridge, FOLLOWS, self._reload, lambda: self.reference)
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        set_role(self.title, "caseTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setAccessibleName(strings.TIMELINE_STATE.format(status=""))
        layout.addWidget(self.state)
        self.actions_row = QHBoxLayout()
        self.review_button = QPushButton(strings.TIMELINE_RECORD_REVIEW, self)
        self.close_button = QPushButton(strings.TIMELINE_CLOSE, self)
        self.reopen_button = QPushButton(strings.TIMELINE_REOPEN, self)
        self.reassess_button = QPushButton(strings.TIMELINE_REASSESS, self)
        for button in (self.review_button, self.close_button, self.reopen_button, self.reassess_button):
            button.setEnabled(False)
            self.actions_row.addWidget(button)
        # Other helpers' case commands join the row here (add_case_button): e.g. "Export safety plan…".
        self.actions_row.addStretch(1)
        layout.addLayout(self.actions_row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_timeline(), strings.TIMELINE_TAB)
        self.tabs.addTab(self._build_plan(), strings.TIMELINE_PLAN_TAB)
        self.change_view = ChangeOverTimeView(self.tabs)
        self.tabs.addTab(self.change_view, strings.TIMELINE_CHANGE_TAB)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.hide)
        layout.addWidget(buttons)
        self.review_button.clicked.connect(self.record_review)
        self.close_button.clicked.connect(self.close_case)
        self.reopen_button.clicked.connect(self.reopen_case)
        self.reassess_button.clicked.connect(self.reassess)

    def _build_timeline(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        heading = QLabel(strings.TIMELINE_HEADING, page)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        self.table = _table(page, strings.TIMELINE_HEADERS, strings.TIMELINE_TAB, 1)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(strings.TIMELINE_EMPTY, page)
        layout.addWidget(self.empty)
        return page

    def _build_plan(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        heading = QLabel(strings.PLAN_HEADING, page)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        self.plan = _table(page, strings.PLAN_HEADERS, strings.PLAN_HEADING, 0)
        self.plan.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.plan, 1)
        self.plan_empty = QLabel(strings.PLAN_EMPTY, page)
        layout.addWidget(self.plan_empty)
        return page

    def add_case_button(self, text: str, slot: Callable[[str], None]) -> QPushButton:
        """Another command on the case shown (it gets the reference), beside the four."""
        button = QPushButton(text, self)
        button.clicked.connect(lambda: slot(self.reference) if self.reference else None)
        self.actions_row.insertWidget(self.actions_row.count() - 1, button)
        return button

    # -- reading -------------------------------------------------------------------------------
    def show_case(self, reference: str, tab: str = "timeline") -> None:
        if reference != self.reference:
            self.clear_content()
        self.reference = reference
        self.setWindowTitle(strings.TIMELINE_TITLE.format(reference=reference))
        self.title.setText(reference)
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        self._reload()
        self.show()
        self.raise_()
        self.activateWindow()

    def set_form(self, form: FormDefinition) -> None:
        self.form = form
        self._reload()

    def _reload(self) -> None:
        reference = self.reference
        if reference is not None:
            self.bridge.run(lambda s: read_timeline(s, reference), lambda t: self._show(reference, t), self._failed)

    def _show(self, reference: str, snapshot: TimelineSnapshot) -> None:
        if reference != self.reference:
            return
        self.snapshot = snapshot
        _fill(self.table, [(f"{e.date:%d/%m/%Y}", e.what, e.source) for e in snapshot.entries])
        self.empty.setVisible(not snapshot.entries)
        self._show_plan(snapshot)
        self.change_view.show_change(snapshot.change, level_options(self.form))
        self._show_state(snapshot)

    def _show_plan(self, snapshot: TimelineSnapshot) -> None:
        labels = dict(progress_options(self.form))
        latest: dict[str, tuple[str, str, str]] = {}
        for review in sorted(snapshot.reviews, key=lambda r: r.held_on):
            for progress in review.progress:
                label = labels.get(progress.status, progress.status)
                latest[progress.target] = (label, progress.note, review.held_on)
        rows = []
        for target in snapshot.targets:
            status, note, on = latest.get(target, (strings.PLAN_NOT_REVIEWED, "", ""))
            rows.append((target, status, note, uk_date(on) if on else ""))
        _fill(self.plan, rows)
        self.plan_empty.setVisible(not snapshot.targets)

    def _show_state(self, snapshot: TimelineSnapshot) -> None:
        status = snapshot.status
        closed = status == "closed"
        if closed and snapshot.closure is not None:
            reasons = dict(closure_spec(self.form).reasons)
            reason = reasons.get(snapshot.closure.reason, snapshot.closure.reason)
            day = uk_date(snapshot.closure.closed_on)
            self.state.setText(strings.TIMELINE_STATE_CLOSED.format(date=day, reason=reason))
        else:
            self.state.setText(strings.TIMELINE_STATE.format(status=strings.STATUS_LABELS.get(status, status)))
        is_open, signed = status in OPEN_STATUSES, status == "signed_off"
        for button, enabled, tip, why_not in (
            (self.review_button, is_open, strings.TIMELINE_REVIEW_TIP, strings.TIMELINE_REVIEW_CLOSED),
            (self.close_button, is_open, strings.TIMELINE_CLOSE_TIP, strings.TIMELINE_CLOSE_NOT_OPEN),
            (self.reopen_button, closed, strings.TIMELINE_REOPEN_TIP, strings.TIMELINE_REOPEN_NOT_CLOSED),
            (self.reassess_button, signed, strings.TIMELINE_REASSESS_TIP, strings.TIMELINE_REASSESS_NOT_SIGNED),
        ):
            button.setEnabled(enabled)
            button.setToolTip(tip if enabled else why_not)

    def _failed(self, error: BaseException) -> None:
        self.say(explained(error))

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the actions ---------------------------------------------------------------------------
    def record_review(self) -> None:
        reference, form = self.reference, self.form
        if reference is None:
            return
        self.say("")
        types = set(review_meeting_types(form))

        def setup(session: WorkbookSession) -> ReviewSetup:
            return ReviewSetup(
                meetings=tuple(m for m in list_meetings(session, reference) if m.type in types),
                targets=plan_targets(session, reference),
                areas=rating_areas(form),
                levels=level_options(form),
                progress_options=progress_options(form),
                reviews=tuple(list_reviews(session, reference)),
                change=change_over_time(session, reference),
            )

        def show(ready: ReviewSetup) -> None:
            if reference != self.reference:
                return
            self.review_dialog = ReviewDialog(self.bridge, form, reference, ready, self)
            self.review_dialog.meetings_requested.connect(self.open_meetings)
            self.review_dialog.recorded.connect(self._review_recorded)
            self.review_dialog.open()

        self.bridge.run(setup, show, self._failed)

    def _review_recorded(self, _change: Change) -> None:
        dialog = self.review_dialog
        meeting = dialog.chosen_meeting() if dialog is not None else None
        self.say(strings.TIMELINE_REVIEW_DONE.format(date=uk_date(meeting.held_on) if meeting else ""))

    def close_case(self) -> None:
        if self.reference is None or self.snapshot is None:
            return
        self.say("")
        spec, today = closure_spec(self.form), self.snapshot.today
        self.closure_dialog = ClosureDialog(self.bridge, self.reference, spec, today, self)
        self.closure_dialog.stored.connect(lambda _c: self.say(strings.TIMELINE_CLOSED_DONE))
        self.closure_dialog.open()

    def reopen_case(self) -> None:
        if self.reference is None or self.snapshot is None:
            return
        self.say("")
        self.reopen_dialog = ReopenDialog(self.bridge, self.reference, self.snapshot.closure, self)
        self.reopen_dialog.stored.connect(lambda _c: self.say(strings.TIMELINE_REOPENED_DONE))
        self.reopen_dialog.open()

    def reassess(self) -> None:
        from hsb_desk.app.signoff import reassess

        reference = self.reference
        if reference is None:
            return
        self.say("")
        reason = self.prompts.ask_text(strings.TIMELINE_REASSESS_REASON)
        if reason is None:
            return

        def done(_change: Change) -> None:
            self.say(strings.TIMELINE_REASSESSED)

        self.bridge.apply(lambda s: reassess(s, reference, reason), done, self._failed)

    def clear_content(self) -> None:
        """Locking or another case: nothing of this one is left."""
        for dialog in (self.review_dialog, self.closure_dialog, self.reopen_dialog):
            if dialog is not None:
                dialog.reject()
                dialog.deleteLater()
        self.review_dialog = self.closure_dialog = self.reopen_dialog = None
        self.reference, self.snapshot = None, None
        self.table.setRowCount(0)
        self.plan.setRowCount(0)
        self.change_view.clear_content()
        self.title.clear()
        self.state.clear()
        self.say("")
        for button in (self.review_button, self.close_button, self.reopen_button, self.reassess_button):
            button.setEnabled(False)
