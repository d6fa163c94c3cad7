"""Entry point of ``hsb-desk``. Errors are a few plain lines on stderr, never a traceback.

Exit codes: 0 success; 2 usage error or invalid input; 3 wrong passphrase or not a workbook;
4 damaged workbook.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from hsb_desk import __version__
from hsb_desk.cli import commands
from hsb_desk.errors import FormDefinitionError, HsbDeskError, ValidationFailed

log = logging.getLogger("hsb_desk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hsb-desk",
        description="Offline, encrypted workbook for AIM-style assessments.",
        epilog="Passphrases: prompted without echo on a terminal; otherwise HSB_DESK_PASSPHRASE or --passphrase-file.",
    )
    parser.add_argument("--version", action="version", version=f"HSB Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, workbook: bool = True) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        if workbook:
            command.add_argument("workbook", metavar="WORKBOOK", help="path of the workbook file")
            command.add_argument("--passphrase-file", metavar="PATH", help="read the passphrase from a file")
        return command

    init = add("init", "Create a new, empty, encrypted workbook.")
    for field in ("name", "role", "agency", "email"):
        init.add_argument(f"--{field}", default="", help=f"your {field} (practitioner profile)")
    cases = add("cases", "List the cases in a workbook.")
    cases.add_argument("--json", action="store_true", help="print JSON")
    forms = add("forms", "Check the form pack and show it.", workbook=False)
    forms.add_argument("--json", action="store_true", help="print the whole definition as JSON")
    imp = add("import", "Import a case from a JSON interchange file (all or nothing).")
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument("--replace", action="store_true", help="replace a case with the same reference")
    exp = add("export-json", "Export a case as JSON interchange (plain text: keep it safe).")
    exp.add_argument("case", metavar="CASE", help="case reference")
    exp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    add("check", "Check encryption, structure and the audit trail.")
    rekey = add("rekey", "Change the workbook's passphrase.")
    rekey.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from a file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return commands.run(args)
    except ValidationFailed as exc:
        print(exc.user_message, file=sys.stderr)
        for key, reason in exc.problems:
            print(f"  {key}: {reason}", file=sys.stderr)
        return exc.exit_code
    except FormDefinitionError as exc:
        print(exc.user_message, file=sys.stderr)
        return exc.exit_code
    except HsbDeskError as exc:
        print(exc.user_message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Stopped; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback, no case content
        log.debug("unexpected %s", exc.__class__.__name__)
        print(
            f"HSB Desk met an unexpected problem ({exc.__class__.__name__}). "
            "Changes are saved whole or not at all, so the workbook is consistent.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
