"""The ``pathway`` part of the JSON interchange (docs/interchange.md): a case's meetings with their
attendees, actions and reviews, its other actions, its manual chronology entries and its closure,
so that the whole case over time moves with the case. Checked as strictly as the values: every
problem is listed, and nothing is imported unless all of it can be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from hsb_desk.app.closure import CLOSED, ClosureDraft, checked_closure
from hsb_desk.app.pathway import Attendee, MeetingDraft, checked_meeting, clean_line, clean_text
from hsb_desk.app.pathway.reviews import (
    AreaRating,
    ReviewDraft,
    TargetProgress,
    checked_review,
    review_meeting_types,
)
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import HsbDeskError, InvalidInput
from hsb_desk.store.case_over_time import CaseOverTimeStore, ClosureRow, ReviewRows
from hsb_desk.store.pathway import ActionRecord, MeetingRecord, PathwayStore
from hsb_desk.store.records import CaseRecord

if TYPE_CHECKING:
    from datetime import date

    from hsb_desk.formspec.model import FormDefinition
    from hsb_desk.store.workbook import Workbook

Problems = list[tuple[str, str]]
_MEETING = {"type", "held_on", "next_on", "decisions", "notes", "attendees", "actions", "review"}
_PATHWAY = {"meetings", "actions", "entries", "closure"}


@dataclass(frozen=True)
class PathwayImport:
    """A checked ``pathway`` part: each meeting with its actions and review, the rest."""

    meetings: tuple[tuple[MeetingRecord, tuple[ActionRecord, ...], ReviewRows | None], ...] = ()
    actions: tuple[ActionRecord, ...] = ()
    entries: tuple[tuple[str, str, str], ...] = ()  # (date, what, recorded by)
    closure: ClosureRow | None = None

    def __bool__(self) -> bool:
        return bool(self.meetings or self.actions or self.entries or self.closure)


# -- export ---------------------------------------------------------------------------------------
def pathway_document(workbook: Workbook, case: CaseRecord) -> dict[str, Any]:
    """The case's pathway as the interchange writes it; empty when nothing is recorded."""
    store = PathwayStore.of(workbook)
    over_time = CaseOverTimeStore.of(workbook)
    reviews = over_time.reviews(case)
    actions = store.actions(case)
    meetings = []
    for meeting in store.meetings(case):
        item: dict[str, Any] = {
            "type": meeting.type,
            "held_on": meeting.held_on,
            "next_on": meeting.next_on,
            "decisions": meeting.decisions,
            "notes": meeting.notes,
            "attendees": [
                {"name": a.name, "agency": a.agency, "role": a.role, "attendance": a.attendance}
                for a in meeting.attendees
            ],
            "actions": [_action(a) for a in actions if a.meeting_id == meeting.id],
        }
        review = reviews.get(meeting.id)
        if review is not None:
            item["review"] = {
                "ratings": {r.area: {"concern": r.concern, "strength": r.strength} for r in review.ratings},
                "progress": [{"target": p.target, "status": p.status, "note": p.note} for p in review.progress],
            }
        meetings.append(item)
    found: dict[str, Any] = {}
    if meetings:
        found["meetings"] = meetings
    loose = [_action(a) for a in actions if a.meeting_id is None]
    if loose:
        found["actions"] = loose
    entries = [{"date": e.on_date, "what": e.what, "recorded_by": e.recorded_by} for e in store.entries(case)]
    if entries:
        found["entries"] = entries
    closure = over_time.closure(case)
    if closure is not None:
        found["closure"] = {
            "closed_on": closure.closed_on,
            "reason": closure.reason,
            "outcomes": dict(sorted(closure.outcomes.items())),
            "summary": closure.summary,
            "told": closure.told,
            "closed_by": closure.closed_by,
        }
    return found


def _action(action: ActionRecord) -> dict[str, Any]:
    return {"what": action.what, "who": action.who, "due": action.due_on, "done_on": action.done_on}


