"""Start-up of HSB Desk as ``hsb-desk open WORKBOOK`` runs it, up to the unlock window shown.

Runs the real entry point (``hsb_desk.cli.main.main``) in the real import order: PySide6 must not
be imported early, because once it is loaded every later import pays for its ``__feature__``
import hook. A paint watcher is attached when ``hsb_desk.ui.app.build_window`` is first called
(after ``launch`` has made the QApplication). Prints ``shown <CLOCK_MONOTONIC ns> <VmHWM kB>``
after the first frame, then exits at once.
Usage: startup_app.py WORKBOOK (offscreen, with HSB_DESK_HOME pointing at a scratch folder).
"""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType
from typing import Any

WATCHED = "hsb_desk.ui.app"


class _AfterImport:
    """Wraps ``build_window`` once ``hsb_desk.ui.app`` has been executed. (A meta path finder
    needs only ``find_spec``: subclassing importlib.abc would add ~20 ms of imports that the
    app itself does not make.)"""

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != WATCHED:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module  # type: ignore[attr-defined]

        def exec_module(module: ModuleType) -> None:
            original_exec(module)
            _watch(module)

        loader.exec_module = exec_module  # type: ignore[attr-defined]
        return spec


def _watch(module: ModuleType) -> None:
    build_window = module.build_window

    def watched_build_window(*args: Any, **kwargs: Any) -> Any:
        from PySide6.QtWidgets import QApplication
        from startup_bare import FirstFrame

        app = QApplication.instance()
        probe = FirstFrame()
        app.installEventFilter(probe)
        app._bench_probe = probe  # type: ignore[attr-defined]  # keep it alive
        return build_window(*args, **kwargs)

    module.build_window = watched_build_window


def main() -> None:
    sys.meta_path.insert(0, _AfterImport())
    from hsb_desk.cli.main import main as hsb_desk_main  # what the hsb-desk script runs

    hsb_desk_main(["open", sys.argv[1]])


if __name__ == "__main__":
    main()
