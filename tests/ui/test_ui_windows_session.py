"""Windows: the session locking or disconnecting, or the computer about to sleep, locks the
workbook. The messages are simulated here: a MSG is built in memory and handed to Qt's event
dispatcher, which passes it to the application's native event filters as Windows' would."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from ui.ui_support import FakePrompts, add_window, make_window, unlock, wait_locked

from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.window import system_events
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.system_events import MSG, SessionNotifications, SystemEvents

WM_PAINT, WM_ACTIVATEAPP = 0x000F, 0x001C
WM_WTSSESSION_CHANGE, WM_POWERBROADCAST = 0x02B1, 0x0218
WTS_CONSOLE_CONNECT, WTS_CONSOLE_DISCONNECT, WTS_REMOTE_CONNECT, WTS_REMOTE_DISCONNECT = 1, 2, 3, 4
WTS_SESSION_LOGON, WTS_SESSION_LOGOFF, WTS_SESSION_LOCK, WTS_SESSION_UNLOCK = 5, 6, 7, 8
WTS_SESSION_REMOTE_CONTROL = 9
PBT_APMSUSPEND, PBT_APMRESUMESUSPEND, PBT_APMPOWERSTATUSCHANGE, PBT_APMRESUMEAUTOMATIC = 0x4, 0x7, 0xA, 0x12

LEAVING = [
    pytest.param(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, id="session-lock"),
    pytest.param(WM_WTSSESSION_CHANGE, WTS_CONSOLE_DISCONNECT, id="console-disconnect"),
    pytest.param(WM_WTSSESSION_CHANGE, WTS_REMOTE_DISCONNECT, id="remote-disconnect"),
    pytest.param(WM_POWERBROADCAST, PBT_APMSUSPEND, id="suspend"),
]
STAYING = [
    (WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK),
    (WM_WTSSESSION_CHANGE, WTS_CONSOLE_CONNECT),
    (WM_WTSSESSION_CHANGE, WTS_REMOTE_CONNECT),
    (WM_WTSSESSION_CHANGE, WTS_SESSION_LOGON),
    (WM_WTSSESSION_CHANGE, WTS_SESSION_LOGOFF),  # the window is asked to close instead
    (WM_WTSSESSION_CHANGE, WTS_SESSION_REMOTE_CONTROL),
    (WM_POWERBROADCAST, PBT_APMRESUMESUSPEND),  # 7, as WTS_SESSION_LOCK: the message decides
    (WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC),
    (WM_POWERBROADCAST, PBT_APMPOWERSTATUSCHANGE),
    (WM_PAINT, WTS_SESSION_LOCK),
    (WM_ACTIVATEAPP, 0),
]


def _deliver(message: int, w_param: int, event_type: bytes = b"windows_generic_MSG") -> MSG:
    """As Qt's Windows plugin does: a MSG's address to every native event filter of the app."""
    msg = MSG(hWnd=0x1234, message=message, wParam=w_param, lParam=0, time=1)
    pointer = shiboken6.VoidPtr(ctypes.addressof(msg))
    QAbstractEventDispatcher.instance().filterNativeEvent(event_type, pointer, 0)
    return msg


@pytest.fixture
def listening(window: MainWindow) -> Iterator[MainWindow]:
    """The test window, listening to Windows messages as on Windows."""
    window.system_events.listen_to_windows_messages()
    yield window
    QApplication.instance().removeNativeEventFilter(window.system_events.windows_filter)


def test_msg_has_the_windows_layout() -> None:
    pointer = ctypes.sizeof(ctypes.c_void_p)
    offsets = {name: getattr(MSG, name).offset for name, _type in MSG._fields_}
    if pointer == 8:
        assert (offsets, ctypes.sizeof(MSG)) == (
            {"hWnd": 0, "message": 8, "wParam": 16, "lParam": 24, "time": 32, "pt": 36},
            48,
        )
    else:
        assert (offsets, ctypes.sizeof(MSG)) == (
            {"hWnd": 0, "message": 4, "wParam": 8, "lParam": 12, "time": 16, "pt": 20},
            28,
        )


@pytest.mark.parametrize(("message", "w_param"), LEAVING)
def test_leaving_the_desk_locks_the_window(qtbot: Any, listening: MainWindow, message: int, w_param: int) -> None:
    window = listening
    unlock(qtbot, window)
    _deliver(message, w_param)
    assert window.stack.currentWidget() is window.unlock_view  # at once, before the message returns
    wait_locked(qtbot, window)


def test_the_filter_reads_bytes_and_an_int_address_too(qtbot: Any, listening: MainWindow) -> None:
    window = listening
    unlock(qtbot, window)
    msg = MSG(message=WM_WTSSESSION_CHANGE, wParam=WTS_SESSION_LOCK)
    windows_filter = window.system_events.windows_filter
    assert windows_filter is not None
    assert windows_filter.nativeEventFilter(b"windows_dispatcher_MSG", ctypes.addressof(msg)) == (False, 0)
    assert window.stack.currentWidget() is window.unlock_view
    wait_locked(qtbot, window)


def test_other_messages_and_other_event_types_change_nothing(qtbot: Any, listening: MainWindow) -> None:
    window = listening
    unlock(qtbot, window)
    for message, w_param in STAYING:
        _deliver(message, w_param)
    _deliver(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, b"xcb_generic_event_t")  # not a MSG at all
    _deliver(WM_POWERBROADCAST, PBT_APMSUSPEND, b"mac_generic_NSEvent")
    windows_filter = window.system_events.windows_filter
    assert windows_filter is not None
    assert windows_filter.nativeEventFilter(b"windows_generic_MSG", 0) == (False, 0)  # a null pointer
    assert window.stack.currentWidget() is window.cases_view
    assert window.db.is_open and window.bridge.pending == 0


def test_on_windows_the_window_registers_once_it_exists_and_a_lock_locks_it(
    qtbot: Any,
    seeded_workbook: Path,
    mini_form: FormDefinition,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, int]] = []
    fake_api = (
        lambda hwnd: calls.append(("register", hwnd)) or 0,
        lambda hwnd: calls.append(("unregister", hwnd)) or 0,
    )
    monkeypatch.setattr(system_events, "sys", SimpleNamespace(platform="win32"))
    monkeypatch.setattr(system_events, "wts_api", lambda: fake_api)
    window = make_window(mini_form, seeded_workbook, prompts)  # the pages are built before it is shown
    add_window(qtbot, window)
    events = window.system_events
    try:
        assert events.windows_filter is not None and events.session_notifications is not None
        assert calls == []  # no native window yet, and none made just for this
        window.show()
        qtbot.waitUntil(lambda: bool(calls))
        assert calls == [("register", int(window.winId()))]
        unlock(qtbot, window)
        _deliver(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
        assert window.stack.currentWidget() is window.unlock_view
        wait_locked(qtbot, window)
        QCoreApplication.instance().aboutToQuit.emit()
        assert calls[-1] == ("unregister", int(window.winId()))
    finally:
        QApplication.instance().removeNativeEventFilter(events.windows_filter)


def test_registration_follows_the_native_window_and_failures_are_only_logged(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[tuple[str, int]] = []
    answers = [5, 0]  # ERROR_ACCESS_DENIED, then accepted

    def register(hwnd: int) -> int:
        calls.append(("register", hwnd))
        return answers.pop(0)

    def unregister(hwnd: int) -> int:
        calls.append(("unregister", hwnd))
        raise OSError("wtsapi32 went away")

    widget = QWidget()
    qtbot.addWidget(widget)
    notifications = SessionNotifications(widget, register, unregister)
    caplog.set_level(logging.INFO, logger=system_events.__name__)
    widget.show()  # the native window is made: WinIdChange
    qtbot.waitUntil(lambda: bool(calls))
    hwnd = int(widget.winId())
    assert calls == [("register", hwnd)] and notifications.hwnd == 0
    assert "WTSRegisterSessionNotification failed (error 5)" in caplog.text
    QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.WinIdChange))  # as when Qt recreates it
    assert calls == [("register", hwnd), ("register", hwnd)] and notifications.hwnd == hwnd
    notifications.unregister_window()  # raises inside: logged, not raised
    assert calls[-1] == ("unregister", hwnd) and notifications.hwnd == 0
    assert "WTSUnRegisterSessionNotification could not be called (OSError)" in caplog.text


def test_system_events_off_windows_install_no_message_filter(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    events = SystemEvents(widget)
    assert events.windows_filter is None and events.session_notifications is None


def test_a_message_after_the_window_has_gone_reaches_no_deleted_object(qtbot: Any) -> None:
    widget = QWidget()
    events = SystemEvents(widget)
    events.listen_to_windows_messages()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(events))
    _deliver(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)  # the filter went with it: nothing is called
