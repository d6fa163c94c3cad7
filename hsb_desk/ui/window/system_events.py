"""Locking when the desktop session locks, the user leaves it, or the computer goes to sleep.

- **Linux**: systemd-logind announces both on the system D-Bus (``PrepareForSleep``, and
  ``Lock`` for the session); HSB Desk listens when a bus is there and does nothing when not.
- **Windows**: a native event filter on the application reads the window messages (``MSG``):
  ``WM_WTSSESSION_CHANGE`` when the session is locked (Win+L, a locking screen saver) or
  disconnected (another user switches in at the console; a remote desktop connection drops),
  which Windows sends only to windows registered with ``WTSRegisterSessionNotification``: the
  main window is, while its native window exists; and ``WM_POWERBROADCAST`` with
  ``PBT_APMSUSPEND``, which every top-level window receives before the computer sleeps.
  Registering can fail (a stripped-down system without wtsapi32): that is logged and the app
  goes on, locking on sleep and after the idle time.
- **macOS**: screen lock and sleep are announced by NSWorkspace notifications, which Python
  cannot receive without pyobjc (not a dependency). Qt's Cocoa plugin reports only the
  application becoming active or inactive, as on every switch to another application, which
  does not lock; IdleWatcher (ui/window/idle.py) locks at once on ``ApplicationSuspended``,
  which Qt reports on mobile platforms only. So on macOS the workbook locks after the idle time.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"

WM_WTSSESSION_CHANGE = 0x02B1
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
# Each leaves the desk: locked, or the session taken off this screen or this connection.
LEAVING = {WTS_SESSION_LOCK, WTS_CONSOLE_DISCONNECT, WTS_REMOTE_DISCONNECT}
# Messages to the window, and posted ones the event dispatcher reads: both carry a MSG.
WINDOWS_MESSAGE_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


class POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_int32)]  # LONG is 32 bits on Windows


class MSG(ctypes.Structure):
    """The layout of ``ctypes.wintypes.MSG`` on Windows, defined here because wintypes on Linux
    makes LONG and DWORD 64 bits wide (C's long there), which moves ``time`` and ``pt``."""

    _fields_ = [
        ("hWnd", ctypes.c_void_p),  # HWND
        ("message", ctypes.c_uint),  # UINT
        ("wParam", ctypes.c_size_t),  # WPARAM, UINT_PTR
        ("lParam", ctypes.c_ssize_t),  # LPARAM, LONG_PTR
        ("time", ctypes.c_uint32),  # DWORD
        ("pt", POINT),
    ]


def leaves_desk(message: int, w_param: int) -> bool:
    """A Windows message that means the user has left: the session locked or disconnected, or
    the computer about to sleep."""
    if message == WM_WTSSESSION_CHANGE:
        return w_param in LEAVING
    return message == WM_POWERBROADCAST and w_param == PBT_APMSUSPEND


class WindowsMessageFilter(QAbstractNativeEventFilter):
    """Calls ``on_leave`` when the user leaves (``leaves_desk``), at once, before the message
    handler returns: Windows gives a suspending system about two seconds. Never consumes a
    message. Qt calls it for every native message, each a call into Python, so it only reads
    the message number and its wParam from each."""

    def __init__(self, on_leave: Callable[[], None]) -> None:
        super().__init__()
        self._on_leave = on_leave

    def nativeEventFilter(self, eventType: Any, message: Any) -> tuple[bool, int]:
        # Qt passes a QByteArray and a shiboken VoidPtr; a test may pass bytes and an int.
        if eventType not in WINDOWS_MESSAGE_TYPES:
            return False, 0
        address = int(message)
        if address:
            msg = MSG.from_address(address)
            if leaves_desk(msg.message, msg.wParam):
                self._on_leave()
        return False, 0


WindowsCall = Callable[[int], int]  # takes a window handle (HWND); 0, or the Windows error code


class SessionNotifications(QObject):
    """Keeps ``window`` registered for WM_WTSSESSION_CHANGE while its native window exists: from
    now if it exists, else from its creation, again if Qt recreates it, and off when the
    application quits. ``register`` and ``unregister`` are ``wts_api()``'s (a test gives its
    own); a failure is logged, with its error code, and changes nothing else."""

    def __init__(self, window: QWidget, register: WindowsCall, unregister: WindowsCall) -> None:
        super().__init__(window)
        self._window, self._register, self._unregister = window, register, unregister
        self.hwnd = 0
        window.installEventFilter(self)
        self.register_window()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.unregister_window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WinIdChange:
            self.unregister_window()  # the old handle (Qt may have destroyed it already)
            self.register_window()
        return False

    def register_window(self) -> None:
        """Registers the native window if there is one: asking for winId() would create it."""
        if not self._window.testAttribute(Qt.WidgetAttribute.WA_WState_Created):
            return
        hwnd = int(self._window.winId())
        if hwnd and _called(self._register, hwnd, "WTSRegisterSessionNotification", logging.WARNING):
            self.hwnd = hwnd

    def unregister_window(self) -> None:
        if self.hwnd:
            _called(self._unregister, self.hwnd, "WTSUnRegisterSessionNotification", logging.INFO)
            self.hwnd = 0


def _called(function: WindowsCall, hwnd: int, name: str, level: int) -> bool:
    try:
        error = function(hwnd)
    except (OSError, AttributeError, ctypes.ArgumentError) as exc:
        log.log(level, "%s could not be called (%s)", name, type(exc).__name__)
        return False
    if error:
        log.log(level, "%s failed (error %d): the session lock is not seen, sleep and idle still lock", name, error)
    return not error


def wts_api() -> tuple[WindowsCall, WindowsCall] | None:
    """WTSRegisterSessionNotification and WTSUnRegisterSessionNotification from wtsapi32, as
    ``WindowsCall``s; None if not on Windows or wtsapi32 cannot be loaded (logged)."""
    if sys.platform != "win32":
        return None
    from ctypes import wintypes

    try:
        wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)
        register, unregister = wtsapi32.WTSRegisterSessionNotification, wtsapi32.WTSUnRegisterSessionNotification
    except (OSError, AttributeError) as exc:
        log.warning("wtsapi32 is not available (%s): the session lock is not seen", type(exc).__name__)
        return None
    register.argtypes, register.restype = [wintypes.HWND, wintypes.DWORD], wintypes.BOOL
    unregister.argtypes, unregister.restype = [wintypes.HWND], wintypes.BOOL

    def registered(hwnd: int) -> int:
        return 0 if register(hwnd, NOTIFY_FOR_THIS_SESSION) else ctypes.get_last_error() or -1

    def unregistered(hwnd: int) -> int:
        return 0 if unregister(hwnd) else ctypes.get_last_error() or -1

    return registered, unregistered


class SystemEvents(QObject):
    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        """``parent`` is the main window: on Windows it is registered for session changes."""
        super().__init__(parent)
        self.listening = False
        self.windows_filter: WindowsMessageFilter | None = None
        self.session_notifications: SessionNotifications | None = None
        if sys.platform == "win32":
            self.listen_to_windows_messages()
            api = wts_api()
            if api is not None and isinstance(parent, QWidget):
                self.session_notifications = SessionNotifications(parent, *api)
            return
        self._listen_to_logind()

    def listen_to_windows_messages(self) -> None:
        """Install the Windows message filter on the application (only Windows calls this, and
        the tests). It is removed when this object goes, so no message reaches a deleted one."""
        app = QCoreApplication.instance()
        if app is None or self.windows_filter is not None:
            return
        windows_filter = self.windows_filter = WindowsMessageFilter(self.lock_now.emit)
        app.installNativeEventFilter(windows_filter)
        self.destroyed.connect(lambda: app.removeNativeEventFilter(windows_filter))
        self.listening = True

    def _listen_to_logind(self) -> None:
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
