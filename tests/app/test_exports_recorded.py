"""Every export is recorded in the case's audit trail, file name only, and makes its sharing
record; default names keep the full and the shared report apart; nothing is replaced silently."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app.test_session import FULL_DOCUMENT
from conftest import PASSPHRASE, TODAY
from coworking.test_exchange import FAST

from hsb_desk.app import exchange, signoff
from hsb_desk.app.case_json import export_case_json, print_case_json
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.reports.output_names import default_report_name, report_file_name, safe_reference
from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, default_form
from hsb_desk.errors import CaseNotFound, ExportFailed, OutputExists
from hsb_desk.store.records import Profile

CASE = "HSB-2026-0042"
REAL_CASE = "HSB-2026-0001"
PASSWORD = "a report password for e-mail"


@pytest.fixture
def real(tmp_path: Path) -> Iterator[WorkbookSession]:
    """A workbook over the real form pack in forms/, with one case."""
    form = default_form()
    session = create_workbook(
        tmp_path / "real.hsbdesk",
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "", ""),
        form,
        today=lambda: TODAY,
    )
    session.create_case(REAL_CASE)
    key = form.role_key("child_name")
    assert key is not None
    session.set_value(REAL_CASE, key, "Robin Fictional")
    yield session
    with contextlib.suppress(Exception):
        session.close()


@pytest.fixture
def with_case(session: WorkbookSession) -> WorkbookSession:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    return session


def _entries(session: WorkbookSession, reference: str) -> list[tuple[str, dict[str, object]]]:
    return [(e.action, json.loads(e.new_json or "null")) for e in session.workbook.audit.entries(reference)]


def _private_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Robin Fictional school reports"  # a folder name that names a child
    folder.mkdir()
    return folder


def test_a_report_adds_one_entry_with_its_file_name_and_never_its_folder(real: WorkbookSession, tmp_path: Path) -> None:
    folder = _private_folder(tmp_path)
    before = real.workbook.audit.entries(REAL_CASE)
    written = export_case_report(real, REAL_CASE, folder, version="shared", password=PASSWORD)
    after = real.workbook.audit.entries(REAL_CASE)
    assert written == folder / f"{REAL_CASE} v1 shared {TODAY.isoformat()}.docx" and written.is_file()
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert entry.action == "report exported" and entry.actor == "Alex Example"
    assert json.loads(entry.new_json or "") == {"kind": "shared", "version": 1, "protected": True, "file": written.name}
    assert "Robin" not in (entry.new_json or "") and str(tmp_path) not in (entry.new_json or "")
    problems, audit = real.check()
    assert problems == [] and audit.ok
    [shared] = sharing_record(real, REAL_CASE)
    assert shared.what == "Shared version, version 1, protected by a password"
    assert shared.file_name == written.name and shared.who == "Alex Example" and shared.when == entry.at


def test_a_failed_export_leaves_no_entry_and_no_file(
    with_case: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = with_case.workbook.audit.entries(CASE)
    with pytest.raises(ExportFailed, match="folder"):
        export_case_report(with_case, CASE, tmp_path / "missing" / "r.docx")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hsb_desk.atomic_write.os.fsync", disk_full)
    with pytest.raises(ExportFailed, match="nothing was replaced"):
        export_case_report(with_case, CASE, tmp_path / "r.docx")
    with pytest.raises(ExportFailed):
        export_case_json(with_case, CASE, tmp_path / "case.json")
    assert with_case.workbook.audit.entries(CASE) == before
    assert sharing_record(with_case, CASE) == []
    assert list(tmp_path.glob("*.docx*")) == [] and list(tmp_path.glob("*.json*")) == []
    assert with_case.check()[1].ok


def test_an_existing_file_is_refused_unless_replacing_is_asked_for(with_case: WorkbookSession, tmp_path: Path) -> None:
    target = tmp_path / "sent to school.docx"
    target.write_bytes(b"the shared report sent last week")
    before = with_case.workbook.audit.entries(CASE)
    with pytest.raises(OutputExists, match=r"sent to school\.docx"):
        export_case_report(with_case, CASE, target, version="full")
    with pytest.raises(OutputExists):
        export_case_json(with_case, CASE, target)
    assert target.read_bytes() == b"the shared report sent last week"
    assert with_case.workbook.audit.entries(CASE) == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "cases.hsbdesk" and "hsbdesk" not in p.name] == [
        "sent to school.docx"
    ]
    export_case_report(with_case, CASE, target, version="full", overwrite=True)
    assert target.read_bytes().startswith(b"PK")
    assert len(with_case.workbook.audit.entries(CASE)) == len(before) + 1


def test_default_names_tell_full_shared_versions_and_json_apart(with_case: WorkbookSession) -> None:
    full = default_report_name(with_case, CASE, "full")
    shared = default_report_name(with_case, CASE, "shared")
    assert full == f"{CASE} v1 full 2026-11-22.docx" and shared == f"{CASE} v1 shared 2026-11-22.docx"
    assert default_report_name(with_case, CASE, "full", signed_version=3) == f"{CASE} v3 full 2026-11-22.docx"
    assert (
        report_file_name("HSB-2026-0001", 2, "shared", date(2026, 12, 2)) == "HSB-2026-0001 v2 shared 2026-12-02.docx"
    )
    signoff.sign_off(with_case, CASE)
    signoff.amend(with_case, CASE, "New information from school")
    assert default_report_name(with_case, CASE, "full") == f"{CASE} v2 full 2026-11-22.docx"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("HSB/2026/7", "HSB-2026-7"),
        ('a<b>c:d"e\\f|g?h*i', "a-b-c-d-e-f-g-h-i"),
        ("CON", "case CON"),
        ("nul.2026", "case nul.2026"),
        ("ends with a dot.", "ends with a dot"),
        ("tab\there", "tab-here"),
        ("...", "case"),
    ],
)
def test_a_reference_is_made_safe_for_a_file_name(reference: str, expected: str) -> None:
    assert safe_reference(reference) == expected


def test_the_sharing_record_lists_reports_json_and_hand_outs_in_order(
    with_case: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hsb_desk.app.exchange.envelope.DEFAULT_SCRYPT", FAST)
    folder = _private_folder(tmp_path)
    export_case_report(with_case, CASE, folder, version="full")
    json_file = export_case_json(with_case, CASE, folder)
    printed = io.StringIO()
    print_case_json(with_case, CASE, printed.write)
    signoff.set_section_owner(with_case, CASE, with_case.form.sections[-1].key, "coworker")
    exchange.export_handout(with_case, CASE, folder / "for the co-worker.hsbx")
    assert json.loads(printed.getvalue())["case"]["reference"] == CASE
    record = sharing_record(with_case, CASE)
    assert [(e.what, e.file_name) for e in record] == [
        ("Full report, version 1, not password-protected", f"{CASE} v1 full 2026-11-22.docx"),
        ("Case data (JSON), version 1", json_file.name),
        ("Case data (JSON), version 1", "(printed, not saved to a file)"),
        ("Hand-out to the co-worker (encrypted)", "for the co-worker.hsbx"),
    ]
    assert json_file.name == f"{CASE} v1 case data 2026-11-22.json"
    assert [e.when for e in record] == sorted(e.when for e in record)
    kept = [e.new_json or "" for e in with_case.workbook.audit.entries(CASE)]
    assert not any(str(tmp_path) in text or "school reports" in text for text in kept)
    assert with_case.check()[1].ok


def test_the_sharing_record_of_an_unknown_case_is_refused(session: WorkbookSession) -> None:
    with pytest.raises(CaseNotFound):
        sharing_record(session, "NO-SUCH-CASE")
