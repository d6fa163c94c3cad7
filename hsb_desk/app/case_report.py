"""The report of a case as it stands, or of a signed version exactly as it was signed, with its
sign-offs, version and chronology: what both Export… and ``hsb-desk report`` produce."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hsb_desk.app import pathway, signoff
from hsb_desk.app.output_names import current_version_number, default_report_name, resolve_output
from hsb_desk.app.reports import Progress, export_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import InvalidInput
from hsb_desk.report import ChronologyEntry


def export_case_report(
    session: WorkbookSession,
    reference: str,
    out_path: Path | None,
    version: str = "full",
    password: str | None = None,
    marking: str | None = None,
    progress: Progress | None = None,
    signed_version: int | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the report and return the file written. ``out_path`` is a file, an existing folder
    (the default name is used in it) or None (the default name in the current folder).
    ``signed_version`` exports that signed version exactly as it was signed: its values, status,
    label, sign-offs, chronology and date. An existing file is replaced only with ``overwrite``."""
    target = resolve_output(out_path, default_report_name(session, reference, version, signed_version))
    owners = signoff.section_owners(session, reference)
    if signed_version is not None:
        frame = signoff.signed_frame(session, reference, signed_version)
        return export_report(
            session,
            reference,
            target,
            version,
            password,
            marking,
            progress,
            signoffs=frame.signoffs,
            chronology=frame.chronology,
            version_label=frame.label,
            values=frame.values,
            owners=owners,
            version_number=frame.number,
            overwrite=overwrite,
            status=frame.status,
            report_date=frame.signed_on,
        )
    return export_report(
        session,
        reference,
        target,
        version,
        password,
        marking,
        progress,
        signoffs=signoff.signoffs_for_report(session, reference),
        chronology=_chronology(session, reference),
        version_label=signoff.version_label(session, reference),
        owners=owners,
        version_number=current_version_number(session, reference),
        overwrite=overwrite,
    )


def _day(text: str) -> date:
    parsed = parse_iso_date(text)
    if parsed is None:  # recorded by our own code as ISO; anything else is a damaged record
        raise InvalidInput("A sign-off date in this workbook is not a date; run hsb-desk check.")
    return parsed


def _chronology(session: WorkbookSession, reference: str) -> list[ChronologyEntry]:
    return [ChronologyEntry(e.date, e.what) for e in pathway.chronology(session, reference)]
