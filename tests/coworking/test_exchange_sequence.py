"""Exchange files are numbered: an older hand-back or hand-out is refused, plainly, and changes
nothing (issue 16, item 5). Two real encrypted workbooks and real exchange files throughout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.sequence_support import held, old_handback, old_handout, refused, shown
from coworking.test_exchange import CASE, FAST, coworker_workbook, hand_back, hand_out, prepare_lead

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import BAD_CONTENT, ExchangeFile, seal, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile


@pytest.fixture(name="lead")
def lead_fixture(session: WorkbookSession) -> WorkbookSession:
    return prepare_lead(session)


@pytest.fixture(name="coworker")
def coworker_fixture(tmp_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    with coworker_workbook(tmp_path, mini_form) as session:
        yield session


def test_an_older_handback_imported_after_a_newer_one_is_refused_and_changes_nothing(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    first = unseal(*hand_back(coworker, tmp_path))
    coworker.set_value(CASE, "findings.concern_level", "high")
    coworker.set_value(CASE, "findings.elements", ["coercion", "secrecy"])
    second = unseal(*hand_back(coworker, tmp_path))
    exchange.apply_handback(lead, second)
    newest, before = lead.values(CASE), held(lead)

    for call in (exchange.preview_handback, exchange.apply_handback):
        message = refused(call, lead, first)
        assert f"hand-back of case {CASE} is number 1, made {shown(first.payload['created_at'])}" in message
        assert f"hand-back number 2, made {shown(second.payload['created_at'])}, was imported here" in message
        assert "nothing was changed" in message
        for content in ("abusive", "normal", "coercion", "high", "Robin"):
            assert content not in message
    assert held(lead) == before and lead.values(CASE) == newest  # the newer values stay


def test_an_older_handout_imported_after_a_newer_one_is_refused_on_the_coworkers_side(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    first = unseal(*hand_out(lead, tmp_path))
    lead.set_value(CASE, "findings.concern_level", "medium")
    lead.set_value(CASE, "child.full_name", "Robin Renamed")
    second = unseal(*hand_out(lead, tmp_path))
    exchange.import_handout(coworker, second)
    before = held(coworker)

    message = refused(exchange.import_handout, coworker, first)
    assert f"hand-out of case {CASE} is number 1, made {shown(first.payload['created_at'])}" in message
    assert f"hand-out number 2, made {shown(second.payload['created_at'])}" in message
    assert "ask the lead" in message and "Robin" not in message and "medium" not in message
    assert held(coworker) == before
    assert coworker.values(CASE)["findings.concern_level"] == "medium"


def test_numbers_count_each_leads_handouts_on_their_own(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path, mini_form: FormDefinition
) -> None:
    """The case passes to another lead, whose workbook numbers its hand-outs from 1: the first
    of them is newer than nothing of theirs, so it is taken after the first lead's second."""
    hand_out(lead, tmp_path)
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    folder = tmp_path / "other-lead"
    folder.mkdir()
    profile = Profile("Jo Example", "Senior practitioner", "Example Council", "")
    other = prepare_lead(create_workbook(folder / "jo.hsbdesk", PASSPHRASE, profile, mini_form, today=lambda: TODAY))
    try:
        other.set_value(CASE, "findings.concern_level", "high")
        package = unseal(*hand_out(other, folder))
    finally:
        other.close()
    assert package.payload["sequence"]["number"] == 1
    exchange.import_handout(coworker, package)
    assert coworker.values(CASE)["findings.concern_level"] == "high"


def test_a_second_file_with_the_same_number_is_refused(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    """Two hand-backs prepared at once: only the first is recorded; the second's number is taken.
    Its file, written anyway (as a workbook restored from a backup would number it again), is
    refused by the lead."""
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    one = exchange.prepare_handback(coworker, CASE, tmp_path / "one.handback", kdf=FAST)
    two = exchange.prepare_handback(coworker, CASE, tmp_path / "two.handback", kdf=FAST)
    exchange.record_handback(coworker, one, one.seal())
    with pytest.raises(InvalidInput, match="saved meanwhile"):
        exchange.record_handback(coworker, two, two.seal())
    assert not (tmp_path / "two.handback").exists()

    exchange.apply_handback(lead, unseal(one.out.read_bytes(), one.passphrase))
    before = held(lead)
    message = refused(exchange.apply_handback, lead, unseal(two.seal(), two.passphrase))
    assert "is number 1" in message and "hand-back number 1" in message
    assert held(lead) == before


def test_a_replayed_file_changes_nothing(lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path) -> None:
    """The very same file again, after a newer one: known by its id and digest, it is reported as
    already imported, and nothing changes."""
    first_out = hand_out(lead, tmp_path)
    exchange.import_handout(coworker, unseal(*first_out))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    first = hand_back(coworker, tmp_path)
    exchange.apply_handback(lead, unseal(*first))
    coworker.set_value(CASE, "findings.concern_level", "high")
    exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))
    second_out = unseal(*hand_out(lead, tmp_path))
    exchange.import_handout(coworker, second_out)

    before = held(lead)
    assert exchange.preview_handback(lead, unseal(*first)).already_imported
    assert exchange.apply_handback(lead, unseal(*first)).detail == {"already_imported": True}
    assert held(lead) == before and lead.values(CASE)["findings.concern_level"] == "high"
    before = held(coworker)
    assert exchange.import_handout(coworker, unseal(*first_out)).detail == {"already_imported": True}
    assert held(coworker) == before


