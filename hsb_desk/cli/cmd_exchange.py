"""Co-working commands: hand-out and hand-back files, section owners, sign-off, versions.

An exchange file is opened and checked in full (passphrase, every byte authenticated, contents
valid) before the workbook is opened, so a bad file never touches the workbook.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hsb_desk.app import signoff
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff.signed_versions import COMMENTS_TOO_LONG, MAX_COMMENTS
from hsb_desk.cli.cmd_core import add_command, open_session, opened_session
from hsb_desk.cli.secrets import read_secret
from hsb_desk.errors import InvalidInput, SignOffBlocked
from hsb_desk.formspec.model import OWNER_ROLES

if TYPE_CHECKING:
    from hsb_desk.app import exchange
    from hsb_desk.app.exchange.envelope import ExchangeFile

EXCHANGE_PASSPHRASE_ENV = "HSB_DESK_EXCHANGE_PASSPHRASE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handout = sub.add_parser("handout", help="Give the co-worker their sections in an encrypted file.")
    hsub = handout.add_subparsers(dest="handout_action", metavar="ACTION", required=True)
    out = add_command(hsub, "export", "Export a hand-out for the co-worker (lead).", cmd_handout_export)
    out.add_argument("case", metavar="CASE", help="case reference")
    out.add_argument("--to", choices=["coworker"], default="coworker", help="who the hand-out is for")
    out.add_argument("--out", metavar="FILE", required=True, help="the exchange file to write")
    out.add_argument(
        "--include-kept-out",
        dest="include_kept_out",
        action="store_true",
        help=(
            "also hand out the co-worker's sections that the form keeps out of hand-outs unless you choose"
            " (such as the child who has been harmed): the co-worker's copy will hold their answers"
        ),
    )
    _import_args(add_command(hsub, "import", "Import a hand-out from the lead (co-worker).", cmd_handout_import))

    handback = sub.add_parser("handback", help="Return the co-worker's sections to the lead.")
    bsub = handback.add_subparsers(dest="handback_action", metavar="ACTION", required=True)
    back = add_command(bsub, "export", "Export a hand-back for the lead (co-worker).", cmd_handback_export)
    back.add_argument("case", metavar="CASE", help="case reference")
    back.add_argument("--out", metavar="FILE", required=True, help="the exchange file to write")
    imp = add_command(bsub, "import", "Merge a co-worker's hand-back (lead).", cmd_handback_import)
    _import_args(imp)
    imp.add_argument(
        "--resolve", choices=["mine", "theirs"], help="for fields you both changed: keep yours, or take theirs"
    )

    sign = add_command(sub, "signoff", "Confirm, sign off or countersign an assessment.", cmd_signoff)
    sign.add_argument("case", metavar="CASE", help="case reference")
    sign.add_argument("--as", dest="as_", choices=["lead", "coworker", "manager"], help="whose signature")
    sign.add_argument(
        "--name", default=None, help="name of the co-worker or manager signing (the lead's sign-off is your profile)"
    )
    sign.add_argument("--role", default=None, help="their role (default: your profile)")
    sign.add_argument(
        "--on-behalf-of",
        dest="on_behalf_of",
        action="store_true",
        help="you sign off for the case's lead practitioner, who is not you (recorded and shown in the report)",
    )
    sign.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="date signed (default: today)")
    sign.add_argument(
        "--agrees",
        dest="agrees",
        action="store_true",
        default=None,
        help="the manager agrees with the outcome of the assessment (--as manager)",
    )
    sign.add_argument(
        "--does-not-agree",
        dest="does_not_agree",
        action="store_true",
        help="the manager does not agree with the outcome (--as manager; needs their comments)",
    )
    sign.add_argument("--comments", default=None, metavar="TEXT", help="the manager's comments (--as manager)")
    sign.add_argument(
        "--comments-file", default=None, metavar="PATH", help="read the manager's comments from a UTF-8 text file"
    )
    amend = add_command(sub, "amend", "Start an amendment (new version) of a signed-off assessment.", cmd_amend)
    amend.add_argument("case", metavar="CASE", help="case reference")
    amend.add_argument("--reason", required=True, help="why the assessment is amended")
    versions = add_command(sub, "versions", "List an assessment's versions and sign-offs.", cmd_versions)
    versions.add_argument("case", metavar="CASE", help="case reference")
    owners = add_command(sub, "owners", "Show or change who owns each section of a case.", cmd_owners)
    owners.add_argument("case", metavar="CASE", help="case reference")
    owners.add_argument("--set", action="append", default=[], metavar="SECTION=OWNER", help="lead or coworker")


def _import_args(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="FILE", help="the exchange file")
    command.add_argument("--exchange-passphrase-file", metavar="PATH", help="read the exchange passphrase from a file")


def _open_file(args: argparse.Namespace) -> ExchangeFile:
    from hsb_desk.app.exchange.envelope import read_exchange_file, unseal

    """Read, authenticate and decrypt the file before any workbook is opened."""
    data = read_exchange_file(Path(args.file))
    words = read_secret(args.exchange_passphrase_file, EXCHANGE_PASSPHRASE_ENV, "Exchange passphrase: ")
    return unseal(data, words)


def _print_export(result: exchange.ExportResult, what: str, who: str) -> None:
    print(f"Wrote {result.path}: {what} number {result.number}, encrypted, readable by you only.")
    if os.environ.get(EXCHANGE_PASSPHRASE_ENV):
        print(f"It is protected by the passphrase in {EXCHANGE_PASSPHRASE_ENV}.")
        return
    print(f"One-time exchange passphrase, shown only now. Tell it to the {who} by phone or in person,")
    print("never in the same message as the file:")
    print()
    print(f"    {result.passphrase}")
    print()


def cmd_handout_export(args: argparse.Namespace) -> int:
    from hsb_desk.app import exchange  # cryptography loads only for exchange commands

    with opened_session(args) as session:
        result = exchange.export_handout(
            session,
            args.case,
            Path(args.out),
            os.environ.get(EXCHANGE_PASSPHRASE_ENV),
            include_kept_out=args.include_kept_out,
        )
        kept_out = [session.form.section(key) for key in result.kept_out]
    _print_export(result, "hand-out", "co-worker")
    for section in kept_out:
        if section is not None:
            print(f"Kept out of the hand-out: {section.number}. {section.title} (--include-kept-out includes it).")
    return 0


def cmd_handout_import(args: argparse.Namespace) -> int:
    from hsb_desk.app import exchange  # cryptography loads only for exchange commands

    package = _open_file(args)
    with opened_session(args) as session:
        change = exchange.import_handout(session, package)
    if change.detail.get("already_imported"):
        print("This hand-out was already imported; nothing was changed.")
    else:
        print(f"Imported the hand-out for case {change.case_reference}; you can edit the sections given to you.")
    return 0


def cmd_handback_export(args: argparse.Namespace) -> int:
    from hsb_desk.app import exchange  # cryptography loads only for exchange commands

    with opened_session(args) as session:
        result = exchange.export_handback(session, args.case, Path(args.out), os.environ.get(EXCHANGE_PASSPHRASE_ENV))
    _print_export(result, "hand-back", "lead")
    return 0


def cmd_handback_import(args: argparse.Namespace) -> int:
    from hsb_desk.app import exchange  # cryptography loads only for exchange commands

    package = _open_file(args)
    with opened_session(args) as session:
        preview = exchange.preview_handback(session, package)
        if preview.already_imported:
            print("This hand-back was already imported; nothing was changed.")
            return 0
        if preview.conflicts and not args.resolve:
            print(f"{len(preview.conflicts)} field(s) were changed by both you and the co-worker:", file=sys.stderr)
            for conflict in preview.conflicts:
                print(f"  {conflict.field_key}: {conflict.label}", file=sys.stderr)
            print("Nothing was changed. Run again with --resolve mine or --resolve theirs,", file=sys.stderr)
            print("or compare them side by side in HSB Desk.", file=sys.stderr)
            return 2
        choices = {c.field_key: args.resolve for c in preview.conflicts}
        change = exchange.apply_handback(session, package, choices)
    print(f"Merged {len(change.fields)} value(s) from the hand-back by {preview.coworker}.")
    if preview.conflicts:
        kept = "kept yours" if args.resolve == "mine" else "took theirs"
        print(f"{len(preview.conflicts)} field(s) changed by both of you: {kept}.")
    return 0


def cmd_signoff(args: argparse.Namespace) -> int:
    agrees, comments = _authorisation(args)  # checked, and the file read, before the workbook opens
    session = open_session(args)
    try:
        who = args.as_ or ("coworker" if signoff.is_coworker_copy(session, args.case) else "lead")
        if who != "lead" and args.on_behalf_of:
            raise InvalidInput("--on-behalf-of is for the lead's sign-off only.")
        if who == "lead":
            signoff.sign_off(session, args.case, args.name, args.role, args.date, on_behalf_of_lead=args.on_behalf_of)
            done = f"Signed off: {signoff.version_label(session, args.case)}. The assessment is now read-only."
        elif who == "coworker":
            signoff.confirm_sections(session, args.case, args.name, args.role, args.date)
            done = "Recorded the co-worker's confirmation of their sections."
        else:
            signoff.countersign(session, args.case, args.name or "", args.role or "", args.date, agrees, comments)
            said = signoff.AGREEMENT[agrees]  # "" when the manager did not say
            done = f"Recorded the manager's countersignature{f': {said}' if said else ''}."
    except SignOffBlocked as exc:
        _print_missing(session, exc)
        return exc.exit_code
    finally:
        session.close()
    print(done)
    return 0


def _authorisation(args: argparse.Namespace) -> tuple[bool | None, str]:
    """The manager's agreement with the outcome (None: not said) and comments, from
    --agrees / --does-not-agree and --comments / --comments-file; InvalidInput (exit 2) for a
    combination that cannot be meant."""
    said = args.agrees is not None or args.does_not_agree or args.comments is not None or args.comments_file
    if said and args.as_ != "manager":
        raise InvalidInput(
            "--agrees, --does-not-agree, --comments and --comments-file are for the manager's countersignature: "
            "add --as manager. Nothing was recorded."
        )
    if args.agrees and args.does_not_agree:
        raise InvalidInput("Give --agrees or --does-not-agree, not both. Nothing was recorded.")
    if args.comments is not None and args.comments_file:
        raise InvalidInput("Give the comments with --comments or --comments-file, not both. Nothing was recorded.")
    agrees = True if args.agrees else False if args.does_not_agree else None
    comments = _read_comments(Path(args.comments_file)) if args.comments_file else args.comments or ""
    return agrees, comments


def _read_comments(path: Path) -> str:
    """The file's text; never more than the longest comments could take (any file may be named)."""
    limit = MAX_COMMENTS * 4  # UTF-8 bytes; the service counts the characters
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        why = exc.strerror or exc.__class__.__name__
        raise InvalidInput(f"The comments file {path} could not be read ({why}). Nothing was recorded.") from exc
    if len(data) > limit:
        raise InvalidInput(COMMENTS_TOO_LONG.format(limit=MAX_COMMENTS))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"The comments file {path} is not UTF-8 text. Nothing was recorded.") from exc


