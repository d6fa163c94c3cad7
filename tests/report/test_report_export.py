"""export_report over a real (encrypted) workbook: progress, protection, and all-or-nothing files."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from app.test_session import FULL_DOCUMENT
from test_report_model import body_text, header_footer_text, xml_parts

from hsb_desk.app import reports
from hsb_desk.app.reports import export_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import CaseNotFound, ExportFailed, InvalidInput
from hsb_desk.report import unprotect_docx

CASE = "HSB-2026-0042"
PASSWORD = "a report password for e-mail"


@pytest.fixture
def with_case(session: WorkbookSession) -> WorkbookSession:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    return session


def test_export_writes_an_owner_only_report_and_reports_progress(with_case: WorkbookSession, tmp_path: Path) -> None:
    steps: list[tuple[int, str]] = []
    out = export_report(with_case, CASE, tmp_path / "report.docx", progress=lambda p, s: steps.append((p, s)))
    assert out == tmp_path / "report.docx"
    assert out.stat().st_mode & 0o077 == 0
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and percents[-1] == 100 and all(s for _, s in steps)
    text = body_text(out.read_bytes())
    assert "Robin Fictional" in text and "Jo Fictional" in text
    props = docx.Document(str(out)).core_properties
    assert props.author == "Alex Example"  # the practitioner profile, nothing else
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".partial")] == []


def test_shared_export_and_marking(with_case: WorkbookSession, tmp_path: Path) -> None:
    out = export_report(with_case, CASE, tmp_path / "shared.docx", version="shared", marking="OFFICIAL")
    raw = "".join(xml_parts(out.read_bytes()).values())
    assert "Jo Fictional" not in raw and "Sam Fictional" not in raw
    assert "OFFICIAL" in header_footer_text(out.read_bytes()) and "OFFICIAL-SENSITIVE" not in raw


def test_password_protected_report_opens_only_with_its_password(with_case: WorkbookSession, tmp_path: Path) -> None:
    plain = export_report(with_case, CASE, tmp_path / "plain.docx")
    locked = export_report(with_case, CASE, tmp_path / "locked.docx", password=PASSWORD)
    data = locked.read_bytes()
    assert b"Robin Fictional" not in data and b"word/document.xml" not in data
    with pytest.raises(Exception):  # noqa: B017 - python-docx cannot even see a package
        docx.Document(io.BytesIO(data))
    with pytest.raises(ValueError):
        unprotect_docx(data, "not the password at all")
    opened = unprotect_docx(data, PASSWORD)
    assert body_text(opened) == body_text(plain.read_bytes())


def test_a_weak_report_password_is_refused_before_anything_is_written(
    with_case: WorkbookSession, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="report password"):
        export_report(with_case, CASE, tmp_path / "r.docx", password="secret")
    assert list(tmp_path.glob("r.docx*")) == []


def test_unknown_case_and_version_are_refused(with_case: WorkbookSession, tmp_path: Path) -> None:
    with pytest.raises(CaseNotFound):
        export_report(with_case, "NO-SUCH-CASE", tmp_path / "r.docx")
    with pytest.raises(InvalidInput, match="version"):
        export_report(with_case, CASE, tmp_path / "r.docx", version="partial")
    with pytest.raises(ExportFailed, match="folder"):
        export_report(with_case, CASE, tmp_path / "missing" / "r.docx")
    assert list(tmp_path.glob("*.docx")) == []


def _existing(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.docx"
    target.write_bytes(b"the report sent last week")
    return target


def test_a_failure_while_building_leaves_the_existing_file_alone(
    with_case: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path)

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(reports.word, "render_docx", broken)  # the writer, loaded on first use
    with pytest.raises(ExportFailed) as raised:
        export_report(with_case, CASE, target, overwrite=True)
    assert "RuntimeError" in raised.value.user_message and "Robin" not in raised.value.user_message
    assert target.read_bytes() == b"the report sent last week"
    assert [p.name for p in target.parent.iterdir()] == ["report.docx"]


def test_a_failure_while_writing_leaves_the_existing_file_and_no_partial_file(
    with_case: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hsb_desk.atomic_write.os.fsync", disk_full)
    with pytest.raises(ExportFailed, match="nothing was replaced"):
        export_report(with_case, CASE, target, overwrite=True)
    assert target.read_bytes() == b"the report sent last week"
    assert [p.name for p in target.parent.iterdir()] == ["report.docx"]


def test_a_damaged_template_folder_fails_plainly(with_case: WorkbookSession, tmp_path: Path) -> None:
    empty = tmp_path / "templates"
    empty.mkdir()
    with pytest.raises(ExportFailed, match=r"report\.yaml"):
        export_report(with_case, CASE, tmp_path / "r.docx", templates=empty)
    assert not (tmp_path / "r.docx").exists()
