"""Reviews: a review meeting re-rates each area and records how far each target of the
intervention plan has got; the change over time sets the ratings of each assessment and of each
review side by side (docs/pathway.md, "Reviews and the change over time").

A review is a meeting of a type that meets the procedure profile's review cycle (``met_by`` of a
repeating rule), so its date, who came and what was decided are the meeting's own. The areas come
from the form's ``area_ratings`` role: the gathered-ratings field lists each area's concern
rating, then its strength rating. The targets come from the ``plan_target`` role. No field key
is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.pathway import checked_meeting, clean_line, clean_text, writable_case
from hsb_desk.app.pathway.meeting_types import meeting_types
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.store.case_over_time import CaseOverTimeStore, ProgressRow, RatingRow, ReviewRows
from hsb_desk.store.pathway import PathwayStore

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState

OVERALL = "overall"
OVERALL_LABEL = "Overall (outcome grid)"
NO_REVIEW_MEETING = "Record the review meeting first (Meetings), then record the review on it."
NOT_A_REVIEW = "That meeting is not a review meeting; choose one of the case's review meetings."
EMPTY_REVIEW = "Rate at least one area or record the progress of at least one target."
MAX_NOTE = 5_000
MAX_TARGETS = 200


@dataclass(frozen=True)
class RatingArea:
    key: str
    label: str
    concern_field: str
    strength_field: str


@dataclass(frozen=True)
class AreaRating:
    area: str
    concern: str | None
    strength: str | None


@dataclass(frozen=True)
class TargetProgress:
    target: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class ReviewDraft:
    ratings: tuple[AreaRating, ...] = ()
    progress: tuple[TargetProgress, ...] = ()


@dataclass(frozen=True)
class ReviewRecord:
    meeting_id: int
    meeting_type: str
    held_on: str
    ratings: tuple[AreaRating, ...]
    progress: tuple[TargetProgress, ...]


# -- what the form gives ------------------------------------------------------------------------
def rating_areas(form: FormDefinition) -> tuple[RatingArea, ...]:
    """Each area with its concern and strength rating, in form order, then the overall levels of
    the outcome grid. Empty when the pack gives no ``area_ratings`` role."""
    spec = form.role_field("area_ratings")
    areas: list[RatingArea] = []
    if spec is not None and spec.compute is not None:
        by_section: dict[str, list[str]] = {}
        for key in spec.compute.sources:
            section = form.section_of(key)
            if section is not None:
                by_section.setdefault(section.key, []).append(key)
        for section_key, keys in by_section.items():
            section = form.section(section_key)
            if section is not None and len(keys) == 2:
                areas.append(RatingArea(section_key, section.title, keys[0], keys[1]))
    if form.grid is not None and areas:
        areas.append(RatingArea(OVERALL, OVERALL_LABEL, form.grid.concern_field, form.grid.strength_field))
    return tuple(areas)


def level_options(form: FormDefinition) -> tuple[tuple[str, str], ...]:
    """(value, label) of the levels a rating takes (those of the first area's concern rating)."""
    areas = rating_areas(form)
    spec = form.get_field(areas[0].concern_field) if areas else None
    return tuple((o.value, o.label) for o in spec.options) if spec is not None else ()


def progress_options(form: FormDefinition) -> tuple[tuple[str, str], ...]:
    return tuple((o.value, o.label) for o in form.option_lists.get("target_progress", ()))


def review_meeting_types(form: FormDefinition) -> tuple[str, ...]:
    """The meeting types a review can be recorded on: those the procedure profile marks as
    reviews (``review: true``); for a profile that marks none, those that meet its repeating
    review limits (``met_by``); every type, "other" included, when there are none either."""
    profile = form.procedure
    if profile is None:
        return tuple(key for key, _ in meeting_types(form))
    marked = tuple(m.key for m in profile.meeting_types if m.review)
    if marked:
        return marked
    found: list[str] = []
    for rule in profile.deadlines:
        if rule.repeat:
            found += [kind for kind in rule.met_by if kind not in found]
    return tuple(found) or tuple(key for key, _ in meeting_types(form))


def plan_targets(session: SessionState, reference: str) -> tuple[str, ...]:
    """The words of each target of the case's intervention plan, in the plan's order."""
    return _targets(session.form, session.workbook.values.values(session.workbook.cases.get(reference)))


def _targets(form: FormDefinition, values: Mapping[str, Any]) -> tuple[str, ...]:
    found = form.role_column("plan_target")
    if found is None:
        return ()
    group, column = found
    rows = values.get(group.key)
    if not isinstance(rows, list):
        return ()
    words = (row.get(column.key) for row in rows if isinstance(row, dict))
    return tuple(" ".join(w.split()) for w in words if isinstance(w, str) and w.strip())


# -- reviews ------------------------------------------------------------------------------------
def list_reviews(session: SessionState, reference: str) -> list[ReviewRecord]:
    """Every review recorded, in the order of their meetings' dates."""
    case = session.workbook.cases.get(reference)
    meetings = {m.id: m for m in PathwayStore.of(session.workbook).meetings(case)}
    rows = CaseOverTimeStore.of(session.workbook).reviews(case)
    order = {area.key: n for n, area in enumerate(rating_areas(session.form))}
    found = [_record(rows[mid], meetings[mid].type, meetings[mid].held_on, order) for mid in meetings if mid in rows]
    return found


def record_review(session: SessionState, reference: str, meeting_id: int, draft: ReviewDraft) -> Change:
    """Record (or replace) what the review at ``meeting_id`` found: each area's levels afresh and
    each target's progress. Refused, changing nothing, for a meeting that is not a review."""
    rows = checked_review(session.form, draft, meeting_id)
    with session.workbook.transaction():
        case, pathway = writable_case(session, reference)
        meeting = pathway.meeting(case, meeting_id)
        if meeting is None:
            raise InvalidInput(NO_REVIEW_MEETING)
        if meeting.type not in review_meeting_types(session.form):
            raise InvalidInput(NOT_A_REVIEW)
        if CaseOverTimeStore.of(session.workbook).set_review(case, rows, session.actor):
            session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.REVIEW, reference, detail={"meeting": meeting_id})


