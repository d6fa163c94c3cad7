"""The mouse wheel scrolls; it never changes an answer.

Qt lets the wheel step a drop-down, a spin box (dates and times too) or a slider under the
pointer, focused or not, so scrolling a section past a drop-down could change its answer and
autosave would store it. ``WheelGuard`` stops that for every such widget in every page and
dialog: the wheel goes to the enclosing scroll area, which scrolls, or is dropped where there
is none. Scroll bars, text and lists keep their own wheel scrolling, which changes no value.

The guard watches the windows, not the application: the system hands every wheel event to a
window, which passes it to the widget under the pointer. An application-wide filter would be
called for every event in the process (paints, timers, layouts: thousands while a case opens),
each a call into Python: about 14 ms of a 115 ms first open of the example case, where the
window filters measured nothing (bench/, 2 cores). Windows are picked up whenever any window
gains focus, so a window the system shows without ever activating is guarded from the next
focus change on.
"""

from __future__ import annotations

from typing import TypeGuard

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWheelEvent, QWindow
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

# Widgets whose wheelEvent changes their value. QDateEdit and QDateTimeEdit are spin boxes.
VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)
GUARD_NAME = "hsbDeskWheelGuard"


def changes_value_on_wheel(widget: QObject) -> TypeGuard[QWidget]:
    """True for a widget that Qt would let the wheel change (a scroll bar only scrolls)."""
    return isinstance(widget, VALUE_WIDGETS) and not isinstance(widget, QScrollBar)


def _value_widget_under(widget: QWidget) -> QWidget | None:
    """The value widget that would get a wheel event aimed at ``widget`` (Qt passes it up from
    a spin box's text to the spin box), or None where it scrolls or nothing takes it."""
    current: QWidget | None = widget
    while current is not None and not isinstance(current, QAbstractScrollArea):
        if changes_value_on_wheel(current):
            return current
        current = current.parentWidget()
    return None


def _scroll_instead(widget: QWidget, event: QWheelEvent) -> None:
    """Offers the wheel to each scroll area around ``widget``, innermost first, until one scrolls."""
    area = widget.parentWidget()
    while area is not None:
        if isinstance(area, QAbstractScrollArea):
            viewport = area.viewport()
            scroll = QWheelEvent(
                viewport.mapFromGlobal(event.globalPosition()),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
                event.pointingDevice(),
            )
            QApplication.sendEvent(viewport, scroll)
            if scroll.isAccepted():
                return
        area = area.parentWidget()


def _widget_of(window: QWindow) -> QWidget | None:
    return next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is window), None)


class WheelGuard(QObject):
    """An event filter on every top-level window: a wheel event over a value widget scrolls
    the page instead of reaching the widget. Windows are picked up as they gain focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(GUARD_NAME)
        app.focusWindowChanged.connect(self.watch_windows)
        self.watch_windows()

    def watch_windows(self, *_: object) -> None:
        """Filters every window there is (installing twice on a window is harmless)."""
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def unwatch_windows(self) -> None:
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance, not event.type(), which builds a Python enum member (see ui/window/idle.py).
        if not isinstance(event, QWheelEvent) or not isinstance(watched, QWindow):
            return False
        if QApplication.activePopupWidget() is not None:
            return False  # an open list or menu takes the wheel itself
        top = _widget_of(watched)
        if top is None:
            return False
        target = top.childAt(event.position().toPoint()) or top
        value_widget = _value_widget_under(target)
        if value_widget is None:
            return False
        _scroll_instead(value_widget, event)
        return True


def installed_wheel_guard(app: QApplication) -> WheelGuard | None:
    """The guard installed on ``app``, if any."""
    return app.findChild(WheelGuard, GUARD_NAME)


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Installs the guard for ``app`` once (a second call returns the first guard)."""
    return installed_wheel_guard(app) or WheelGuard(app)


def remove_wheel_guard(app: QApplication) -> None:
    """Takes the guard off again (tests that need Qt's own wheel handling)."""
    guard = installed_wheel_guard(app)
    if guard is not None:
        app.focusWindowChanged.disconnect(guard.watch_windows)
        guard.unwatch_windows()
        guard.setParent(None)
        guard.deleteLater()
