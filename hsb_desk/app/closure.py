"""Closing a case, and reopening it: the reason, the date, the outcomes recorded about the child
at closure (the pack's ``closure:`` setting), a closing summary and who was told. A closed case is
read-only, its assessment and its pathway alike, until it is reopened with a reason; both steps
are audited (docs/pathway.md, "Closing a case").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.pathway import clean_line, clean_text
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.errors import CaseReadOnly, InvalidInput
from hsb_desk.formspec.closure import ClosureQuestion
from hsb_desk.formspec.closure import ClosureSpec as FormClosure
from hsb_desk.store.case_over_time import CaseOverTimeStore, ClosureRow
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.pathway import PathwayStore

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState
    from hsb_desk.formspec.model import FormDefinition
    from hsb_desk.store.records import CaseRecord

CLOSED = "closed"
SUMMARY_LIMIT = 20_000
NO_CLOSURE = "This form pack does not say how a case closes (form.yaml, closure)."
ALREADY_CLOSED = "This case is already closed."
NOT_CLOSED = "This case is not closed."
COWORKER_COPY = "Only the lead closes a case, in the lead's workbook."


@dataclass(frozen=True)
class ClosureOutcome:
    key: str
    label: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ClosureSpec:
    """What a front end offers: (value, label) of each reason, and each outcome question."""

    reasons: tuple[tuple[str, str], ...]
    outcomes: tuple[ClosureOutcome, ...]


@dataclass(frozen=True)
class ClosureDraft:
    closed_on: str
    reason: str
    outcomes: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""
    told: str = ""


@dataclass(frozen=True)
class ClosureRecord:
    closed_on: str
    reason: str
    outcomes: Mapping[str, str]
    summary: str
    told: str
    closed_by: str
    closed_at: str
    previous_status: str


def closure_spec(form: FormDefinition) -> ClosureSpec:
    spec = _form_closure(form)
    return ClosureSpec(
        tuple((o.value, o.label) for o in spec.reasons),
        tuple(ClosureOutcome(q.key, q.label, tuple((o.value, o.label) for o in q.options)) for q in spec.outcomes),
    )


def closure_of(session: SessionState, reference: str) -> ClosureRecord | None:
    case = session.workbook.cases.get(reference)
    row = CaseOverTimeStore.of(session.workbook).closure(case)
    return None if row is None else _record(row)


def close_case(session: SessionState, reference: str, draft: ClosureDraft) -> Change:
    """Close the case: it becomes read-only. Refused, changing nothing, when anything is missing."""
    closed_on, reason, outcomes, summary, told = checked_closure(session.form, draft, session.today())
    store = CaseOverTimeStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        if CoworkingStore.of(session.workbook).restriction(case) is not None:
            raise CaseReadOnly(COWORKER_COPY)
        if case.status == CLOSED:
            raise InvalidInput(ALREADY_CLOSED)
        if case.status == "archived":
            raise CaseReadOnly("This case is archived and read-only.")
        _refuse_before_the_record(session, case, closed_on)
        now = session.workbook.clock()
        row = ClosureRow(closed_on, reason, outcomes, summary, told, case.status, session.actor, now)
        store.close(case, row, session.actor)
        session.workbook.cases.set_status(case, CLOSED, session.actor)
    return Change(ChangeKind.CLOSURE, reference, detail={"closed_on": closed_on})


def reopen_case(session: SessionState, reference: str, reason: str) -> Change:
    """Reopen a closed case: it goes back to the status it had, and the reason is audited."""
    why = clean_line(reason, "reason")
    if not why:
        raise InvalidInput("Write why the case is reopened: it is kept in the audit trail.")
    store = CaseOverTimeStore.of(session.workbook)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        if case.status != CLOSED:
            raise InvalidInput(NOT_CLOSED)
        old = store.reopen(case, why, session.actor)
        session.workbook.cases.set_status(case, old.previous_status, session.actor)
    return Change(ChangeKind.CLOSURE, reference, detail={"reopened": True, "status": old.previous_status})


def checked_closure(
    form: FormDefinition, draft: ClosureDraft, today: date
) -> tuple[str, str, dict[str, str], str, str]:
    """(closing date, reason, outcomes, summary, who was told) as a closure stores them;
    ``InvalidInput`` naming the first thing missing or wrong."""
    spec = _form_closure(form)
    if not isinstance(draft, ClosureDraft):
        raise InvalidInput("Give the date, the reason and a closing summary.")
    closed_on = _closing_date(draft.closed_on, today)
    if draft.reason not in {o.value for o in spec.reasons}:
        raise InvalidInput("Choose the reason the case is closing from the list.")
    outcomes = _outcomes(spec.outcomes, draft.outcomes)
    summary = clean_text(draft.summary, "closing summary", SUMMARY_LIMIT)
    if not summary:
        raise InvalidInput("Write the closing summary: what the work achieved and what happens next.")
    told = clean_text(draft.told, "list of who was told", 2_000)
    if not told:
        raise InvalidInput("Say who was told that the case is closing (the young person, carers, agencies).")
    return closed_on, draft.reason, outcomes, summary, told


def _refuse_before_the_record(session: SessionState, case: CaseRecord, closed_on: str) -> None:
    """A closing date before the referral, or before a meeting already recorded, would contradict
    the case's own chronology (a slip of the year, most often): refused, naming what it precedes."""
    earlier: list[tuple[str, str]] = []
    referral_key = session.form.role_key("referral_date")
    if referral_key is not None:
        referred = session.workbook.values.values(case).get(referral_key)
        if isinstance(referred, str) and parse_iso_date(referred) is not None:
            earlier.append((referred, "the referral"))
    held = [m.held_on for m in PathwayStore.of(session.workbook).meetings(case)]
    if held:
        earlier.append((max(held), "the last meeting recorded"))
    for day, what in earlier:
        if closed_on < day:
            raise InvalidInput(
                f"The closing date is before {what} ({format_uk_date(date.fromisoformat(day))}): "
                "check the date. Nothing was changed."
            )


