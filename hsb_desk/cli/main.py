"""Entry point of ``hsb-desk``. Errors are a few plain lines on stderr, never a traceback.

Exit codes: 0 success; 2 usage error or invalid input; 3 wrong passphrase or not a workbook;
4 damaged workbook.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence

from hsb_desk import __version__
from hsb_desk import cli as cli_package
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
    # Each hsb_desk/cli/cmd_*.py module adds its own commands, so features stay in their modules.
    for module in sorted(pkgutil.iter_modules(cli_package.__path__), key=lambda m: (m.name != "cmd_core", m.name)):
        if module.name.startswith("cmd_"):
            importlib.import_module(f"{cli_package.__name__}.{module.name}").register(sub)
    return parser


def _open_own_workbook(args: argparse.Namespace) -> int:
    """``hsb-desk`` alone opens the user's own workbook (first run on first use)."""
    from hsb_desk.cli.cmd_gui import launch_gui

    args.workbook = None
    return launch_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = _open_own_workbook
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
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
