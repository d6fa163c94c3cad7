"""The case over time through the services, on a real encrypted workbook with the shipped pack:
a review re-rates each area and the change over time shows the assessment beside it; a closed
case is read-only until reopened; a reassessment starts a new assessment with its own sign-off."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk import paths
from hsb_desk.app import pathway, signoff
from hsb_desk.app.change_over_time import change_over_time
from hsb_desk.app.closure import ClosureDraft, close_case, closure_of, closure_spec, reopen_case
from hsb_desk.app.demo import DEMO_PROFILE, dated_document, demo_documents
from hsb_desk.app.pathway.reviews import (
    AreaRating,
    ReviewDraft,
    TargetProgress,
    list_reviews,
    plan_targets,
    rating_areas,
    record_review,
    record_review_meeting,
    review_meeting_types,
)
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.timeline import case_timeline
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import CaseReadOnly, InvalidInput
from hsb_desk.formspec import FormDefinition, load_form


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def lead(workbook_path: Path, form: FormDefinition) -> Iterator[WorkbookSession]:
    session = create_workbook(workbook_path, PASSPHRASE, DEMO_PROFILE, form, today=lambda: TODAY)
    yield session
    with contextlib.suppress(Exception):
        session.close()


@pytest.fixture
def signed(lead: WorkbookSession, form: FormDefinition) -> str:
    """The demo's example case, signed off by its lead: its reference."""
    reference = str(lead.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)
    signoff.sign_off(lead, reference)
    return reference


def review_meeting(session: WorkbookSession, reference: str, on: str) -> int:
    kind = review_meeting_types(session.form)[0]
    change = pathway.record_meeting(session, reference, pathway.MeetingDraft(kind, on, "Plan reviewed."))
    return int(change.detail["meeting"])


def levels(session: WorkbookSession, reference: str) -> list[tuple[str, dict[str, tuple[str | None, str | None]]]]:
    view = change_over_time(session, reference)
    return [(c.kind, {k: (r.concern, r.strength) for k, r in c.ratings.items()}) for c in view.columns]


def test_the_areas_come_from_the_packs_gathered_ratings(form: FormDefinition) -> None:
    areas = rating_areas(form)
    assert [a.label for a in areas][:2] == [form.section_of(areas[0].concern_field).title, areas[1].label]
    assert areas[-1].key == "overall" and len(areas) == 8
    assert all(form.section_of(a.concern_field) is form.section_of(a.strength_field) for a in areas[:-1])


def test_a_review_re_rates_and_the_change_over_time_shows_both(lead: WorkbookSession, signed: str) -> None:
    area = rating_areas(lead.form)[1]
    before = levels(lead, signed)
    assert [kind for kind, _ in before] == ["assessment"]
    assessed = before[0][1][area.key]
    meeting = review_meeting(lead, signed, TODAY.isoformat())
    targets = plan_targets(lead, signed)
    assert targets, "the example case has an intervention plan"
    draft = ReviewDraft(
        (AreaRating(area.key, "low", "high"),),
        tuple(TargetProgress(t, "under_way", "Sessions going well.") for t in targets),
    )
    record_review(lead, signed, meeting, draft)
    after = levels(lead, signed)
    assert [kind for kind, _ in after] == ["assessment", "review"]
    assert after[0][1][area.key] == assessed  # the assessment's levels are as signed
    assert after[1][1] == {area.key: ("low", "high")}
    (review,) = list_reviews(lead, signed)
    assert [p.status for p in review.progress] == ["under_way"] * len(targets)
    assert any(e.what.startswith("Review: 1 of 8 areas re-rated; targets:") for e in case_timeline(lead, signed))


def test_a_review_on_a_meeting_that_is_not_a_review_is_refused(lead: WorkbookSession, signed: str) -> None:
    others = [k for k, _ in pathway.meeting_types(lead.form) if k not in review_meeting_types(lead.form)]
    change = pathway.record_meeting(lead, signed, pathway.MeetingDraft(others[0], "2026-11-20"))
    area = rating_areas(lead.form)[0]
    with pytest.raises(InvalidInput, match="not a review meeting"):
        record_review(lead, signed, int(change.detail["meeting"]), ReviewDraft((AreaRating(area.key, "low", None),)))
    assert list_reviews(lead, signed) == []


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (ReviewDraft(), "Rate at least one area"),
        (ReviewDraft((AreaRating("nowhere", "low", "low"),)), "areas of this form only"),
        (ReviewDraft((AreaRating("behaviour", "extreme", None),)), "one of the levels"),
        (ReviewDraft(progress=(TargetProgress("Keep safe", "finished"),)), "from the list"),
        (ReviewDraft(progress=(TargetProgress("   ", "achieved"),)), "needs its words"),
    ],
)
def test_a_bad_review_is_refused_and_nothing_is_recorded(
    lead: WorkbookSession, signed: str, draft: ReviewDraft, message: str
) -> None:
    meeting = review_meeting(lead, signed, TODAY.isoformat())
    with pytest.raises(InvalidInput, match=message):
        record_review(lead, signed, meeting, draft)
    assert list_reviews(lead, signed) == []


