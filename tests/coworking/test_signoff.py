"""Section owners, sign-off, read-only after sign-off, countersignature and amendment versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, OTHER, Today, example_session
from coworking.test_exchange import CASE, coworker_workbook, hand_back, hand_out, prepare_lead

from hsb_desk.app import exchange, pathway, signoff
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.errors import CaseReadOnly, InvalidInput, SignOffBlocked, WorkbookDamaged
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import Missing
from hsb_desk.store.connection import DatabaseError
from hsb_desk.store.coworking import CoworkingStore


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


# -- who signed, and signed versions frozen (the real form pack's example case) ----------------
def _audit_and_records(session: WorkbookSession, reference: str) -> tuple[int, list[object], list[object], str]:
    case = session.case(reference)
    store = CoworkingStore.of(session.workbook)
    return len(session.workbook.audit.entries()), store.signoffs(case), store.versions(case), case.status


def test_a_signer_who_is_not_the_lead_is_refused_unless_signing_on_their_behalf(workbook_path: Path) -> None:
    with example_session(workbook_path, OTHER, lambda: TODAY) as (session, reference):
        before = _audit_and_records(session, reference)
        with pytest.raises(InvalidInput) as raised:
            signoff.sign_off(session, reference)
        assert LEAD in raised.value.user_message and OTHER in raised.value.user_message
        assert _audit_and_records(session, reference) == before  # nothing recorded, still not signed
        assert signoff.lead_mismatch(session, reference) == (OTHER, LEAD)

        signoff.sign_off(session, reference, on_behalf_of_lead=True)
        lead_row = CoworkingStore.of(session.workbook).signoffs(session.case(reference))[-1]
        assert (lead_row.what, lead_row.who, lead_row.role, lead_row.on_behalf_of) == (
            "lead_signoff",
            OTHER,  # the profile: the person at the keyboard
            "Social worker",
            LEAD,
        )
        assert session.case(reference).status == "signed_off"
        entry = next(e for e in session.workbook.audit.entries(reference) if e.action == "assessment signed off")
        assert json.loads(entry.new_json or "{}")["on_behalf_of"] == LEAD
        report = signoff.signoffs_for_report(session, reference)[-1]
        assert (report.who, report.on_behalf_of, report.kind) == (OTHER, LEAD, "lead_signoff")


def test_the_lead_signs_without_saying_so_and_names_compare_trimmed_and_case_folded(workbook_path: Path) -> None:
    with example_session(workbook_path, "  jo   EXAMPLE ", lambda: TODAY) as (session, reference):
        assert signoff.lead_mismatch(session, reference) is None
        signoff.sign_off(session, reference, on_behalf_of_lead=True)  # said, but not needed: not recorded
        row = CoworkingStore.of(session.workbook).signoffs(session.case(reference))[-1]
        assert row.on_behalf_of == "" and row.who == session.profile().name  # type: ignore[union-attr]


def test_the_leads_sign_off_never_records_a_typed_in_signer(workbook_path: Path) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        before = _audit_and_records(session, reference)
        with pytest.raises(InvalidInput) as raised:
            signoff.sign_off(session, reference, name="Someone Else")
        assert "profile" in raised.value.user_message
        assert _audit_and_records(session, reference) == before


def test_a_form_without_a_lead_role_signs_without_the_check(lead: WorkbookSession) -> None:
    complete(lead)
    assert lead.form.role_key("lead_practitioner") is None
    assert signoff.lead_mismatch(lead, CASE) is None
    signoff.sign_off(lead, CASE)
    assert lead.case(CASE).status == "signed_off"


def test_a_signed_version_is_frozen_with_its_status_label_date_sign_offs_and_chronology(
    workbook_path: Path,
) -> None:
    today = Today(TODAY)
    with example_session(workbook_path, LEAD, today) as (session, reference):
        pathway.add_chronology_entry(session, reference, "2026-11-01", "Home visit with the family")
        signoff.sign_off(session, reference)
        at_signing = signoff.signed_frame(session, reference, 1)
        assert at_signing.status == "signed_off" and at_signing.number == 1
        assert at_signing.label == "Version 1, signed off 22 November 2026"
        assert at_signing.signed_on == TODAY
        assert [s.who for s in at_signing.signoffs] == [LEAD]
        whats = [e.what for e in at_signing.chronology]
        assert "Home visit with the family" in whats
        assert f"Assessment signed off (version 1) by {LEAD}" in whats
        assert at_signing.values == session.values_with_computed(reference)

        today.day = date(2026, 12, 20)
        signoff.countersign(session, reference, "Morgan Manager", "Team manager")
        signoff.amend(session, reference, "New information from school")
        session.set_value(reference, "referral.reason", "An amended account of the referral.")
        session.set_value(reference, "referral.date", "2026-09-15")
        pathway.add_chronology_entry(session, reference, "2026-11-10", "A call recorded after sign-off")
        later = signoff.signed_frame(session, reference, 1)
        assert later.values == at_signing.values and later.chronology == at_signing.chronology
        assert (later.status, later.label, later.signed_on) == ("signed_off", at_signing.label, TODAY)
        # A countersignature of version 1, added later, belongs to it.
        assert [s.kind for s in later.signoffs] == ["lead_signoff", "manager_countersign"]
        assert later.signoffs[0] == at_signing.signoffs[0]
        assert signoff.signed_values(session, reference, 1) == at_signing.values
        with pytest.raises(InvalidInput):
            signoff.signed_frame(session, reference, 2)  # open, not signed


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (
            "frame_json",
            '{"chronology":[],"label":"Version 1, signed off 1 January 2020","signed_on":"2020-01-01",'
            '"status":"signed_off"}',
        ),
        ("snapshot_json", '{"referral.reason":"changed behind the app"}'),
    ],
)
def test_a_signed_frame_changed_in_the_database_is_refused(workbook_path: Path, column: str, text: str) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        conn = session.workbook.conn
        conn.execute("DROP TRIGGER signed_version_frozen")
        conn.execute(f"UPDATE assessment_versions SET {column} = ? WHERE version = 1", (text,))
        with pytest.raises(WorkbookDamaged):
            signoff.signed_frame(session, reference, 1)
