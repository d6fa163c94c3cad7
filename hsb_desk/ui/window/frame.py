"""What the main window keeps about itself: its place and size between runs (QSettings, never
case content), and a call made once its first frame is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
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
    geometry = _window_settings().value("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)


def save_geometry(window: QWidget) -> None:
    _window_settings().setValue("geometry", window.saveGeometry())
