"""Clocks, interleaved repetition and the figures a benchmark reports.

Machines are noisy, so each benchmark times the app and its baseline in the same run, in
alternating order (A B, B A, ...), and reports the ratio of their medians (or percentiles).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

ms = 1e3


def now_ns() -> int:
    """CLOCK_MONOTONIC on Linux: the same clock in every process, so a child's printed moment
    can be compared with the parent's start (time.perf_counter uses it too)."""
    return time.monotonic_ns()


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleave(
    a: Callable[[], float], b: Callable[[], float], reps: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run ``a`` and ``b`` ``reps`` times each, alternating which goes first. Each returns the
    seconds it measured (so it can leave set-up out)."""
    for _ in range(warmup):
        a()
        b()
    xs: list[float] = []
    ys: list[float] = []
    for i in range(reps):
        if i % 2 == 0:
            xs.append(a())
            ys.append(b())
        else:
            ys.append(b())
            xs.append(a())
    return xs, ys


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_ratio(xs: list[float], ys: list[float]) -> float:
    """Median of the ratios of samples taken back to back: a burst of load on a shared machine
    then slows both sides of a pair, and the figure moves far less than a ratio of medians."""
    return median([x / y for x, y in zip(xs, ys, strict=True)])


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Result:
    """One row of the table."""

    name: str
    measured_as: str
    unit: str  # of the absolute figures: "ms" or "MB"
    app: float  # absolute median (or percentile) of the app
    baseline: float
    ratio: float
    target: float | None  # None: for information only
    absolute_limit: float | None = None  # e.g. "under 150 ms"
    reps: int = 0
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        if self.ratio > self.target:
            return False
        return self.absolute_limit is None or self.app < self.absolute_limit

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        data["verdict"] = self.verdict
        return data


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