# -- import ---------------------------------------------------------------------------------------
def parse_pathway(form: FormDefinition, data: Any, today: date, problems: Problems) -> PathwayImport:
    """The checked ``pathway`` part of a document (``data`` is None when it has none); each problem
    is added to ``problems`` as (where, why)."""
    if data is None:
        return PathwayImport()
    if not isinstance(data, dict):
        problems.append(("pathway", "must be an object of meetings, actions, entries and closure"))
        return PathwayImport()
    for name in data:
        if name not in _PATHWAY:
            problems.append((f"pathway.{str(name)[:40]}", "is not part of a case's pathway"))
    meetings = []
    for n, raw in enumerate(_list(data, "meetings", problems)):
        meeting = _meeting(form, raw, f"pathway.meetings[{n}]", problems)
        if meeting is not None:
            meetings.append(meeting)
    actions = tuple(
        a
        for n, raw in enumerate(_list(data, "actions", problems))
        if (a := _checked_action(raw, None, f"pathway.actions[{n}]", problems)) is not None
    )
    entries = []
    for n, raw in enumerate(_list(data, "entries", problems)):
        where = f"pathway.entries[{n}]"
        if not isinstance(raw, dict) or parse_iso_date(str(raw.get("date", ""))) is None:
            problems.append((where, "needs a date (YYYY-MM-DD) and what happened"))
            continue
        what = _guarded(lambda raw=raw: clean_text(raw.get("what"), "entry", 1200), where, problems)
        who = _guarded(lambda raw=raw: clean_line(raw.get("recorded_by", ""), "recorded by"), where, problems)
        if what:
            entries.append((str(raw["date"]), what, who or "Imported"))
        elif what == "":
            problems.append((where, "needs what happened"))
    closure = _closure(form, data.get("closure"), today, problems)
    return PathwayImport(tuple(meetings), actions, tuple(entries), closure)


def store_pathway(workbook: Workbook, case: CaseRecord, found: PathwayImport, actor: str) -> None:
    """Record a checked pathway for a case just imported, in the caller's transaction."""
    store = PathwayStore.of(workbook)
    over_time = CaseOverTimeStore.of(workbook)
    for meeting, actions, review in found.meetings:
        meeting_id = store.add_meeting(case, meeting, actor)
        for action in actions:
            store.add_action(case, ActionRecord(0, meeting_id, *_fields(action)), actor)
        if review is not None:
            over_time.set_review(case, ReviewRows(meeting_id, review.ratings, review.progress), actor)
    for action in found.actions:
        store.add_action(case, action, actor)
    for on_date, what, _who in found.entries:
        store.add_entry(case, on_date, what, actor)
    if found.closure is not None:
        # Reopened, an imported case is a draft: the file carries no sign-off to go back to.
        closing = replace(found.closure, previous_status="draft", closed_at=workbook.clock())
        over_time.close(case, closing, actor)
        workbook.cases.set_status(case, CLOSED, actor)


def _fields(action: ActionRecord) -> tuple[str, str, str | None, str | None]:
    return action.what, action.who, action.due_on, action.done_on


def _meeting(
    form: FormDefinition, raw: Any, where: str, problems: Problems
) -> tuple[MeetingRecord, tuple[ActionRecord, ...], ReviewRows | None] | None:
    if not isinstance(raw, dict):
        problems.append((where, "must be an object with the meeting's type and date"))
        return None
    for name in raw:
        if name not in _MEETING:
            problems.append((f"{where}.{str(name)[:40]}", "is not part of a meeting"))
    people = raw.get("attendees", [])
    draft = MeetingDraft(
        raw.get("type", ""),
        raw.get("held_on", ""),
        raw.get("decisions", ""),
        raw.get("notes", ""),
        _attendees(people),
        raw.get("next_on"),
    )
    meeting = _guarded(lambda: checked_meeting(form, draft), where, problems)
    actions = tuple(
        a
        for n, item in enumerate(_list(raw, "actions", problems, where))
        if (a := _checked_action(item, 0, f"{where}.actions[{n}]", problems)) is not None
    )
    review = None
    if "review" in raw:
        review = _guarded(lambda: _review(form, raw["review"], raw.get("type")), f"{where}.review", problems)
    return (meeting, actions, review) if meeting is not None else None


