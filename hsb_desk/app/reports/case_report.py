"""The report of a case as it stands, or of a signed version exactly as it was signed, with its
sign-offs, version and chronology: what both Export… and ``hsb-desk report`` produce."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.app import pathway, signoff
from hsb_desk.app.form_migration import signed_form
from hsb_desk.app.reports import Progress, ReportJob, case_record, prepare_report, record_report
from hsb_desk.app.reports.output_names import current_version_number, default_report_name, resolve_output
from hsb_desk.app.reports.recipients import check_recipient
from hsb_desk.app.session import WorkbookSession
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
    recipient: str | None = None,
) -> Path:
    """Write the report and return the file written (``prepare_case_report`` says how)."""
    job = prepare_case_report(
        session, reference, out_path, version, password, marking, progress, signed_version, overwrite, recipient
    )
    return record_report(session, job, job.render(progress), progress).path


def prepare_case_report(
    session: WorkbookSession,
    reference: str,
    out_path: Path | None,
    version: str = "full",
    password: str | None = None,
    marking: str | None = None,
    progress: Progress | None = None,
    signed_version: int | None = None,
    overwrite: bool = False,
    recipient: str | None = None,
) -> ReportJob:
    """Read and lay out the report, to be written (``ReportJob.render``) and recorded
    (``record_report``). ``out_path`` is a file, an existing folder
    (the default name is used in it) or None (the default name in the current folder).
    ``signed_version`` exports that signed version exactly as it was signed: its values, status,
    label, sign-offs, chronology and date. An existing file is replaced only with ``overwrite``.
    ``recipient`` ("NAME, AGENCY") makes it a copy for that person, named after them."""
    whom = check_recipient(recipient) if recipient is not None else ""
    target = resolve_output(out_path, default_report_name(session, reference, version, signed_version, whom))
    as_recorded: dict[str, Any]
    if signed_version is not None:
        frame = signoff.signed_frame(session, reference, signed_version)
        as_recorded = {
            "signoffs": frame.signoffs,
            "chronology": case_record.meetings_and_decisions(frame.chronology),
            "history": case_record.history(session, reference, signed_version),
            "authorisations": signoff.authorisations_for_report(session, reference, signed_version),
            "version_label": frame.label,
            "values": frame.values,
            "version_number": frame.number,
            "status": frame.status,
            "report_date": frame.signed_on,
            # Laid out with the pack it was signed on, so that it reads exactly as signed.
            "form": signed_form(session, frame.form_version),
        }
    else:  # the case as it stands
        as_recorded = {
            "signoffs": signoff.signoffs_for_report(session, reference),
            "chronology": case_record.meetings_and_decisions(_chronology(session, reference)),
            "history": case_record.history(session, reference),
            "authorisations": signoff.authorisations_for_report(session, reference),
            # Open actions change after signing, so a signed version's report does not list them.
            "open_actions": case_record.open_actions(session, reference),
            "version_label": signoff.version_label(session, reference),
            "version_number": current_version_number(session, reference),
        }
    return prepare_report(
        session,
        reference,
        target,
        version,
        password,
        marking,
        progress,
        owners=signoff.section_owners(session, reference, as_recorded.get("form")),
        overwrite=overwrite,
        recipient=whom or None,
        **as_recorded,
    )


def _chronology(session: WorkbookSession, reference: str) -> list[ChronologyEntry]:
    return [ChronologyEntry(e.date, e.what) for e in pathway.chronology(session, reference)]