def closure(session: WorkbookSession, **changes: object) -> ClosureDraft:
    spec = closure_spec(session.form)
    answers = {q.key: q.options[0][0] for q in spec.outcomes}
    fields = {
        "closed_on": "2026-11-21",
        "reason": spec.reasons[0][0],
        "outcomes": answers,
        "summary": "The plan's work is done; the school keeps its safety measures.",
        "told": "The young person, his mother, the school's safeguarding lead.",
    }
    fields.update(changes)
    return ClosureDraft(**fields)  # type: ignore[arg-type]


def test_closure_makes_the_case_read_only_until_it_is_reopened(lead: WorkbookSession, signed: str) -> None:
    signoff.reassess(lead, signed, "A year on")
    key = rating_areas(lead.form)[0].concern_field
    close_case(lead, signed, closure(lead))
    assert lead.case(signed).status == "closed"
    with pytest.raises(CaseReadOnly, match="closed"):
        lead.set_value(signed, key, "low")
    with pytest.raises(CaseReadOnly, match="closed"):
        pathway.record_meeting(lead, signed, pathway.MeetingDraft(review_meeting_types(lead.form)[0], "2026-11-21"))
    with pytest.raises(InvalidInput, match="Close case"):
        lead.set_status(signed, "closed")
    with pytest.raises(CaseReadOnly):
        lead.set_status(signed, "draft")
    record = closure_of(lead, signed)
    assert record is not None and record.previous_status == "draft" and record.closed_by == DEMO_PROFILE.name
    assert any(e.what.startswith("Case closed: ") for e in case_timeline(lead, signed))
    with pytest.raises(InvalidInput, match="why the case is reopened"):
        reopen_case(lead, signed, "  ")
    reopen_case(lead, signed, "A new referral")
    assert lead.case(signed).status == "draft" and closure_of(lead, signed) is None
    lead.set_value(signed, key, "low")
    assert lead.values(signed)[key] == "low"
    assert any(e.what == "Case reopened: A new referral" for e in case_timeline(lead, signed))


def test_a_closed_case_says_it_is_closed_to_an_amendment_or_a_reassessment(lead: WorkbookSession, signed: str) -> None:
    """Not "this one can still be edited": the case is closed, and the way out is to reopen it."""
    close_case(lead, signed, closure(lead))
    for start in (signoff.amend, signoff.reassess):
        with pytest.raises(CaseReadOnly, match=r"closed and read-only\. Reopen it"):
            start(lead, signed, "A correction")
    assert lead.case(signed).status == "closed"


