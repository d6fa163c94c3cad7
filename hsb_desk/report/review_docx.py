"""The report of a review: a short Word document for the people at the review meeting and the
case file. It says who came and what was decided, how far each target of the plan has got, and
sets the ratings of the assessment and of each review so far side by side (the change over time).

It is laid out on the full report's reference document and model (marking, headers, footers),
as the stand-alone safety plan is (report/safety_plan_docx.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from hsb_desk.report.docx_writer import _Writer, render_with
from hsb_desk.report.model import CoverRow, ReportModel

TITLE = "Review of the plan"
ATTENDED = "Who was at the review"
DECISIONS = "What the review decided"
PROGRESS = "Progress on each target of the plan"
CHANGE = "Change over time"
CHANGE_NOTE = (
    "The levels of concern and of strengths for each area, as rated at the assessment and afresh "
    "at each review. A dash means the area was not rated then. The ratings support professional "
    "judgement and never replace it."
)
NOTHING_DECIDED = "No decisions were recorded."
NO_PROGRESS = "No progress was recorded against the plan's targets at this review."
NOT_RATED = "–"
PERSON_COLUMNS = ("Name", "Agency and role", "Attendance")
PROGRESS_COLUMNS = ("Target", "Progress", "Note")


@dataclass(frozen=True)
class ChangeTable:
    """Areas as rows, the assessment and each review as columns: "Concern / Strengths" in each."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (area, one cell per column)


@dataclass(frozen=True)
class ReviewReportModel:
    report: ReportModel  # the case's report model, cut down to the document's frame
    about: tuple[CoverRow, ...]  # who the review is about, and the review itself
    attendees: tuple[tuple[str, str, str], ...]  # (name, agency and role, attendance)
    decisions: str
    progress: tuple[tuple[str, str, str], ...]  # (target, progress, note)
    change: ChangeTable
    handling: tuple[str, ...] = ()  # how to handle the document (the report's handling notice)


def review_report_model(
    report: ReportModel,
    about: tuple[CoverRow, ...],
    attendees: tuple[tuple[str, str, str], ...],
    decisions: str,
    progress: tuple[tuple[str, str, str], ...],
    change: ChangeTable,
    dated: str,
) -> ReviewReportModel:
    """The document's model: ``report`` without its cover, parts and sections (the review is not
    the assessment, so it carries no draft mark); its header says what it is and when. It keeps
    the report's handling notice: it goes to the agencies at the meeting as the report does."""
    cut = report.short_document(TITLE, (), dated)
    return ReviewReportModel(cut, about, attendees, decisions, progress, change, report.handling())


def render_review_docx(model: ReviewReportModel, reference: Path, logo: Path | None = None) -> bytes:
    return render_with(lambda document: _ReviewWriter(document, model), reference, logo)


class _ReviewWriter(_Writer):
    def __init__(self, document: Document, model: ReviewReportModel) -> None:
        super().__init__(document, model.report)
        self.review = model

    def body(self) -> None:
        m = self.review
        self.para(m.report.title, "Title")
        self.details([(row.label, (row.text,), row.missing, "") for row in m.about])
        for text in m.handling:  # read before anything about the child, as in the safety plan
            self.para(text, "HSB Notice").paragraph_format.keep_with_next = False
        if m.attendees:
            self.para(ATTENDED, "Heading 2")
            self.table(PERSON_COLUMNS, tuple(tuple((cell,) for cell in person) for person in m.attendees))
        self.para(DECISIONS, "Heading 2")
        for paragraph in (m.decisions or NOTHING_DECIDED).split("\n"):
            if paragraph.strip():
                self.para(paragraph.strip(), "Normal")
        self.para(PROGRESS, "Heading 2")
        if m.progress:
            self.table(PROGRESS_COLUMNS, tuple(tuple((cell,) for cell in item) for item in m.progress))
        else:
            self.para(NO_PROGRESS, "Normal")
        if m.change.rows:
            self.para(CHANGE, "Heading 2")
            self.para(CHANGE_NOTE, "HSB Note").paragraph_format.keep_with_next = True  # with its table
            rows = tuple(((area,), *((cell,) for cell in cells)) for area, cells in m.change.rows)
            self.table(("Area", *m.change.columns), rows)