def _print_missing(session: WorkbookSession, exc: SignOffBlocked) -> None:
    print(exc.user_message, file=sys.stderr)
    shown = None
    for missing in exc.missing:
        if missing.section != shown:
            section = session.form.section(missing.section)
            print(f"  {section.number}. {section.title}" if section else f"  {missing.section}", file=sys.stderr)
            shown = missing.section
        print(f"    - {missing.describe(session.form)}", file=sys.stderr)


def cmd_amend(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        signoff.amend(session, args.case, args.reason)
        label = signoff.version_label(session, args.case)
    print(f"Started {label}. The signed versions are kept as they were signed.")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        found = signoff.versions(session, args.case)
        records = {v.number: signoff.signoffs_for_report(session, args.case, v.number) for v in found}
        authorised = {v.number: signoff.authorisations_for_report(session, args.case, v.number) for v in found}
        label = signoff.version_label(session, args.case)
    print(label)
    for version in found:
        state = f"signed off {version.signed_on} by {version.signed_by}" if version.status == "signed" else "open"
        print(f"Version {version.number}: {state}. Reason: {version.reason}")
        for record in records[version.number]:
            who = f"{record.who} on behalf of {record.on_behalf_of}" if record.on_behalf_of else record.who
            role = f", {record.role}" if record.role else ""
            print(f"    {record.what}: {who}{role}, {record.date.isoformat()}")
        for manager in authorised[version.number]:
            if manager.agrees is not None:
                print(f"      {signoff.AGREEMENT[manager.agrees].capitalize()}.")
            for line in manager.comments.splitlines():
                print(f"      {line}")
    return 0


def cmd_owners(args: argparse.Namespace) -> int:
    wanted: list[tuple[str, str]] = []
    for item in args.set:
        section, _, owner = item.partition("=")
        if not section or owner not in OWNER_ROLES:
            raise InvalidInput("Use --set SECTION=lead or --set SECTION=coworker.")
        wanted.append((section.strip(), owner))
    with opened_session(args) as session:
        for section, owner in wanted:
            signoff.set_section_owner(session, args.case, section, owner)
        owners = signoff.section_owners(session, args.case)
        titles = {s.key: s.title for s in session.form.sections}
    width = max((len(k) for k in owners), default=0)
    for key, owner in owners.items():
        print(f"{key:<{width}}  {owner:<8}  {titles.get(key, '')}")
    return 0
