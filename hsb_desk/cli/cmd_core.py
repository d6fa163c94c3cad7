"""One function per command; each calls the app services and prints plain results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from hsb_desk.app import chain_record, policy, signoff
from hsb_desk.app.interchange import read_document
from hsb_desk.app.procedures import check_procedure_id
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.cli.secrets import read_secret
from hsb_desk.errors import ImportRejected, OutputExists
from hsb_desk.formspec.export import form_to_json
from hsb_desk.store.records import Profile

PASSPHRASE_ENV = "HSB_DESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "HSB_DESK_NEW_PASSPHRASE"
NOT_CASE_JSON = "The file is not HSB Desk case JSON; nothing was changed."


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    handler: Callable[[argparse.Namespace], int],
    workbook: bool = True,
) -> argparse.ArgumentParser:
    """A subcommand; with ``workbook``, its WORKBOOK argument and --passphrase-file."""
    command = sub.add_parser(name, help=help_text, description=help_text)
    if workbook:
        command.add_argument("workbook", metavar="WORKBOOK", help="path of the workbook file")
        command.add_argument("--passphrase-file", metavar="PATH", help="read the passphrase from a file")
    command.set_defaults(handler=handler)
    return command


def add_document_output(command: argparse.ArgumentParser, example: str) -> None:
    """--out and --overwrite of a command that writes a Word document named like ``example``."""
    command.add_argument(
        "--out",
        metavar="PATH",
        help="the file to write, or an existing folder to write it in under its default name"
        f" (default: the current folder, named e.g. '{example}')",
    )
    command.add_argument("--overwrite", action="store_true", help="replace the file if it already exists")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = add_command(sub, "init", "Create a new, empty, encrypted workbook.", cmd_init)
    for field in ("name", "role", "agency", "email"):
        init.add_argument(f"--{field}", default="", help=f"your {field} (practitioner profile)")
    init.add_argument(
        "--procedure", metavar="ID", help="the authority's procedure profile to follow (hsb-desk procedures)"
    )
    cases = add_command(sub, "cases", "List the cases in a workbook.", cmd_cases)
    cases.add_argument("--json", action="store_true", help="print JSON")
    forms = add_command(sub, "forms", "Check the form pack and show it.", cmd_forms, workbook=False)
    forms.add_argument("--json", action="store_true", help="print the whole definition as JSON")
    imp = add_command(sub, "import", "Import a case from a JSON interchange file (all or nothing).", cmd_import)
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument("--replace", action="store_true", help="replace a case with the same reference")
    exp = add_command(
        sub, "export-json", "Export a case as JSON interchange (plain text: keep it safe).", cmd_export_json
    )
    exp.add_argument("case", metavar="CASE", help="case reference")
    exp.add_argument(
        "--out",
        metavar="PATH",
        help="write to this file, or under its default name into this existing folder, instead of standard output",
    )
    exp.add_argument("--overwrite", action="store_true", help="replace the file if it already exists")
    check = add_command(
        sub,
        "check",
        "Check encryption, structure, the audit trail, signed versions, and that this is not an older copy.",
        cmd_check,
    )
    check.add_argument(
        "--keep-this-copy",
        action="store_true",
        help="this workbook was found older than the copy last closed on this computer, and it is the one"
        " to keep: stop warning about it (only when every other check passes)",
    )
    rekey = add_command(sub, "rekey", "Change the workbook's passphrase.", cmd_rekey)
    rekey.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from a file")


def passphrase_from(args: argparse.Namespace, confirm: bool = False) -> str:
    return read_secret(args.passphrase_file, PASSPHRASE_ENV, "Workbook passphrase: ", confirm)


@contextmanager
def opened_session(args: argparse.Namespace) -> Iterator[WorkbookSession]:
    """The workbook named in ``args``, closed (and its lock released) however the command ends."""
    session = open_session(args)
    try:
        yield session
    finally:
        session.close()


def open_session(args: argparse.Namespace, warn: bool = True) -> WorkbookSession:
    """The workbook named in ``args``; with ``warn``, a warning on standard error when it is an
    older copy than the one last closed on this computer (app/chain_record.py)."""
    form = default_form()  # a broken form pack is reported before any passphrase is asked
    session = open_workbook(Path(args.workbook), passphrase_from(args), form)
    older = chain_record.older_copy(session.workbook) if warn else None
    if older is not None:
        print(f"Warning: {older_copy_text(older)}", file=sys.stderr)
    return session


def older_copy_text(older: chain_record.OlderCopy) -> str:
    return (
        f"this workbook is older than the copy last closed on this computer: {older.detail}. Someone may have"
        " put an older copy (a backup, say) in its place, and what was done since is not in it. If you did not"
        " restore it yourself, ask your IT service before working in it. Run 'hsb-desk check' for more."
    )


def cmd_init(args: argparse.Namespace) -> int:
    form = default_form()
    if args.procedure is not None:
        check_procedure_id(form, args.procedure)  # before the passphrase is asked
    profile = Profile(args.name, args.role, args.agency, args.email) if args.name else None
    passphrase = passphrase_from(args, confirm=True)
    session = create_workbook(Path(args.workbook), passphrase, profile, form, procedure=args.procedure)
    followed = session.form.procedure
    session.close()
    print(f"Created an encrypted workbook at {args.workbook}.")
    if followed is not None:
        print(f"It follows the procedure profile {followed.name} ({followed.id}).")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        cases = session.list_cases()
    if args.json:
        print(json.dumps([asdict(c) for c in cases], indent=2))  # \u escapes: exact, and safe on a terminal
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
        print(json.dumps(form_to_json(form), indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    if policy.current_policy().forms_folder is not None:
        print(f"Your organisation's form pack: {policy.forms_dir()}; its templates: {policy.templates_dir()}")
    if policy.procedure_file() is not None:
        print(f"The procedure in use is your organisation's: {policy.procedure_file()}")
    print(f"{form.title} (form {form.id}, version {form.version})")
    for section in form.sections:
        print(f"  {section.number}. {section.title} [{section.owner}]: {len(section.fields)} fields")
    print("The form pack is valid.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        document = read_document(Path(args.file), NOT_CASE_JSON)
    except FileNotFoundError as exc:
        raise ImportRejected("The file to import does not exist; nothing was changed.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(NOT_CASE_JSON) from exc
    with opened_session(args) as session:
        change = session.import_case(document, replace=args.replace)
    print(f"Imported case {change.case_reference} ({len(change.fields)} values).")
    return 0


def refused_overwrite(error: OutputExists) -> OutputExists:
    """The same refusal, saying how to replace the file from the command line."""
    return OutputExists(f"{error.user_message} Give --overwrite to replace it.")


def cmd_export_json(args: argparse.Namespace) -> int:
    from hsb_desk.app.case_json import export_case_json, print_case_json

    policy.require_json_export()  # before the passphrase is asked
    with opened_session(args) as session:
        if not args.out:
            print_case_json(session, args.case, sys.stdout.write)
            return 0
        try:
            written = export_case_json(session, args.case, Path(args.out), overwrite=args.overwrite)
        except OutputExists as exc:
            raise refused_overwrite(exc) from exc
    print(f"Wrote {written}. It is not encrypted: keep it safe and delete it when done.", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    session = open_session(args, warn=False)
    try:
        problems, audit = session.check()
        versions = signoff.signed_version_problems(session)
        older = chain_record.compare(session.workbook)
        keep = older is not None and args.keep_this_copy and not (problems or versions) and audit.ok
        kept = keep and chain_record.accept(session.workbook)
    finally:
        session.close()
    for problem in problems:
        print(problem)
    if audit.ok:
        print(f"Audit trail intact ({audit.entries} entries).")
    else:
        print(f"Audit trail broken at entry {audit.first_broken}: {audit.reason}.")
    for problem in versions:
        print(f"Signed version: {problem}.")
    if older is not None and not kept:
        print(f"Older copy: {older.detail}.")
    if problems or versions or not audit.ok:
        print("The workbook failed its checks. Restore it from a backup.", file=sys.stderr)
        return 4
    if older is not None and not kept:
        print(
            "The workbook failed its checks: it is older than the copy last closed on this computer, and what was"
            " done since is not in it. If you did not restore it yourself, ask your IT service: the newer copy may"
            " still be found. If this is the copy to keep, run this check again with --keep-this-copy.",
            file=sys.stderr,
        )
        return 4
    if kept:
        print("This copy is kept: HSB Desk no longer warns that it is older.")
    print("Encryption and structure checks passed.")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    form = default_form()
    current = passphrase_from(args)  # kept: a rekey the disk refuses reopens the workbook with it
    session = open_workbook(Path(args.workbook), current, form)
    try:
        new = read_secret(args.new_passphrase_file, NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
        session.rekey(new, current)
    finally:
        session.close()
    print("The passphrase was changed. The old one no longer opens this workbook.")
    return 0
