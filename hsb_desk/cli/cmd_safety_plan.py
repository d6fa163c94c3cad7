"""``hsb-desk safety-plan``: export a case's immediate safety plan on its own, as a short Word
document for the agencies at the multi-agency meeting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hsb_desk.cli.cmd_core import add_command, add_document_output, opened_session, refused_overwrite
from hsb_desk.errors import InvalidInput, OutputExists

VERSIONS = ("full", "shared")  # the report stack loads only when a document is written


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = add_command(
        sub,
        "safety-plan",
        "Export a case's immediate safety plan on its own, as a short Word document (.docx).",
        cmd_safety_plan,
    )
    command.add_argument("case", metavar="CASE", help="case reference")
    add_document_output(command, "HSB-2026-0001 safety plan 2026-12-14.docx")
    command.add_argument(
        "--version",
        dest="plan_version",
        metavar="{full,shared}",
        default="full",
        help="full: everything in the plan; shared: without the arrangements for the child who has"
        " been harmed and anything else the shared report leaves out (default: full)",
    )
    command.add_argument("--marking", metavar="TEXT", help="protective marking (default from templates/report.yaml)")


def cmd_safety_plan(args: argparse.Namespace) -> int:
    from hsb_desk.app.reports.safety_plan import export_safety_plan

    if args.plan_version not in VERSIONS:  # checked before the passphrase is asked for
        raise InvalidInput(f"Unknown version; use one of: {', '.join(VERSIONS)}.")
    with opened_session(args) as session:
        try:
            written = export_safety_plan(
                session,
                args.case,
                Path(args.out) if args.out else None,
                version=args.plan_version,
                marking=args.marking,
                overwrite=args.overwrite,
            ).path
        except OutputExists as exc:
            raise refused_overwrite(exc) from exc
    kind = "shared version" if args.plan_version == "shared" else "full version"
    print(
        f"Wrote {written} (immediate safety plan, {kind}). It is not encrypted: keep it safe and"
        " delete it when it is no longer needed.",
        file=sys.stderr,
    )
    return 0
