"""Baseline for start-up and memory: a bare PySide6 script that opens an empty window.

With ``--text`` the window shows one line of text: the floor under any real window. The first
text a process draws loads the font configuration and rasterises glyphs; an empty window never
does.

Prints ``shown <CLOCK_MONOTONIC ns> <VmHWM kB>`` once the window's first frame is painted, then
exits at once. Run offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def status_kb(name: str) -> int:
    """A memory figure of this process from /proc/self/status (VmHWM, VmRSS), in kB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next((int(line.split()[1]) for line in status if line.startswith(f"{name}:")), 0)


def report_shown() -> None:
    moment = time.monotonic_ns()
    sys.stdout.write(f"shown {moment} {status_kb('VmHWM')}\n")
    sys.stdout.flush()
    os._exit(0)


class FirstFrame(QObject):
    """The first paint of a main window starts its first frame; a zero timer fires after it."""

    def __init__(self, then: Callable[[], None] = report_shown) -> None:
        super().__init__()
        self.seen = False
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.then)
        return False


def main() -> None:
    app = QApplication(sys.argv[:1])
    probe = FirstFrame()
    app.installEventFilter(probe)
    window = QMainWindow()
    window.resize(1200, 800)
    if "--text" in sys.argv[1:]:
        from PySide6.QtWidgets import QLabel

        window.setCentralWidget(QLabel("Unlock your workbook", window))
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
