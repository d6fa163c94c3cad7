"""One way to show a failure, and the last line of defence for the unexpected."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from hsb_desk.errors import HsbDeskError
from hsb_desk.ui import strings

log = logging.getLogger("hsb_desk.ui")


def message_for(error: BaseException) -> str:
    """What the user reads: our plain message, or a generic one (never exception text, which
    may hold case content)."""
    if isinstance(error, HsbDeskError):
        return error.user_message
    return strings.UNEXPECTED_ERROR


def log_unexpected(error: BaseException) -> None:
    """Log where it failed (files and lines) but not the message or locals, which may hold case
    content."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames[-6:]))
    log.error("unexpected %s at %s", error.__class__.__name__, where or "unknown place")


def explained(error: BaseException) -> str:
    """The message to show for ``error`` where it happened (a label, a status line); an error HSB
    Desk did not expect is logged first, without case content."""
    if not isinstance(error, HsbDeskError):
        log_unexpected(error)
    return message_for(error)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if not isinstance(error, HsbDeskError):
        log_unexpected(error)
    QMessageBox.warning(parent, strings.APP_TITLE, message_for(error))


def install_excepthook(parent_getter: object = None) -> None:
    """Uncaught exceptions in slots are logged without content and shown plainly; the app lives on."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        error.__traceback__ = tb
        show_error(None, error)

    sys.excepthook = hook
