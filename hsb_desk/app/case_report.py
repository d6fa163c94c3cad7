"""The report of a case as it stands, or of a signed version exactly as it was signed, with its
sign-offs, version and chronology: what both Export… and ``hsb-desk report`` produce."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hsb_desk.app import pathway, signoff
from hsb_desk.app.reports import Progress, export_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.errors import InvalidInput
from hsb_desk.report import ChronologyEntry, SignOff


def export_case_report(
    session: WorkbookSession,
    reference: str,
    out_path: Path,
    version: str = "full",
    password: str | None = None,
    marking: str | None = None,
    progress: Progress | None = None,
    signed_version: int | None = None,
) -> Path:
    """``signed_version`` exports that signed version's values, sign-offs and label as signed."""
    records = signoff.versions(session, reference)
    values = None
    if signed_version is None:
        label = signoff.version_label(session, reference)
        signoffs = signoff.signoff_records(session, reference)
    else:
        chosen = next((v for v in records if v.number == signed_version and v.status == "signed"), None)
        if chosen is None:
            raise InvalidInput("That version has not been signed off; choose one listed as signed.")
        values = signoff.signed_values(session, reference, signed_version)
        day = parse_iso_date(chosen.signed_on or "")
        label = f"Version {chosen.number}, signed off {format_uk_date(day) if day else chosen.signed_on}"
        signoffs = signoff.signoff_records(session, reference, signed_version)
    return export_report(
        session,
        reference,
        out_path,
        version,
        password,
        marking,
        progress,
        signoffs=[SignOff(who, role, what, _day(on)) for who, role, what, on in signoffs],
        chronology=_chronology(session, reference),
        version_label=label,
        values=values,
        owners=signoff.section_owners(session, reference),
    )


def _day(text: str) -> date:
    parsed = parse_iso_date(text)
    if parsed is None:  # recorded by our own code as ISO; anything else is a damaged record
        raise InvalidInput("A sign-off date in this workbook is not a date; run hsb-desk check.")
    return parsed


def _chronology(session: WorkbookSession, reference: str) -> list[ChronologyEntry]:
    return [ChronologyEntry(e.date, e.what) for e in pathway.chronology(session, reference)]
