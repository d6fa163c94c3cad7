"""Tab moves on: out of a table or a box of several lines, to the next control, as it does in the
assessment's own narratives (ui/editors/text.py). Without it Qt keeps Tab inside: a table moves
from cell to cell and wraps round, a plain text box types a tab character, so someone using the
keyboard alone cannot reach what comes after them. The arrow keys still move between cells."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit


def tab_moves_on(widget: QAbstractItemView | QPlainTextEdit | QTextEdit) -> None:
    """Make Tab (and Shift+Tab) leave ``widget`` for the next (or previous) control."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    else:
        widget.setTabChangesFocus(True)
