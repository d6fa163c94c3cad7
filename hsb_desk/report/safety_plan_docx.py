"""The immediate safety plan as a short Word document of its own, for the agencies at the meeting.

It is laid out from the full report's model (so the marking, the reference, the shared version's
withholding and every value's wording are the report's own), on the same reference document:
one section, under a short table of who the plan is about, with no cover page, contents or
closing parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.document import Document

from hsb_desk.domain.dates import format_uk_date
from hsb_desk.report.docx_writer import _Writer, render_with
from hsb_desk.report.model import CoverRow, ReportModel, Section
from hsb_desk.report.text import one_line

# The document's own wording (the section's title and fields come from the form pack).
DOCUMENT_DATE = "Date of this document"
CASE_REFERENCE = "Case reference"
SHARED_SUFFIX = " (shared version)"
INTRO = (
    "The plan agreed by the agencies to keep everyone safe while the assessment is made. "
    "Each person named is responsible for the measures beside their name; tell the lead "
    "practitioner at once if a measure cannot be kept."
)


@dataclass(frozen=True)
class SafetyPlanModel:
    """What the stand-alone document shows: the report's model cut down to one section."""

    report: ReportModel
    section: Section
    about: tuple[CoverRow, ...]  # who the plan is about: the case's identifying details
    handling: tuple[str, ...]  # how to handle the document (the report's handling notice)


def safety_plan_model(
    report: ReportModel, section_key: str, about: tuple[CoverRow, ...], today: date
) -> SafetyPlanModel | None:
    """The document of section ``section_key`` of ``report``, or None if the report has no such
    section. It is not a draft of the assessment (the plan is agreed at the meeting), so it carries
    no draft mark; its footer says what it is and when it was written."""
    section = next((s for s in report.sections if s.key == section_key), None)
    if section is None:
        return None
    title = one_line(section.title) + (SHARED_SUFFIX if report.version == "shared" else "")
    cut = report.short_document(title, (section,), format_uk_date(today))
    rows = (*about, CoverRow(CASE_REFERENCE, report.reference), CoverRow(DOCUMENT_DATE, format_uk_date(today)))
    return SafetyPlanModel(cut, section, rows, report.handling())


def render_safety_plan_docx(plan: SafetyPlanModel, reference: Path, logo: Path | None = None) -> bytes:
    """The document as the bytes of a .docx file, on the report's reference document."""
    return render_with(lambda document: _PlanWriter(document, plan), reference, logo)


class _PlanWriter(_Writer):
    def __init__(self, document: Document, plan: SafetyPlanModel) -> None:
        super().__init__(document, plan.report)
        self.plan = plan

    def body(self) -> None:
        self.para(self.plan.report.title, "Title")
        self.details([(row.label, (row.text,), row.missing, "") for row in self.plan.about])
        # How to handle it comes first, where each agency reads it before the plan (at the end
        # it fell alone onto a second page of an otherwise one-page plan).
        for text in self.plan.handling:
            self.para(text, "HSB Notice").paragraph_format.keep_with_next = False
        self.para(INTRO, "Normal")
        for item in self._with_details(self.plan.section.items):
            self.item(item)
        for note in self.plan.section.notes:
            self.para(note, "HSB Note")
