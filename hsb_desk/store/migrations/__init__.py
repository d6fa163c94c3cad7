"""Numbered schema migrations, one module each: ``vNNN_what_it_adds.py`` with a ``SQL`` string,
and, only where SQL cannot say it, a ``STEP(conn)`` function run after the SQL, in the same
transaction (it must not commit).

Never edit a released migration: add the next number. The numbers must run 1, 2, 3... with no gap.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

_NAME = re.compile(r"^v(\d{3})_\w+$")


def _modules() -> dict[int, ModuleType]:
    found: dict[int, ModuleType] = {}
    for module in pkgutil.iter_modules(__path__):
        match = _NAME.match(module.name)
        if match:
            number = int(match.group(1))
            if number in found:
                raise RuntimeError(f"two schema migrations are numbered {number}")
            found[number] = importlib.import_module(f"{__name__}.{module.name}")
    if sorted(found) != list(range(1, len(found) + 1)):
        raise RuntimeError(f"schema migrations must be numbered 1..N without gaps: {sorted(found)}")
    return found


def load_migrations() -> tuple[str, ...]:
    found = _modules()
    return tuple(found[n].SQL for n in sorted(found))


def load_steps() -> dict[int, Callable[[Any], None]]:
    """version -> the Python step of that migration, for the few that have one."""
    return {n: module.STEP for n, module in _modules().items() if hasattr(module, "STEP")}
