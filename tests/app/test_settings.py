"""Settings are typed, versioned JSON; bad or foreign files fall back to safe defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hsb_desk.app.settings import SCHEMA_VERSION, Settings, load_settings, save_settings


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(auto_lock_minutes=9, backup_generations=3, protective_marking="OFFICIAL"), path)
    assert load_settings(path) == Settings(SCHEMA_VERSION, 9, 3, "OFFICIAL", True)
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"schema_version": 99, "auto_lock_minutes": 1}', '{"auto_lock_minutes": 1}'],
    ids=["garbage", "list", "newer", "unversioned"],
)
def test_unusable_files_give_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    assert load_settings(path) == Settings()


def test_out_of_range_or_wrong_types_never_weaken_protection(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    raw = {"schema_version": 1, "auto_lock_minutes": 100000, "backup_generations": "7", "protective_marking": "  "}
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.auto_lock_minutes, loaded.backup_generations, loaded.protective_marking) == (
        5,
        7,
        "OFFICIAL-SENSITIVE",
    )
