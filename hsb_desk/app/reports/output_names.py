"""Default names of exported files, and where an export may be written.

A default name says which case, which version, full or shared, the day it was written and, for
a copy made for one recipient, whom it is for (``HSB-2026-0001 v2 shared 2026-12-02 for Priya
Example, Northgate Academy.docx``), so the full report and the one meant for a school never share
a file. Names are safe on Windows, macOS and Linux.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hsb_desk.app import signoff
from hsb_desk.errors import ExportFailed, OutputExists

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

REPORT_KINDS = {"full": "full", "shared": "shared"}
JSON_KIND = "case data"
# Characters Windows refuses in a name, and path separators everywhere.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_REFERENCE = 64
MAX_RECIPIENT_IN_NAME = 60  # with the rest, well inside the 255 characters a file name may have


def safe_reference(reference: str) -> str:
    """The case reference as it can appear in a file name on any system."""
    text = _UNSAFE.sub("-", reference).strip(" .")[:MAX_REFERENCE].strip(" .")
    if not text:
        return "case"
    if text.split(".")[0].upper() in _RESERVED:
        return f"case {text}"
    return text


def report_file_name(reference: str, version_number: int, kind: str, day: date, recipient: str = "") -> str:
    """``HSB-2026-0001 v2 full 2026-12-02.docx``; ``kind`` is 'full' or 'shared'; a copy for a
    recipient ends ``… for NAME, AGENCY.docx``."""
    label = REPORT_KINDS.get(kind, "full")
    name = f"{safe_reference(reference)} v{version_number} {label} {day.isoformat()}"
    whom = " ".join(_UNSAFE.sub("-", recipient).split())[:MAX_RECIPIENT_IN_NAME].strip(" .")
    return f"{name} for {whom}.docx" if whom else f"{name}.docx"


def json_file_name(reference: str, version_number: int, day: date) -> str:
    """``HSB-2026-0001 v2 case data 2026-12-02.json``."""
    return f"{safe_reference(reference)} v{version_number} {JSON_KIND} {day.isoformat()}.json"


def current_version_number(session: WorkbookSession, reference: str) -> int:
    """The number of the assessment version that an export of the case as it stands shows."""
    return signoff.versions(session, reference)[-1].number


def default_report_name(
    session: WorkbookSession,
    reference: str,
    version: str = "full",
    signed_version: int | None = None,
    recipient: str = "",
) -> str:
    """The report's default name: the case, the version exported, full or shared, today, and
    the recipient of a copy made for one."""
    number = signed_version if signed_version is not None else current_version_number(session, reference)
    return report_file_name(session.case(reference).reference, number, version, session.today(), recipient)


@dataclass(frozen=True)
class ReportNaming:
    """What a report's default name is made of, read once, so the Export dialog can follow the
    version and the recipient as they are chosen without asking the workbook again."""

    reference: str
    version_number: int
    day: date

    def name(self, kind: str, recipient: str = "") -> str:
        return report_file_name(self.reference, self.version_number, kind, self.day, recipient)


def report_naming(session: WorkbookSession, reference: str, signed_version: int | None = None) -> ReportNaming:
    number = signed_version if signed_version is not None else current_version_number(session, reference)
    return ReportNaming(session.case(reference).reference, number, session.today())


def default_json_name(session: WorkbookSession, reference: str) -> str:
    """The JSON export's default name."""
    case = session.case(reference)
    return json_file_name(case.reference, current_version_number(session, reference), session.today())


def resolve_output(out: Path | None, default_name: str) -> Path:
    """``out`` itself when it names a file; the default name inside it when it is an existing
    folder; the default name in the current folder when it is omitted."""
    if out is None:
        return Path.cwd() / default_name
    out = Path(out).expanduser()
    return out / default_name if out.is_dir() else out


def check_output(path: Path, overwrite: bool = False) -> None:
    """Refuse a path that cannot be written, or an existing file unless ``overwrite``."""
    if path.is_dir():
        raise ExportFailed("The output path is a folder; give a file name.")
    if not path.parent.is_dir():
        raise ExportFailed("The folder for the export does not exist; nothing was written.")
    if path.exists() and not overwrite:
        raise OutputExists(f"{path.name} already exists; nothing was written. Choose another name, or replace it.")
