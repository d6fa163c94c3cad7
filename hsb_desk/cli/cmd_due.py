"""``hsb-desk due`` (what is due across the workbook) and ``hsb-desk chronology`` (one case)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from hsb_desk.app.pathway import MAX_DAYS, chronology, workbook_due
from hsb_desk.cli.cmd_core import add_command, opened_session
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import InvalidInput

NOTHING_DUE = "Nothing is overdue and nothing falls due in the next {days} days."
OVERDUE = "OVERDUE"
NO_EVENTS = "No dated events are recorded for this case yet."


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    due = add_command(sub, "due", "List what is overdue or due soon, across the cases in use.", cmd_due)
    due.add_argument("--days", type=int, default=14, metavar="N", help="look N days ahead (default: 14)")
    due.add_argument("--today", metavar="YYYY-MM-DD", help="work it out as on this date (default: today)")
    due.add_argument("--json", action="store_true", help="print JSON: reference, what, due, overdue")
    chron = add_command(sub, "chronology", "Show a case's chronology, in date order.", cmd_chronology)
    chron.add_argument("case", metavar="CASE", help="case reference")
    chron.add_argument("--json", action="store_true", help="print JSON: date, what, source, kind")


def cmd_due(args: argparse.Namespace) -> int:
    # Arguments are checked before the passphrase is asked for.
    if not 0 <= args.days <= MAX_DAYS:
        raise InvalidInput(f"--days must be a whole number from 0 to {MAX_DAYS}.")
    today: date | None = None
    if args.today is not None:
        today = parse_iso_date(args.today)
        if today is None:
            raise InvalidInput("--today must be a real date written YYYY-MM-DD.")
    with opened_session(args) as session:
        entries = workbook_due(session, today, args.days)
    if args.json:
        rows = [
            {"reference": e.reference, "what": e.what, "due": e.due.isoformat(), "overdue": e.overdue} for e in entries
        ]
        print(json.dumps(rows, indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    if not entries:
        print(NOTHING_DUE.format(days=args.days))
        return 0
    width = max(len(e.reference) for e in entries)
    for entry in entries:
        mark = f"  {OVERDUE}" if entry.overdue else ""
        print(f"{entry.due:%d/%m/%Y}  {entry.reference:<{width}}  {entry.what}{mark}")
    return 0


def cmd_chronology(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        entries = chronology(session, args.case)
    if args.json:
        rows = [{"date": e.date.isoformat(), "what": e.what, "source": e.source, "kind": e.kind} for e in entries]
        print(json.dumps(rows, indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    if not entries:
        print(NO_EVENTS)
        return 0
    for entry in entries:
        print(f"{entry.date:%d/%m/%Y}  {entry.what}  [{entry.source}]")
    return 0
