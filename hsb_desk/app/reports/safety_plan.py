"""The immediate safety plan exported on its own: a short Word document for the agencies at the
multi-agency meeting, which both Case ▸ Export safety plan… and ``hsb-desk safety-plan`` write.

Which section it prints is form data: the section holding the group the pack gives the role
``safety_plan`` (forms/form.yaml). It is written and audited as a report is (the same
temporary-file-and-rename, the same entry in the sharing record, kind ``safety_plan``).
"""

from __future__ import annotations

from pathlib import Path

from hsb_desk.app.reports import Progress, WrittenReport, prepare_report, record_report
from hsb_desk.app.reports.output_names import current_version_number, resolve_output, safe_reference
from hsb_desk.app.reports.short_document import DocumentJob
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec.model import FormDefinition, SectionSpec
from hsb_desk.formspec.values import is_filled
from hsb_desk.report.model import CoverRow

SAFETY_PLAN_ROLE = "safety_plan"
SAFETY_PLAN_KIND = "safety_plan"  # the sharing record's kind (app/reports/sharing.py)
#: Who the plan is about, by role, in this order: the case's identifying details.
ABOUT_ROLES = ("child_name", "child_date_of_birth", "lead_practitioner")
FILE_LABEL = "safety plan"
NO_PLAN = (
    "This form pack has no immediate safety plan (no field has the role 'safety_plan' in "
    "forms/form.yaml); nothing was written."
)


def safety_plan_section(form: FormDefinition) -> SectionSpec | None:
    """The section the stand-alone document prints, or None for a pack without the role."""
    key = form.role_key(SAFETY_PLAN_ROLE)
    return form.section_of(key) if key is not None else None


def default_safety_plan_name(session: WorkbookSession, reference: str, version: str = "full") -> str:
    """``HSB-2026-0001 safety plan 2026-12-14.docx`` (``… safety plan shared …`` for the shared one)."""
    kind = f"{FILE_LABEL} shared" if version == "shared" else FILE_LABEL
    return f"{safe_reference(session.case(reference).reference)} {kind} {session.today().isoformat()}.docx"


def prepare_safety_plan(
    session: WorkbookSession,
    reference: str,
    out_path: Path | None,
    version: str = "full",
    marking: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> DocumentJob:
    """Read case ``reference`` and lay out its safety plan, to be written to ``out_path`` (a file,
    an existing folder for the default name in it, or None for the default name here). ``version``
    ``shared`` leaves out what the shared report leaves out (the arrangements for the child who
    has been harmed). Raises InvalidInput (no such case, no safety plan in the pack),
    OutputExists or ExportFailed; nothing is written."""
    from hsb_desk.report.safety_plan_docx import render_safety_plan_docx, safety_plan_model

    section = safety_plan_section(session.form)
    if section is None:
        raise InvalidInput(NO_PLAN)
    target = resolve_output(out_path, default_safety_plan_name(session, reference, version))
    job = prepare_report(session, reference, target, version, None, marking, progress, overwrite=overwrite)
    plan = safety_plan_model(job.model, section.key, about_rows(session, reference, version), session.today())
    if plan is None:
        raise InvalidInput(NO_PLAN)
    details = {
        "kind": SAFETY_PLAN_KIND if version == "full" else f"{SAFETY_PLAN_KIND}_shared",
        "version": current_version_number(session, reference),
        "protected": False,
    }
    return DocumentJob(
        job.reference, target, overwrite, plan, job.reference_docx, job.logo, details, render_safety_plan_docx
    )


def export_safety_plan(
    session: WorkbookSession,
    reference: str,
    out_path: Path | None,
    version: str = "full",
    marking: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> WrittenReport:
    """Write the safety plan of case ``reference`` (``prepare_safety_plan`` says how)."""
    job = prepare_safety_plan(session, reference, out_path, version, marking, overwrite, progress)
    return record_report(session, job, job.render(progress), progress)


def about_rows(session: WorkbookSession, reference: str, version: str = "full") -> tuple[CoverRow, ...]:
    """The name, date of birth and lead practitioner, as the form words them; a field the shared
    version withholds is left out of the shared document."""
    from hsb_desk.report.text import clean_text
    from hsb_desk.report.values import format_short

    form = session.form
    values = session.values(reference)
    rows = []
    for role in ABOUT_ROLES:
        spec = form.role_field(role)
        if spec is None or (version == "shared" and spec.sensitive):
            continue
        value = values.get(spec.key)
        if is_filled(value):
            rows.append(CoverRow(clean_text(spec.label_in_report), clean_text(format_short(spec, value))))
    return tuple(rows)
