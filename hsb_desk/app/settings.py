"""User settings: typed, versioned JSON, never case content and never pickle."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from hsb_desk import paths

SCHEMA_VERSION = 1
# The ranges Preferences offers; a saved value outside them falls back to the default, a policy's
# is refused (app/policy.py).
LIMITS = {"auto_lock_minutes": (1, 60), "backup_generations": (1, 100)}


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    auto_lock_minutes: int = 5
    backup_generations: int = 7
    protective_marking: str = "OFFICIAL-SENSITIVE"
    spell_check: bool = True
    # The 14-day due list opened by itself on each unlock; off, the case's strip and Ctrl+D say it.
    due_on_open: bool = False
    # Back up now also makes a copy here (a removable drive, the team's share): app/backups/places.py.
    second_backup_folder: str = ""

    def validated(self) -> Settings:
        """Out-of-range values fall back to safe defaults rather than weakening protection."""
        low, high = LIMITS["auto_lock_minutes"]
        minutes = self.auto_lock_minutes if low <= self.auto_lock_minutes <= high else 5
        low, high = LIMITS["backup_generations"]
        generations = self.backup_generations if low <= self.backup_generations <= high else 7
        marking = self.protective_marking.strip()[:60] or "OFFICIAL-SENSITIVE"
        second = self.second_backup_folder.strip()[:4096]
        return Settings(
            SCHEMA_VERSION, minutes, generations, marking, bool(self.spell_check), bool(self.due_on_open), second
        )


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 1 is the first; later versions add steps here, oldest first.
    return raw


def load_settings(
    path: Path | None = None, defaults: Mapping[str, Any] | None = None, locked: Mapping[str, Any] | None = None
) -> Settings:
    """Saved settings, or defaults when there are none or the file is unreadable. ``defaults``
    replace HSB Desk's own where nothing is saved; ``locked`` replace what is saved (an
    organisation's policy: use ``app.policy.current_settings``)."""
    path = path or paths.settings_path()
    base = asdict(Settings()) | dict(defaults or {})
    raw = _saved(path)
    values: dict[str, Any] = {}
    for name in (f.name for f in fields(Settings)):
        value = raw.get(name, base[name])
        values[name] = value if isinstance(value, type(base[name])) else base[name]
    values.update(locked or {})
    return Settings(**values).validated()


def _saved(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or not isinstance(raw.get("schema_version"), int):
        return {}
    if raw["schema_version"] > SCHEMA_VERSION:
        return {}
    return _migrate(raw)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Replace the saved settings whole (``atomic_write``): a failure keeps the old file."""
    from hsb_desk.atomic_write import ORDINARY, write_atomically  # not before the first frame (bench/)

    path = path or paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings.validated()), indent=2)
    write_atomically(path, text.encode("utf-8"), mode=ORDINARY)  # no case content: as before, the umask decides