def _attendees(people: Any) -> Any:
    """The people at a meeting as the file gives them; the meeting's own check refuses the rest."""
    return tuple(_attendee(p) for p in people) if isinstance(people, list) else None


def _attendee(raw: Any) -> Attendee | None:
    """A person at a meeting as the file gives them; anything else is refused by the meeting's check."""
    if not isinstance(raw, dict):
        return None
    return Attendee(raw.get("name", ""), raw.get("agency", ""), raw.get("role", ""), raw.get("attendance", "attended"))


def _review(form: FormDefinition, raw: Any, kind: Any) -> ReviewRows:
    if kind not in review_meeting_types(form):
        raise InvalidInput("is recorded on a meeting that is not a review meeting here")
    if not isinstance(raw, dict) or not isinstance(raw.get("ratings", {}), dict):
        raise InvalidInput("must be an object of ratings and progress")
    ratings = tuple(
        AreaRating(area, *(levels.get(k) if isinstance(levels, dict) else "" for k in ("concern", "strength")))
        for area, levels in raw.get("ratings", {}).items()
    )
    items = raw.get("progress", [])
    progress: tuple[Any, ...] = tuple(
        TargetProgress(p.get("target", ""), p.get("status", ""), p.get("note", "")) if isinstance(p, dict) else None
        for p in (items if isinstance(items, list) else [None])
    )  # anything but an object is refused by the review's own check
    return checked_review(form, ReviewDraft(ratings, progress), 0)


def _checked_action(raw: Any, meeting: int | None, where: str, problems: Problems) -> ActionRecord | None:
    if not isinstance(raw, dict):
        problems.append((where, "must be an object with what is to be done"))
        return None
    what = _guarded(lambda: clean_text(raw.get("what"), "action", 1200), where, problems)
    who = _guarded(lambda: clean_line(raw.get("who", ""), "who does it"), where, problems)
    dates = []
    for key in ("due", "done_on"):
        value = raw.get(key)
        if value is not None and parse_iso_date(str(value)) is None:
            problems.append((f"{where}.{key}", "must be a date (YYYY-MM-DD) or null"))
        dates.append(value if isinstance(value, str) else None)
    if what == "":
        problems.append((where, "needs what is to be done"))
    return ActionRecord(0, meeting, what, who or "", dates[0], dates[1]) if what else None


def _closure(form: FormDefinition, raw: Any, today: date, problems: Problems) -> ClosureRow | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(("pathway.closure", "must be an object with the closing date, reason and summary"))
        return None
    draft = ClosureDraft(
        raw.get("closed_on", ""),
        raw.get("reason", ""),
        raw.get("outcomes", {}),
        raw.get("summary", ""),
        raw.get("told", ""),
    )
    checked = _guarded(lambda: checked_closure(form, draft, today), "pathway.closure", problems)
    who = _guarded(lambda: clean_line(raw.get("closed_by", ""), "closed by"), "pathway.closure", problems)
    if checked is None:
        return None
    closed_on, reason, outcomes, summary, told = checked
    return ClosureRow(closed_on, reason, outcomes, summary, told, "", who or "", "")


def _list(data: Mapping[str, Any], name: str, problems: Problems, where: str = "pathway") -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        problems.append((f"{where}.{name}", "must be a list"))
        return []
    return value


def _guarded(check: Any, where: str, problems: Problems) -> Any:
    """What ``check`` returns, or None with its message as a problem at ``where``."""
    try:
        return check()
    except HsbDeskError as exc:
        problems.append((where, exc.user_message.rstrip(".")))
        return None
