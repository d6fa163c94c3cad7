"""The services the GUI and command line share: validation, all-or-nothing import, round trips."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.errors import CaseExists, InvalidInput, ValidationFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import Missing

FULL_DOCUMENT: dict[str, Any] = {
    "format": "hsb-desk.case/1",
    "form": {"id": "mini-form", "version": "1.0"},
    "case": {"reference": "HSB-2026-0042", "status": "draft"},
    "values": {
        "child.full_name": "Robin Fictional",
        "child.date_of_birth": "2012-03-04",
        "child.notes": "First paragraph.\n\nSecond paragraph with ‘quotes’ and 🦔.",
        "child.height": 151.5,
        "child.siblings_count": 2,
        "child.route": "criminal_justice",
        "child.officer": "PC Example",
        "child.interpreter": "not_known",
        "child.siblings": [
            {"name": "Sam Fictional", "date_of_birth": "2015-06-07", "lives_with": "yes"},
            {"name": "Kit Fictional", "lives_with": "no"},
        ],
        "findings.elements": ["coercion", "secrecy"],
        "findings.harmed_name": "Jo Fictional",
        "findings.continuum": "abusive",
        "findings.concern_level": "high",
        "findings.strength_level": "low",
    },
}


def test_set_value_is_stored_and_survives_reopening(
    session: WorkbookSession, workbook_path: Path, mini_form: FormDefinition
) -> None:
    session.create_case("C-1")
    change = session.set_value("C-1", "child.full_name", "Robin Fictional")
    assert (change.kind, change.case_reference, change.fields) == ("value", "C-1", ("child.full_name",))
    session.close()
    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form)
    assert reopened.values("C-1") == {"child.full_name": "Robin Fictional"}
    reopened.close()


def test_invalid_value_is_refused_with_reason_and_nothing_saved(session: WorkbookSession) -> None:
    session.create_case("C-1")
    session.set_value("C-1", "child.date_of_birth", "2012-03-04")
    with pytest.raises(ValidationFailed) as raised:
        session.set_value("C-1", "child.date_of_birth", "2031-01-01")
    assert "Date of birth" in raised.value.user_message
    assert "future" in raised.value.user_message
    assert session.values("C-1") == {"child.date_of_birth": "2012-03-04"}


def test_computed_values_follow_their_sources(session: WorkbookSession) -> None:
    session.create_case("C-1")
    session.set_value("C-1", "child.date_of_birth", "2012-11-23")
    session.set_value("C-1", "findings.concern_level", "high")
    session.set_value("C-1", "findings.strength_level", "low")
    values = session.values_with_computed("C-1")
    assert values["child.age"] == 13  # the 14th birthday is tomorrow
    assert values["findings.response"]["response"] == "Response for high concern with low strengths."
    with pytest.raises(ValidationFailed):
        session.set_value("C-1", "child.age", 99)


def test_case_reference_rules(session: WorkbookSession) -> None:
    session.create_case("HSB/2026-01")
    with pytest.raises(CaseExists):
        session.create_case("HSB/2026-01")
    for bad in ("", "   ", "bad\x00ref", "x" * 65, "-leading"):
        with pytest.raises(InvalidInput):
            session.create_case(bad)
    assert [c.reference for c in session.list_cases()] == ["HSB/2026-01"]


def test_list_cases_searches_reference_and_name_and_filters_status(session: WorkbookSession) -> None:
    for ref, name in (("A-1", "Robin Fictional"), ("B-2", "Sam Example"), ("C-3", "")):
        session.create_case(ref)
        if name:
            session.set_value(ref, "child.full_name", name)
    session.set_status("B-2", "archived")
    assert [c.reference for c in session.list_cases("robin")] == ["A-1"]
    assert [c.reference for c in session.list_cases("b-")] == ["B-2"]
    assert [c.reference for c in session.list_cases(status="archived")] == ["B-2"]
    assert session.list_cases("B-2")[0].archived


def test_import_export_round_trip_between_workbooks(
    session: WorkbookSession, tmp_path: Path, mini_form: FormDefinition
) -> None:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    exported = session.export_case("HSB-2026-0042")
    assert exported == FULL_DOCUMENT | {"values": dict(sorted(FULL_DOCUMENT["values"].items()))}
    other = create_workbook(tmp_path / "other.hsbdesk", PASSPHRASE, form=mini_form, today=lambda: TODAY)
    other.import_case(exported)
    assert other.export_case("HSB-2026-0042") == exported
    other.close()


def test_import_is_all_or_nothing_and_lists_every_problem(session: WorkbookSession) -> None:
    bad = copy.deepcopy(FULL_DOCUMENT)
    bad["values"]["child.date_of_birth"] = "2012-02-30"
    bad["values"]["findings.elements"] = ["coercion", "made-up"]
    bad["values"]["no.such.field"] = "x"
    with pytest.raises(ValidationFailed) as raised:
        session.import_case(bad)
    keys = [key for key, _ in raised.value.problems]
    assert keys == ["child.date_of_birth", "findings.elements", "no.such.field"]
    assert session.list_cases() == []


def test_import_refuses_existing_reference_unless_replace(session: WorkbookSession) -> None:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    session.set_value("HSB-2026-0042", "child.notes", "edited after import")
    with pytest.raises(CaseExists):
        session.import_case(copy.deepcopy(FULL_DOCUMENT))
    assert session.values("HSB-2026-0042")["child.notes"] == "edited after import"
    session.import_case(copy.deepcopy(FULL_DOCUMENT), replace=True)
    assert session.values("HSB-2026-0042")["child.notes"] == FULL_DOCUMENT["values"]["child.notes"]
    assert session.check()[1].ok


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"format": "other"},
        {**FULL_DOCUMENT, "form": {"id": "another-form", "version": "1"}},
        {**FULL_DOCUMENT, "case": {"reference": "bad\nref"}},
        {**FULL_DOCUMENT, "values": []},
    ],
    ids=["not-object", "format", "form", "reference", "values"],
)
def test_malformed_documents_are_refused(session: WorkbookSession, document: Any) -> None:
    with pytest.raises(ValidationFailed):
        session.import_case(document)
    assert session.list_cases() == []


def test_missing_for_signoff_respects_conditions(session: WorkbookSession) -> None:
    session.create_case("C-1")
    session.set_value("C-1", "child.route", "concern")
    missing = session.missing_for_signoff("C-1")
    assert Missing("child", "child.officer") not in missing
    session.set_value("C-1", "child.route", "criminal_justice")
    assert Missing("child", "child.officer") in session.missing_for_signoff("C-1")


def test_profile_is_stored_and_names_the_actor(session: WorkbookSession) -> None:
    assert session.profile().name == "Alex Example"
    session.create_case("C-1")
    session.set_value("C-1", "child.notes", "x")
    entry = session.workbook.audit.entries("C-1")[-1]
    assert entry.actor == "Alex Example"


def test_status_cannot_be_set_to_signed_off_directly(session: WorkbookSession) -> None:
    session.create_case("C-1")
    with pytest.raises(InvalidInput) as raised:
        session.set_status("C-1", "signed_off")
    assert "Sign off" in raised.value.user_message
    assert session.case("C-1").status == "draft"


def test_archived_case_is_read_only_and_keeps_its_status(session: WorkbookSession) -> None:
    from hsb_desk.errors import CaseReadOnly

    session.create_case("C-1")
    session.set_status("C-1", "archived")
    with pytest.raises(CaseReadOnly):
        session.set_value("C-1", "child.notes", "late edit")
    with pytest.raises(CaseReadOnly):
        session.set_status("C-1", "draft")
    assert session.values("C-1") == {}


def test_imported_signed_off_document_awaits_a_real_sign_off(session: WorkbookSession) -> None:
    document = copy.deepcopy(FULL_DOCUMENT)
    document["case"]["status"] = "signed_off"
    change = session.import_case(document)
    assert change.detail["status"] == "awaiting_signoff"
    assert session.case("HSB-2026-0042").status == "awaiting_signoff"


def test_signed_off_case_cannot_be_replaced_by_an_import(session: WorkbookSession) -> None:
    from hsb_desk.app.signoff import sign_off
    from hsb_desk.errors import CaseReadOnly

    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    sign_off(session, "HSB-2026-0042")
    with pytest.raises(CaseReadOnly):
        session.import_case(copy.deepcopy(FULL_DOCUMENT), replace=True)
    assert session.case("HSB-2026-0042").status == "signed_off"