def test_every_closure_stays_on_the_timeline_after_its_reopening(lead: WorkbookSession, signed: str) -> None:
    """Closed, reopened, closed again and reopened: both closures and both reopenings are listed,
    each closure on its own day and before the reopening that ended it."""
    reason = closure_spec(lead.form).reasons[0][1]
    close_case(lead, signed, closure(lead, closed_on="2026-11-10"))
    reopen_case(lead, signed, "Closed on the wrong day")
    close_case(lead, signed, closure(lead, closed_on="2026-11-21"))
    reopen_case(lead, signed, "A new referral")
    events = [(e.date.isoformat(), e.what) for e in case_timeline(lead, signed) if e.what.startswith("Case ")]
    closed = [(day, what) for day, what in events if what.startswith("Case closed")]
    assert closed == [("2026-11-10", f"Case closed: {reason}"), ("2026-11-21", f"Case closed: {reason}")]
    whats = [what for _day, what in events]
    assert whats.index("Case reopened: Closed on the wrong day") < whats.index("Case reopened: A new referral")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"summary": "   "}, "closing summary"),
        ({"told": ""}, "who was told"),
        ({"reason": "bored"}, "reason the case is closing"),
        ({"closed_on": "2099-01-01"}, "future"),
        ({"closed_on": "21/11/2026"}, "real date"),
        ({"outcomes": {}}, "Answer"),
        ({"outcomes": {"recurrence": "maybe"}}, "from its list"),
        ({"closed_on": "2020-01-01"}, r"before the referral \("),  # a slip of the year
    ],
)
def test_a_closure_missing_what_it_needs_is_refused_and_nothing_changes(
    lead: WorkbookSession, signed: str, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        close_case(lead, signed, closure(lead, **changes))
    assert lead.case(signed).status == "signed_off" and closure_of(lead, signed) is None


def test_a_closure_before_the_last_meeting_is_refused(lead: WorkbookSession, signed: str) -> None:
    pathway.record_meeting(lead, signed, pathway.MeetingDraft(review_meeting_types(lead.form)[0], "2026-11-15"))
    with pytest.raises(InvalidInput, match=r"before the last meeting recorded \(15 November 2026\)"):
        close_case(lead, signed, closure(lead, closed_on="2026-11-14"))
    assert closure_of(lead, signed) is None
    close_case(lead, signed, closure(lead, closed_on="2026-11-15"))  # the day of the meeting will do
    assert lead.case(signed).status == "closed"


def test_a_reassessment_starts_from_the_last_values_and_gets_its_own_column(lead: WorkbookSession, signed: str) -> None:
    area = rating_areas(lead.form)[0]
    before = lead.values(signed)
    with pytest.raises(InvalidInput, match="why the case is reassessed"):
        signoff.reassess(lead, signed, "")
    change = signoff.reassess(lead, signed, "Twelve months on, before the plan closes")
    assert change.detail == {"version": 2, "reassessment": True}
    assert lead.case(signed).status == "draft" and lead.values(signed) == before
    lead.set_value(signed, area.concern_field, "low")
    signoff.sign_off(lead, signed)
    columns = change_over_time(lead, signed).columns
    assert [c.label for c in columns] == ["Assessment", "Reassessment 1"]
    assert columns[1].ratings[area.key].concern == "low"
    assert columns[0].ratings[area.key].concern == before[area.concern_field]
    assert any(e.what.startswith("Reassessment started (version 2)") for e in case_timeline(lead, signed))
    with pytest.raises(InvalidInput, match="Only a signed-off"):
        signoff.amend(lead, signed, "x") and signoff.reassess(lead, signed, "again")


def test_the_report_of_a_case_closed_once_signed_reads_as_signed_and_closed(
    lead: WorkbookSession, form: FormDefinition, tmp_path: Path
) -> None:
    """Closing does not make a signed assessment a draft again: no draft mark, and a report sent
    after signing still reads as sent, not planned."""
    import docx

    from hsb_desk.app.reports.case_report import export_case_report

    def text(path: Path) -> str:
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        parts += [p.text for s in document.sections for p in s.header.paragraphs]
        return "\n".join(parts)

    reference = str(lead.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)
    group, column = form.role_column("distribution_sent")
    rows = [{**row, column.key: TODAY.isoformat()} for row in lead.values(reference)[group.key]]
    lead.set_value(reference, group.key, rows)
    signoff.sign_off(lead, reference)
    close_case(lead, reference, closure(lead))
    closed = text(export_case_report(lead, reference, tmp_path / "closed.docx"))
    assert "Closed" in closed and "DRAFT" not in closed
    assert "Shared version (without details of other children)\n22 November 2026" in closed and "Planned" not in closed
    reopen_case(lead, reference, "More work")
    signoff.amend(lead, reference, "A correction")
    close_case(lead, reference, closure(lead))  # closed while the amendment was a draft
    assert "DRAFT" in text(export_case_report(lead, reference, tmp_path / "draft.docx"))


def test_a_closed_case_has_nothing_due_until_it_is_reopened(lead: WorkbookSession, signed: str) -> None:
    pathway.add_action(lead, signed, None, "Send the plan to school", "Jo Example", "2026-11-25")
    assert any(item.what.startswith("Action: Send the plan") for item in pathway.case_due(lead, signed))
    assert any(entry.reference == signed for entry in pathway.workbook_due(lead, TODAY, 30))
    close_case(lead, signed, closure(lead))
    assert pathway.case_due(lead, signed) == [] and pathway.case_notices(lead, signed) == []
    assert all(entry.reference != signed for entry in pathway.workbook_due(lead, TODAY, 30))
    assert signed not in pathway.next_due_by_case(lead, TODAY)
    reopen_case(lead, signed, "A new referral")
    assert any(item.what.startswith("Action: Send the plan") for item in pathway.case_due(lead, signed))


def test_a_closed_case_cannot_be_handed_out(lead: WorkbookSession, form: FormDefinition, tmp_path: Path) -> None:
    from coworking.test_exchange import FAST

    from hsb_desk.app import exchange

    reference = str(lead.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)
    signoff.set_section_owner(lead, reference, rating_areas(form)[0].key, "coworker")
    close_case(lead, reference, closure(lead))
    out = tmp_path / "handout.hsbx"
    with pytest.raises(CaseReadOnly, match="closed and read-only: it cannot be handed out"):
        exchange.export_handout(lead, reference, out, kdf=FAST)
    assert not out.exists() and lead.case(reference).status == "closed"


def test_the_report_of_a_review_lists_the_people_at_it_not_roles_nobody_filled(
    lead: WorkbookSession, signed: str, tmp_path: Path
) -> None:
    from hsb_desk.app.reports.review_report import NOT_NAMED, prepare_review_report

    people = (
        pathway.Attendee("Sam Chair", "Youth justice service", "Chair", "attended"),
        pathway.Attendee("", "Police", "Officer in the case", "invited"),  # suggested, never filled in
        pathway.Attendee("", "School", "Designated safeguarding lead", "attended"),
    )
    meeting = pathway.MeetingDraft(review_meeting_types(lead.form)[0], "2026-11-21", attendees=people)
    record_review_meeting(
        lead, signed, meeting, ReviewDraft((AreaRating(rating_areas(lead.form)[0].key, "low", None),))
    )
    job = prepare_review_report(lead, signed, None, tmp_path / "review.docx")
    assert job.model.attendees == (
        ("Sam Chair", "Youth justice service, Chair", "Attended"),
        (NOT_NAMED, "School, Designated safeguarding lead", "Attended"),
    )
