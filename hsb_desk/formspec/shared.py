"""Reading the settings that say what the shared report does with a field: ``sensitive`` (a
level), ``pseudonym`` and ``shared_as``. Each problem is reported with its file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.formspec.model import SENSITIVITY_LEVELS, SHARED_AS_KINDS, SharedAs
from hsb_desk.formspec.source import Problems

_LEVELS = ", ".join(SENSITIVITY_LEVELS)


def parse_sensitivity(value: Any, problems: Problems, path: Path, where: str, line: int | None) -> str:
    """The level of ``sensitive:``: "" for false, the first level for true (packs and exchange
    files written before there were levels), or a level named."""
    if value is False or value is None:
        return ""
    if value is True:
        return SENSITIVITY_LEVELS[0]
    if isinstance(value, str) and value in SENSITIVITY_LEVELS:
        return value
    shown = f" {value!r}" if isinstance(value, str | int | float) else ""
    problems.add(path, where, f"unknown sensitivity{shown}: 'sensitive' must be true, false or one of {_LEVELS}", line)
    return ""


def parse_shared_as(
    raw: Any, type_: str, sensitivity: str, problems: Problems, path: Path, where: str, line: int | None
) -> SharedAs | None:
    """``shared_as: {kind: age, label: Age}``: a withheld date of birth shown as an age."""
    if raw is None:
        return None
    kinds = ", ".join(SHARED_AS_KINDS)
    if not isinstance(raw, dict) or raw.get("kind") not in SHARED_AS_KINDS:
        problems.add(path, where, f"'shared_as' needs a kind ({kinds}) and a label", line)
        return None
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        reason = "'shared_as' needs the label the shared report shows, e.g. {kind: age, label: Age}"
        problems.add(path, where, reason, line)
        return None
    unknown = sorted(str(name) for name in raw if name not in ("kind", "label"))
    if unknown:
        problems.add(path, where, f"unknown setting {unknown[0]!r} in 'shared_as'", line)
    if type_ != "date":
        problems.add(path, where, "'shared_as: age' applies only to dates", line)
        return None
    if not sensitivity:
        reason = "'shared_as' applies only to a sensitive field (the others are shown as they are)"
        problems.add(path, where, reason, line)
        return None
    return SharedAs(str(raw["kind"]), label.strip())


def check_pseudonym(
    pseudonym: bool,
    nested: bool,
    type_: str,
    sensitivity: str,
    problems: Problems,
    path: Path,
    where: str,
    line: int | None,
) -> bool:
    """Whether a ``pseudonym: true`` setting can be used: on a text column of a group, itself not
    sensitive (the shared report shows it in place of the row's withheld name)."""
    if not pseudonym:
        return False
    if not nested or type_ != "text":
        problems.add(path, where, "'pseudonym' applies only to a text column of a group", line)
        return False
    if sensitivity:
        problems.add(path, where, "a 'pseudonym' column is shown in the shared report: it cannot be sensitive", line)
        return False
    return True
