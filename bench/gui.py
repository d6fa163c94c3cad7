"""Driving the real main window offscreen and timing what the user sees: up to the frame painted.

A ``PaintWatch`` is an application-wide event filter, installed only while something is being
timed. Armed with a predicate, it notes the first Paint event of a matching widget and then a
zero timer, which fires once that whole frame has been painted: that moment is "shown".
Waiting happens in a nested QEventLoop (as the app's own loop would wait), never by spinning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hsb_desk.ui  # noqa: F401  (first, as in the app: it sets up PySide6's import hook, ui/qt_setup.py)

# isort: split
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from hsb_desk.app.spelling import british_checker
from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.app import build_window
from hsb_desk.ui.assessment.section_page import SectionPage
from hsb_desk.ui.style import apply_style
from hsb_desk.ui.window.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import now_ns

TIMEOUT_MS = 120_000


def application() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


class PaintWatch(QObject):
    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.predicate: Callable[[QObject], bool] | None = None
        self.finished_ns: int | None = None

    def arm(self, predicate: Callable[[QObject], bool]) -> None:
        self.finished_ns = None
        self.predicate = predicate
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance, not event.type(): the watch is on every event, and type() builds an enum
        # member each time, which would be counted against the app.
        if self.predicate is not None and isinstance(event, QPaintEvent) and self.predicate(watched):
            self.predicate = None
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self.finished_ns = now_ns()
        QApplication.instance().removeEventFilter(self)
        self.done.emit()

    def wait(self) -> int:
        """Wait for the frame; returns its CLOCK_MONOTONIC moment in ns."""
        if self.finished_ns is None:
            loop = QEventLoop()
            self.done.connect(loop.quit)
            QTimer.singleShot(TIMEOUT_MS, loop.quit)
            loop.exec()
            self.done.disconnect(loop.quit)
        if self.finished_ns is None:
            raise TimeoutError("the frame was never painted")
        return self.finished_ns


def wait_until(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
    app = QApplication.instance()
    deadline = now_ns() + int(timeout_s * 1e9)
    while not condition():
        if now_ns() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)


def settle(window: MainWindow, seconds: float = 0.2) -> None:
    """Let queued work and repaints finish."""
    app = QApplication.instance()
    end = now_ns() + int(seconds * 1e9)
    while now_ns() < end or window.bridge.pending:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def open_window(form: FormDefinition, workbook: Path, passphrase: str) -> MainWindow:
    """The real window over ``workbook``, shown, unlocked and on its case list."""
    british_checker()  # launch() loads the word list while the passphrase is typed
    window = build_window(form, workbook)
    window.resize(1280, 860)
    window.show()
    settle(window, 0.1)
    window.unlock(passphrase)
    wait_until(
        lambda: window.db.is_open and not window.bridge.pending and window.stack.currentWidget() is window.cases_view
    )
    # The day's backup runs on its own thread beside the work; the figures here are of the
    # window at rest, so it is let finish first (a bench run's first unlock of the day makes it).
    daily = window.db.call(lambda s: s.daily_backup)
    if daily is not None:
        daily.future.result(300)
    settle(window, 0.2)
    return window


def close_window(window: MainWindow) -> None:
    """Close as the user does: the window goes once what was waiting is stored and the workbook
    is closed on its thread (closing does not block the screen)."""
    window.close()
    wait_until(lambda: window.db.stopped)
    window.deleteLater()
    QApplication.instance().processEvents()


def time_open_case(window: MainWindow, watch: PaintWatch, reference: str) -> float:
    """Seconds from the click that opens a case to its first section painted."""
    watch.arm(lambda widget: isinstance(widget, SectionPage))
    started = now_ns()
    window.open_case(reference)
    return (watch.wait() - started) / 1e9


def back_to_list(window: MainWindow) -> None:
    window.show_cases()
    settle(window, 0.2)


def _list_painted(window: MainWindow) -> Callable[[QObject], bool]:
    viewport: QWidget = window.cases_view.table.viewport()
    return lambda widget: widget is viewport and not window.bridge.pending


def time_list_ready(window: MainWindow, watch: PaintWatch) -> float:
    """Seconds from asking for the case list to the list painted with the answer."""
    watch.arm(_list_painted(window))
    started = now_ns()
    window.show_cases()
    return (watch.wait() - started) / 1e9


def time_keystroke(window: MainWindow, watch: PaintWatch, key: str = "a") -> float:
    """Seconds from one key typed in the empty search box to the list painted with the answer."""
    search = window.cases_view.search
    if search.text():
        search.clear()
        settle(window, 0.1)
    search.setFocus()
    watch.arm(_list_painted(window))
    started = now_ns()
    _type(search, key)
    elapsed = (watch.wait() - started) / 1e9
    search.clear()
    settle(window, 0.1)
    return elapsed


def _type(widget: Any, key: str) -> None:
    try:
        from PySide6.QtTest import QTest
    except ImportError:  # pragma: no cover - QtTest ships with PySide6 Essentials
        widget.insert(key)
        return
    QTest.keyClicks(widget, key)


def time_plain_page(form: FormDefinition, values: dict[str, Any]) -> float:
    """The floor for "open a case": a bare Qt page with a label and a plain editor holding the
    value for each field of the first section (group rows expanded), in a scroll area in a new
    window the size of the app's, built and painted. No logic, no layout rules of ours."""
    section = form.sections[0]
    watch = PaintWatch()
    started = now_ns()
    window = QScrollArea()
    window.setWidgetResizable(True)
    page = QWidget()
    layout = QVBoxLayout(page)
    for spec in section.fields:
        items = values.get(spec.key)
        rows = items if spec.type == "group" and isinstance(items, list) else [{spec.key: items}]
        subs = spec.fields if spec.type == "group" else (spec,)
        for item in rows:
            for sub in subs:
                value = item.get(sub.key) if isinstance(item, dict) else None
                layout.addWidget(QLabel(sub.label, page))
                editor = QPlainTextEdit(page) if sub.type == "longtext" else QLineEdit(page)
                if value is not None:
                    (editor.setPlainText if isinstance(editor, QPlainTextEdit) else editor.setText)(str(value))
                layout.addWidget(editor)
    window.setWidget(page)
    window.resize(1280, 860)
    watch.arm(lambda widget: widget is page)
    window.show()
    finished = watch.wait()
    window.close()
    window.deleteLater()
    return (finished - started) / 1e9
