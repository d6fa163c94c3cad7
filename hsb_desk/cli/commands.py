"""One function per command; each calls the app services and prints plain results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from hsb_desk.app.files import write_private_file
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.cli.secrets import read_secret
from hsb_desk.errors import ImportRejected
from hsb_desk.formspec.export import form_to_json
from hsb_desk.store.records import Profile

PASSPHRASE_ENV = "HSB_DESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "HSB_DESK_NEW_PASSPHRASE"


def run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = _COMMANDS[args.command]
    return handler(args)


def _passphrase(args: argparse.Namespace, confirm: bool = False) -> str:
    return read_secret(args.passphrase_file, PASSPHRASE_ENV, "Workbook passphrase: ", confirm)


def _open(args: argparse.Namespace) -> WorkbookSession:
    form = default_form()  # a broken form pack is reported before any passphrase is asked
    return open_workbook(Path(args.workbook), _passphrase(args), form)


def cmd_init(args: argparse.Namespace) -> int:
    form = default_form()
    profile = Profile(args.name, args.role, args.agency, args.email) if args.name else None
    session = create_workbook(Path(args.workbook), _passphrase(args, confirm=True), profile, form)
    session.close()
    print(f"Created an encrypted workbook at {args.workbook}.")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    session = _open(args)
    try:
        cases = session.list_cases()
    finally:
        session.close()
    if args.json:
        print(json.dumps([c.__dict__ for c in cases], indent=2, ensure_ascii=False))
        return 0
    if not cases:
        print("No cases yet.")
        return 0
    width = max(len(c.reference) for c in cases)
    for case in cases:
        name = case.child_name or "(name not recorded)"
        print(f"{case.reference:<{width}}  {case.status.replace('_', ' '):<17} {name}")
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    form = default_form()
    if args.json:
        print(json.dumps(form_to_json(form), indent=2, ensure_ascii=False))
        return 0
    print(f"{form.title} (form {form.id}, version {form.version})")
    for section in form.sections:
        print(f"  {section.number}. {section.title} [{section.owner}]: {len(section.fields)} fields")
    print("The form pack is valid.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        document = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImportRejected("The file to import does not exist; nothing was changed.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected("The file is not HSB Desk case JSON; nothing was changed.") from exc
    session = _open(args)
    try:
        change = session.import_case(document, replace=args.replace)
    finally:
        session.close()
    print(f"Imported case {change.case_reference} ({len(change.fields)} values).")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    session = _open(args)
    try:
        document = session.export_case(args.case)
    finally:
        session.close()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        write_private_file(Path(args.out), text.encode("utf-8", "surrogatepass"))
        print(f"Wrote {args.out}. It is not encrypted: keep it safe and delete it when done.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    session = _open(args)
    try:
        problems, audit = session.check()
    finally:
        session.close()
    for problem in problems:
        print(problem)
    if audit.ok:
        print(f"Audit trail intact ({audit.entries} entries).")
    else:
        print(f"Audit trail broken at entry {audit.first_broken}: {audit.reason}.")
    if problems or not audit.ok:
        print("The workbook failed its checks. Restore it from a backup.", file=sys.stderr)
        return 4
    print("Encryption and structure checks passed.")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    session = _open(args)
    try:
        new = read_secret(args.new_passphrase_file, NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
        session.rekey(new)
    finally:
        session.close()
    print("The passphrase was changed. The old one no longer opens this workbook.")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "cases": cmd_cases,
    "forms": cmd_forms,
    "import": cmd_import,
    "export-json": cmd_export_json,
    "check": cmd_check,
    "rekey": cmd_rekey,
}