def test_files_are_numbered_per_case_and_per_handout_and_newer_ones_are_taken(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    def number(package: ExchangeFile) -> tuple[int, str]:
        return package.payload["sequence"]["number"], package.payload["sequence"]["workbook"]

    first = unseal(*hand_out(lead, tmp_path))
    exchange.import_handout(coworker, first)
    coworker.set_value(CASE, "findings.continuum", "abusive")
    backs = [unseal(*hand_back(coworker, tmp_path))]
    coworker.set_value(CASE, "findings.concern_level", "high")
    backs.append(unseal(*hand_back(coworker, tmp_path)))
    for back in backs:  # in order: each is newer than the last
        exchange.apply_handback(lead, back)
    second = unseal(*hand_out(lead, tmp_path))
    exchange.import_handout(coworker, second)
    third_back = unseal(*hand_back(coworker, tmp_path))
    lead.create_case("HSB-2026-0043")
    other = unseal(*hand_out(lead, tmp_path, "HSB-2026-0043"))

    lead_id, coworker_id = lead.workbook.workbook_id, coworker.workbook.workbook_id
    assert [number(p) for p in (first, second, other)] == [(1, lead_id), (2, lead_id), (1, lead_id)]
    assert [number(p) for p in (*backs, third_back)] == [(1, coworker_id), (2, coworker_id), (1, coworker_id)]
    assert exchange.apply_handback(lead, third_back).detail == {"conflicts": 0}
    assert lead.values(CASE)["findings.concern_level"] == "high"
    recorded = [e for e in lead.workbook.audit.entries(CASE) if e.action == "exchange file recorded"]
    assert [(e.new_json or "").count('"number"') for e in recorded] == [1, 1, 1]  # each import names its number


def test_a_handback_from_the_previous_version_is_taken_only_if_nothing_newer_was_imported(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.continuum", "abusive")
    monday = old_handback(coworker, tmp_path, made="2026-11-16T09:00:00.000+00:00")
    coworker.set_value(CASE, "findings.concern_level", "high")
    tuesday = old_handback(coworker, tmp_path, made="2026-11-17T09:00:00.000+00:00")

    exchange.apply_handback(lead, tuesday)  # nothing imported before it: taken
    assert lead.values(CASE)["findings.concern_level"] == "high"
    before = held(lead)
    message = refused(exchange.preview_handback, lead, monday)
    assert f"made {shown('2026-11-16T09:00:00+00:00')} by an earlier version of HSB Desk" in message
    assert f"a hand-back made {shown('2026-11-17T09:00:00+00:00')} was imported here" in message
    assert "update HSB Desk" in message
    assert held(lead) == before

    coworker.set_value(CASE, "findings.strength_level", "low")
    exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))  # numbered: taken
    before = held(lead)
    wednesday = old_handback(coworker, tmp_path, made="2026-11-18T09:00:00.000+00:00")
    message = refused(exchange.apply_handback, lead, wednesday)  # made later, but by the old version
    assert "earlier version" in message and "hand-back number 1" in message
    assert held(lead) == before


def test_a_handout_from_the_previous_version_is_taken_only_if_nothing_newer_was_imported(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    monday = old_handout(lead, tmp_path, made="2026-11-16T09:00:00.000+00:00")
    lead.set_value(CASE, "findings.concern_level", "medium")
    tuesday = old_handout(lead, tmp_path, made="2026-11-17T09:00:00.000+00:00")

    exchange.import_handout(coworker, tuesday)
    assert coworker.values(CASE)["findings.concern_level"] == "medium"
    before = held(coworker)
    message = refused(exchange.import_handout, coworker, monday)
    assert f"a hand-out made {shown('2026-11-17T09:00:00+00:00')} was imported here" in message
    assert "ask the lead to update HSB Desk" in message
    assert held(coworker) == before

    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))  # numbered: taken
    before = held(coworker)
    later = old_handout(lead, tmp_path, made="2026-11-30T09:00:00.000+00:00")
    assert "hand-out number 3" in refused(exchange.import_handout, coworker, later)
    assert held(coworker) == before


@pytest.mark.parametrize(
    "sequence",
    [
        {"number": 0, "workbook": "0" * 32},
        {"number": True, "workbook": "0" * 32},
        {"number": "2", "workbook": "0" * 32},
        {"number": 2**31, "workbook": "0" * 32},
        {"number": 2, "workbook": "not a workbook id"},
        {"number": 2},
        {"number": 2, "workbook": "0" * 32, "extra": 1},
        7,
    ],
)
def test_a_malformed_number_is_refused_as_bad_content(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path, sequence: object
) -> None:
    job = exchange.prepare_handout(lead, CASE, tmp_path / "x.handout", kdf=FAST)
    package = unseal(seal("handout", job.file_id, dict(job.payload, sequence=sequence), "x y z", FAST), "x y z")
    before = held(coworker)
    assert refused(exchange.import_handout, coworker, package) == BAD_CONTENT
    assert held(coworker) == before
