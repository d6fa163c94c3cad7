"""Wrong passphrases, counted per workbook outside it, so that every front end waits the same.

After the first three wrong passphrases for a workbook, the next attempt waits (1, 2, 4… at most
30 seconds: domain/unlock.py), whether it comes from the window or the command line, and after a
restart too. The count is kept in the user's own folder (``unlock-attempts.json``, private like
every file HSB Desk makes), keyed by a digest of the workbook's real path: it holds no file name
and nothing of a case. The right passphrase clears it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.atomic_write import write_atomically
from hsb_desk.domain.unlock import unlock_delay

log = logging.getLogger(__name__)
FILE_NAME = "unlock-attempts.json"
clock: Callable[[], float] = time.time  # wall-clock seconds: the wait outlives the process
#: A wait shorter than this is over: the window counts down in whole seconds on a timer that
#: may end a little early, and a user must not be told to wait "1 s" for 20 ms.
GRACE_S = 0.25


def wait_left(workbook: Path) -> float:
    """Seconds before the next attempt at ``workbook`` may be made (0: at once)."""
    entry = _load().get(_key(workbook))
    return max(0.0, float(entry["next"]) - clock()) if entry else 0.0


def record_failure(workbook: Path) -> float:
    """One more wrong passphrase; returns the wait before the next attempt."""
    found = _load()
    entry = found.get(_key(workbook)) or {"failures": 0}
    failures = int(entry["failures"]) + 1
    delay = unlock_delay(failures)
    found[_key(workbook)] = {"failures": failures, "next": clock() + delay}
    _save(found)
    return delay


def record_success(workbook: Path) -> None:
    found = _load()
    if found.pop(_key(workbook), None) is not None:
        _save(found)


def _key(workbook: Path) -> str:
    return hashlib.sha256(str(workbook.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _path() -> Path:
    return paths.user_data_dir() / FILE_NAME


def _load() -> dict[str, Any]:
    try:
        found = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: counting starts again (the wait is a brake, not a lock)
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, dict) and {"failures", "next"} <= set(v)}


def _save(found: dict[str, Any]) -> None:
    try:
        _path().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(_path(), json.dumps(found, sort_keys=True).encode("ascii"))
    except OSError:
        log.warning("the count of wrong passphrases could not be saved")  # the open itself goes on
