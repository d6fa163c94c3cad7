"""Commands that open the desktop window."""

from __future__ import annotations

import argparse

# Only argparse here: the window commands are parsed without importing the services (see main.py).


def launch_gui(args: argparse.Namespace) -> int:
    from pathlib import Path

    # What the window needs before its first frame, imported before Qt: once PySide6 is loaded
    # its import hook reads the source of every module imported after it (2% of the
    # instructions to the first frame, counted with valgrind's callgrind).
    import hsb_desk.app.dbthread
    import hsb_desk.app.settings
    import hsb_desk.ui.strings  # noqa: F401
    from hsb_desk.ui.app import launch  # Qt is loaded only when a window is wanted

    workbook = getattr(args, "workbook", None)
    return launch(Path(workbook) if workbook else None, demo=args.command == "demo")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo_help = "Open the demo workbook (fictional cases; passphrase: demo workbook only)."
    sub.add_parser("demo", help=demo_help, description=demo_help).set_defaults(handler=launch_gui)
    command = sub.add_parser(
        "open", help="Open a workbook in the desktop window.", description="Open a workbook in the desktop window."
    )
    command.add_argument("workbook", metavar="WORKBOOK", help="path of the workbook file")
    command.set_defaults(handler=launch_gui)
