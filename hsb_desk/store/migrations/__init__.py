"""Numbered schema migrations, one module each: ``vNNN_what_it_adds.py`` with a ``SQL`` string.

Never edit a released migration: add the next number. The numbers must run 1, 2, 3... with no gap.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

_NAME = re.compile(r"^v(\d{3})_\w+$")


def load_migrations() -> tuple[str, ...]:
    found: dict[int, str] = {}
    for module in pkgutil.iter_modules(__path__):
        match = _NAME.match(module.name)
        if match:
            number = int(match.group(1))
            if number in found:
                raise RuntimeError(f"two schema migrations are numbered {number}")
            found[number] = importlib.import_module(f"{__name__}.{module.name}").SQL
    if sorted(found) != list(range(1, len(found) + 1)):
        raise RuntimeError(f"schema migrations must be numbered 1..N without gaps: {sorted(found)}")
    return tuple(found[n] for n in sorted(found))
