"""The case over time in the JSON interchange: a case's meetings, reviews, actions, entries and
closure go with it, the round trip gives the same document, and a bad pathway is refused whole."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk import paths
from hsb_desk.app import pathway, signoff
from hsb_desk.app.change_over_time import change_over_time
from hsb_desk.app.closure import ClosureDraft, close_case, closure_spec
from hsb_desk.app.demo import DEMO_PROFILE, dated_document, demo_documents
from hsb_desk.app.pathway.reviews import (
    AreaRating,
    ReviewDraft,
    TargetProgress,
    plan_targets,
    record_review_meeting,
    review_meeting_types,
)
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import ValidationFailed
from hsb_desk.formspec import FormDefinition, load_form


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


def new_workbook(path: Path, form: FormDefinition) -> WorkbookSession:
    return create_workbook(path, PASSPHRASE, DEMO_PROFILE, form, today=lambda: TODAY)


@pytest.fixture
def lead(tmp_path: Path, form: FormDefinition) -> Iterator[WorkbookSession]:
    session = new_workbook(tmp_path / "lead.hsbdesk", form)
    yield session
    with contextlib.suppress(Exception):
        session.close()


@pytest.fixture
def other(tmp_path: Path, form: FormDefinition) -> Iterator[WorkbookSession]:
    session = new_workbook(tmp_path / "other.hsbdesk", form)
    yield session
    with contextlib.suppress(Exception):
        session.close()


@pytest.fixture
def over_time(lead: WorkbookSession, form: FormDefinition) -> str:
    """The example case signed off, with a review meeting, an action and a closure."""
    reference = str(lead.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)
    signoff.sign_off(lead, reference)
    kind = review_meeting_types(form)[0]
    people = (pathway.Attendee("Sam Example", "Youth justice service", "Case manager"),)
    meeting = pathway.MeetingDraft(kind, TODAY.isoformat(), "Plan continued.", "", people, "2027-02-01")
    targets = plan_targets(lead, reference)
    draft = ReviewDraft((AreaRating("behaviour", "low", "high"),), (TargetProgress(targets[0], "achieved", "Done"),))
    change = record_review_meeting(lead, reference, meeting, draft)
    pathway.add_action(lead, reference, int(change.detail["meeting"]), "Send the plan to school", "Jo", "2026-11-30")
    pathway.add_chronology_entry(lead, reference, "2026-11-21", "Phone call with the school")
    spec = closure_spec(form)
    close_case(
        lead,
        reference,
        ClosureDraft(
            TODAY.isoformat(), spec.reasons[0][0], {q.key: q.options[0][0] for q in spec.outcomes}, "Done.", "All"
        ),
    )
    return reference


def test_the_whole_case_over_time_moves_with_the_case(
    lead: WorkbookSession, other: WorkbookSession, over_time: str
) -> None:
    document = lead.export_case(over_time)
    assert document["case"]["status"] == "closed"
    meetings = document["pathway"]["meetings"]
    assert meetings[-1]["review"]["ratings"] == {"behaviour": {"concern": "low", "strength": "high"}}
    assert meetings[-1]["next_on"] == "2027-02-01" and meetings[-1]["actions"][0]["what"] == "Send the plan to school"
    other.import_case(copy.deepcopy(document))
    assert other.case(over_time).status == "closed"
    again = other.export_case(over_time)
    assert again == document
    # Sign-offs do not travel: here the assessment is the values as they stand, beside the review.
    columns = change_over_time(other, over_time).columns
    assert sorted(c.label for c in columns) == ["Assessment (in progress)", "Review (Further Risk Management Meeting)"]


def test_a_case_without_a_pathway_keeps_the_plain_document(lead: WorkbookSession, form: FormDefinition) -> None:
    reference = str(lead.import_case(dated_document(form, demo_documents()[1], TODAY)).case_reference)
    assert "pathway" not in lead.export_case(reference)


def broken(document: dict[str, Any], change: Any) -> dict[str, Any]:
    made = copy.deepcopy(document)
    change(made["pathway"])
    return made


@pytest.mark.parametrize(
    ("change", "where", "why"),
    [
        (lambda p: p["meetings"][-1].update(type="tea_party"), "pathway.meetings[", "type of meeting"),
        (lambda p: p["meetings"][-1]["review"]["ratings"].update(nowhere={}), ".review", "areas of this form"),
        (lambda p: p["meetings"][-1]["review"]["progress"][0].update(status="done"), ".review", "from the list"),
        (lambda p: p["meetings"][-1]["actions"][0].update(due="soon"), ".actions[0].due", "must be a date"),
        (lambda p: p["closure"].update(summary=""), "pathway.closure", "closing summary"),
        (lambda p: p.pop("closure"), "case.status", "needs its closure"),
        (lambda p: p.update(meetings="all of them"), "pathway.meetings", "must be a list"),
    ],
)
def test_a_bad_pathway_is_refused_whole_and_nothing_is_imported(
    lead: WorkbookSession, other: WorkbookSession, over_time: str, change: Any, where: str, why: str
) -> None:
    document = broken(lead.export_case(over_time), change)
    with pytest.raises(ValidationFailed) as refused:
        other.import_case(document)
    assert any(where in key and why in reason for key, reason in refused.value.problems), refused.value.problems
    assert other.list_cases() == []
