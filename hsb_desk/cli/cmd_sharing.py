"""``hsb-desk sharing``: the sharing record of a case (every report, JSON and exchange file written)."""

from __future__ import annotations

import argparse
import json

from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.cli.cmd_core import add_command, opened_session

NOTHING_SHARED = "Nothing has been exported from this case yet."


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sharing = add_command(
        sub, "sharing", "Show a case's sharing record: every report and file exported, oldest first.", cmd_sharing
    )
    sharing.add_argument("case", metavar="CASE", help="case reference")
    sharing.add_argument("--json", action="store_true", help="print JSON: when, who, what, file")


def terminal_text(text: str) -> str:
    """Text safe to print: control and format characters (bidi overrides), separators other than
    the space and lone surrogates go (none of them is printable)."""
    return "".join(ch for ch in text if ch.isprintable())


def cmd_sharing(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        entries = sharing_record(session, args.case)
    if args.json:
        rows = [
            {"when": e.when, "who": terminal_text(e.who), "what": e.what, "file": terminal_text(e.file_name)}
            for e in entries
        ]
        print(json.dumps(rows, indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    if not entries:
        print(NOTHING_SHARED)
        return 0
    for entry in entries:
        when = terminal_text(entry.when[:16].replace("T", " "))
        print(f"{when} UTC  {terminal_text(entry.who)}  {terminal_text(entry.what)}  {terminal_text(entry.file_name)}")
    return 0