def closure_words(form: FormDefinition, record: ClosureRecord) -> tuple[str, list[tuple[str, str]]]:
    """The reason's label and (question, answer) of each outcome recorded, in the pack's words."""
    spec = closure_spec(form)
    reason = dict(spec.reasons).get(record.reason, record.reason)
    answers = [
        (q.label, dict(q.options).get(record.outcomes[q.key], "")) for q in spec.outcomes if q.key in record.outcomes
    ]
    return reason, answers


def _form_closure(form: FormDefinition) -> FormClosure:
    if form.closure is None:
        raise InvalidInput(NO_CLOSURE)
    return form.closure


def _closing_date(value: Any, today: date) -> str:
    day = parse_iso_date(value) if isinstance(value, str) else None
    if day is None or day.year < 1900:
        raise InvalidInput("The closing date must be a real date (YYYY-MM-DD).")
    if day > today:
        raise InvalidInput("A case cannot be closed on a date in the future.")
    return day.isoformat()


def _outcomes(questions: tuple[ClosureQuestion, ...], given: Any) -> dict[str, str]:
    if not isinstance(given, Mapping):
        raise InvalidInput("Answer each outcome at closure from its list.")
    known = {q.key: q for q in questions}
    for key in given:
        if key not in known:
            raise InvalidInput("Answer only the outcomes this form asks about at closure.")
    found: dict[str, str] = {}
    for question in questions:
        answer = given.get(question.key)
        if answer in (None, ""):
            raise InvalidInput(f"Answer “{question.label}”.")
        if answer not in {o.value for o in question.options}:
            raise InvalidInput(f"Answer “{question.label}” from its list.")
        found[question.key] = answer
    return found


def _record(row: ClosureRow) -> ClosureRecord:
    return ClosureRecord(
        row.closed_on,
        row.reason,
        dict(row.outcomes),
        row.summary,
        row.told,
        row.closed_by,
        row.closed_at,
        row.previous_status,
    )
