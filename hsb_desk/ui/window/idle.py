"""Auto-lock: after a set idle time, on the session being locked or the system suspending."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` when there has been no keyboard, mouse or touch input for ``minutes``.

    Input is noticed by an application-wide event filter, which Qt calls for every event in
    the process, each a call into Python: about 9,000 while a case opens (bench/). So once
    input is seen the filter steps aside for ``RESAMPLE_MS`` and then counts that span as
    active: the lock may come up to that much later than the set time, never earlier.
    """

    idle = Signal()
    RESAMPLE_MS = 5_000

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)
        self._watching_state = False
        self._resume = QTimer(self)
        self._resume.setSingleShot(True)
        self._resume.setInterval(self.RESAMPLE_MS)
        self._resume.timeout.connect(self.resume_listening)
        self.listening = False
        self._listen()

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def start(self) -> None:
        self.timer.start()
        app = QApplication.instance()
        if app is not None and not self._watching_state:
            # Connected on first start, not at start-up: PySide can only pass the state to
            # Python once the Qt namespace's enums exist, and the unlock page shows before they
            # are built (ui/window/main_window.py).
            from PySide6.QtCore import Qt  # noqa: F401 - builds Qt.ApplicationState first

            # The screen locking or the laptop suspending moves the app out of the active state.
            app.applicationStateChanged.connect(self._state_changed)  # type: ignore[attr-defined]
            self._watching_state = True

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance first: asking any event its type() builds a Python enum member, and almost
        # every event here is a paint, timer or layout event.
        if isinstance(event, QInputEvent) and event.type() in _ACTIVITY:
            if self.timer.isActive():
                self.timer.start()
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.listening = False
            self._resume.start()
        return False

    def resume_listening(self) -> None:
        """After the pause that followed some input: the pause counts as active time."""
        if self.timer.isActive():
            self.timer.start()
        self._listen()

    def _listen(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.listening:
            app.installEventFilter(self)
            self.listening = True

    def _state_changed(self, state: object) -> None:
        # Suspended: the system is going to sleep. Hidden/inactive alone happens on every
        # window switch, so only suspension locks at once.
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationSuspended and self.timer.isActive():
            self.idle.emit()
