"""Reference material (continuum, indicators, typical behaviour by age) and the outcome grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hsb_desk.formspec.fields import SIMPLE_KEY, parse_options
from hsb_desk.formspec.model import FieldSpec, GridCell, OutcomeGrid, ReferenceItem, ReferenceTopic
from hsb_desk.formspec.source import Problems, line_of, read_yaml


def parse_reference(path: Path | None, problems: Problems) -> dict[str, ReferenceTopic]:
    """``topics:`` maps a topic key to ``{title, intro, source, items: [{key, label, text}]}``."""
    if path is None:
        return {}
    raw = read_yaml(path, problems)
    if raw is None:
        return {}
    topics_raw = raw.get("topics") if isinstance(raw, dict) else None
    if not isinstance(topics_raw, dict) or not topics_raw:
        problems.add(path, "top level", "needs 'topics', a mapping of topic keys", line_of(raw))
        return {}
    topics: dict[str, ReferenceTopic] = {}
    for key, topic in topics_raw.items():
        where = f"topic {key!r}"
        if not isinstance(key, str) or not SIMPLE_KEY.match(key):
            problems.add(path, where, "topic keys are lower-case letters, digits and _", line_of(topics_raw))
            continue
        if not isinstance(topic, dict) or not isinstance(topic.get("title"), str):
            problems.add(path, where, "needs a 'title'", line_of(topic) or line_of(topics_raw))
            continue
        items: list[ReferenceItem] = []
        for item in topic.get("items") or []:
            if not isinstance(item, dict) or not isinstance(item.get("label"), str):
                problems.add(path, where, "each item needs a 'label'", line_of(item) or line_of(topic))
                continue
            item_key = str(item.get("key") or f"item_{len(items) + 1}")
            if any(i.key == item_key for i in items):
                problems.add(path, where, f"item key {item_key!r} appears twice", line_of(item))
                continue
            items.append(ReferenceItem(item_key, item["label"].strip(), str(item.get("text") or "").strip()))
        topics[key] = ReferenceTopic(
            key=key,
            title=topic["title"].strip(),
            intro=str(topic.get("intro") or "").strip(),
            source=str(topic.get("source") or "").strip(),
            items=tuple(items),
        )
    return topics


def parse_grid(raw: Any, path: Path, problems: Problems, fields: dict[str, FieldSpec]) -> OutcomeGrid | None:
    """The grid's levels must match the options of the two rating fields that select a cell,
    and every pair of levels must have exactly one cell."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.add(path, "top level", "must be a mapping")
        return None
    before = len(problems.lines)
    concern_levels = parse_options(raw.get("concern_levels"), problems, path, "concern_levels")
    strength_levels = parse_options(raw.get("strength_levels"), problems, path, "strength_levels")
    for name, levels in (("concern_field", concern_levels), ("strength_field", strength_levels)):
        key = raw.get(name)
        spec = fields.get(key) if isinstance(key, str) else None
        if spec is None:
            problems.add(path, name, f"{key!r} is not a field of the form", line_of(raw))
        elif [o.value for o in spec.options] != [o.value for o in levels]:
            problems.add(path, name, f"the options of {key!r} must match the grid's levels", line_of(raw))
    cells: list[GridCell] = []
    concern_values = {o.value for o in concern_levels}
    strength_values = {o.value for o in strength_levels}
    for item in raw.get("cells") or []:
        if not isinstance(item, dict):
            problems.add(path, "cells", "each cell is a mapping", line_of(raw))
            continue
        concern, strength = str(item.get("concern")), str(item.get("strength"))
        where = f"cell {concern}/{strength}"
        if concern not in concern_values or strength not in strength_values:
            problems.add(path, where, "concern and strength must be levels of the grid", line_of(item))
            continue
        if any(c.concern == concern and c.strength == strength for c in cells):
            problems.add(path, where, "this cell is defined twice", line_of(item))
            continue
        if not isinstance(item.get("response"), str) or not item["response"].strip():
            problems.add(path, where, "needs a 'response'", line_of(item))
            continue
        cells.append(GridCell(concern, strength, str(item.get("title") or "").strip(), item["response"].strip()))
    for concern in concern_values:
        for strength in strength_values:
            if not any(c.concern == concern and c.strength == strength for c in cells):
                problems.add(path, f"cell {concern}/{strength}", "missing: every pair of levels needs a cell")
    if len(problems.lines) > before:
        return None
    return OutcomeGrid(
        concern_field=raw["concern_field"],
        strength_field=raw["strength_field"],
        concern_levels=concern_levels,
        strength_levels=strength_levels,
        cells=tuple(cells),
        note=str(raw.get("note") or "").strip(),
    )
