"""The demo workbook: fictional cases only, for trying HSB Desk and for training.

The cases live in ``resources/demo/``: one fictional child per case, all led by the workbook's
own practitioner (``DEMO_PROFILE``), so the signed-off case is signed by its own lead. Each file
carries a ``demo_anchor`` date: every date in it is moved by the days from that anchor to the day
the demo is made, so ages stay right and the due list reads as a live caseload.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.app import closure, pathway
from hsb_desk.app.backups import backups_for, remove_daily_partials
from hsb_desk.app.pathway import reviews
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff import sign_off
from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import WorkbookLocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.model import FieldSpec
from hsb_desk.store.lock import acquire_lock
from hsb_desk.store.records import Profile

DEMO_PASSPHRASE = "demo workbook only"
SIGNED_REFERENCE = "HSB-2025-0007"
# The practitioner who owns the demo workbook and leads every demo case.
DEMO_PROFILE = Profile(
    "Jo Example", "Social worker, AIM-trained (demo)", "Sampleshire Children's Social Care (demo)", "jo@example.org"
)
ANCHOR = "demo_anchor"
WORKBOOK_SUFFIXES = ("", "-wal", "-shm", "-journal")
RESET_REFUSED = (
    "The demo workbook is open in an HSB Desk window, so it was not reset. "
    "Close that window, then reset the demo again; nothing was changed."
)


@dataclass(frozen=True)
class DemoReset:
    """What ``reset_demo_workbook`` did: the workbook made afresh and how many old backups went."""

    path: Path
    backups_removed: int


def _read(name: str) -> Any:
    return json.loads((paths.resources_dir() / "demo" / name).read_text(encoding="utf-8"))


def demo_documents() -> list[dict[str, Any]]:
    """The case documents as stored, each with its ``demo_anchor``: the fully filled example case
    first, then the partial ones in other states, then the case the demo signs off."""
    return [_read("example-case.json"), *_read("other-cases.json"), _read("signed-case.json")]


def _days_from_anchor(data: dict[str, Any], today: date) -> int:
    anchor = parse_iso_date(str(data.get(ANCHOR, "")))
    if anchor is None:
        raise ValueError("a demo file needs a demo_anchor date (YYYY-MM-DD)")
    return (today - anchor).days


def _moved(text: Any, days: int) -> Any:
    day = parse_iso_date(text) if isinstance(text, str) else None
    return (day + timedelta(days=days)).isoformat() if day is not None else text


def _moved_value(spec: FieldSpec | None, value: Any, days: int) -> Any:
    if spec is None:
        return value  # not a field: the import refuses it, saying which
    if spec.type == "date":
        return _moved(value, days)
    if spec.type == "group" and isinstance(value, list):
        dated = [sub.key for sub in spec.fields if sub.type == "date"]
        return [
            {k: _moved(v, days) if k in dated else v for k, v in row.items()} if isinstance(row, dict) else row
            for row in value
        ]
    return value


def dated_document(form: FormDefinition, document: dict[str, Any], today: date) -> dict[str, Any]:
    """A stored demo document as made on ``today``: its dates moved by (today - anchor), its lead
    practitioner the demo profile, and without the anchor (not part of the interchange format)."""
    days = _days_from_anchor(document, today)
    made = copy.deepcopy(document)
    del made[ANCHOR]
    values = made["values"]
    for key in list(values):
        values[key] = _moved_value(form.get_field(key), values[key], days)
    lead = form.role_key("lead_practitioner")
    if lead is not None:
        values[lead] = DEMO_PROFILE.name
    return made


def _add_pathway(session: WorkbookSession, today: date) -> None:
    """The meetings and actions of resources/demo/pathway.json, dated as the documents are."""
    data = _read("pathway.json")
    days = _days_from_anchor(data, today)
    for reference, meetings in data["cases"].items():
        for meeting in meetings:
            people = tuple(pathway.Attendee(*person) for person in meeting["attendees"])
            draft = pathway.MeetingDraft(
                meeting["type"], _moved(meeting["held_on"], days), meeting["decisions"], "", people
            )
            meeting_id = int(pathway.record_meeting(session, reference, draft).detail["meeting"])
            for action in meeting["actions"]:
                pathway.add_action(
                    session, reference, meeting_id, action["what"], action["who"], _moved(action["due"], days)
                )
                if action.get("done_on"):
                    done = pathway.list_actions(session, reference)[-1]
                    pathway.set_action_done(session, reference, done.id, True, _moved(action["done_on"], days))


def _add_case_over_time(session: WorkbookSession, today: date) -> None:
    """resources/demo/case-over-time.json: each case signed off on its day, its reviews (fresh
    ratings, each target's progress) and its closure, dated as the documents are."""
    data = _read("case-over-time.json")
    days = _days_from_anchor(data, today)
    for reference, story in data["cases"].items():
        if "signed_on" in story:
            sign_off(session, reference, on=_moved(story["signed_on"], days))
        targets = reviews.plan_targets(session, reference)
        for review in story["reviews"]:
            ratings = tuple(reviews.AreaRating(area, *levels) for area, levels in review["ratings"].items())
            progress = tuple(
                reviews.TargetProgress(target, status, note)
                for target, (status, note) in zip(targets, review["progress"], strict=True)
            )
            draft = reviews.ReviewDraft(ratings, progress)
            if "meeting_on" in review:  # a meeting of resources/demo/pathway.json
                held = _moved(review["meeting_on"], days)
                meeting = next(m for m in pathway.list_meetings(session, reference) if m.held_on == held)
                reviews.record_review(session, reference, meeting.id, draft)
                continue
            people = tuple(pathway.Attendee(*person) for person in review["attendees"])
            held = _moved(review["held_on"], days)
            meeting_draft = pathway.MeetingDraft(review["type"], held, review["decisions"], "", people)
            reviews.record_review_meeting(session, reference, meeting_draft, draft)
        if "closure" in story:
            closing = story["closure"]
            closure.close_case(
                session,
                reference,
                closure.ClosureDraft(
                    _moved(closing["closed_on"], days),
                    closing["reason"],
                    closing["outcomes"],
                    closing["summary"],
                    closing["told"],
                ),
            )


def ensure_demo_workbook(
    path: Path | None = None, form: FormDefinition | None = None, today: Callable[[], date] = date.today
) -> Path:
    """Create the demo workbook with its fictional cases, dated from ``today()``, if it does not
    exist yet. Every case goes through the real import; the signed-off one is signed here."""
    path = path or paths.demo_workbook_path()
    if path.exists():
        return path
    form = form or default_form()
    session = create_workbook(path, DEMO_PASSPHRASE, DEMO_PROFILE, form, today=today)
    try:
        day = today()
        for document in demo_documents():
            change = session.import_case(dated_document(form, document, day))
            if change.detail["status"] == "archived":  # an import sets the status, not when it was archived
                session.set_status(str(change.case_reference), "archived")
        _add_pathway(session, day)
        _add_case_over_time(session, day)  # signs SIGNED_REFERENCE off, by its lead (the demo profile)
    except BaseException:
        session.close()
        _remove_workbook_files(path)
        raise
    session.close()
    return path


def _remove_workbook_files(path: Path) -> None:
    for suffix in WORKBOOK_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def reset_demo_workbook(
    path: Path | None = None, form: FormDefinition | None = None, today: Callable[[], date] = date.today
) -> DemoReset:
    """Make the demo workbook afresh: remove it (with its -wal/-shm files) and its backups, then
    create it again. Refused with ``WorkbookLocked``, changing nothing, while a window holds it."""
    path = path or paths.demo_workbook_path()
    path.parent.mkdir(parents=True, exist_ok=True)  # the lock file goes beside the workbook
    try:
        lock = acquire_lock(path)
    except WorkbookLocked as exc:
        raise WorkbookLocked(RESET_REFUSED) from exc
    try:
        backups = backups_for(path)
        for info in backups:
            info.path.unlink(missing_ok=True)
        remove_daily_partials(path)
        _remove_workbook_files(path)
    finally:
        lock.release()
    return DemoReset(ensure_demo_workbook(path, form, today), len(backups))
