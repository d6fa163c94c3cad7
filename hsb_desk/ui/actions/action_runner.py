"""The base of the case actions (ui/actions/case_actions.py): what each action is given, and how
it runs its service, on the database thread or beside it, with a busy note in the status bar.

Kept apart from the actions themselves so the exchange flow (ui/actions/exchange_actions.py) and
the other menu actions share one way of running work and of reporting what failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from hsb_desk.app.session import WorkbookSession
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import show_error
from hsb_desk.ui.prompts import Prompts


class ActionRunner(QObject):
    """``current`` gives the open case's reference; ``go_to(reference, section, field)`` opens
    a case at a field. What an action changes reaches the screens by the change signal
    (ui/bridge.py): none is refreshed from here."""

    def __init__(
        self,
        parent: QWidget,
        bridge: Bridge,
        prompts: Prompts,
        form: FormDefinition,
        current: Callable[[], str | None],
        go_to: Callable[..., None],
        marking: Callable[[], str],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.window, self.bridge, self.prompts, self.form = parent, bridge, prompts, form
        self.current, self.go_to, self.marking = current, go_to, marking
        self.status = status  # the window's status bar

    def run_dialog(self, dialog: QDialog) -> bool:
        """Shows a dialog and says whether it was accepted (tests answer in its place)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _failed(self, error: BaseException) -> None:
        show_error(self.window, error)

    def _read(self, fn: Callable[[WorkbookSession], Any], done: Callable[[Any], object], busy: str = "") -> None:
        """Read on the database thread; ``busy`` is shown in the status bar until it ends."""
        self._call(self.bridge.run, fn, done, busy)

    def _write(
        self, fn: Callable[[WorkbookSession], Any], done: Callable[[Any], object] | None = None, busy: str = ""
    ) -> None:
        """Change the workbook: after the edits waiting, and announced to every screen."""
        self._call(self.bridge.apply, fn, done, busy)

    def _call(
        self,
        call: Callable[..., None],
        fn: Callable[..., Any],  # of the session for the database thread, of nothing for a worker
        done: Callable[[Any], object] | None,
        busy: str,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        on_error = failed or self._failed
        if not busy:
            call(fn, done, on_error)
            return
        self.status(busy)

        def finished(result: Any) -> None:
            self.status("")
            if done is not None:
                done(result)

        def not_done(error: BaseException) -> None:
            self.status("")
            on_error(error)

        call(fn, finished, not_done)
