"""Hand-out and hand-back between two real encrypted workbooks: round trip, merge, conflicts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import ScryptParams, read_exchange_file, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import CaseReadOnly, ImportRejected, MergeConflicts
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile

FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost; the default is 2**17
CASE = "HSB-2026-0042"


def prepare_lead(session: WorkbookSession) -> WorkbookSession:
    """The lead's workbook (the shared `session` fixture: Alex Example) with one case."""
    session.create_case(CASE)
    session.set_value(CASE, "child.full_name", "Robin Fictional")
    session.set_value(CASE, "child.date_of_birth", "2012-03-04")
    session.set_value(CASE, "child.notes", "Lead's own notes, not for the hand-out.")
    session.set_value(CASE, "findings.continuum", "normal")
    session.set_value(CASE, "findings.concern_level", "low")
    return session


@contextlib.contextmanager
def coworker_workbook(tmp_path: Path, form: FormDefinition) -> Iterator[WorkbookSession]:
    """The co-worker's own encrypted workbook, in its own folder."""
    folder = tmp_path / "coworker"
    folder.mkdir()
    session = create_workbook(
        folder / "coworker.hsbdesk",
        PASSPHRASE,
        Profile("Sam Coworker", "Youth justice worker", "Example YOS", "sam@example.org"),
        form,
        today=lambda: TODAY,
    )
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            session.close()


@pytest.fixture(name="lead")
def lead_fixture(session: WorkbookSession) -> WorkbookSession:
    return prepare_lead(session)


