"""The case over time from the command line: ``hsb-desk review`` (a review meeting, its re-ratings
and each target's progress), ``reviews`` (the change over time), ``close`` / ``reopen``,
``reassess`` and ``timeline``. Each calls the same services as the Case timeline page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hsb_desk.app.change_over_time import change_over_time
from hsb_desk.app.closure import ClosureDraft, close_case, closure_of, closure_spec, closure_words, reopen_case
from hsb_desk.app.pathway import Attendee, MeetingDraft, meeting_types
from hsb_desk.app.pathway.reviews import (
    AreaRating,
    ReviewDraft,
    TargetProgress,
    level_options,
    list_reviews,
    plan_targets,
    progress_options,
    rating_areas,
    record_review,
    record_review_meeting,
    review_meeting_types,
)
from hsb_desk.app.signoff import reassess
from hsb_desk.app.timeline import case_timeline
from hsb_desk.app.workbooks import default_form
from hsb_desk.cli.cmd_core import add_command, add_document_output, opened_session, refused_overwrite
from hsb_desk.errors import InvalidInput, OutputExists

RECORDED = "Review recorded for {case} at the meeting of {date}."
CLOSED = "{case} is closed ({reason}) and read-only; 'hsb-desk reopen' reopens it."
REOPENED = "{case} is reopened: its status is {status} again."
REASSESSED = "{case}: reassessment started (version {version}), from the last assessment's values."
NO_REVIEWS = "No review has been recorded for this case yet."
NOT_RATED = "-"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = add_command(sub, "review", "Record a review: re-rate each area and each target's progress.", cmd_review)
    review.add_argument("case", metavar="CASE", help="case reference")
    review.add_argument("--date", help="the date of the review meeting, YYYY-MM-DD (a new meeting)")
    review.add_argument("--type", help="the review meeting's type (default: the profile's first review type)")
    review.add_argument("--meeting", type=int, metavar="ID", help="record the review on this meeting instead")
    review.add_argument("--attended", action="append", default=[], metavar="NAME|AGENCY|ROLE", help="who came")
    review.add_argument("--decisions", default="", help="what the review decided")
    review.add_argument("--next", metavar="YYYY-MM-DD", help="the date the review agreed for the next one")
    review.add_argument(
        "--rate", action="append", default=[], metavar="AREA=CONCERN/STRENGTH", help="e.g. behaviour=medium/high"
    )
    review.add_argument(
        "--progress", action="append", default=[], metavar="N=STATUS[:NOTE]", help="target N of the plan (from 1)"
    )
    reviews = add_command(
        sub, "reviews", "Show the change over time: each assessment and review's ratings.", cmd_reviews
    )
    reviews.add_argument("case", metavar="CASE", help="case reference")
    reviews.add_argument("--json", action="store_true", help="print JSON: areas, columns, reviews")
    close = add_command(sub, "close", "Close a case: it becomes read-only until reopened.", cmd_close)
    close.add_argument("case", metavar="CASE", help="case reference")
    close.add_argument("--date", required=True, help="the closing date, YYYY-MM-DD")
    close.add_argument("--reason", required=True, help="why it closes (hsb-desk closure-options lists them)")
    close.add_argument("--outcome", action="append", default=[], metavar="KEY=VALUE", help="an outcome at closure")
    close.add_argument("--summary", required=True, help="the closing summary")
    close.add_argument("--told", required=True, help="who was told that the case is closing")
    add_command(sub, "closure-options", "List the reasons and outcomes a closure records.", cmd_options, workbook=False)
    reopen = add_command(sub, "reopen", "Reopen a closed case, with the reason (audited).", cmd_reopen)
    reopen.add_argument("case", metavar="CASE", help="case reference")
    reopen.add_argument("--reason", required=True, help="why it is reopened")
    again = add_command(sub, "reassess", "Start a reassessment of a signed-off case from its values.", cmd_reassess)
    again.add_argument("case", metavar="CASE", help="case reference")
    again.add_argument("--reason", required=True, help="why the case is reassessed")
    paper = add_command(sub, "review-report", "Export the report of a review, as a short Word document.", cmd_paper)
    paper.add_argument("case", metavar="CASE", help="case reference")
    paper.add_argument("--meeting", type=int, metavar="ID", help="the review's meeting (default: the latest review)")
    add_document_output(paper, "HSB-2026-0001 review 2026-11-06.docx")
    timeline = add_command(sub, "timeline", "Show a case's timeline, from referral to closure.", cmd_timeline)
    timeline.add_argument("case", metavar="CASE", help="case reference")
    timeline.add_argument("--json", action="store_true", help="print JSON: date, what, source, kind")


def cmd_review(args: argparse.Namespace) -> int:
    if (args.meeting is None) == (args.date is None):
        raise InvalidInput("Give --date for a new review meeting, or --meeting ID for one already recorded.")
    with opened_session(args) as session:
        form = session.form
        ratings = tuple(_rating(text, {a.key for a in rating_areas(form)}) for text in args.rate)
        targets = plan_targets(session, args.case)
        progress = tuple(_progress(text, targets) for text in args.progress)
        draft = ReviewDraft(ratings, progress)
        if args.meeting is not None:
            record_review(session, args.case, args.meeting, draft)
            held = next((r.held_on for r in list_reviews(session, args.case) if r.meeting_id == args.meeting), "")
        else:
            kinds = review_meeting_types(form)
            kind = args.type or kinds[0]
            if kind not in dict(meeting_types(form)):
                raise InvalidInput(f"Unknown meeting type; review meetings here are: {', '.join(kinds)}.")
            people = tuple(_attendee(text) for text in args.attended)
            meeting = MeetingDraft(kind, args.date, args.decisions, "", people, args.next)
            record_review_meeting(session, args.case, meeting, draft)
            held = args.date
    print(RECORDED.format(case=args.case, date=held))
    return 0


def cmd_reviews(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        view = change_over_time(session, args.case)
        reviews = list_reviews(session, args.case)
        levels = dict(level_options(session.form))
        statuses = dict(progress_options(session.form))
        targets = plan_targets(session, args.case)
    if args.json:
        document: dict[str, Any] = {
            "areas": [{"key": a.key, "label": a.label} for a in view.areas],
            "columns": [
                {
                    "label": c.label,
                    "date": c.on,
                    "kind": c.kind,
                    "ratings": {k: {"concern": r.concern, "strength": r.strength} for k, r in c.ratings.items()},
                }
                for c in view.columns
            ],
            "reviews": [
                {
                    "meeting": r.meeting_id,
                    "date": r.held_on,
                    "progress": [{"target": p.target, "status": p.status, "note": p.note} for p in r.progress],
                }
                for r in reviews
            ],
        }
        print(json.dumps(document, indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    if not view.columns:
        print(NO_REVIEWS)
    else:
        print("Change over time (concern / strengths):")
    for column in view.columns:
        print(f"  {column.on}  {column.label}")
        for area in view.areas:
            rating = column.ratings.get(area.key)
            if rating is not None:
                concern, strength = (levels.get(v or "", NOT_RATED) for v in (rating.concern, rating.strength))
                print(f"      {area.label}: {concern} / {strength}")
    for review in reviews:
        if review.progress:
            print(f"Targets at the review of {review.held_on}:")
            for item in review.progress:
                note = f" ({item.note})" if item.note else ""
                print(f"  - {item.target}: {statuses.get(item.status, item.status)}{note}")
    print("Areas (--rate AREA=CONCERN/STRENGTH): " + ", ".join(a.key for a in view.areas))
    print("Levels: " + ", ".join(levels) + "; progress (--progress N=STATUS): " + ", ".join(statuses))
    for number, target in enumerate(targets, start=1):
        print(f"  target {number}: {target}")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    outcomes = dict(_pair(text, "--outcome KEY=VALUE") for text in args.outcome)
    draft = ClosureDraft(args.date, args.reason, outcomes, args.summary, args.told)
    with opened_session(args) as session:
        close_case(session, args.case, draft)
        record = closure_of(session, args.case)
        assert record is not None
        reason, _ = closure_words(session.form, record)
    print(CLOSED.format(case=args.case, reason=reason))
    return 0


def cmd_options(args: argparse.Namespace) -> int:
    spec = closure_spec(default_form())
    print("Reasons (--reason):")
    for value, label in spec.reasons:
        print(f"  {value}: {label}")
    for question in spec.outcomes:
        print(f"{question.label} (--outcome {question.key}=VALUE):")
        for value, label in question.options:
            print(f"  {value}: {label}")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        change = reopen_case(session, args.case, args.reason)
    print(REOPENED.format(case=args.case, status=change.detail["status"]))
    return 0


def cmd_reassess(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        change = reassess(session, args.case, args.reason)
    print(REASSESSED.format(case=args.case, version=change.detail["version"]))
    return 0


def cmd_paper(args: argparse.Namespace) -> int:
    from hsb_desk.app.reports.review_report import export_review_report

    with opened_session(args) as session:
        try:
            out = Path(args.out) if args.out else None
            written = export_review_report(session, args.case, args.meeting, out, overwrite=args.overwrite).path
        except OutputExists as exc:
            raise refused_overwrite(exc) from exc
    print(
        f"Wrote {written} (report of the review). It is not encrypted: keep it safe and delete it when it is"
        " no longer needed.",
        file=sys.stderr,
    )
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        entries = case_timeline(session, args.case)
    if args.json:
        rows = [{"date": e.date.isoformat(), "what": e.what, "source": e.source, "kind": e.kind} for e in entries]
        print(json.dumps(rows, indent=2))
        return 0
    for entry in entries:
        print(f"{entry.date:%d/%m/%Y}  {entry.what}  [{entry.source}]")
    return 0


def _pair(text: str, shape: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InvalidInput(f"Write each {shape.split(' ', 1)[0]} as {shape.split(' ', 1)[1]}.")
    return key.strip(), value.strip()


def _rating(text: str, areas: set[str]) -> AreaRating:
    area, levels = _pair(text, "--rate AREA=CONCERN/STRENGTH")
    if area not in areas:
        raise InvalidInput(f"Unknown area {area!r}; 'hsb-desk reviews WORKBOOK CASE' lists the areas.")
    concern, _, strength = levels.partition("/")
    return AreaRating(area, concern.strip() or None, strength.strip() or None)


def _progress(text: str, targets: tuple[str, ...]) -> TargetProgress:
    number, rest = _pair(text, "--progress N=STATUS[:NOTE]")
    if not number.isdigit() or not 1 <= int(number) <= len(targets):
        raise InvalidInput(f"The plan has {len(targets)} targets: give --progress N=STATUS with N from 1.")
    status, _, note = rest.partition(":")
    return TargetProgress(targets[int(number) - 1], status.strip(), note.strip())


def _attendee(text: str) -> Attendee:
    name, agency, role = ([*(part.strip() for part in text.split("|")), "", ""])[:3]
    return Attendee(name, agency, role)
