"""Issue 16, item 6: a signed version is checked against what its "version signed" audit entry
recorded (the digests of its values and frame) and its sign-offs against theirs. A version
forged together with its digest columns, with the sqlcipher shell, passed every read and
exported "exactly as signed"; now every read refuses it in plain words, the export writes and
records nothing, and ``hsb-desk check`` names the case and version."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, Today, example_document, example_session, reopen
from store.chain_support import keyed

from hsb_desk.app import signoff
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.signoff.at_signing import FRAME_DIFFERS, NO_LONGER_SIGNED, SIGNOFFS_DIFFER, VALUES_DIFFER
from hsb_desk.cli.main import main
from hsb_desk.errors import InvalidInput, WorkbookDamaged
from hsb_desk.store.coworking import values_digest
from hsb_desk.store.records import encode


def _forge_values(conn: Any) -> None:
    snapshot = json.loads(conn.execute("SELECT snapshot_json FROM assessment_versions").fetchone()[0])
    snapshot["referral.reason"] = "A reason the practitioner never signed."
    conn.execute(
        "UPDATE assessment_versions SET snapshot_json = ?, snapshot_digest = ?",
        (encode(snapshot), values_digest(snapshot)),
    )


def _forge_frame(conn: Any) -> None:
    frame = json.loads(conn.execute("SELECT frame_json FROM assessment_versions").fetchone()[0])
    frame["chronology"] = [["2026-11-01", "A meeting that never took place"]]
    conn.execute(
        "UPDATE assessment_versions SET frame_json = ?, frame_digest = ?", (encode(frame), values_digest(frame))
    )


def _remove_frame(conn: Any) -> None:
    """As if signed before schema version 6: its frame would be built from today's record."""
    conn.execute("UPDATE assessment_versions SET frame_json = NULL, frame_digest = NULL")


def _change_signer(conn: Any) -> None:
    conn.execute("UPDATE signoffs SET who = 'Mallory Example'")


def _add_countersignature(conn: Any) -> None:
    conn.execute(
        "INSERT INTO signoffs (case_id, version, what, who, role, signed_on, recorded_at, covers_digest, on_behalf_of)"
        " SELECT case_id, version, 'manager_countersign', 'Morgan Manager', 'Team manager', signed_on, recorded_at,"
        " covers_digest, '' FROM signoffs"
    )


def _unsign(conn: Any) -> None:
    conn.execute("UPDATE assessment_versions SET status = 'open', signed_at = NULL, snapshot_json = NULL")


def _delete_version(conn: Any) -> None:
    conn.execute("DELETE FROM assessment_versions")


FORGERIES: dict[str, tuple[Callable[[Any], None], str]] = {
    "values and their digest": (_forge_values, VALUES_DIFFER),
    "frame and its digest": (_forge_frame, FRAME_DIFFERS),
    "frame removed": (_remove_frame, FRAME_DIFFERS),
    "signer changed": (_change_signer, SIGNOFFS_DIFFER),
    "countersignature added": (_add_countersignature, SIGNOFFS_DIFFER),
    "version unsigned": (_unsign, NO_LONGER_SIGNED),
    "version deleted": (_delete_version, NO_LONGER_SIGNED),
}


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, str]:
    """A closed workbook holding the example case, signed off by its lead: version 1."""
    path = tmp_path / "cases.hsbdesk"
    with example_session(path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
    return path, reference


def _check(path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    code = main(["check", str(path)])
    return code, capsys.readouterr().out


def _exports(path: Path) -> int:
    session = reopen(path, lambda: TODAY)
    try:
        return len([e for e in session.workbook.audit.entries() if e.action == "report exported"])
    finally:
        session.close()


@pytest.mark.parametrize("forgery", FORGERIES, ids=list(FORGERIES))
def test_a_signed_version_forged_behind_the_app_is_refused_on_every_read_and_fails_check(
    signed: tuple[Path, str],
    tmp_path: Path,
    forgery: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, reference = signed
    forge, reason = FORGERIES[forgery]
    with keyed(path) as conn:
        forge(conn)
    exported = _exports(path)
    session = reopen(path, lambda: TODAY)
    try:
        with pytest.raises(WorkbookDamaged) as refused:
            signoff.signed_frame(session, reference, 1)
        message = refused.value.user_message
        assert message.startswith("Version 1 of this assessment is not what the audit trail recorded when it")
        assert reason in message and "cannot be used or exported as signed" in message
        assert "Mallory" not in message and "never signed" not in message  # no case content in it
        with pytest.raises(WorkbookDamaged):
            signoff.signed_values(session, reference, 1)
        out = tmp_path / "as signed.docx"
        with pytest.raises(WorkbookDamaged):
            export_case_report(session, reference, out, signed_version=1)
        assert not out.exists()
    finally:
        session.close()
    assert _exports(path) == exported  # nothing recorded as exported

    code, printed = _check(path, monkeypatch, capsys)
    assert code == 4
    assert f"Signed version: case {reference}, version 1: {reason}." in printed
    assert "Audit trail intact" in printed  # the chain was not touched: the version was


def test_a_forged_version_is_not_exported_from_the_command_line(
    signed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, reference = signed
    with keyed(path) as conn:
        _forge_values(conn)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "reports"
    out.mkdir()
    capsys.readouterr()
    code = main(["report", str(path), reference, "--signed-version", "1", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == WorkbookDamaged.exit_code
    assert "is not what the audit trail recorded when it was signed" in err and "Traceback" not in err
    assert list(out.iterdir()) == []


def test_versions_signed_countersigned_amended_and_signed_again_pass_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.hsbdesk"
    today = Today(TODAY)
    with example_session(path, LEAD, today) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, "Morgan Manager", "Team manager")
        signoff.amend(session, reference, "New information from school")
        session.set_value(reference, "referral.reason", "An amended account of the referral.")
        signoff.sign_off(session, reference)
        assert signoff.signed_version_problems(session) == []
        for number in (1, 2):
            assert export_case_report(session, reference, tmp_path / f"v{number}.docx", signed_version=number).exists()
    code, printed = _check(path, monkeypatch, capsys)
    assert code == 0 and "Signed version" not in printed


def test_a_case_replaced_by_an_import_signs_its_versions_afresh(tmp_path: Path) -> None:
    """The entries of the case that an import replaced are another case's: its version 1 is not
    this case's version 1."""
    with example_session(tmp_path / "cases.hsbdesk", LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.amend(session, reference, "To be replaced")
        document = example_document()
        document["values"]["referral.reason"] = "The account as the import gives it."
        session.import_case(document, replace=True)
        signoff.sign_off(session, reference)
        frame = signoff.signed_frame(session, reference, 1)
        assert frame.values["referral.reason"] == "The account as the import gives it."
        assert signoff.signed_version_problems(session) == []


def test_an_unsigned_version_is_not_signed_and_no_problem(signed: tuple[Path, str]) -> None:
    path, reference = signed
    session = reopen(path, lambda: TODAY)
    try:
        signoff.amend(session, reference, "New information from school")
        with pytest.raises(InvalidInput):
            signoff.signed_frame(session, reference, 2)  # open, and no entry says it was signed
        assert signoff.signed_version_problems(session) == []
    finally:
        session.close()
