"""The report of a review (``hsb-desk review-report``, Case timeline ▸ Export review report…): a
short Word document of one review meeting, with the change over time up to it. Written and
recorded in the sharing record as a report is (kind ``review``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.app.change_over_time import change_over_time
from hsb_desk.app.pathway import ATTENDANCE, list_meetings, meeting_label
from hsb_desk.app.pathway.reviews import (
    level_options,
    list_reviews,
    progress_options,
)
from hsb_desk.app.reports import Progress, WrittenReport, prepare_report, record_report
from hsb_desk.app.reports.output_names import current_version_number, resolve_output, safe_reference
from hsb_desk.app.reports.safety_plan import about_rows
from hsb_desk.app.reports.short_document import DocumentJob
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.errors import InvalidInput
from hsb_desk.report.model import CoverRow

REVIEW_KIND = "review"  # the sharing record's kind (app/reports/sharing.py)
ATTENDANCE_WORDS = dict(zip(ATTENDANCE, ("Attended", "Sent apologies", "Invited"), strict=True))
NOT_NAMED = "Name not recorded"
NO_REVIEW = "No review has been recorded for this case yet: record one first (hsb-desk review)."
NOT_THAT_REVIEW = "No review is recorded at that meeting; 'hsb-desk reviews' lists the case's reviews."


def default_review_report_name(session: WorkbookSession, reference: str, held_on: str) -> str:
    """``HSB-2026-0001 review 2026-11-06.docx``: the case and the day of the review."""
    return f"{safe_reference(session.case(reference).reference)} review {held_on}.docx"


def prepare_review_report(
    session: WorkbookSession,
    reference: str,
    meeting_id: int | None,
    out_path: Path | None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> DocumentJob:
    """Read the review at ``meeting_id`` (None: the latest) and lay its report out. Raises
    InvalidInput (no such case or review), OutputExists or ExportFailed; nothing is written."""
    from hsb_desk.report.review_docx import ChangeTable, render_review_docx, review_report_model

    reviews = list_reviews(session, reference)
    if not reviews:
        raise InvalidInput(NO_REVIEW)
    review = reviews[-1] if meeting_id is None else next((r for r in reviews if r.meeting_id == meeting_id), None)
    if review is None:
        raise InvalidInput(NOT_THAT_REVIEW)
    meeting = next(m for m in list_meetings(session, reference) if m.id == review.meeting_id)
    target = resolve_output(out_path, default_review_report_name(session, reference, review.held_on))
    job = prepare_report(session, reference, target, "full", None, None, progress, overwrite=overwrite)
    form = session.form
    about = [*about_rows(session, reference)]  # who the review is about, as the safety plan says it
    about.append(CoverRow("Case reference", job.model.reference))
    about.append(CoverRow("Review", f"{meeting_label(form, meeting.type)}, {_day(review.held_on)}"))
    if meeting.next_on:
        about.append(CoverRow("Next review agreed for", _day(meeting.next_on)))
    # A role suggested for the meeting that nobody filled in (no name, only "invited") is not a
    # person at the review: listed, it read as a row left unfinished.
    people = tuple(
        (
            a.name.strip() or NOT_NAMED,
            ", ".join(p for p in (a.agency, a.role) if p),
            ATTENDANCE_WORDS.get(a.attendance, a.attendance),
        )
        for a in meeting.attendees
        if a.name.strip() or a.attendance != "invited"
    )
    statuses = dict(progress_options(form))
    done = tuple((p.target, statuses.get(p.status, p.status), p.note) for p in review.progress)
    view = change_over_time(session, reference)
    columns = [c for c in view.columns if c.on <= review.held_on]
    levels = dict(level_options(form))
    rows = []
    for area in view.areas:
        cells = tuple(_levels(levels, c.ratings.get(area.key)) for c in columns)
        if any(cell != _levels(levels, None) for cell in cells):
            rows.append((area.label, cells))
    change = ChangeTable(tuple(f"{c.label}, {_day(c.on)}" for c in columns), tuple(rows))
    model = review_report_model(
        job.model, tuple(about), people, meeting.decisions, done, change, format_uk_date(session.today())
    )
    details = {
        "kind": REVIEW_KIND,
        "version": current_version_number(session, reference),
        "protected": False,
        "review": review.held_on,
    }
    return DocumentJob(
        job.reference, target, overwrite, model, job.reference_docx, job.logo, details, render_review_docx
    )


def export_review_report(
    session: WorkbookSession,
    reference: str,
    meeting_id: int | None,
    out_path: Path | None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> WrittenReport:
    job = prepare_review_report(session, reference, meeting_id, out_path, overwrite, progress)
    return record_report(session, job, job.render(progress), progress)


def _levels(levels: dict[str, str], rating: Any) -> str:
    if rating is None:
        return "–"
    concern = levels.get(rating.concern or "", "–")
    strength = levels.get(rating.strength or "", "–")
    return f"Concern {concern.lower()} / strengths {strength.lower()}"


def _day(text: str) -> str:
    day = parse_iso_date(text)
    return format_uk_date(day) if day is not None else text