@pytest.fixture(name="coworker")
def coworker_fixture(tmp_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    with coworker_workbook(tmp_path, mini_form) as session:
        yield session


def hand_out(lead: WorkbookSession, tmp_path: Path, reference: str = CASE) -> tuple[bytes, str]:
    result = exchange.export_handout(lead, reference, tmp_path / f"{reference}.handout", kdf=FAST)
    return result.path.read_bytes(), result.passphrase


def hand_back(coworker: WorkbookSession, tmp_path: Path, reference: str = CASE) -> tuple[bytes, str]:
    result = exchange.export_handback(coworker, reference, tmp_path / f"{reference}.handback", kdf=FAST)
    return result.path.read_bytes(), result.passphrase


def test_full_round_trip_between_two_workbooks(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    result = exchange.export_handout(lead, CASE, tmp_path / "out.handout", kdf=FAST)
    assert len(result.passphrase.split("-")) >= 5
    assert result.path.stat().st_mode & 0o077 == 0
    data = result.path.read_bytes()
    for secret in (b"Robin", b"HSB-2026", b"Lead's own", b"findings"):
        assert secret not in data  # nothing readable in the file
    assert lead.case(CASE).status == "with_coworker"

    change = exchange.import_handout(coworker, unseal(read_exchange_file(result.path), result.passphrase))
    assert change.case_reference == CASE
    copy = coworker.values(CASE)
    assert copy == {
        "child.full_name": "Robin Fictional",
        "child.date_of_birth": "2012-03-04",
        "findings.continuum": "normal",
        "findings.concern_level": "low",
    }  # the basic details and their own section only
    assert coworker.case(CASE).status == "with_coworker"
    with pytest.raises(CaseReadOnly):
        coworker.set_value(CASE, "child.full_name", "Someone Else")
    coworker.set_value(CASE, "findings.continuum", "abusive")
    coworker.set_value(CASE, "findings.concern_level", "high")
    coworker.set_value(CASE, "findings.elements", ["coercion", "secrecy"])

    back, words = hand_back(coworker, tmp_path)
    package = unseal(back, words)
    preview = exchange.preview_handback(lead, package)
    assert preview.conflicts == () and preview.coworker == "Sam Coworker"
    assert set(preview.incoming) == {"findings.continuum", "findings.concern_level", "findings.elements"}
    change = exchange.apply_handback(lead, package)
    values = lead.values(CASE)
    assert values["findings.continuum"] == "abusive" and values["findings.elements"] == ["coercion", "secrecy"]
    assert values["child.notes"] == "Lead's own notes, not for the hand-out."
    assert lead.case(CASE).status == "draft"
    merged = [e for e in lead.workbook.audit.entries(CASE) if e.action.startswith("value merged from hand-back")]
    assert {e.field_key for e in merged} == set(change.fields)
    assert all(e.action == f"value merged from hand-back {package.handout_id} by Sam Coworker" for e in merged)
    assert lead.workbook.verify_audit().ok and coworker.workbook.verify_audit().ok


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_conflict_shows_both_values_and_the_lead_chooses(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path, choice: str
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.concern_level", "high")
    coworker.set_value(CASE, "findings.strength_level", "low")
    lead.set_value(CASE, "findings.concern_level", "medium")  # the lead changed it too
    package = unseal(*hand_back(coworker, tmp_path))

    preview = exchange.preview_handback(lead, package)
    assert [(c.field_key, c.section_key, c.mine, c.theirs) for c in preview.conflicts] == [
        ("findings.concern_level", "findings", "medium", "high")
    ]
    assert preview.conflicts[0].label == "Overall concern"
    before = (lead.values(CASE), len(lead.workbook.audit.entries()))
    with pytest.raises(MergeConflicts) as raised:
        exchange.apply_handback(lead, package)  # no choice given: nothing at all changes
    assert raised.value.conflicts == ["findings.concern_level"]
    assert (lead.values(CASE), len(lead.workbook.audit.entries())) == before

    exchange.apply_handback(lead, package, {"findings.concern_level": choice})
    values = lead.values(CASE)
    assert values["findings.concern_level"] == ("medium" if choice == "mine" else "high")
    assert values["findings.strength_level"] == "low"  # not in conflict: merged either way
    actions = [e.action for e in lead.workbook.audit.entries(CASE) if e.field_key == "findings.concern_level"]
    expected = "own value kept over hand-back" if choice == "mine" else "(chosen over own)"
    assert expected in actions[-1]


def test_unchanged_by_coworker_keeps_the_leads_value(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    lead.set_value(CASE, "findings.continuum", "abusive")
    package = unseal(*hand_back(coworker, tmp_path))
    assert exchange.preview_handback(lead, package).conflicts == ()
    exchange.apply_handback(lead, package)
    assert lead.values(CASE)["findings.continuum"] == "abusive"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    out = hand_out(lead, tmp_path)
    exchange.import_handout(coworker, unseal(*out))
    audit_count = len(coworker.workbook.audit.entries())
    again = exchange.import_handout(coworker, unseal(*out))
    assert again.detail == {"already_imported": True} and again.fields == ()
    assert len(coworker.workbook.audit.entries()) == audit_count

    coworker.set_value(CASE, "findings.continuum", "abusive")
    back = hand_back(coworker, tmp_path)
    exchange.apply_handback(lead, unseal(*back))
    lead.set_value(CASE, "findings.continuum", "normal")  # a later edit must survive a re-import
    audit_count = len(lead.workbook.audit.entries())
    assert exchange.preview_handback(lead, unseal(*back)).already_imported
    assert exchange.apply_handback(lead, unseal(*back)).detail == {"already_imported": True}
    assert lead.values(CASE)["findings.continuum"] == "normal"
    assert len(lead.workbook.audit.entries()) == audit_count


def test_second_handback_from_the_same_handout_merges_against_the_last_merge(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))
    coworker.set_value(CASE, "findings.concern_level", "medium")
    package = unseal(*hand_back(coworker, tmp_path))
    preview = exchange.preview_handback(lead, package)
    assert preview.conflicts == () and preview.incoming == ("findings.concern_level",)


def test_wrong_passphrase_is_refused_and_typing_variations_are_accepted(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    data, words = hand_out(lead, tmp_path)
    with pytest.raises(ImportRejected) as raised:
        unseal(data, "maple orbit candle river glade otter")
    assert "passphrase is not correct" in raised.value.user_message
    spoken = "  " + words.replace("-", "  ").upper() + " "
    assert unseal(data, spoken).kind == "handout"


def test_a_handout_cannot_be_merged_as_a_handback_or_the_reverse(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    out = unseal(*hand_out(lead, tmp_path))
    with pytest.raises(ImportRejected):
        exchange.apply_handback(lead, out)
    exchange.import_handout(coworker, out)
    with pytest.raises(ImportRejected):
        exchange.import_handout(lead, unseal(*hand_back(coworker, tmp_path)))


def test_handout_into_a_workbook_holding_the_leads_own_case_is_refused(lead: WorkbookSession, tmp_path: Path) -> None:
    package = unseal(*hand_out(lead, tmp_path))
    before = lead.values(CASE)
    with pytest.raises(ImportRejected):
        exchange.import_handout(lead, package)
    assert lead.values(CASE) == before


def test_new_handout_is_refused_while_the_coworker_has_changes_not_handed_back(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    second = unseal(*hand_out(lead, tmp_path))
    with pytest.raises(ImportRejected) as raised:
        exchange.import_handout(coworker, second)
    assert "not handed back" in raised.value.user_message
    assert coworker.values(CASE)["findings.continuum"] == "abusive"
    hand_back(coworker, tmp_path)
    exchange.import_handout(coworker, second)  # once handed back, the new hand-out replaces the copy
    assert coworker.values(CASE)["findings.continuum"] == "normal"


def test_signed_off_case_refuses_a_handback(lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    package = unseal(*hand_back(coworker, tmp_path))
    with lead.workbook.transaction():  # as sign-off leaves it (the service refuses the shortcut)
        lead.workbook.cases.set_status(lead.workbook.cases.get(CASE), "signed_off", "tester")
    with pytest.raises(CaseReadOnly):
        exchange.preview_handback(lead, package)
    with pytest.raises(CaseReadOnly):
        exchange.export_handout(lead, CASE, tmp_path / "again.handout", kdf=FAST)


def test_handout_needs_a_section_for_the_coworker(lead: WorkbookSession, tmp_path: Path) -> None:
    from hsb_desk.app.signoff import set_section_owner
    from hsb_desk.errors import InvalidInput

    set_section_owner(lead, CASE, "findings", "lead")
    with pytest.raises(InvalidInput):
        exchange.export_handout(lead, CASE, tmp_path / "x.handout", kdf=FAST)
    assert not (tmp_path / "x.handout").exists()
    assert lead.case(CASE).status == "draft"
