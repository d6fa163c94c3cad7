"""PySide6's import hook is given an answer that keeps no copy of each module's source."""

from __future__ import annotations

import importlib
import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hsb_desk.ui import qt_setup


@pytest.fixture
def module_folder(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("plain_module_for_hook", "qt_module_for_hook"):
        sys.modules.pop(name, None)


def test_a_module_imported_after_qt_leaves_no_lines_behind(module_folder: Path) -> None:
    source = module_folder / "plain_module_for_hook.py"
    source.write_text("ANSWER = 42\n" * 2000, encoding="utf-8")
    linecache.clearcache()
    import plain_module_for_hook  # an import statement: the hook replaces __import__

    assert plain_module_for_hook.ANSWER == 42
    assert str(source) not in linecache.cache  # PySide6's own check would have kept 2,000 lines


def test_the_answer_is_the_one_pyside_gives(module_folder: Path) -> None:
    (module_folder / "qt_module_for_hook.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (module_folder / "plain_module_for_hook.py").write_text("ANSWER = 42\n", encoding="utf-8")
    assert qt_setup.mentions_pyside(importlib.import_module("qt_module_for_hook"))
    assert not qt_setup.mentions_pyside(importlib.import_module("plain_module_for_hook"))
    assert not qt_setup.mentions_pyside(sys)  # built in: no source, as inspect.getsource finds
    assert not qt_setup.mentions_pyside(importlib.import_module("array"))  # an extension module
