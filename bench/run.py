"""``make bench``: every benchmark, several times, as a ratio against a baseline measured in the
same run; prints a table of medians with PASS/FAIL and writes bench/results.json.

Usage: python bench/run.py [--quick] [--only NAME ...] [--out PATH]
Runs offscreen in a scratch HSB_DESK_HOME; generated workbooks are cached (see bench/data.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="hsb-desk-bench-"))
os.environ["HSB_DESK_HOME"] = str(HOME)  # settings, backups and lock files stay in here

import data  # noqa: E402
from benches import BENCHMARKS, Context  # noqa: E402
from table import render_markdown  # noqa: E402
from timing import cpu_count  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", nargs="*", default=None, help=f"some of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--out", default=str(BENCH / "results.json"))
    parser.add_argument("--seed", type=int, default=data.SEED)
    args = parser.parse_args()
    chosen = args.only or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    started = time.perf_counter()
    try:
        context = Context.prepare(HOME, seed=args.seed, quick=args.quick)
        results = []
        for name in chosen:
            print(f"- {name} …", flush=True)
            for result in BENCHMARKS[name](context):
                results.append(result)
                print(f"    {result.name}: {result.verdict} (ratio {result.ratio:.2f})", flush=True)
        context.close()
    finally:
        shutil.rmtree(HOME, ignore_errors=True)
    elapsed = time.perf_counter() - started
    table = render_markdown(results)
    print()
    print(table)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 1),
        "quick": args.quick,
        "seed": args.seed,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": cpu_count(),
        },
        "info": context.info,
        "results": [result.as_dict() for result in results],
        "table": table,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    failed = [r.name for r in results if r.passed is False]
    print(f"\n{len(results) - len(failed)} of {len(results)} rows pass or are informational; {elapsed:.0f} s.")
    print(f"Wrote {args.out}")
    return 0  # a missed target is reported, not an error: the numbers are the product


if __name__ == "__main__":
    sys.exit(main())
