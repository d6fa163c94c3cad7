"""Exporting a case as a Word report: the one use case the GUI's Export… and ``hsb-desk report``
share.

The report is built in memory and written through a temporary file in the target folder and a
rename, so a failed export never leaves half a report. An existing file is replaced only when the
caller says so, and only once the new one is complete. Each report written is recorded in the
case's audit trail (app/reports/sharing.py), in the same transaction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from hsb_desk import report as word  # the builder and writer load on first use (report/__init__.py)
from hsb_desk.app import policy
from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.app.reports.minimise import minimise_shared
from hsb_desk.app.reports.output_names import check_output
from hsb_desk.app.reports.recipients import check_recipient, copy_for_line
from hsb_desk.app.reports.sharing import REPORT_EXPORTED, write_recorded
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import ExportFailed, HsbDeskError, InvalidInput
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.report import VERSIONS, CaseDetails, ChronologyEntry, ReportModel, SignOff
from hsb_desk.report.model import Author, Authorisation, OpenAction, VersionEntry
from hsb_desk.report.redact import Replacement

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


@dataclass(frozen=True)
class ReportJob:
    """A report read from the workbook and laid out, ready to be written as Word. Writing (and
    encrypting) the document needs no workbook, so the window runs it beside the database
    thread, which only reads the case and records the export (docs/architecture.md)."""

    reference: str
    out_path: Path
    overwrite: bool
    password: str | None
    model: ReportModel
    reference_docx: Path
    logo: Path
    details: dict[str, Any]
    # The shared version's names replaced in its text, for the practitioner to review before the
    # file is written (never the withheld text itself).
    replacements: tuple[Replacement, ...] = ()

    def render(self, progress: Progress | None = None) -> bytes:
        """The document's bytes; ExportFailed if a template cannot be used."""
        report = progress or _silent
        try:
            report(45, "Writing the Word document")
            data = word.render_docx(self.model, self.reference_docx, self.logo)
            if self.password:
                report(75, "Protecting the document with its password")
                data = word.protect_docx(data, self.password)
        except HsbDeskError:
            raise
        except Exception as exc:  # a damaged template must not surface as a traceback
            raise _failed(exc) from exc
        return data


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    change: Change


def export_report(
    session: WorkbookSession,
    reference: str,
    out_path: Path,
    version: str = "full",
    password: str | None = None,
    marking: str | None = None,
    progress: Progress | None = None,
    **recorded: Any,
) -> Path:
    """Write the report of case ``reference`` to ``out_path`` (.docx) and return the path: read
    and lay it out (``prepare_report``, which says what ``recorded`` may hold), write the
    document, record it (``record_report``)."""
    job = prepare_report(session, reference, out_path, version, password, marking, progress, **recorded)
    return record_report(session, job, job.render(progress), progress).path


def prepare_report(
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
    history: Sequence[VersionEntry] = (),
    open_actions: Sequence[OpenAction] = (),
    recipient: str | None = None,
    authorisations: Sequence[Authorisation] = (),
    form: FormDefinition | None = None,
) -> ReportJob:
    """Read case ``reference`` and lay out its report, to be written to ``out_path`` (.docx).

    ``version`` is ``full`` or ``shared``; ``password`` encrypts the file; ``marking`` replaces
    the protective marking from ``templates/report.yaml``. ``progress(percent, step)`` is called
    as the work goes on. Sign-offs, chronology and version label come from their own modules;
    with no sign-off the report is marked as a draft on every page. ``version_number`` is the
    assessment version exported (recorded in the audit trail); ``status`` the case status to print
    (default: the case's current one); ``report_date`` the date the report says it was written
    (default: today). An existing file is replaced only with ``overwrite``. ``recipient``
    ("NAME, AGENCY") makes it a copy for that person: every page's footer says so, and the
    sharing record notes it. The shared version's text is checked for withheld values
    (``ReportJob.replacements`` lists what was replaced). ``form`` lays it out with another
    form than the session's (a version signed on an earlier form version).
    Raises InvalidInput (unknown case, bad version or password), OutputExists or ExportFailed.
    """
    report = progress or _silent
    if version not in VERSIONS:
        raise InvalidInput(f"Unknown report version; use one of: {', '.join(VERSIONS)}.")
    out_path = Path(out_path)
    check_output(out_path, overwrite)
    if password is not None:
        password = check_report_password(password)
    if recipient is not None:
        recipient = check_recipient(recipient)
    report(5, "Reading the case")
    form = form or session.form
    case = session.case(reference)
    values = dict(values) if values is not None else session.values_with_computed(reference)
    profile = session.profile()
    folder = templates or policy.templates_dir()
    try:
        report(20, "Preparing the report")
        loaded = word.load_templates(folder)
        model = word.build_report_model(
            form,
            values,
            CaseDetails(
                case.reference,
                status or case.status,
                Author(profile.name, profile.role, profile.agency, profile.email) if profile else None,
                tuple(history),
                tuple(open_actions),
                authorisations=tuple(authorisations),
            ),
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
        if recipient:
            model = replace(model, copy_for=copy_for_line(loaded.blocks, recipient, session.today()))
        replacements: tuple[Replacement, ...] = ()
        if version == "shared":
            minimised = minimise_shared(model, form, values, loaded.blocks)
            model, replacements = minimised.model, minimised.replacements
    except HsbDeskError:
        raise
    except Exception as exc:  # a damaged template must not surface as a traceback
        raise _failed(exc) from exc
    details: dict[str, Any] = {"kind": version, "version": version_number, "protected": bool(password)}
    if recipient:
        details["recipient"] = recipient
    return ReportJob(
        case.reference,
        out_path,
        overwrite,
        password,
        model,
        loaded.reference_docx,
        folder / LOGO_FILE,
        details,
        replacements,
    )


class Recordable(Protocol):
    """What writing a document and recording it needs: the report, or a short document's job."""

    @property
    def reference(self) -> str: ...
    @property
    def out_path(self) -> Path: ...
    @property
    def overwrite(self) -> bool: ...
    @property
    def details(self) -> dict[str, Any]: ...


def record_report(
    session: WorkbookSession, job: Recordable, data: bytes, progress: Progress | None = None
) -> WrittenReport:
    """Write the document and record the export in the case's audit trail, both or neither."""
    report = progress or _silent
    report(90, "Saving")
    check_output(job.out_path, job.overwrite)  # a file may have appeared while the report was built
    write_recorded(session, job.reference, job.out_path, data, REPORT_EXPORTED, job.details)
    report(100, "Done")
    return WrittenReport(job.out_path, Change(ChangeKind.REPORT_EXPORTED, job.reference))


def _silent(_percent: int, _step: str) -> None:
    pass


def _failed(exc: Exception) -> ExportFailed:
    return ExportFailed(
        f"The report could not be written ({exc.__class__.__name__}); nothing was saved. "
        "Check the report templates, or ask your IT service."
    )
