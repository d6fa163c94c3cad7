"""The shipped form pack's rules as a practitioner meets them, in a real encrypted workbook: a
different response from the outcome grid's needs its written rationale, sign-off needs every
required answer (a blank row is not a row), a backup that fails its check is never restored or
offered, and an exchange file cannot make HSB Desk spend more on scrypt than its bound."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY, files_in

from hsb_desk import paths
from hsb_desk.app import exchange, signoff
from hsb_desk.app.backups import backup_now, backups_for, latest_good_backup, restore
from hsb_desk.app.demo import DEMO_PROFILE, dated_document, demo_documents
from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.exchange.envelope import DEFAULT_SCRYPT, ScryptParams, read_exchange_file, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.errors import BackupFailed, ImportRejected, RestoreFailed, SignOffBlocked
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store import backup as store_backup
from hsb_desk.store.backup import open_read_only, verify_backup

RATIONALE = "Child A attends the same school and still feels anxious near him: closer supervision at school."
FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost for the files that are tampered with
DAMAGED_EXCHANGE = (
    "The exchange passphrase is not correct, or the file was damaged or altered on the way; nothing was changed."
)


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def lead(workbook_path: Path, form: FormDefinition) -> Iterator[WorkbookSession]:
    """The demo's practitioner's own workbook, on the real pack: they lead every demo case."""
    session = create_workbook(workbook_path, PASSPHRASE, DEMO_PROFILE, form, today=lambda: TODAY)
    yield session
    with contextlib.suppress(Exception):  # already closed by the test
        session.close()


@pytest.fixture
def example(lead: WorkbookSession, form: FormDefinition) -> str:
    """The fully filled example case, imported as the demo imports it; its reference."""
    return str(lead.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)


def refusal(session: WorkbookSession, reference: str, form: FormDefinition) -> tuple[str, list[tuple[str, str]]]:
    """What the practitioner is told on asking for sign-off (to mark it ready, or to sign): the
    message, and each missing answer under its section, in the form's words (as the window's list
    and the command line show them)."""
    with pytest.raises(SignOffBlocked) as refused:
        signoff.request_signoff(session, reference)
    with pytest.raises(SignOffBlocked) as refused_again:
        signoff.sign_off(session, reference)
    assert refused_again.value.missing == refused.value.missing
    missing = refused.value.missing
    assert [m.describe(form) for m in session.missing_for_signoff(reference)] == [m.describe(form) for m in missing]
    titles = {section.key: section.title for section in form.sections}
    return refused.value.user_message, [(titles[m.section], m.describe(form)) for m in missing]


def nothing_signed(session: WorkbookSession, reference: str) -> None:
    assert session.case(reference).status == "draft"
    assert signoff.signoff_records(session, reference) == []
    assert [v.status for v in signoff.versions(session, reference)] == ["open"]


# -- the outcome grid: a different response needs its written rationale ---------------------
@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("conclusion.override_rationale", "Why a different response"),
        ("conclusion.override_response", "The response chosen instead"),
    ],
    ids=["rationale", "response chosen"],
)
def test_a_different_response_without_its_written_reason_is_refused_and_nothing_changes(
    lead: WorkbookSession, example: str, form: FormDefinition, key: str, label: str
) -> None:
    assert lead.values(example)["conclusion.judgement"] == "override"
    indicated = lead.values_with_computed(example)["conclusion.indicated_response"]
    for blank in (None, "  \n\t "):
        lead.set_value(example, key, blank)
        assert key not in lead.values(example)  # spaces are no reason: nothing is stored
        audited = len(lead.workbook.audit.entries(example))
        message, missing = refusal(lead, example, form)
        assert message == "1 required field(s) are not yet recorded."
        assert missing == [("Conclusion and analysis", label)]
        nothing_signed(lead, example)
        assert len(lead.workbook.audit.entries(example)) == audited  # a refusal records nothing
        assert lead.values(example)["conclusion.judgement"] == "override"  # the choice is kept as made
        assert lead.values_with_computed(example)["conclusion.indicated_response"] == indicated


def test_a_different_response_with_its_rationale_is_signed_off_beside_the_grids(
    lead: WorkbookSession, example: str, form: FormDefinition
) -> None:
    lead.set_value(example, "conclusion.override_rationale", None)
    lead.set_value(example, "conclusion.override_rationale", RATIONALE)
    signoff.sign_off(lead, example)
    assert lead.case(example).status == "signed_off"
    signed = signoff.signed_values(lead, example, 1)
    assert signed["conclusion.judgement"] == "override"
    assert signed["conclusion.override_rationale"] == RATIONALE
    assert signed["conclusion.override_response"].startswith("The medium concern and medium strengths response")
    assert form.grid is not None
    cell = form.grid.cell("medium", "medium")
    assert cell is not None
    assert signed["conclusion.indicated_response"]["response"] == cell.response  # the grid's, shown too


def test_agreeing_with_the_grid_needs_no_rationale(lead: WorkbookSession, example: str) -> None:
    lead.set_value(example, "conclusion.judgement", "agree")
    lead.set_value(example, "conclusion.override_rationale", None)
    lead.set_value(example, "conclusion.override_response", None)
    assert lead.missing_for_signoff(example) == []
    signoff.sign_off(lead, example)
    assert lead.case(example).status == "signed_off"


# -- ready for sign-off: every required answer, and a blank row is not a row ----------------
def test_a_case_missing_required_answers_is_not_ready_and_each_is_named(
    lead: WorkbookSession, example: str, form: FormDefinition
) -> None:
    lead.set_value(example, "referral.reason", None)
    incidents = lead.values(example)["behaviour.incidents"]
    del incidents[1]["date"]
    lead.set_value(example, "behaviour.incidents", incidents)
    lead.set_value(example, "conclusion.safety_plan", [{}, {"situation": "  ", "who": ""}])
    assert "conclusion.safety_plan" not in lead.values(example)  # blank rows are not stored
    message, missing = refusal(lead, example, form)
    assert message == "3 required field(s) are not yet recorded."
    assert missing == [
        ("Referral and route", "Reason for referral"),
        ("Sexual behaviours", "Incidents, incident 2: Date"),
        ("Conclusion and analysis", "Safety plan"),
    ]
    nothing_signed(lead, example)


def test_blank_rows_kept_by_an_older_version_do_not_make_a_case_ready(
    lead: WorkbookSession, example: str, form: FormDefinition
) -> None:
    """Older versions stored blank rows: such a row neither answers a required table nor asks for
    its own columns."""
    case = lead.case(example)
    incidents = lead.values(example)["behaviour.incidents"]
    with lead.workbook.transaction():
        lead.workbook.values.set(case, "conclusion.safety_plan", [{}, {"situation": "", "measure": " "}], "Older")
        lead.workbook.values.set(case, "behaviour.incidents", [{}, *incidents, {"description": "\n"}], "Older")
    message, missing = refusal(lead, example, form)
    assert message == "1 required field(s) are not yet recorded."
    assert missing == [("Conclusion and analysis", "Safety plan")]
    nothing_signed(lead, example)


@pytest.mark.parametrize("which", [0, -1], ids=["example case", "case the demo signs off"])
def test_a_complete_demo_case_is_ready_and_signs_off(lead: WorkbookSession, form: FormDefinition, which: int) -> None:
    reference = str(lead.import_case(dated_document(form, demo_documents()[which], TODAY)).case_reference)
    assert lead.missing_for_signoff(reference) == []
    signoff.request_signoff(lead, reference)
    assert lead.case(reference).status == "awaiting_signoff"
    signoff.sign_off(lead, reference)
    assert lead.case(reference).status == "signed_off"
    assert signoff.version_label(lead, reference) == "Version 1, signed off 22 November 2026"
    assert signoff.signoff_records(lead, reference) == [
        (DEMO_PROFILE.name, DEMO_PROFILE.role, "Lead practitioner sign-off", "2026-11-22")
    ]


# -- backups: one that fails its check is never restored, offered or kept --------------------
def test_a_damaged_backup_is_refused_and_the_workbook_is_left_as_it_was(
    lead: WorkbookSession, example: str, workbook_path: Path, form: FormDefinition
) -> None:
    (before_import,) = backups_for(workbook_path)  # the import made one first
    damaged = backup_now(lead).path
    values = lead.values(example)
    lead.close()
    data = bytearray(damaged.read_bytes())
    offset = len(data) // 2
    assert offset > 4096  # not the first page: the file still opens, only its check finds the damage
    data[offset] ^= 0x40
    damaged.write_bytes(bytes(data))
    open_read_only(damaged, PASSPHRASE).close()
    before = files_in(workbook_path.parent)

    damaged_message = "This backup is damaged and cannot be restored. Nothing was changed."
    with pytest.raises(RestoreFailed) as refused:
        verify_backup(damaged, PASSPHRASE)
    assert refused.value.user_message == damaged_message
    with pytest.raises(RestoreFailed) as refused:
        restore(damaged, workbook_path, PASSPHRASE)
    assert refused.value.user_message == damaged_message
    assert files_in(workbook_path.parent) == before
    good = latest_good_backup(workbook_path, PASSPHRASE)  # what is offered when a workbook is damaged
    assert good is not None and good.path == before_import.path
    assert damaged.read_bytes() == bytes(data)  # the refused file is left for the user to look at

    reopened = open_workbook(workbook_path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)
    try:
        assert reopened.values(example) == values
    finally:
        reopened.close()


def test_a_backup_that_fails_its_check_as_it_is_written_is_not_kept(
    lead: WorkbookSession, example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk changes a byte of the copy as it is written: the check finds it, no backup counts."""
    flush = store_backup._fsync

    def damaging_flush(path: Path) -> None:
        if path.name.endswith(".partial"):
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0x40
            path.write_bytes(bytes(data))
        flush(path)

    monkeypatch.setattr(store_backup, "_fsync", damaging_flush)
    kept = backups_for(lead.workbook.path)
    with pytest.raises(BackupFailed) as refused:
        backup_now(lead)
    assert refused.value.user_message == (
        "The backup did not pass its checks, so it was not kept. The workbook is unchanged."
    )
    assert backups_for(lead.workbook.path) == kept
    assert not list(paths.backups_dir().glob(".*.partial"))
    problems, audit = lead.check()
    assert problems == [] and audit.ok
    assert lead.missing_for_signoff(example) == []


