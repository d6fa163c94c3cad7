"""``hsb-desk report``: export a case as a Word report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hsb_desk.cli.cmd_core import add_command, add_document_output, opened_session, refused_overwrite
from hsb_desk.cli.secrets import read_secret
from hsb_desk.errors import InvalidInput, OutputExists

if TYPE_CHECKING:
    from hsb_desk.report.redact import Replacement

# The report stack (python-docx, Jinja2, Office encryption) loads only when a report is written.
VERSIONS = ("full", "shared")

REPORT_PASSWORD_ENV = "HSB_DESK_REPORT_PASSWORD"
REPLACED = "Names written in the text of the shared version were replaced; review them before sending it:"
NONE_REPLACED = "No withheld name or detail was found in the text of the shared version."


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = add_command(sub, "report", "Export a case as a Word report (.docx).", cmd_report)
    report.add_argument("case", metavar="CASE", help="case reference")
    add_document_output(report, "HSB-2026-0001 v2 full 2026-12-02.docx")
    report.add_argument(
        "--version",
        dest="report_version",
        metavar="{full,shared}",
        default=None,
        help="full: everything; shared: without details of other children and third parties, the family's"
        " address and contact details, and adults' own health (default: full, or the version the"
        " recipient chosen with --recipient-row is to receive)",
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
    whom = report.add_mutually_exclusive_group()
    whom.add_argument(
        "--recipient",
        metavar="'NAME, AGENCY'",
        help="make a copy for this recipient: every page's footer says 'Copy for NAME, AGENCY, date',"
        " the file is named after them and the sharing record notes it",
    )
    whom.add_argument(
        "--recipient-row",
        type=int,
        metavar="N",
        help="make a copy for recipient N (from 1) of the case's distribution list, in the version it lists",
    )


def cmd_report(args: argparse.Namespace) -> int:
    # Arguments are checked before the workbook passphrase is asked for.
    from hsb_desk.app.reports import check_report_password, record_report
    from hsb_desk.app.reports.case_report import prepare_case_report
    from hsb_desk.app.reports.recipients import check_recipient, recipient_from_list

    version = args.report_version
    if version is not None and version not in VERSIONS:
        raise InvalidInput(f"Unknown report version; use one of: {', '.join(VERSIONS)}.")
    recipient = check_recipient(args.recipient) if args.recipient is not None else None
    password = None
    if args.password_file:
        password = check_report_password(read_secret(args.password_file, REPORT_PASSWORD_ENV, "Report password: "))
    with opened_session(args) as session:
        if args.recipient_row is not None:
            chosen = recipient_from_list(session, args.case, args.recipient_row)
            if version is not None and chosen.version and chosen.version != version:
                listed = "shared version" if chosen.version == "shared" else "full report"
                raise InvalidInput(
                    f"Recipient {args.recipient_row} is to receive the {listed} (the case's distribution "
                    f"list): export that version, or change the list. Nothing was written."
                )
            version, recipient = version or chosen.version, chosen.text
        version = version or "full"
        try:
            job = prepare_case_report(
                session,
                args.case,
                Path(args.out) if args.out else None,
                version=version,
                password=password,
                marking=args.marking,
                signed_version=args.signed_version,
                overwrite=args.overwrite,
                recipient=recipient,
            )
            written = record_report(session, job, job.render()).path
        except OutputExists as exc:
            raise refused_overwrite(exc) from exc
    if version == "shared":
        print_replacements(job.replacements)
    kind = "shared version" if version == "shared" else "full report"
    if recipient:
        kind += f", copy for {recipient}"
    if password:
        print(f"Wrote {written} ({kind}, protected by its password).", file=sys.stderr)
    else:
        print(
            f"Wrote {written} ({kind}). It is not encrypted: keep it safe and delete it when it is no longer needed.",
            file=sys.stderr,
        )
    return 0


def print_replacements(replacements: Sequence[Replacement]) -> None:
    """What the shared version replaced in its text: where, by what, how often (never what it
    replaced), for the practitioner to review."""
    if not replacements:
        print(NONE_REPLACED, file=sys.stderr)
        return
    print(REPLACED, file=sys.stderr)
    for replacement in replacements:
        print(f"  {replacement.describe()}", file=sys.stderr)
