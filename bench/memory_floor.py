"""A floor under the memory benchmark: the bare window showing one line of text, having opened
the same 5,000-case workbook with sqlcipher3 directly (connect, key, read every case's
reference and status). No form, no services, no pages: what any encrypted, text-showing Qt
window over this workbook needs before its own code and data.

Usage: memory_floor.py WORKBOOK PASSPHRASE (offscreen). Prints ``memory <VmHWM kB> <VmRSS kB>``
after the first frame, like memory_app.py.
"""

from __future__ import annotations

import os
import sys

import sqlcipher3
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from startup_bare import FirstFrame, status_kb


def report_memory() -> None:
    sys.stdout.write(f"memory {status_kb('VmHWM')} {status_kb('VmRSS')}\n")
    sys.stdout.flush()
    os._exit(0)


def main() -> None:
    workbook, passphrase = sys.argv[1:3]
    conn = sqlcipher3.connect(workbook)
    conn.set_key(passphrase.encode("utf-8"))
    conn.execute("PRAGMA cache_size = -2000")  # as the app sets it (store/connection.py)
    cases = conn.execute("SELECT reference, status FROM cases ORDER BY reference").fetchall()
    app = QApplication(sys.argv[:1])
    probe = FirstFrame(then=report_memory)
    app.installEventFilter(probe)
    window = QMainWindow()
    window.resize(1200, 800)
    window.setCentralWidget(QLabel(f"{len(cases)} cases", window))
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
