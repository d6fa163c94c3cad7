"""Commands that open the desktop window."""

from __future__ import annotations

import argparse

# Only argparse here: the window commands are parsed without importing the services (see main.py).

DEMO_HELP = "Open the demo workbook (fictional cases; passphrase: demo workbook only)."
RESET_HELP = (
    "make the demo workbook afresh first: its cases, dated from today, replace any changes made "
    "to it, and its backups are deleted (refused while a window has it open)"
)
RESET_DONE = "Demo workbook reset: {path} was made afresh with its fictional cases dated from today ({removed})."


def launch_gui(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from hsb_desk.app.display_check import window_libraries_problem

    # Before Qt, and before the demo is remade: without these libraries no window can open, and
    # Qt's own message names the wrong package (app/display_check.py).
    problem = window_libraries_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if getattr(args, "reset", False):
        print(_reset_demo(), file=sys.stderr)
    # What the window needs before its first frame, imported before Qt: once PySide6 is loaded
    # its import hook reads the source of every module imported after it (2% of the
    # instructions to the first frame, counted with valgrind's callgrind).
    import hsb_desk.app.dbthread
    import hsb_desk.app.settings
    import hsb_desk.ui.strings  # noqa: F401
    from hsb_desk.ui.app import launch  # Qt is loaded only when a window is wanted

    workbook = getattr(args, "workbook", None)
    return launch(Path(workbook) if workbook else None, demo=args.command == "demo")


def _reset_demo() -> str:
    """Remake the demo workbook (``app.demo.reset_demo_workbook``); the line that says so.
    A refusal (the demo is open in a window) is raised and printed by main, before any window."""
    from hsb_desk.app.demo import reset_demo_workbook

    done = reset_demo_workbook()  # the form pack in use (app.workbooks.default_form)
    count = done.backups_removed
    removed = f"{count} old backup{'' if count == 1 else 's'} deleted"
    return RESET_DONE.format(path=done.path, removed=removed)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help=DEMO_HELP, description=DEMO_HELP)
    demo.add_argument("--reset", action="store_true", help=RESET_HELP)
    demo.set_defaults(handler=launch_gui)
    command = sub.add_parser(
        "open", help="Open a workbook in the desktop window.", description="Open a workbook in the desktop window."
    )
    command.add_argument("workbook", metavar="WORKBOOK", help="path of the workbook file")
    command.set_defaults(handler=launch_gui)
