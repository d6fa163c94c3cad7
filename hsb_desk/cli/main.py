"""Entry point of ``hsb-desk``. Errors are a few plain lines on stderr, never a traceback.

Exit codes: 0 success; 2 usage error or invalid input; 3 wrong passphrase or not a workbook;
4 damaged workbook; 141 standard output was closed before everything was written
(``hsb-desk forms | head -1``), as for a Unix tool stopped by SIGPIPE, and nothing is said.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence

from hsb_desk import __version__
from hsb_desk import cli as cli_package
from hsb_desk.app.hardening import harden_process
from hsb_desk.cli.terminal import safe_output
from hsb_desk.errors import FormDefinitionError, HsbDeskError, ValidationFailed

log = logging.getLogger("hsb_desk")
OUTPUT_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for `yes | head -1`

# Commands that only open the window. ``hsb-desk`` alone, ``open`` and ``demo`` build a parser
# with just these, so starting the window does not first import every service the other
# commands need (about a third of the start-up time).
WINDOW_COMMANDS = ("open", "demo")
WINDOW_MODULE = "cmd_gui"


def build_parser(window_only: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hsb-desk",
        description="Offline, encrypted workbook for AIM-style assessments.",
        epilog="Passphrases: prompted without echo on a terminal; otherwise HSB_DESK_PASSPHRASE or --passphrase-file.",
    )
    parser.add_argument("--version", action="version", version=f"HSB Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Each hsb_desk/cli/cmd_*.py module adds its own commands, so features stay in their modules.
    # The window's alone is named: listing the package imports inspect (pkgutil), about 10 ms.
    names = [WINDOW_MODULE] if window_only else sorted(_command_modules(), key=lambda n: (n != "cmd_core", n))
    for name in names:
        importlib.import_module(f"{cli_package.__name__}.{name}").register(sub)
    return parser


def _command_modules() -> list[str]:
    import pkgutil

    return [m.name for m in pkgutil.iter_modules(cli_package.__path__) if m.name.startswith("cmd_")]


def _open_own_workbook(args: argparse.Namespace) -> int:
    """``hsb-desk`` alone opens the user's own workbook (first run on first use)."""
    from hsb_desk.cli.cmd_gui import launch_gui

    args.workbook = None
    return launch_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window_only = not arguments or (
        arguments[0] in WINDOW_COMMANDS and "-h" not in arguments and "--help" not in arguments
    )
    # Private files, no core dump: before anything is opened. The window makes itself
    # unreadable by other processes just after its first frame (ui/app.py), before a
    # passphrase can be typed.
    harden_process(not_dumpable=not window_only)
    parser = build_parser(window_only)
    try:
        args = parser.parse_args(arguments)
    except SystemExit:  # --help, --version and usage errors, once printed
        if not _flushed():
            return OUTPUT_CLOSED
        raise
    if args.command is None:
        args.handler = _open_own_workbook
    with safe_output():  # case text may hold terminal escape sequences (cli/terminal.py)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        _warn_of_broken_policy(args)
        code = handler(args)
        return code if _flushed() else OUTPUT_CLOSED
    except BrokenPipeError:
        return _output_closed()
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


def _warn_of_broken_policy(args: argparse.Namespace) -> None:
    """Every command says so when the organisation's policy file could not be used (the window
    says it in the window; ``hsb-desk policy`` lists the problems itself)."""
    if args.command in (None, "policy", *WINDOW_COMMANDS):
        return
    from hsb_desk.app.policy import policy_warning

    warning = policy_warning()
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)


def _flushed() -> bool:
    """Flush standard output now, so that a reader that went away shows here and not as a
    warning when Python exits; False if it has (``_output_closed``)."""
    flush = getattr(sys.stdout, "flush", None)  # None in a windowed build: no stdout at all
    try:
        if flush is not None:
            flush()
    except BrokenPipeError:
        _output_closed()
        return False
    return True


def _output_closed() -> int:
    """The reader of standard output has gone (``| head``): stop quietly. Standard output is
    pointed at /dev/null, as the Python documentation advises (signal module, "Note on
    SIGPIPE"), so that what is still buffered raises nothing more when Python exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured output)
        pass
    return OUTPUT_CLOSED


if __name__ == "__main__":
    sys.exit(main())
