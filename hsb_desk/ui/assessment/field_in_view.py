"""Keeping the field that "go to" put the cursor in on screen while the page settles.

The scroll is made once the page is laid out; but what is above the page (the due strip, read
on its own) may grow just after, and the viewport shrinks under the field. Until the
practitioner scrolls or moves the cursor on, each change of the scroll range (the viewport's or
the page's height) scrolls the field back into view, at once, before anything is painted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

X_MARGIN, Y_MARGIN = 40, 80


class FieldInView(QObject):
    def __init__(self, scroll_area: QScrollArea) -> None:
        super().__init__(scroll_area)
        self.scroll_area = scroll_area
        self.target: QWidget | None = None
        bar = scroll_area.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, _high: self._keep())
        # A scroll the practitioner makes (wheel, keys, the bar): the page is theirs again.
        bar.actionTriggered.connect(lambda _action: self.release())

    def go_to(self, page: QWidget, widget: QWidget) -> None:
        """Scroll ``widget`` (on ``page``, on show) into view and put the cursor in it."""
        layout = page.layout()
        if layout is not None:
            layout.activate()  # laid out now, so the scroll reaches the widget's place
        self.target = widget
        widget.destroyed.connect(self.release)
        self.scroll_area.ensureWidgetVisible(widget, X_MARGIN, Y_MARGIN)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def release(self, *_args: object) -> None:
        self.target = None

    def _keep(self) -> None:
        target, page = self.target, self.scroll_area.widget()
        if target is None:
            return
        focused = QApplication.focusWidget()
        held = focused is not None and (focused is target or target.isAncestorOf(focused))
        if page is None or not page.isAncestorOf(target) or not held:
            self.target = None  # another page is on show, or the cursor has moved on
            return
        self.scroll_area.ensureWidgetVisible(target, X_MARGIN, Y_MARGIN)
