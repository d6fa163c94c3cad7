"""Commands that open the desktop window."""

from __future__ import annotations

import argparse

from hsb_desk.cli.cmd_core import add_command


def launch_gui(args: argparse.Namespace) -> int:
    from pathlib import Path

    from hsb_desk.ui.app import launch  # Qt is loaded only when a window is wanted

    workbook = getattr(args, "workbook", None)
    return launch(Path(workbook) if workbook else None, demo=args.command == "demo")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(
        sub,
        "demo",
        "Open the demo workbook (fictional cases; passphrase: demo workbook only).",
        launch_gui,
        workbook=False,
    )
    command = sub.add_parser(
        "open", help="Open a workbook in the desktop window.", description="Open a workbook in the desktop window."
    )
    command.add_argument("workbook", metavar="WORKBOOK", help="path of the workbook file")
    command.set_defaults(handler=launch_gui)
