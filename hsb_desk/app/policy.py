"""The organisation's policy: settings an administrator pre-sets or locks for every user, and
where the authority's own form pack, templates and backups live (docs/policy.md).

One file, ``policy.toml``, read from the first of: beside the executable of an installed
(frozen) build, then the machine-wide folder (``machine_policy_path``). Both are places only an
administrator can write. There is no environment variable or command-line option to point
elsewhere: a user could use one to step round a locked setting.

A policy file that cannot be used (not TOML, an unknown setting, a value out of range, a folder
that is not there) fails closed: every setting is held at HSB Desk's own defaults, JSON export
is refused, and each front end says what is wrong, with the line, until IT corrects it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.app.settings import LIMITS, Settings, load_settings
from hsb_desk.errors import JsonExportNotAllowed

POLICY_NAME = "policy.toml"
# The settings a policy may pre-set ([defaults]) or lock ([locked]): every user setting.
SETTING_NAMES = tuple(f.name for f in fields(Settings) if f.name != "schema_version")
_TABLES: dict[str, tuple[str, ...]] = {
    "defaults": SETTING_NAMES,
    "locked": SETTING_NAMES,
    "backups": ("folder",),
    "forms": ("folder", "procedure"),
    "export": ("json",),
}


@dataclass(frozen=True)
class Policy:
    """What the organisation set. ``problems`` non-empty: the file could not be used, and every
    setting is held at HSB Desk's defaults (fail closed)."""

    source: Path | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    locked: Mapping[str, Any] = field(default_factory=dict)
    backup_folder: Path | None = None
    forms_folder: Path | None = None
    procedure: Path | None = None
    json_export: bool = True
    problems: tuple[str, ...] = ()

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    def is_locked(self, name: str) -> bool:
        return self.broken or name in self.locked

    def locked_values(self) -> dict[str, Any]:
        """Each locked setting's value; all of HSB Desk's defaults when the file is broken."""
        if self.broken:
            return {name: value for name, value in asdict(Settings()).items() if name in SETTING_NAMES}
        return dict(self.locked)

    def allows_json_export(self) -> bool:
        return self.json_export and not self.broken


def machine_policy_path() -> Path:
    """The machine-wide policy file: ``C:\\ProgramData\\HSB Desk`` on Windows (the folder
    Windows itself reports, not an environment variable), ``/Library/Application Support/HSB
    Desk`` on macOS, ``/etc/hsb-desk`` elsewhere."""
    if sys.platform == "win32":
        import platformdirs

        return platformdirs.site_config_path(paths.APP_NAME, appauthor=False) / POLICY_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / paths.APP_NAME / POLICY_NAME
    return Path("/etc") / paths.APP_SLUG / POLICY_NAME


def policy_locations() -> list[Path]:
    """Where a policy file is looked for, in order; the first that exists is the one used."""
    places = []
    if getattr(sys, "frozen", False):  # an installed build: beside hsb-desk(.exe)
        places.append(Path(sys.executable).resolve().parent / POLICY_NAME)
    places.append(machine_policy_path())
    return places


def find_policy_file() -> Path | None:
    return next((place for place in policy_locations() if place.is_file()), None)


@lru_cache(maxsize=1)
def current_policy() -> Policy:
    """The policy in force for this process (read once: a changed file counts from the next start)."""
    found = find_policy_file()
    return read_policy(found) if found is not None else Policy()


