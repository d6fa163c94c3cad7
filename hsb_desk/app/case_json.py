"""Exporting a case as JSON interchange (``hsb-desk export-json``), recorded in its sharing record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app import policy
from hsb_desk.app.reports.output_names import check_output, current_version_number, default_json_name, resolve_output
from hsb_desk.app.reports.sharing import JSON_EXPORTED, record_export, write_recorded

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession


def case_json_text(document: Any, ascii_only: bool = False) -> str:
    """The document as indented JSON text that always has a UTF-8 form; ``ascii_only`` escapes
    every other character (\\u), for standard output, which may be a terminal."""
    text = json.dumps(document, indent=2, ensure_ascii=ascii_only) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Half a surrogate pair has no UTF-8 form: JSON's \\u escapes keep it exactly.
        text = json.dumps(document, indent=2, ensure_ascii=True) + "\n"
    return text


def export_case_json(session: WorkbookSession, reference: str, out: Path | None, overwrite: bool = False) -> Path:
    """Write the case's JSON to ``out`` (a file, an existing folder, or None for the current
    folder) and record it; an existing file is replaced only with ``overwrite``. Raises
    JsonExportNotAllowed when the organisation's policy turns JSON export off."""
    policy.require_json_export()
    target = resolve_output(out, default_json_name(session, reference))
    check_output(target, overwrite)
    data = case_json_text(session.export_case(reference)).encode("utf-8")
    version = current_version_number(session, reference)
    return write_recorded(session, reference, target, data, JSON_EXPORTED, {"version": version})


def print_case_json(session: WorkbookSession, reference: str, write: Callable[[str], Any]) -> None:
    """Give the case's JSON to ``write`` (standard output) and, once it is out, record it."""
    policy.require_json_export()
    text = case_json_text(session.export_case(reference), ascii_only=True)
    version = current_version_number(session, reference)
    write(text)
    with session.workbook.transaction():
        case = session.workbook.cases.get(reference)
        record_export(session, case.reference, JSON_EXPORTED, {"version": version, "file": None})
