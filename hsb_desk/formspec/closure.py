"""The ``closure:`` setting of form.yaml: why a case can close and what is recorded about the
child at closure (docs/forms.md, "Closure"). The words are the pack's; each list is one of the
pack's option lists, so an authority changes them without touching Python."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hsb_desk.formspec.model import ClosureQuestion, ClosureSpec, Option
from hsb_desk.formspec.source import Problems, line_of

_SETTINGS = {"reasons", "outcomes"}
_QUESTION = {"key", "label", "options", "guidance"}


def parse_closure(
    raw: Any, path: Path, problems: Problems, option_lists: Mapping[str, tuple[Option, ...]]
) -> ClosureSpec | None:
    where = "closure"
    if not isinstance(raw, dict):
        problems.add(path, where, "must be {reasons: OPTION LIST, outcomes: [{key, label, options}]}", line_of(raw))
        return None
    for name in raw:
        if name not in _SETTINGS:
            problems.add(path, where, f"unknown setting {name!r}", line_of(raw))
    reasons = _options(raw.get("reasons"), option_lists, path, problems, f"{where}, reasons", line_of(raw))
    outcomes: list[ClosureQuestion] = []
    raw_outcomes = raw.get("outcomes", [])
    if not isinstance(raw_outcomes, list):
        problems.add(path, f"{where}, outcomes", "must be a list of {key, label, options}", line_of(raw))
        raw_outcomes = []
    for item in raw_outcomes:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not isinstance(item.get("label"), str):
            problems.add(path, f"{where}, outcomes", "each needs a key and a label", line_of(item) or line_of(raw))
            continue
        here = f"{where}, outcome {item['key']!r}"
        for name in item:
            if name not in _QUESTION:
                problems.add(path, here, f"unknown setting {name!r}", line_of(item))
        if any(q.key == item["key"] for q in outcomes):
            problems.add(path, here, "appears twice", line_of(item))
            continue
        options = _options(item.get("options"), option_lists, path, problems, here, line_of(item))
        guidance = item.get("guidance", "")
        outcomes.append(
            ClosureQuestion(
                item["key"], item["label"].strip(), options, guidance.strip() if isinstance(guidance, str) else ""
            )
        )
    if not reasons:
        return None
    return ClosureSpec(reasons, tuple(outcomes))


def _options(
    name: Any,
    option_lists: Mapping[str, tuple[Option, ...]],
    path: Path,
    problems: Problems,
    where: str,
    line: int | None,
) -> tuple[Option, ...]:
    if not isinstance(name, str) or name not in option_lists:
        known = ", ".join(sorted(option_lists))
        problems.add(path, where, f"must name one of the option lists ({known})", line)
        return ()
    return option_lists[name]