def read_policy(path: Path) -> Policy:
    """The policy in ``path``; a file that cannot be used gives a Policy listing its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Policy(path, problems=(f"{path}: cannot be read ({type(exc).__name__})",))
    return parse_policy(text, path)


def parse_policy(text: str, path: Path) -> Policy:
    import tomllib  # only when there is a policy file: not on every start

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Policy(path, problems=(f"{path}: not valid TOML: {exc}",))
    lines = _Lines(text, path)
    problems: list[str] = []
    for table, value in raw.items():
        if table not in _TABLES or not isinstance(value, dict):
            problems.append(lines.at(None, table, f"unknown section [{table}]; use {', '.join(_TABLES)}"))
            continue
        for key in value:
            if key not in _TABLES[table]:
                problems.append(lines.at(table, key, f"unknown setting {key!r}; use {', '.join(_TABLES[table])}"))
    defaults = _settings(raw.get("defaults"), "defaults", lines, problems)
    locked = _settings(raw.get("locked"), "locked", lines, problems)
    for name in sorted(set(defaults) & set(locked)):
        problems.append(lines.at("defaults", name, f"{name} is in both [defaults] and [locked]; keep one"))
    base = path.parent
    backups = _table(raw, "backups")
    forms = _table(raw, "forms")
    backup_folder = _folder(backups.get("folder"), base, "backups", lines, problems, must_exist=False)
    forms_folder = _folder(forms.get("folder"), base, "forms", lines, problems, must_exist=True)
    if forms_folder is not None and not any((forms_folder / name).is_dir() for name in ("forms", "templates")):
        problems.append(lines.at("forms", "folder", f"{forms_folder} holds neither forms/ nor templates/"))
    procedure = None
    if "procedure" in forms:
        own_forms = forms_folder / "forms" if forms_folder is not None else None
        procedure = _file(forms["procedure"], own_forms if own_forms and own_forms.is_dir() else base, lines, problems)
    json_export = _table(raw, "export").get("json", True)
    if not isinstance(json_export, bool):
        problems.append(lines.at("export", "json", "json must be true or false"))
        json_export = False
    if problems:
        return Policy(path, problems=tuple(problems))
    return Policy(path, defaults, locked, backup_folder, forms_folder, procedure, json_export)


def _table(raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name, {})
    return value if isinstance(value, dict) else {}


def _settings(raw: Any, table: str, lines: _Lines, problems: list[str]) -> dict[str, Any]:
    """The known settings of a [defaults] or [locked] table, each checked as Preferences would."""
    if not isinstance(raw, dict):
        return {}
    defaults = asdict(Settings())
    out = {}
    for name, value in raw.items():
        if name not in SETTING_NAMES:
            continue  # reported as unknown above
        expected = type(defaults[name])
        if type(value) is not expected:  # bool is an int in Python: not here
            kind = {bool: "true or false", int: "a whole number", str: "text in quotes"}[expected]
            problems.append(lines.at(table, name, f"{name} must be {kind}"))
            continue
        if name in LIMITS and not LIMITS[name][0] <= value <= LIMITS[name][1]:
            low, high = LIMITS[name]
            problems.append(lines.at(table, name, f"{name} must be from {low} to {high}, not {value}"))
            continue
        if isinstance(value, str) and not value.strip():
            problems.append(lines.at(table, name, f"{name} must not be empty"))
            continue
        out[name] = value
    return out


def expand(value: str, base: Path) -> Path:
    """A folder as written in the policy: ``~`` and environment variables (``%USERPROFILE%`` on
    Windows, ``$HOME`` elsewhere) expanded, a relative path taken from the policy's folder."""
    path = Path(os.path.expandvars(os.path.expanduser(value)))
    return path if path.is_absolute() else base / path


def _folder(value: Any, base: Path, table: str, lines: _Lines, problems: list[str], must_exist: bool) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(lines.at(table, "folder", "folder must be a folder's path, in quotes"))
        return None
    folder = expand(value, base)
    if must_exist and not folder.is_dir():
        problems.append(lines.at(table, "folder", f"{folder} is not a folder on this computer"))
        return None
    return folder


def _file(value: Any, base: Path, lines: _Lines, problems: list[str]) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(lines.at("forms", "procedure", "procedure must be the procedure file's path, in quotes"))
        return None
    path = expand(value, base)
    if not path.is_file():
        problems.append(lines.at("forms", "procedure", f"{path} is not a file on this computer"))
        return None
    return path


class _Lines:
    """Finds the line a table or key is written on, for messages (tomllib gives no positions)."""

    _HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.found: dict[tuple[str | None, str], int] = {}
        table = None
        for number, line in enumerate(text.splitlines(), start=1):
            if header := self._HEADER.match(line):
                table = header.group(1)
                self.found.setdefault((None, table), number)
            elif key := self._KEY.match(line):
                self.found.setdefault((table, key.group(1)), number)

    def at(self, table: str | None, key: str, message: str) -> str:
        number = self.found.get((table, key))
        where = f"{self.path}, line {number}" if number else str(self.path)
        return f"{where}: {message}"


# -- what the rest of HSB Desk asks ------------------------------------------------------------


def current_settings(path: Path | None = None) -> Settings:
    """The user's saved settings with the policy applied: its defaults where the user has chosen
    nothing, its locked values always."""
    policy = current_policy()
    return load_settings(path, defaults=policy.defaults, locked=policy.locked_values())


def backups_dir() -> Path:
    """Where backups go: the policy's folder, else the user's own (``paths.backups_dir``)."""
    return current_policy().backup_folder or paths.backups_dir()


def forms_dir() -> Path:
    folder = current_policy().forms_folder
    return folder / "forms" if folder is not None and (folder / "forms").is_dir() else paths.forms_dir()


def templates_dir() -> Path:
    folder = current_policy().forms_folder
    return folder / "templates" if folder is not None and (folder / "templates").is_dir() else paths.templates_dir()


def procedure_file() -> Path | None:
    """The procedure file the policy names in place of the form pack's own, if any."""
    return current_policy().procedure


def require_json_export() -> None:
    if not current_policy().allows_json_export():
        raise JsonExportNotAllowed()


def policy_warning() -> str | None:
    """One line for a front end to show when the policy file could not be used."""
    policy = current_policy()
    if not policy.broken:
        return None
    return (
        f"Your organisation's policy file could not be used ({policy.problems[0]}"
        f"{f', and {len(policy.problems) - 1} more' if len(policy.problems) > 1 else ''}). Settings are held"
        " at HSB Desk's defaults and JSON export is off until IT corrects it: 'hsb-desk policy' lists the problems."
    )
