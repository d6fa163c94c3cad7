"""Damaged, altered, truncated and misdirected exchange files are refused before the workbook
is touched: every byte of the file is authenticated, and the workbook files stay byte-identical."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from coworking.test_exchange import CASE, FAST, coworker_workbook, hand_back, hand_out, prepare_lead

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import DEFAULT_SCRYPT, HEADER, TAG_SIZE, ExchangeFile, seal, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import ImportRejected, ValidationFailed
from hsb_desk.formspec import FormDefinition


@pytest.fixture(name="lead")
def lead_fixture(session: WorkbookSession) -> WorkbookSession:
    return prepare_lead(session)


@pytest.fixture(name="coworker")
def coworker_fixture(tmp_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    with coworker_workbook(tmp_path, mini_form) as session:
        yield session


def workbook_hashes(session: WorkbookSession, with_shm: bool = True) -> dict[str, str]:
    """SHA-256 of every file of the workbook. The -shm file is SQLite's shared-memory index, which
    any read updates; a refusal decided by reading the workbook is checked without it."""
    folder = session.workbook.path.parent
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name.startswith(session.workbook.path.name) and (with_shm or not p.name.endswith("-shm"))
    }


def import_bytes(session: WorkbookSession, data: bytes, words: str) -> None:
    """What the GUI and the command line do: open the file in full, then import it."""
    package = unseal(data, words)
    if package.kind == "handout":
        exchange.import_handout(session, package)
    else:
        exchange.apply_handback(session, package, {})


def _small_handback(lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path) -> tuple[bytes, str]:
    exchange.import_handout(coworker, unseal(*hand_out(lead, tmp_path)))
    coworker.set_value(CASE, "findings.concern_level", "high")
    return hand_back(coworker, tmp_path)


@pytest.mark.parametrize("kind", ["handout", "handback"])
def test_flipping_any_single_byte_is_detected_before_the_workbook_is_touched(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path, kind: str
) -> None:
    if kind == "handout":
        data, words = hand_out(lead, tmp_path)
        target = coworker
    else:
        data, words = _small_handback(lead, coworker, tmp_path)
        target = lead
    assert len(data) < 1500  # a small file: every byte is tried
    before = workbook_hashes(target)
    for index in range(len(data)):
        altered = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
        with pytest.raises(ImportRejected):
            import_bytes(target, altered, words)
    assert workbook_hashes(target) == before
    import_bytes(target, data, words)  # the unaltered file still imports
    assert workbook_hashes(target) != before


def test_truncated_and_extended_files_are_refused(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    data, words = hand_out(lead, tmp_path)
    before = workbook_hashes(coworker)
    lengths = [*range(HEADER.size + TAG_SIZE + 2), *range(HEADER.size + TAG_SIZE + 2, len(data), 5)]
    for length in lengths:
        with pytest.raises(ImportRejected):
            import_bytes(coworker, data[:length], words)
    for extra in (b"\x00", b"extra bytes"):
        with pytest.raises(ImportRejected):
            import_bytes(coworker, data + extra, words)
    assert workbook_hashes(coworker) == before


def test_not_an_exchange_file(tmp_path: Path) -> None:
    for data in (b"", b"PK\x03\x04 a zip file", b"SQLite format 3\x00" + bytes(200)):
        with pytest.raises(ImportRejected) as raised:
            unseal(data, "any words at all here")
        assert "not an HSB Desk exchange file" in raised.value.user_message


def test_header_asking_for_an_enormous_kdf_cost_is_refused_without_running_it(
    lead: WorkbookSession, tmp_path: Path
) -> None:
    data, words = hand_out(lead, tmp_path)
    assert data[12:15] == bytes([FAST.log2_n, FAST.r, FAST.p])  # the scrypt parameters in the header
    for offset, value in ((12, 40), (13, 255), (14, 255)):
        with pytest.raises(ImportRejected):
            unseal(data[:offset] + bytes([value]) + data[offset + 1 :], words)


def test_default_key_derivation_is_strong() -> None:
    assert (1 << DEFAULT_SCRYPT.log2_n) >= 2**17 and DEFAULT_SCRYPT.r >= 8
    assert 128 * DEFAULT_SCRYPT.r * (1 << DEFAULT_SCRYPT.log2_n) >= 128 * 1024 * 1024


def _forge(words: str, handout_id: str, payload: dict) -> ExchangeFile:
    """A well-encrypted hand-back with chosen content (as someone knowing the passphrase could make)."""
    return unseal(seal("handback", handout_id, payload, words, FAST), words)


def test_handback_for_another_case_or_handout_is_refused(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    lead.create_case("OTHER-1")
    lead.set_value("OTHER-1", "findings.concern_level", "low")
    data, words = _small_handback(lead, coworker, tmp_path)
    genuine = unseal(data, words)
    exchange.export_handout(lead, "OTHER-1", tmp_path / "other.handout", kdf=FAST)
    before = workbook_hashes(lead, with_shm=False)

    other_case = dict(genuine.payload, case=dict(genuine.payload["case"], reference="OTHER-1"))
    unknown_handout = dict(genuine.payload)
    wrong_sections = dict(genuine.payload, sections=["child"], values={"child.full_name": "X"})
    for handout_id, payload in (
        (genuine.handout_id, other_case),
        ("0" * 32, unknown_handout),
        (genuine.handout_id, wrong_sections),
    ):
        with pytest.raises(ImportRejected):
            exchange.preview_handback(lead, _forge(words, handout_id, payload))
        with pytest.raises(ImportRejected):
            exchange.apply_handback(lead, _forge(words, handout_id, payload), {})
    assert workbook_hashes(lead, with_shm=False) == before


def test_handback_with_invalid_values_is_refused_whole(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    data, words = _small_handback(lead, coworker, tmp_path)
    genuine = unseal(data, words)
    values = dict(genuine.payload["values"], **{"findings.concern_level": "enormous"})
    before = lead.values(CASE)
    with pytest.raises(ValidationFailed) as raised:
        exchange.apply_handback(lead, _forge(words, genuine.handout_id, dict(genuine.payload, values=values)))
    assert [key for key, _ in raised.value.problems] == ["findings.concern_level"]
    assert "enormous" not in raised.value.user_message
    assert lead.values(CASE) == before


def test_handback_with_a_value_longer_than_its_field_holds_is_refused_whole(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    data, words = _small_handback(lead, coworker, tmp_path)
    genuine = unseal(data, words)
    values = dict(genuine.payload["values"], **{"findings.harmed_name": "q" * 2_001})
    before = lead.values(CASE)
    with pytest.raises(ValidationFailed) as raised:
        exchange.apply_handback(lead, _forge(words, genuine.handout_id, dict(genuine.payload, values=values)))
    assert [key for key, _ in raised.value.problems] == ["findings.harmed_name"]
    assert "at most 2,000" in raised.value.problems[0][1] and "qqq" not in str(raised.value.problems)
    assert lead.values(CASE) == before


def test_handback_for_a_different_form_is_refused(
    lead: WorkbookSession, coworker: WorkbookSession, tmp_path: Path
) -> None:
    data, words = _small_handback(lead, coworker, tmp_path)
    genuine = unseal(data, words)
    payload = dict(genuine.payload, case=dict(genuine.payload["case"], form_id="another-form"))
    with pytest.raises(ImportRejected) as raised:
        exchange.preview_handback(lead, _forge(words, genuine.handout_id, payload))
    assert "different assessment form" in raised.value.user_message
