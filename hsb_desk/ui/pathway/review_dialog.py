"""Record a review: on one of the case's review meetings, the progress on each target of the
intervention plan and each area's level of concern and of strengths afresh.

A review is a meeting (app/pathway/reviews.py): the dialog offers the case's meetings of the
review types, or, when there is none yet, says to record the meeting first and offers to open
the meetings window. What it shows first is what the meeting's review recorded, else the last
ratings (the last review's, or the assessment's) and the last progress, to be changed where the
review found otherwise. The dialog stores through ``record_review`` and stays open with the
service's message when it is refused. Every drop-down sits in a scroll area: the wheel guard
(ui/assessment/wheel.py) makes the wheel scroll it, never change a choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.change_over_time import ChangeOverTime
from hsb_desk.app.changes import Change
from hsb_desk.app.pathway import MeetingRecord, meeting_label
from hsb_desk.app.pathway.reviews import (
    AreaRating,
    RatingArea,
    ReviewDraft,
    ReviewRecord,
    TargetProgress,
    record_review,
    review_meeting_types,
)
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
from hsb_desk.ui.pathway.change_view import uk_date
from hsb_desk.ui.style import colour, set_role


@dataclass(frozen=True)
class ReviewSetup:
    """What the dialog offers, read on the database thread (timeline.py)."""

    meetings: tuple[MeetingRecord, ...]  # the case's review meetings, oldest first
    targets: tuple[str, ...]
    areas: tuple[RatingArea, ...]
    levels: tuple[tuple[str, str], ...]
    progress_options: tuple[tuple[str, str], ...]
    reviews: tuple[ReviewRecord, ...] = ()
    change: ChangeOverTime | None = None


def _combo(parent: QWidget, name: str, options: Sequence[tuple[object, str]]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel passing over it does not take focus
    for value, label in options:
        combo.addItem(label, value)
    return combo


def _either(names: list[str]) -> str:
    """ "Further Risk Management Meeting", "A or B", "A, B or C"; past three, any meeting will do."""
    if not names or len(names) > 3:
        return strings.REVIEW_ANY_MEETING
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _choose(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class ReviewDialog(QDialog):
    """``meetings_requested``: the person chose to record the review meeting first."""

    meetings_requested = Signal(str)  # the meeting type to start: the first a review is held at
    recorded = Signal(object)  # the Change

    def __init__(
        self, bridge: Bridge, form: FormDefinition, reference: str, setup: ReviewSetup, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge, self.form, self.reference, self.setup = bridge, form, reference, setup
        self.setWindowTitle(strings.REVIEW_TITLE.format(reference=reference))
        self.resize(860, 720)
        self.progress: list[tuple[str, QComboBox, QLineEdit]] = []
        self.ratings: list[tuple[str, QComboBox, QComboBox]] = []
        outer = QVBoxLayout(self)
        choose = QFormLayout()
        latest_first = [(m.id, self._meeting_text(m)) for m in reversed(setup.meetings)]
        self.meeting = _combo(self, strings.REVIEW_MEETING, latest_first)
        choose.addRow(strings.REVIEW_MEETING, self.meeting)
        outer.addLayout(choose)
        types = review_meeting_types(form)
        self.review_type = types[0] if types else ""
        kinds = _either([meeting_label(form, key) for key in types])
        unreviewed = [m for m in setup.meetings if not any(r.meeting_id == m.id for r in setup.reviews)]
        hint = strings.REVIEW_NO_MEETING if not setup.meetings else strings.REVIEW_ALL_RECORDED
        self.no_meeting = QLabel(hint.format(types=kinds), self)
        self.no_meeting.setWordWrap(True)
        self.open_meetings = QPushButton(strings.REVIEW_OPEN_MEETINGS, self)
        self.open_meetings.clicked.connect(self._to_meetings)
        outer.addWidget(self.no_meeting)
        outer.addWidget(self.open_meetings, 0, Qt.AlignmentFlag.AlignLeft)
        self.prefilled = QLabel(self)
        self.prefilled.setWordWrap(True)
        set_role(self.prefilled, "sectionIntro")
        outer.addWidget(self.prefilled)
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setWidget(self._build_body())
        outer.addWidget(self.body_scroll, 1)
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.message.hide()
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(strings.REVIEW_SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        has_meeting = bool(setup.meetings)
        for widget in (self.meeting, self.body_scroll, self.save_button):
            widget.setEnabled(has_meeting)
        self.no_meeting.setVisible(not unreviewed)  # a new review needs its meeting first
        self.open_meetings.setVisible(not unreviewed)
        if unreviewed:  # the latest meeting still waiting for its review, not last month's review
            self.meeting.setCurrentIndex(max(self.meeting.findData(unreviewed[-1].id), 0))
        self.meeting.currentIndexChanged.connect(lambda _i: self.prefill())
        self.prefill()

    def _meeting_text(self, meeting: MeetingRecord) -> str:
        recorded = any(r.meeting_id == meeting.id for r in self.setup.reviews)
        text = f"{uk_date(meeting.held_on)}: {meeting_label(self.form, meeting.type)}"
        return text + (" (review recorded)" if recorded else "")

    def _build_body(self) -> QWidget:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        progress = QGroupBox(strings.REVIEW_PROGRESS, body)
        grid = QGridLayout(progress)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for column, heading in enumerate(strings.REVIEW_PROGRESS_HEADERS):
            label = QLabel(f"<b>{heading}</b>", progress)
            grid.addWidget(label, 0, column)
        for row, target in enumerate(self.setup.targets, start=1):
            words = QLabel(target, progress)
            words.setWordWrap(True)
            words.setTextFormat(Qt.TextFormat.PlainText)
            status = _combo(progress, f"{strings.REVIEW_PROGRESS_HEADERS[1]}: {target}", self.setup.progress_options)
            note = QLineEdit(progress)
            note.setAccessibleName(f"{strings.REVIEW_NOTE}: {target}")
            note.setPlaceholderText(strings.REVIEW_NOTE)
            grid.addWidget(words, row, 0)
            grid.addWidget(status, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(note, row, 2, Qt.AlignmentFlag.AlignTop)
            self.progress.append((target, status, note))
        if not self.setup.targets:
            grid.addWidget(QLabel(strings.REVIEW_NO_TARGETS, progress), 1, 0, 1, 3)
        layout.addWidget(progress)
        ratings = QGroupBox(strings.REVIEW_RATINGS, body)
        grid = QGridLayout(ratings)
        grid.setColumnStretch(0, 3)
        for column, heading in enumerate(strings.REVIEW_RATINGS_HEADERS):
            grid.addWidget(QLabel(f"<b>{heading}</b>", ratings), 0, column)
        levels: list[tuple[object, str]] = [(None, strings.REVIEW_NOT_RATED), *self.setup.levels]
        for row, area in enumerate(self.setup.areas, start=1):
            label = QLabel(area.label, ratings)
            label.setWordWrap(True)
            concern = _combo(ratings, f"{strings.REVIEW_RATINGS_HEADERS[1]}: {area.label}", levels)
            strength = _combo(ratings, f"{strings.REVIEW_RATINGS_HEADERS[2]}: {area.label}", levels)
            grid.addWidget(label, row, 0)
            grid.addWidget(concern, row, 1)
            grid.addWidget(strength, row, 2)
            self.ratings.append((area.key, concern, strength))
        layout.addWidget(ratings)
        layout.addStretch(1)
        return body

    # -- what it shows first ------------------------------------------------------------------
    def chosen_meeting(self) -> MeetingRecord | None:
        meeting_id = self.meeting.currentData()
        return next((m for m in self.setup.meetings if m.id == meeting_id), None)

    def prefill(self) -> None:
        """The meeting's own review if recorded; else the latest ratings and progress before it."""
        meeting = self.chosen_meeting()
        if meeting is None:
            self.prefilled.clear()
            return
        own = next((r for r in self.setup.reviews if r.meeting_id == meeting.id), None)
        if own is not None:
            ratings = {r.area: r for r in own.ratings}
            progress = {p.target: p for p in own.progress}
            self.prefilled.setText(strings.REVIEW_PREFILLED_THIS)
        else:
            ratings, progress = self._before(meeting)
        first = self.setup.progress_options[0][0] if self.setup.progress_options else None
        for target, status, note in self.progress:
            earlier = progress.get(target)
            _choose(status, earlier.status if earlier else first)
            note.setText(earlier.note if earlier else "")
        for area, concern, strength in self.ratings:
            rating = ratings.get(area)
            _choose(concern, rating.concern if rating else None)
            _choose(strength, rating.strength if rating else None)

    def _before(self, meeting: MeetingRecord) -> tuple[dict[str, AreaRating], dict[str, TargetProgress]]:
        columns = self.setup.change.columns if self.setup.change is not None else ()
        # The latest judgement made by this meeting's day: a review, or a signed assessment; an
        # assessment still being written only when there is nothing else.
        earlier = [c for c in columns if c.on <= meeting.held_on and not c.in_progress] or [
            c for c in columns if c.in_progress
        ]
        # As the latest review (or assessment) rated each area, and no more: an area it left unrated
        # stays unrated, so that nothing is recorded as re-rated unless someone rates it here.
        ratings: dict[str, AreaRating] = dict(earlier[-1].ratings) if earlier else {}
        if earlier:
            self.prefilled.setText(
                strings.REVIEW_PREFILLED.format(source=earlier[-1].label, date=uk_date(earlier[-1].on))
            )
        else:
            self.prefilled.clear()
        progress: dict[str, TargetProgress] = {}
        for review in sorted(self.setup.reviews, key=lambda r: r.held_on):
            if review.held_on <= meeting.held_on and review.meeting_id != meeting.id:
                progress.update({p.target: p for p in review.progress})
        return ratings, progress

    # -- storing ------------------------------------------------------------------------------
    def draft(self) -> ReviewDraft:
        return ReviewDraft(
            ratings=tuple(
                AreaRating(area, concern.currentData(), strength.currentData())
                for area, concern, strength in self.ratings
            ),
            progress=tuple(
                TargetProgress(target, status.currentData(), note.text()) for target, status, note in self.progress
            ),
        )

    def submit(self) -> None:
        meeting = self.chosen_meeting()
        if meeting is None:
            return
        reference, meeting_id, draft = self.reference, meeting.id, self.draft()
        self.save_button.setEnabled(False)
        self.message.hide()
        self.bridge.apply(lambda s: record_review(s, reference, meeting_id, draft), self._recorded, self._refused)

    def _recorded(self, change: Change) -> None:
        self.recorded.emit(change)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(explained(error))
        self.message.show()

    def _to_meetings(self) -> None:
        self.meetings_requested.emit(self.review_type)
        self.reject()
