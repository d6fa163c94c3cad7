"""What Qt needs before the first widget module is imported.

PySide6 installs an import hook that asks, of every module imported after it, whether the
module mentions PySide6 (to find ``from __feature__ import …``). It answers with
``inspect.getsource``, which reads the module through ``linecache``, and ``linecache`` keeps
every line of every module for the life of the process: about 5.5 MB for HSB Desk's imports,
and the time to split them. :func:`quiet_feature_scan` gives the hook the same answer read from
the file and dropped (bench/README.md, "Where the time and memory go").
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  (importing PySide6 installs its import hook)


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source mentions PySide6: what PySide6's own check returns, where
    ``inspect.getsource`` finds no source (an extension module, a missing file) included."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def quiet_feature_scan() -> None:
    """Replace the hook's source check (``shibokensupport.feature._mod_uses_pyside``, looked up
    at each import); a PySide6 without it is left as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = mentions_pyside  # type: ignore[attr-defined]


quiet_feature_scan()
