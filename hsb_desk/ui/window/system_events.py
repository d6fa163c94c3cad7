"""Locking when the desktop session locks or the computer goes to sleep.

On Linux, systemd-logind announces both on the system D-Bus; HSB Desk listens when a bus is
there and does nothing when it is not. (Windows and macOS report sleep to Qt as the
application being suspended, which IdleWatcher handles.)
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"


class SystemEvents(QObject):
    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening = False
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus
            return
        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        # PySide's type stubs lack connect's (service, path, interface, name, receiver, slot) form.
        ok_sleep = bus.connect(  # type: ignore[call-overload]
            LOGIN1, "/org/freedesktop/login1", f"{LOGIN1}.Manager", "PrepareForSleep", self, "1prepare_for_sleep(bool)"
        )
        ok_lock = bus.connect(  # type: ignore[call-overload]
            LOGIN1, "/org/freedesktop/login1/session/auto", f"{LOGIN1}.Session", "Lock", self, "1session_locked()"
        )
        self.listening = bool(ok_sleep or ok_lock)
        log.info("listening for session lock and sleep: %s", self.listening)

    @Slot(bool)
    def prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_now.emit()

    @Slot()
    def session_locked(self) -> None:
        self.lock_now.emit()
