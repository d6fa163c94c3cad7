"""``hsb-desk policy``: what the organisation's policy sets, and where it was looked for;
``--check FILE`` checks a policy file before IT deploys it (docs/policy.md)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.app import policy
from hsb_desk.app.settings import Settings

POLICY_HELP = "Show the organisation's policy (locked and pre-set settings, folders), or check a policy file."


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("policy", help=POLICY_HELP, description=POLICY_HELP)
    command.add_argument("--check", metavar="FILE", help="check this policy file (before putting it in place)")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=cmd_policy)


def cmd_policy(args: argparse.Namespace) -> int:
    if args.check:
        path = Path(args.check)
        if not path.is_file():
            print(f"{path} is not a file.")
            return 2
        found, places = policy.read_policy(path), None
    else:
        found, places = policy.current_policy(), policy.policy_locations()
    if args.json:
        print(json.dumps(_as_json(found, places), indent=2))
    else:
        for line in _as_text(found, places):
            print(line)
    return 1 if found.broken else 0


def _as_json(found: policy.Policy, places: list[Path] | None) -> dict[str, Any]:
    return {
        "looked_in": [str(p) for p in places] if places is not None else None,
        "file": str(found.source) if found.source else None,
        "problems": list(found.problems),
        "settings": {name: _setting(found, name) for name in policy.SETTING_NAMES},
        "backup_folder": str(policy_backup_folder(found)),
        "forms_folder": str(found.forms_folder) if found.forms_folder else None,
        "procedure": str(found.procedure) if found.procedure else None,
        "json_export": found.allows_json_export(),
    }


def policy_backup_folder(found: policy.Policy) -> Path:
    return found.backup_folder or paths.backups_dir()


def _setting(found: policy.Policy, name: str) -> dict[str, Any]:
    builtin = asdict(Settings())[name]
    if found.is_locked(name):
        return {"value": found.locked_values()[name], "set_by": "locked"}
    if name in found.defaults:
        return {"value": found.defaults[name], "set_by": "preset"}
    return {"value": builtin, "set_by": "user"}


def _as_text(found: policy.Policy, places: list[Path] | None) -> list[str]:
    lines = []
    if places is not None:
        lines.append("Looked for a policy file in: " + "; ".join(str(p) for p in places) + ".")
    if found.source is None:
        lines.append("No policy file: every setting is the user's own (Preferences).")
    else:
        lines.append(f"Policy file: {found.source}")
    if found.broken:
        lines.append("It cannot be used, so every setting is held at HSB Desk's defaults and JSON export is off:")
        lines.extend(f"  {problem}" for problem in found.problems)
        return lines
    words = {"locked": "locked by the organisation", "preset": "preset (the user may change it)"}
    for name in policy.SETTING_NAMES:
        setting = _setting(found, name)
        value = json.dumps(setting["value"])
        if setting["set_by"] == "user":
            lines.append(f"  {name}: the user's choice (HSB Desk's default {value})")
        else:
            lines.append(f"  {name}: {value}, {words[setting['set_by']]}")
    lines.append(f"  backups go to: {policy_backup_folder(found)}")
    forms = found.forms_folder
    lines.append(f"  form pack and templates: {forms if forms else 'the ones installed with HSB Desk'}")
    if found.procedure:
        lines.append(f"  procedure: {found.procedure}")
    lines.append(f"  JSON export: {'allowed' if found.allows_json_export() else 'not allowed'}")
    if found.source is not None:
        lines.append("The policy file can be used.")
    return lines
