"""Where HSB Desk finds its data folders and keeps the user's files.

The form pack (``forms/``), report templates (``templates/``) and ``resources/`` are found in a
source checkout, an installed wheel (shipped as data files under ``<prefix>/share/hsb-desk``) or
a frozen build (next to the executable). ``HSB_DESK_DATA_DIR`` overrides all three, which is how
an authority points HSB Desk at its own form pack.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "HSB Desk"
APP_SLUG = "hsb-desk"
# The folders that mark a data root; templates/ may be an authority's own, found beside them.
_DATA_FOLDERS = ("forms", "resources")


def _candidate_roots() -> list[Path]:
    roots: list[Path] = []
    override = os.environ.get("HSB_DESK_DATA_DIR")
    if override:
        roots.append(Path(override))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        roots.append(Path(frozen_root))
    roots.append(Path(__file__).resolve().parent.parent)
    roots.append(Path(sys.prefix) / "share" / APP_SLUG)
    return roots


def data_root() -> Path:
    """The folder holding ``forms/``, ``templates/`` and ``resources/``."""
    for root in _candidate_roots():
        if all((root / name).is_dir() for name in _DATA_FOLDERS):
            return root
    searched = ", ".join(str(r) for r in _candidate_roots())
    raise FileNotFoundError(f"HSB Desk data folders not found (looked in {searched})")


def forms_dir() -> Path:
    return data_root() / "forms"


def templates_dir() -> Path:
    return data_root() / "templates"


def resources_dir() -> Path:
    return data_root() / "resources"


def user_data_dir() -> Path:
    """Per-user folder for workbooks, backups and settings (no case content outside workbooks)."""
    override = os.environ.get("HSB_DESK_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_workbook_path() -> Path:
    return user_data_dir() / "workbook.hsbdesk"


def demo_workbook_path() -> Path:
    return user_data_dir() / "demo.hsbdesk"


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def settings_path() -> Path:
    return user_data_dir() / "settings.json"
