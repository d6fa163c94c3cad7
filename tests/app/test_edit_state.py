"""The edit state of an open case, on the real form pack: stored, pending and refused kept apart;
progress counts only what is stored; undo takes back one saved change, named in the form's words."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from hsb_desk import paths
from hsb_desk.app.edit_state import CaseEditState
from hsb_desk.formspec import FormDefinition, load_form

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    document = json.loads((paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8"))
    return dict(document["values"])


def state_of(form: FormDefinition, values: dict[str, Any]) -> CaseEditState:
    return CaseEditState(form, "HSB-T-1", values, lambda: TODAY)


def key_of(form: FormDefinition, role: str) -> str:
    key = form.role_key(role)
    assert key is not None
    return key


def test_a_refused_value_is_shown_as_refused_and_never_counts(form: FormDefinition) -> None:
    section = form.section_of("child.date_of_birth")
    assert section is not None
    state = state_of(form, {})
    before = state.progress()[section.key]
    state.edit("child.date_of_birth", "2099-01-01")
    state.refuse("child.date_of_birth", "2099-01-01", "cannot be in the future")
    assert state.progress()[section.key] == before  # not done: nothing was stored
    assert state.refused["child.date_of_birth"].reason == "cannot be in the future"
    assert "child.date_of_birth" not in state.shown() and "child.date_of_birth" not in state.stored
    assert "child.age" not in state.shown()  # nothing is worked out from a refused date


def test_progress_counts_only_what_is_stored(form: FormDefinition) -> None:
    state = state_of(form, {})
    section = form.section_of("child.date_of_birth")
    assert section is not None
    done, total = state.progress()[section.key]
    state.edit("child.date_of_birth", "2012-03-04")
    assert state.progress()[section.key] == (done, total)  # typed, not yet stored
    assert state.shown()["child.age"] == 14  # but the page already follows it
    state.saved("child.date_of_birth", "2012-03-04")
    assert state.progress()[section.key] == (done + 1, total)


def test_a_blank_row_is_not_a_row_and_its_required_columns_count_in_each_real_row(form: FormDefinition) -> None:
    state = state_of(form, {})
    state.edit("behaviour.incidents", [{}, {"date": None, "description": "   "}])
    assert state.pending["behaviour.incidents"] is None  # nothing in either row: nothing to store
    section = form.section_of("behaviour.incidents")
    assert section is not None
    before = state.progress()[section.key]
    state.saved("behaviour.incidents", [{"setting": "At school"}])
    done, total = state.progress()[section.key]
    assert total == before[1] + 2  # the row's date and what happened are now required too
    assert done == before[0] + 1  # the group itself has a row


def test_saves_of_one_field_in_one_spell_are_one_undo_step_named_by_its_label(form: FormDefinition) -> None:
    state = state_of(form, {"referral.reason": "First"})
    for text in ("First d", "First dr", "First draft"):
        state.edit("referral.reason", text)
        state.saved("referral.reason", text)
    assert state.undo_label() == "Reason for referral"
    step = state.undo()
    assert step is not None and step.old == "First" and state.pending["referral.reason"] == "First"
    state.saved("referral.reason", "First")
    assert state.undo_label() is None and state.redo_label() == "Reason for referral"


def test_leaving_a_field_ends_its_step(form: FormDefinition) -> None:
    state = state_of(form, {})
    state.edit("referral.reason", "one")
    state.saved("referral.reason", "one")
    state.end_spell()
    state.edit("referral.reason", "one two")
    state.saved("referral.reason", "one two")
    step = state.undo()
    assert step is not None and (step.old, step.new) == ("one", "one two")  # never more than the one change


def test_undoing_a_row_removal_puts_back_that_row_only(form: FormDefinition, example: dict[str, Any]) -> None:
    rows = [dict(r) for r in example["behaviour.incidents"]]
    assert len(rows) >= 2
    state = state_of(form, {"behaviour.incidents": rows})
    typed = [dict(rows[0], setting="At the park"), *rows[1:]]
    state.edit("behaviour.incidents", typed)  # typing in the first row...
    state.saved("behaviour.incidents", typed)
    removed = typed[:1]
    assert state.edit("behaviour.incidents", removed)  # ...then removing the second: a step of its own
    state.saved("behaviour.incidents", removed)
    step = state.undo()
    assert step is not None and step.old == typed and step.label == "Incidents"
    state.saved("behaviour.incidents", typed)
    assert state.stored["behaviour.incidents"][0]["setting"] == "At the park"  # the typing is kept
    assert len(state.stored["behaviour.incidents"]) == len(rows)
    state.edit("behaviour.incidents", [dict(typed[0], setting="At the park again"), *typed[1:]])
    state.saved("behaviour.incidents", [dict(typed[0], setting="At the park again"), *typed[1:]])
    after = state.undo()
    assert after is not None and after.old == typed  # typing after the undo is a new step


def test_an_undo_that_cannot_be_stored_stays_to_undo(form: FormDefinition) -> None:
    state = state_of(form, {})
    state.edit("referral.reason", "text")
    state.saved("referral.reason", "text")
    step = state.undo()
    assert step is not None
    state.refuse("referral.reason", None, "the case is read-only")
    assert state.undo_label() == "Reason for referral"


def test_the_child_name_role_names_a_field_of_the_real_pack(form: FormDefinition) -> None:
    assert form.get_field(key_of(form, "child_name")) is not None
    assert form.get_field(key_of(form, "lead_practitioner")) is not None
