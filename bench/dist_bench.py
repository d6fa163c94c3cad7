"""The frozen build (issue 21): the one-folder bundle's size, and its start-up against the
source install's, measured back to back in the same run.

The bundle is built first when ``dist/hsb-desk`` is missing or older than the sources
(packaging/bundle_state.py). Start-up is process start → unlock window painted, as
bench/startup_app.py measures it; the built executable cannot be given startup_app.py's paint
probe, so both sides are timed by the window's own first-frame hook instead
(``HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME=1``: hsb_desk/ui/app.py prints ``first frame painted``
after the first frame and quits), read the moment the line arrives. A third, information-only
row compares that hook with startup_app.py's probe on the source install, to show the two
clocks agree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from timing import Result, interleave, median, now_ns, paired_ratio

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "packaging"))
import bundle_state  # noqa: E402

if TYPE_CHECKING:
    from benches import Context

SIZE_TARGET_MB = 120.0  # issue 21, item 1
STARTUP_TARGET = 1.2  # issue 21: frozen start-up over the source install's
SMOKE_QUIT = "HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME"
FIRST_FRAME = "first frame painted"


def frozen_command(bundle: Path) -> list[str]:
    return [str(bundle / ("hsb-desk.exe" if os.name == "nt" else "hsb-desk"))]


def source_command() -> list[str]:
    """The ``hsb-desk`` console script of this virtualenv, as a source install runs it."""
    script = Path(sys.executable).parent / ("hsb-desk.exe" if os.name == "nt" else "hsb-desk")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from hsb_desk.cli.main import main; sys.exit(main())"]


def first_frame_seconds(command: list[str], workbook: Path, env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from just before the process starts to its ``first frame painted`` line."""
    env = dict(env, **{SMOKE_QUIT: "1"})
    started = now_ns()
    child = subprocess.Popen(
        [*command, "open", str(workbook)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    shown = None
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if FIRST_FRAME in line:
                shown = now_ns()
                break
        child.wait(timeout=timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if shown is None:
        error = child.stderr.read()[-2000:] if child.stderr else ""
        raise RuntimeError(f"{command[0]} quit without painting its first frame ({child.returncode}): {error}")
    return (shown - started) / 1e9


def dist(context: Context) -> Iterator[Result]:
    built = bundle_state.ensure_built()
    if built is not None:
        context.info["frozen build: built for this run, s"] = round(built, 1)
    bundle = bundle_state.BUNDLE
    size = bundle_state.size_bytes(bundle)
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    size_mb = size / 1e6
    yield Result(
        "Frozen build size",
        f"the one-folder bundle (dist/hsb-desk, {files} files), over the target of {SIZE_TARGET_MB:.0f} MB"
        " (MB = 10^6 bytes)",
        "MB",
        size_mb,
        SIZE_TARGET_MB,
        size_mb / SIZE_TARGET_MB,
        1.0,
        reps=1,
        extra={"bytes": size, "mib": round(size / 2**20, 1), "files": files},
    )
    env = context.child_env()
    frozen, source = frozen_command(bundle), source_command()
    probe: list[float] = []

    def source_both_ways() -> float:
        # startup_app.py's probe beside each hook sample, so each pair shares the machine's load.
        started, words = context.run_child(str(BENCH / "startup_app.py"), str(context.demo))
        probe.append((int(words[1]) - started) / 1e9)
        return first_frame_seconds(source, context.demo, env)

    frozen_s, source_s = interleave(
        lambda: first_frame_seconds(frozen, context.demo, env), source_both_ways, context.reps(9), warmup=1
    )
    probe = probe[-len(source_s) :]  # without the warm-up
    extra = {"frozen_ms": [round(v * 1e3, 1) for v in frozen_s], "source_ms": [round(v * 1e3, 1) for v in source_s]}
    yield Result(
        "Frozen start-up",
        "the built executable: process start → unlock window painted, over the source install's"
        " (hsb-desk open, the same workbook, back to back)",
        "s",
        median(frozen_s),
        median(source_s),
        paired_ratio(frozen_s, source_s),
        STARTUP_TARGET,
        reps=len(frozen_s),
        extra=extra,
    )
    yield Result(
        "Frozen start-up: the two clocks",
        "source install: the window's first-frame hook (used above) over bench/startup_app.py's paint probe;"
        " information only",
        "s",
        median(source_s),
        median(probe),
        paired_ratio(source_s, probe),
        None,
        reps=len(probe),
        extra={"probe_ms": [round(v * 1e3, 1) for v in probe]},
    )
