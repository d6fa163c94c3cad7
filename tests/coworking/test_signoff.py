"""Section owners, sign-off, read-only after sign-off, countersignature and amendment versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.test_exchange import CASE, coworker_workbook, hand_back, hand_out, prepare_lead

from hsb_desk.app import exchange, signoff
from hsb_desk.app.exchange_format import unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import CaseReadOnly, InvalidInput, SignOffBlocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import Missing
from hsb_desk.store.connection import DatabaseError


@pytest.fixture(name="lead")
def lead_fixture(session: WorkbookSession) -> WorkbookSession:
    return prepare_lead(session)


@pytest.fixture(name="coworker")
def coworker_fixture(tmp_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    with coworker_workbook(tmp_path, mini_form) as session:
        yield session


def complete(session: WorkbookSession, reference: str = CASE) -> None:
    session.set_value(reference, "child.route", "concern")
    session.set_value(reference, "findings.concern_level", "high")


def test_section_owners_default_from_the_form_and_the_lead_can_reassign(lead: WorkbookSession) -> None:
    assert signoff.section_owners(lead, CASE) == {"child": "lead", "findings": "coworker"}
    change = signoff.set_section_owner(lead, CASE, "child", "coworker")
    assert change.kind == "owners"
    assert signoff.section_owners(lead, CASE) == {"child": "coworker", "findings": "coworker"}
    assert signoff.set_section_owner(lead, CASE, "child", "coworker").detail == {}  # no change, no entry
    with pytest.raises(InvalidInput):
        signoff.set_section_owner(lead, CASE, "nowhere", "lead")
    with pytest.raises(InvalidInput):
        signoff.set_section_owner(lead, CASE, "child", "manager")
    owner_entries = [e for e in lead.workbook.audit.entries(CASE) if e.action == "section owner set"]
    assert len(owner_entries) == 1


def test_the_coworker_cannot_reassign_or_sign_off_in_their_copy(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    assert signoff.is_coworker_copy(coworker, CASE) and not signoff.is_coworker_copy(lead, CASE)
    assert signoff.editable_sections(coworker, CASE) == ("findings",)
    with pytest.raises(CaseReadOnly):
        signoff.set_section_owner(coworker, CASE, "child", "coworker")
    with pytest.raises(CaseReadOnly):
        signoff.sign_off(coworker, CASE)


def test_sign_off_is_blocked_listing_every_missing_required_field(lead: WorkbookSession) -> None:
    lead.set_value(CASE, "child.full_name", None)
    with pytest.raises(SignOffBlocked) as raised:
        signoff.sign_off(lead, CASE)
    assert raised.value.missing == [Missing("child", "child.full_name"), Missing("child", "child.route")]
    assert lead.case(CASE).status == "draft"
    assert signoff.signoff_records(lead, CASE) == []


def test_sign_off_makes_the_case_read_only_and_is_recorded(lead: WorkbookSession) -> None:
    complete(lead)
    signoff.request_signoff(lead, CASE)
    assert lead.case(CASE).status == "awaiting_signoff"
    signoff.confirm_sections(lead, CASE, name="Sam Coworker", role="Youth justice worker")
    signoff.sign_off(lead, CASE)
    assert lead.case(CASE).status == "signed_off"
    with pytest.raises(CaseReadOnly) as raised:
        lead.set_value(CASE, "child.notes", "a late change")
    assert "read-only" in raised.value.user_message
    with pytest.raises(CaseReadOnly):
        signoff.sign_off(lead, CASE)
    signoff.countersign(lead, CASE, "Morgan Manager", "Team manager", on="2026-11-20")
    with pytest.raises(InvalidInput):
        signoff.countersign(lead, CASE, "Morgan Manager", "Team manager")
    assert signoff.signoff_records(lead, CASE) == [
        ("Sam Coworker", "Youth justice worker", "Co-worker confirmation", "2026-11-22"),
        ("Alex Example", "Social worker", "Lead practitioner sign-off", "2026-11-22"),
        ("Morgan Manager", "Team manager", "Manager countersignature", "2026-11-20"),
    ]
    assert signoff.version_label(lead, CASE) == "Version 1, signed off 22 November 2026"


def test_countersign_and_dates_are_checked(lead: WorkbookSession) -> None:
    with pytest.raises(InvalidInput):
        signoff.countersign(lead, CASE, "Morgan Manager", "Team manager")  # not yet signed off
    complete(lead)
    with pytest.raises(InvalidInput):
        signoff.sign_off(lead, CASE, on="2031-01-01")
    with pytest.raises(InvalidInput):
        signoff.sign_off(lead, CASE, on="22/11/2026")
    signoff.sign_off(lead, CASE)
    with pytest.raises(InvalidInput):
        signoff.countersign(lead, CASE, " ", "Team manager")


def test_amendment_starts_a_new_version_and_signed_versions_stay_as_signed(
    lead: WorkbookSession, workbook_path: Path, mini_form: FormDefinition
) -> None:
    complete(lead)
    assert signoff.version_label(lead, CASE) == "Version 1, draft"
    signoff.sign_off(lead, CASE)
    signed_1 = signoff.signed_values(lead, CASE, 1)
    assert signed_1["child.full_name"] == "Robin Fictional" and signed_1["child.age"] == 14
    with pytest.raises(InvalidInput):
        signoff.amend(lead, CASE, "   ")
    signoff.amend(lead, CASE, "New information from school.")
    assert lead.case(CASE).status == "draft"
    assert signoff.version_label(lead, CASE) == "Version 2, draft amendment of version 1"
    lead.set_value(CASE, "child.full_name", "Robin Renamed")
    with pytest.raises(InvalidInput):
        signoff.signed_values(lead, CASE, 2)
    with pytest.raises(InvalidInput):
        signoff.amend(lead, CASE, "again")  # only a signed-off assessment is amended
    signoff.sign_off(lead, CASE)
    lead.close()

    reopened = open_workbook(workbook_path, PASSPHRASE, mini_form, today=lambda: TODAY)
    try:
        found = signoff.versions(reopened, CASE)
        assert [(v.number, v.status, v.reason, v.signed_on) for v in found] == [
            (1, "signed", "First version", "2026-11-22"),
            (2, "signed", "New information from school.", "2026-11-22"),
        ]
        assert signoff.signed_values(reopened, CASE, 1) == signed_1
        assert signoff.signed_values(reopened, CASE, 2)["child.full_name"] == "Robin Renamed"
        with pytest.raises(DatabaseError):  # the database itself refuses to change a signed version
            reopened.workbook.conn.execute("UPDATE assessment_versions SET reason = 'x' WHERE version = 1")
        assert reopened.workbook.verify_audit().ok
    finally:
        reopened.close()


def test_sign_off_waits_for_the_coworkers_handback(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    complete(lead)
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    with pytest.raises(SignOffBlocked) as raised:
        signoff.sign_off(lead, CASE)
    assert "hand-back" in raised.value.user_message


def test_coworker_confirmation_travels_in_the_handback(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.concern_level", None)
    with pytest.raises(SignOffBlocked) as raised:
        signoff.confirm_sections(coworker, CASE)
    assert raised.value.missing == [Missing("findings", "findings.concern_level")]  # only their own sections
    coworker.set_value(CASE, "findings.concern_level", "medium")
    signoff.confirm_sections(coworker, CASE)
    exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))
    assert signoff.signoff_records(lead, CASE) == [
        ("Sam Coworker", "Youth justice worker", "Co-worker confirmation", "2026-11-22")
    ]


def test_a_confirmation_made_before_later_edits_is_not_carried(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    signoff.confirm_sections(coworker, CASE)
    coworker.set_value(CASE, "findings.concern_level", "high")  # changed after confirming
    exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))
    assert signoff.signoff_records(lead, CASE) == []


def test_the_lead_records_a_coworker_confirmation_only_with_a_name(lead: WorkbookSession) -> None:
    with pytest.raises(InvalidInput):
        signoff.confirm_sections(lead, CASE)