def record_review_meeting(session: SessionState, reference: str, meeting: Any, draft: ReviewDraft) -> Change:
    """Record a review meeting and what the review found, together: both or neither."""
    record = checked_meeting(session.form, meeting)
    if record.type not in review_meeting_types(session.form):
        raise InvalidInput(NOT_A_REVIEW)
    rows = checked_review(session.form, draft, 0)
    with session.workbook.transaction():
        case, pathway = writable_case(session, reference)
        meeting_id = pathway.add_meeting(case, record, session.actor)
        CaseOverTimeStore.of(session.workbook).set_review(case, replace(rows, meeting_id=meeting_id), session.actor)
        session.workbook.cases.touch(case, session.workbook.clock())
    return Change(ChangeKind.REVIEW, reference, detail={"meeting": meeting_id})


def checked_review(form: FormDefinition, draft: Any, meeting_id: int) -> ReviewRows:
    """What a review would store for ``meeting_id`` (``InvalidInput`` when it cannot be stored)."""
    if not isinstance(draft, ReviewDraft):
        raise InvalidInput(EMPTY_REVIEW)
    areas = {a.key: a for a in rating_areas(form)}
    levels = {value for value, _ in level_options(form)}
    ratings: list[RatingRow] = []
    for rating in draft.ratings:
        if not isinstance(rating, AreaRating) or rating.area not in areas:
            raise InvalidInput("Rate the areas of this form only.")
        if any(r.area == rating.area for r in ratings):
            raise InvalidInput(f"{areas[rating.area].label} is rated twice.")
        for level in (rating.concern, rating.strength):
            if level is not None and level not in levels:
                raise InvalidInput(f"Rate {areas[rating.area].label} with one of the levels.")
        if rating.concern is not None or rating.strength is not None:
            ratings.append(RatingRow(rating.area, rating.concern, rating.strength))
    statuses = {value for value, _ in progress_options(form)}
    progress: list[ProgressRow] = []
    if len(draft.progress) > MAX_TARGETS:
        raise InvalidInput(f"A review can record the progress of up to {MAX_TARGETS} targets.")
    for item in draft.progress:
        if not isinstance(item, TargetProgress):
            raise InvalidInput("Record each target's progress with one of the statuses.")
        target = clean_line(item.target, "target")
        if not target:
            raise InvalidInput("Each target whose progress is recorded needs its words.")
        if item.status not in statuses:
            raise InvalidInput(f"Choose how far “{target[:60]}” has got from the list.")
        progress.append(ProgressRow(target, item.status, clean_text(item.note, "note", MAX_NOTE)))
    if not ratings and not progress:
        raise InvalidInput(EMPTY_REVIEW)
    return ReviewRows(meeting_id, tuple(ratings), tuple(progress))


def _record(rows: ReviewRows, kind: str, held_on: str, order: Mapping[str, int]) -> ReviewRecord:
    ratings = sorted(rows.ratings, key=lambda r: order.get(r.area, len(order)))  # in the form's order
    return ReviewRecord(
        rows.meeting_id,
        kind,
        held_on,
        tuple(AreaRating(r.area, r.concern, r.strength) for r in ratings),
        tuple(TargetProgress(p.target, p.status, p.note) for p in rows.progress),
    )