# -- exchange files: scrypt's cost is bounded before anything is derived --------------------
def test_an_exchange_file_asking_for_more_than_the_scrypt_bound_is_refused_before_any_work(
    lead: WorkbookSession, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = exchange.export_handout(lead, example, tmp_path / "case.handout", kdf=FAST)
    data = read_exchange_file(result.path)
    assert unseal(data, result.passphrase).payload["case"]["reference"] == example  # as written, it opens

    derived: list[dict[str, Any]] = []

    class NoScrypt:
        """Records what would have been derived, and derives nothing."""

        def __init__(self, **kwargs: Any) -> None:
            derived.append(kwargs)

        def derive(self, _words: bytes) -> bytes:
            return bytes(32)

    monkeypatch.setattr(exchange_format, "Scrypt", NoScrypt)
    beyond = [
        (20, 16, 1),  # 2 GiB: each within its own range, together beyond the 1 GiB bound
        (20, 8, 2),  # 1 GiB, twice over
        (18, 16, 4),  # 512 MiB, four times over
        (21, 8, 1),  # N beyond 2**20
        (40, 8, 1),
        (17, 255, 1),
        (17, 8, 255),
        (255, 255, 255),
    ]
    for log2_n, r, p in beyond:
        path = tmp_path / f"tampered-{log2_n}-{r}-{p}.handout"
        path.write_bytes(data[:12] + bytes([log2_n, r, p]) + data[15:])
        with pytest.raises(ImportRejected) as refused:
            unseal(read_exchange_file(path), result.passphrase)  # what the window and command line do
        assert refused.value.user_message == DAMAGED_EXCHANGE, (log2_n, r, p)
        assert derived == [], f"scrypt was run for N=2**{log2_n}, r={r}, p={p}"


def test_the_normal_scrypt_cost_is_within_the_bound_and_its_files_open(
    lead: WorkbookSession, example: str, tmp_path: Path
) -> None:
    assert (DEFAULT_SCRYPT.log2_n, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p) == (17, 8, 1)  # docs/exchange.md
    assert DEFAULT_SCRYPT.acceptable()
    result = exchange.export_handout(lead, example, tmp_path / "case.handout")  # the cost every hand-out uses
    data = read_exchange_file(result.path)
    assert data[12:15] == bytes([17, 8, 1])
    assert unseal(data, result.passphrase).payload["case"]["reference"] == example
    # The bound itself: memory (128 * r * N bytes) times parallelism, at most 1 GiB.
    assert ScryptParams(20, 8, 1).acceptable() and ScryptParams(17, 16, 4).acceptable()
    assert not ScryptParams(20, 8, 2).acceptable() and not ScryptParams(18, 16, 4).acceptable()
