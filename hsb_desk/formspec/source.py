"""Reading YAML definition files with line numbers, and collecting problems with locations.

A definition error must name the file, where in it, and why, so that an authority's editor can
fix it without reading Python. Every mapping and list read here remembers its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    line: int = 0


class LineList(list[Any]):
    line: int = 0


# libyaml's parser when PyYAML was built with it: the form pack loads at every start, and the
# pure-Python parser is most of that time. Constructors (below) are the same either way.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that records the line of each mapping and sequence (1-based)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    seen: set[Any] = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text, not a list or mapping", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
        seen.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay ISO strings so that one parser (ours) decides what a valid date is.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


class Problems:
    """Collects 'file: location: reason' lines; loading goes on to find every problem at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []

    def add(self, path: Path, where: str, reason: str, line: int | None = None) -> None:
        try:
            name = path.relative_to(self.root.parent).as_posix()
        except ValueError:
            name = path.as_posix()
        at = f"line {line}, " if line else ""
        self.lines.append(f"{name}: {at}{where}: {reason}")

    def __bool__(self) -> bool:
        return bool(self.lines)


#: Bounds on one form-pack file, far above any real one (the largest is 17 KB and the whole
#: pack about 3,500 entries), so that a file of nested aliases, each repeating the one before,
#: is refused at once instead of expanding without end as the loader walks it.
MAX_FILE_BYTES = 1_000_000
MAX_ENTRIES = 100_000


def read_yaml(path: Path, problems: Problems) -> Any:
    """Parse one YAML file; on a syntax error or a file past the bounds, record it and return None."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.add(path, "file", f"is larger than a form-pack file may be ({MAX_FILE_BYTES // 1000} KB)")
            return None
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(path, "file", "the file does not exist")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.add(path, "file", f"cannot be read as UTF-8 text ({exc.__class__.__name__})")
        return None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no code runs
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        reason = exc.problem or "not valid YAML"
        problems.add(path, "YAML syntax", reason, line)
        return None
    except (yaml.YAMLError, RecursionError):
        problems.add(path, "YAML syntax", "not valid YAML")
        return None
    if data is None:
        problems.add(path, "file", "the file is empty")
    elif not _within_bounds(data):
        problems.add(path, "file", f"holds more than {MAX_ENTRIES:,} entries once its aliases (*name) are expanded")
        return None
    return data


def _within_bounds(data: Any) -> bool:
    """Counts entries as the loader will walk them (an alias counts each time it is used), and
    stops at the bound, so the count itself never runs long."""
    waiting, seen = [data], 0
    while waiting:
        item = waiting.pop()
        seen += 1
        if seen > MAX_ENTRIES:
            return False
        if isinstance(item, dict):
            waiting.extend(item.values())
            seen += len(item)
        elif isinstance(item, list):
            waiting.extend(item)
    return True


def line_of(node: Any) -> int | None:
    return getattr(node, "line", None) or None
