"""Run-time hook in place of PyInstaller's pyi_rth_pyside6 (packaging/hsb-desk.spec).

PyInstaller's hook imports PySide6.QtCore at every start, before the program runs, only to
check that PySide6 has registered its own qt.conf (it has: PySide6 does it when QtCore is first
imported). That import costs every command-line run 100-200 ms, and PySide6's import hook then
slows every later import. HSB Desk imports Qt only when it opens the window, so this hook does
the one thing the bundle needs at start: it tells Qt where its plugins are.
"""

import os
import sys


def _qt_plugin_path() -> None:
    base = os.path.join(sys._MEIPASS, "PySide6")  # type: ignore[attr-defined]
    if not sys.platform.startswith("win"):
        base = os.path.join(base, "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(base, "plugins")


_qt_plugin_path()
del _qt_plugin_path
