"""What the main window keeps about itself: its place and size between runs (QSettings, never
case content), and a call made once its first frame is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMargins, QObject, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from hsb_desk import paths

DEFAULT_SIZE = (1200, 800)


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget`` is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def _window_settings() -> QSettings:
    return QSettings(str(paths.user_data_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore_geometry(window: QWidget) -> None:
    """Where the window was, fitted inside the screen it opens on: a size saved at another
    scaling (150%) or on a larger monitor would otherwise open larger than the screen."""
    geometry = _window_settings().value("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)


#: Room kept for the title bar and borders, which have no size until the window is first shown.
FRAME_MARGINS = QMargins(8, 32, 8, 8)


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move the (not yet shown) window so that it and its frame fit the screen."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry().marginsRemoved(FRAME_MARGINS)
    placed = window.geometry()
    width, height = min(placed.width(), room.width()), min(placed.height(), room.height())
    x = min(max(placed.x(), room.left()), room.right() + 1 - width)
    y = min(max(placed.y(), room.top()), room.bottom() + 1 - height)
    if (x, y, width, height) != (placed.x(), placed.y(), placed.width(), placed.height()):
        window.setGeometry(x, y, width, height)


def save_geometry(window: QWidget) -> None:
    _window_settings().setValue("geometry", window.saveGeometry())
