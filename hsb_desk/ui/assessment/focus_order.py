"""Tab follows reading order on a section page (WCAG 2.4.3): down the fields as they are laid
out, through each row of a list in turn, and on to the next field after a list's last row.

Qt's Tab order is the order widgets were made in, so a row added to a list (when a case is
opened, or by Add) came after every field below it, and Tab from its last cell left the page.
The order is taken from the layouts instead, and set again whenever a list's rows change.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        child, inner = item.widget(), item.layout()
        if child is not None:
            yield child
            yield from reading_order(child)
        elif inner is not None:
            yield from _in_layout(inner)


def reading_order(root: QWidget) -> Iterator[QWidget]:
    """Every widget under ``root``, in the order its layouts place them."""
    layout = root.layout()
    if layout is not None:
        yield from _in_layout(layout)


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def chain_tab_order(root: QWidget) -> list[QWidget]:
    """Sets Tab to go through ``root``'s widgets in reading order; returns that order."""
    stops = [widget for widget in reading_order(root) if takes_tab(widget)]
    for before, after in pairwise(stops):
        QWidget.setTabOrder(before, after)
    return stops
