"""The change over time: the ratings of each assessment (as signed) and of each review, side by
side, oldest first (docs/case-over-time.md, "The change over time"). The Case timeline page, its
chart, ``hsb-desk reviews`` and the report of a review read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hsb_desk.app.pathway.meeting_types import meeting_label
from hsb_desk.app.pathway.reviews import AreaRating, RatingArea, list_reviews, rating_areas
from hsb_desk.app.signoff.versions import signed_values, versions
from hsb_desk.store.case_over_time import CaseOverTimeStore

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession


@dataclass(frozen=True)
class RatingColumn:
    label: str
    on: str
    kind: str  # "assessment" | "review"
    ratings: Mapping[str, AreaRating]
    in_progress: bool = False  # an assessment not signed yet: as it stands today, not a judgement made


@dataclass(frozen=True)
class ChangeOverTime:
    areas: tuple[RatingArea, ...]
    columns: tuple[RatingColumn, ...]


def change_over_time(session: WorkbookSession, reference: str) -> ChangeOverTime:
    """The ratings of each assessment (as signed; the one under way as it stands, if it has any
    ratings) and of each review, oldest first."""
    form = session.form
    areas = rating_areas(form)
    case = session.workbook.cases.get(reference)
    columns: list[tuple[str, int, RatingColumn]] = []
    for label, version, signed_on in assessment_rounds(session, reference):
        if signed_on is not None:
            values = signed_values(session, reference, version)
            on = signed_on
        else:
            values = session.workbook.values.values(case)
            on = session.today().isoformat()
            label = f"{label} (in progress)"
        ratings = _ratings_of(areas, values)
        if ratings or signed_on is not None:
            column = RatingColumn(label, on, "assessment", ratings, in_progress=signed_on is None)
            columns.append((on, 0 if signed_on else 2, column))
    for review in list_reviews(session, reference):
        name = f"Review ({meeting_label(form, review.meeting_type)})"
        ratings = {r.area: r for r in review.ratings}
        columns.append((review.held_on, 1, RatingColumn(name, review.held_on, "review", ratings)))
    columns.sort(key=lambda item: (item[0], item[1]))
    return ChangeOverTime(areas, tuple(column for _, _, column in columns))


def assessment_rounds(session: WorkbookSession, reference: str) -> list[tuple[str, int, str | None]]:
    """(label, version, signed on) of each assessment of the case: the first, then each
    reassessment, with its latest signed version (or its open one, signed on None)."""
    case = session.workbook.cases.get(reference)
    starts = {row.version for row in CaseOverTimeStore.of(session.workbook).reassessments(case)}
    rounds: list[list[Any]] = []
    for info in versions(session, reference):
        if not rounds or info.number in starts:
            label = "Assessment" if not rounds else f"Reassessment {len(rounds)}"
            rounds.append([label, info.number, None])
        if info.status == "signed":  # the round's latest signed version stands for it
            rounds[-1][1:] = [info.number, info.signed_on or (info.signed_at or "")[:10]]
    return [(label, version, signed_on) for label, version, signed_on in rounds]


def _ratings_of(areas: tuple[RatingArea, ...], values: Mapping[str, Any]) -> dict[str, AreaRating]:
    found = {}
    for area in areas:
        concern, strength = values.get(area.concern_field), values.get(area.strength_field)
        if isinstance(concern, str) or isinstance(strength, str):
            found[area.key] = AreaRating(
                area.key, concern if isinstance(concern, str) else None, strength if isinstance(strength, str) else None
            )
    return found
