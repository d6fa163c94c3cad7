"""``hsb-desk report``: export a case as a Word report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hsb_desk.cli.cmd_core import add_command, opened_session, refused_overwrite
from hsb_desk.cli.secrets import read_secret
from hsb_desk.errors import InvalidInput, OutputExists

# The report stack (python-docx, Jinja2, Office encryption) loads only when a report is written.
VERSIONS = ("full", "shared")

REPORT_PASSWORD_ENV = "HSB_DESK_REPORT_PASSWORD"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = add_command(sub, "report", "Export a case as a Word report (.docx).", cmd_report)
    report.add_argument("case", metavar="CASE", help="case reference")
    report.add_argument(
        "--out",
        metavar="PATH",
        help="the file to write, or an existing folder to write it in under its default name"
        " (default: the current folder, named e.g. 'HSB-2026-0001 v2 full 2026-12-02.docx')",
    )
    report.add_argument("--overwrite", action="store_true", help="replace the file if it already exists")
    report.add_argument(
        "--version",
        dest="report_version",
        metavar="{full,shared}",
        default="full",
        help="full: everything; shared: without details of other children and third parties (default: full)",
    )
    report.add_argument(
        "--password-file",
        metavar="PATH",
        help="protect the report with the password in this file (it then opens only with that password)",
    )
    report.add_argument(
        "--signed-version", type=int, metavar="N", help="export signed version N exactly as it was signed"
    )
    report.add_argument("--marking", metavar="TEXT", help="protective marking (default from templates/report.yaml)")


def cmd_report(args: argparse.Namespace) -> int:
    # Arguments are checked before the workbook passphrase is asked for.
    from hsb_desk.app.reports import check_report_password
    from hsb_desk.app.reports.case_report import export_case_report

    if args.report_version not in VERSIONS:
        raise InvalidInput(f"Unknown report version; use one of: {', '.join(VERSIONS)}.")
    password = None
    if args.password_file:
        password = check_report_password(read_secret(args.password_file, REPORT_PASSWORD_ENV, "Report password: "))
    with opened_session(args) as session:
        try:
            written = export_case_report(
                session,
                args.case,
                Path(args.out) if args.out else None,
                version=args.report_version,
                password=password,
                marking=args.marking,
                signed_version=args.signed_version,
                overwrite=args.overwrite,
            )
        except OutputExists as exc:
            raise refused_overwrite(exc) from exc
    kind = "shared version" if args.report_version == "shared" else "full report"
    if password:
        print(f"Wrote {written} ({kind}, protected by its password).", file=sys.stderr)
    else:
        print(
            f"Wrote {written} ({kind}). It is not encrypted: keep it safe and delete it when it is no longer needed.",
            file=sys.stderr,
        )
    return 0
