"""Exporting a case as a Word report: the one use case the GUI's Export… and ``hsb-desk report``
share.

The report is built in memory and written through a temporary file in the target folder and a
rename, so a failed export never leaves half a report. An existing file is replaced only when the
caller says so, and only once the new one is complete. Each report written is recorded in the
case's audit trail (app/sharing.py), in the same transaction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.app.output_names import check_output
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.sharing import REPORT_EXPORTED, write_recorded
from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import ExportFailed, HsbDeskError, InvalidInput
from hsb_desk.report import (
    VERSIONS,
    CaseDetails,
    ChronologyEntry,
    SignOff,
    build_report_model,
    load_templates,
    protect_docx,
    render_docx,
)

Progress = Callable[[int, str], None]
LOGO_FILE = "logo.png"


def check_report_password(password: str) -> str:
    """The password as it will be used (NFC), or InvalidInput saying why it is too weak.
    The same rules as a workbook passphrase: the file may travel by e-mail."""
    normalised = unicodedata.normalize("NFC", password)
    verdict = check_passphrase(normalised)
    if not verdict.acceptable:
        raise InvalidInput(f"That report password cannot be used: {verdict.reason}")
    return normalised


def export_report(
    session: WorkbookSession,
    reference: str,
    out_path: Path,
    version: str = "full",
    password: str | None = None,
    marking: str | None = None,
    progress: Progress | None = None,
    *,
    signoffs: Sequence[SignOff] = (),
    chronology: Sequence[ChronologyEntry] = (),
    version_label: str = "",
    templates: Path | None = None,
    values: Mapping[str, Any] | None = None,
    owners: Mapping[str, str] | None = None,
    version_number: int = 1,
    overwrite: bool = False,
    status: str | None = None,
    report_date: date | None = None,
) -> Path:
    """Write the report of case ``reference`` to ``out_path`` (.docx) and return the path.

    ``version`` is ``full`` or ``shared``; ``password`` encrypts the file; ``marking`` replaces
    the protective marking from ``templates/report.yaml``. ``progress(percent, step)`` is called
    as the work goes on. Sign-offs, chronology and version label come from their own modules;
    with no sign-off the report is marked as a draft on every page. ``version_number`` is the
    assessment version exported (recorded in the audit trail); ``status`` the case status to print
    (default: the case's current one); ``report_date`` the date the report says it was written
    (default: today). An existing file is replaced only with ``overwrite``.
    Raises InvalidInput (unknown case, bad version or password), OutputExists or ExportFailed.
    """
    report = progress or (lambda _percent, _step: None)
    if version not in VERSIONS:
        raise InvalidInput(f"Unknown report version; use one of: {', '.join(VERSIONS)}.")
    out_path = Path(out_path)
    check_output(out_path, overwrite)
    if password is not None:
        password = check_report_password(password)
    report(5, "Reading the case")
    case = session.case(reference)
    values = dict(values) if values is not None else session.values_with_computed(reference)
    profile = session.profile()
    folder = templates or paths.templates_dir()
    try:
        report(20, "Preparing the report")
        loaded = load_templates(folder)
        model = build_report_model(
            session.form,
            values,
            CaseDetails(case.reference, status or case.status),
            loaded,
            version=version,
            today=report_date or session.today(),
            signoffs=signoffs,
            chronology=chronology,
            version_label=version_label,
            marking=marking,
            author=profile.name if profile else "",
            owners=owners,
        )
        report(45, "Writing the Word document")
        data = render_docx(model, loaded.reference_docx, folder / LOGO_FILE)
        if password:
            report(75, "Protecting the document with its password")
            data = protect_docx(data, password)
    except HsbDeskError:
        raise
    except Exception as exc:  # a damaged template must not surface as a traceback
        raise ExportFailed(
            f"The report could not be written ({exc.__class__.__name__}); nothing was saved. "
            "Check the report templates, or ask your IT service."
        ) from exc
    report(90, "Saving")
    check_output(out_path, overwrite)  # a file may have appeared while the report was built
    details = {"kind": version, "version": version_number, "protected": bool(password)}
    write_recorded(session, case.reference, out_path, data, REPORT_EXPORTED, details)
    report(100, "Done")
    return out_path
