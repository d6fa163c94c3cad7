"""The case timeline: the chronology (referral, meetings, decisions, plan, versions, ...) with
what the case over time adds to it: what each review found, each reopening and the closure.
One list in date order, as the Case timeline page and ``hsb-desk timeline`` show it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from hsb_desk.app.closure import closure_of, closure_spec, closure_words
from hsb_desk.app.pathway.chronology import KIND_ORDER, SOURCE_RECORD, ChronologyEntry, chronology
from hsb_desk.app.pathway.reviews import (
    list_reviews,
    progress_options,
    rating_areas,
)
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.store.pathway import PathwayStore
from hsb_desk.store.records import decode_object

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

SOURCE_REVIEW = "Reviews"
REVIEW_WHAT = "Review: {rated}{progress}"
CLOSED_WHAT = "Case closed: {reason}"
REOPENED_WHAT = "Case reopened: {reason}"


def case_timeline(session: WorkbookSession, reference: str) -> list[ChronologyEntry]:
    """Every dated event of the case from referral to closure, in date order."""
    entries = chronology(session, reference)
    areas = {a.key: a.label for a in rating_areas(session.form)}
    statuses = dict(progress_options(session.form))
    for review in list_reviews(session, reference):
        rated = f"{len(review.ratings)} of {len(areas)} areas re-rated" if review.ratings else "no area re-rated"
        counts: dict[str, int] = {}
        for item in review.progress:
            counts[item.status] = counts.get(item.status, 0) + 1
        progress = "; targets: " + ", ".join(
            f"{count} {statuses.get(status, status).lower()}" for status, count in counts.items()
        )
        what = REVIEW_WHAT.format(rated=rated, progress=progress if counts else "")
        # Ordered as its meeting, and listed after it (the sort keeps the order of equal entries).
        day = date.fromisoformat(review.held_on)
        entries.append(ChronologyEntry(day, what, SOURCE_REVIEW, "meeting", None, review.meeting_id))
    case = session.workbook.cases.get(reference)
    reasons = dict(closure_spec(session.form).reasons) if session.form.closure is not None else {}
    for event in PathwayStore.of(session.workbook).audit_events(case, ("case reopened",)):
        reason = decode_object(event.new_json).get("reason", "")
        try:
            day = datetime.fromisoformat(event.at).astimezone().date()
        except ValueError:
            continue
        # The closure a reopening ended stays on the timeline: its record is in the reopening's entry.
        ended = decode_object(event.old_json)
        closed_on = parse_iso_date(str(ended.get("closed_on", "")))
        if closed_on is not None:
            why = str(ended.get("reason", ""))
            what = CLOSED_WHAT.format(reason=reasons.get(why, why))
            entries.append(ChronologyEntry(closed_on, what, SOURCE_RECORD, "record", None, event.seq - (1 << 40)))
        entries.append(
            ChronologyEntry(day, REOPENED_WHAT.format(reason=reason), SOURCE_RECORD, "record", None, event.seq)
        )
    closure = closure_of(session, reference)
    if closure is not None:
        reason, _ = closure_words(session.form, closure)
        day = date.fromisoformat(closure.closed_on)
        entries.append(ChronologyEntry(day, CLOSED_WHAT.format(reason=reason), SOURCE_RECORD, "record", None, 1 << 62))
    return sorted(entries, key=lambda e: (e.date, KIND_ORDER.index(e.kind), e.order))
