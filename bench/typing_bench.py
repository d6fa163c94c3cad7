"""A year of assessments typed as a person types (issue 15, item 2).

Every narrative (long text) of the example case is built up ``PER_SAVE`` characters per save,
through ``WorkbookSession.set_value`` with the workbook's real settings (a sync per commit), with
a pause that ends the editing spell every ``SPELL_CHARS`` characters, a few seconds between
saves; the case's other values are set once each. Then the next case, ``CASES`` in all (a year).
The clock is the workbook's own, advanced by the script, so spells end as they would.

Rows: the workbook's size over the characters typed (UTF-8); the day's backup and the unlock
check of that workbook over a workbook holding only the final values (each value set once); the
p99 save time of the year's last case over the p99 of its first case.

Alone: ``python bench/typing_bench.py [--cases N]`` (offscreen, in a scratch HSB_DESK_HOME).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import Result, interleave, median, paired_ratio, percentile, timed

from hsb_desk import paths
from hsb_desk.app.interchange import parse_case_document
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import default_form
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.backup import health_problems, write_backup
from hsb_desk.store.records import Profile, encode
from hsb_desk.store.workbook import Workbook

CASES = 40
PER_SAVE = 5
SPELL_CHARS = 600  # then a pause of twenty minutes
PASSPHRASE = "bench typing passphrase, fictional"
TODAY = date(2026, 11, 22)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="milliseconds")

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def example_values(form: FormDefinition) -> tuple[dict[str, str], dict[str, Any]]:
    """(narratives, every other value) of the example case."""
    document = json.loads((paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8"))
    _details, values = parse_case_document(form, document, TODAY)
    narratives = {}
    for key, value in values.items():
        spec = form.get_field(key)
        if isinstance(value, str) and spec is not None and spec.type == "longtext":
            narratives[key] = value
    return narratives, {k: v for k, v in values.items() if k not in narratives}


def _session(path: Path, form: FormDefinition, clock: Clock) -> WorkbookSession:
    session = WorkbookSession(Workbook.create(path, PASSPHRASE, clock=clock), form, today=lambda: TODAY)
    session.set_profile(Profile("Alex Example", "Social worker", "Example Council", ""))
    return session


def type_year(path: Path, form: FormDefinition, cases: int) -> tuple[int, list[list[float]]]:
    """The typed workbook; returns (UTF-8 bytes typed, save times of each case)."""
    narratives, others = example_values(form)
    clock = Clock()
    session = _session(path, form, clock)
    typed, times = 0, []
    for number in range(cases):
        reference = f"YEAR-{number + 1:03d}"
        session.create_case(reference)
        saves: list[float] = []
        for key, value in others.items():
            clock.advance(seconds=20)
            session.set_value(reference, key, value)
            typed += len(encode(value).encode("utf-8"))
        for key, text in narratives.items():
            for end in range(PER_SAVE, len(text) + PER_SAVE, PER_SAVE):
                clock.advance(seconds=3)
                started = time.perf_counter()
                session.set_value(reference, key, text[:end])
                saves.append(time.perf_counter() - started)
                if end % SPELL_CHARS < PER_SAVE:
                    clock.advance(minutes=20)
            typed += len(text.encode("utf-8"))
            clock.advance(minutes=1)
        times.append(saves)
        clock.advance(days=7)
    session.close()
    return typed, times


def final_values(path: Path, form: FormDefinition, cases: int) -> None:
    """The same cases with each final value set once."""
    narratives, others = example_values(form)
    clock = Clock()
    session = _session(path, form, clock)
    for number in range(cases):
        reference = f"YEAR-{number + 1:03d}"
        session.create_case(reference)
        for key, value in {**others, **narratives}.items():
            clock.advance(seconds=20)
            session.set_value(reference, key, value)
    session.close()


def _paired(
    typed: Workbook, final: Workbook, work: Callable[[Workbook], object], reps: int
) -> tuple[list[float], list[float]]:
    return interleave(lambda: timed(lambda: work(typed)), lambda: timed(lambda: work(final)), reps)


def _backup(folder: Path) -> Callable[[Workbook], object]:
    def run(workbook: Workbook) -> object:
        target = folder / f"{workbook.path.stem}.bak"
        write_backup(workbook.conn, target)
        target.unlink()
        return None

    return run


def _unlock_check(workbook: Workbook) -> object:
    return health_problems(workbook.conn, quick=True, audit=False)


def typing_year(home: Path, form: FormDefinition, cases: int = CASES, reps: int = 5) -> Iterator[Result]:
    folder = home / "typing"
    folder.mkdir(parents=True, exist_ok=True)
    typed_path, final_path = folder / "typed.hsbdesk", folder / "final.hsbdesk"
    for path in (typed_path, final_path):
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    typed_bytes, times = type_year(typed_path, form, cases)
    typing_s = time.perf_counter() - started
    final_values(final_path, form, cases)
    size = typed_path.stat().st_size
    saves = sum(len(t) for t in times)
    yield Result(
        "Typing a year: workbook size",
        f"{cases} example cases typed {PER_SAVE} characters per save ({saves:,} saves), workbook size"
        " over the characters typed (UTF-8)",
        "MB",
        size / 1e6,
        typed_bytes / 1e6,
        size / typed_bytes,
        3.0,
        reps=1,
        extra={"saves": saves, "typed_bytes": typed_bytes, "typing_s": round(typing_s, 1)},
    )
    final_size = final_path.stat().st_size
    yield Result(
        "Typing a year: size over the final values",
        "the typed workbook's size, over a workbook holding only the final values (each set once);"
        " information only: what typing adds beyond the values and their one entry each",
        "MB",
        size / 1e6,
        final_size / 1e6,
        size / final_size,
        None,
        reps=1,
    )
    typed, final = Workbook.open(typed_path, PASSPHRASE), Workbook.open(final_path, PASSPHRASE)
    try:
        for label, work in (("daily backup", _backup(folder)), ("unlock check", _unlock_check)):
            app, base = _paired(typed, final, work, reps)
            yield Result(
                f"Typing a year: {label}",
                f"the {label} of the typed workbook, over a workbook holding only the final values",
                "s",
                median(app),
                median(base),
                paired_ratio(app, base),
                1.5,
                reps=reps,
                extra={"final_values_size_mb": round(final_path.stat().st_size / 1e6, 2)},
            )
    finally:
        typed.close()
        final.close()
    first, last = percentile(times[0], 99), percentile(times[-1], 99)
    yield Result(
        "Typing a year: save p99",
        "p99 of one save in the year's last case, over the p99 in its first case",
        "s",
        last,
        first,
        last / first,
        1.5,
        reps=len(times[-1]),
        extra={"first_case_p50_ms": percentile(times[0], 50) * 1e3, "last_p50_ms": percentile(times[-1], 50) * 1e3},
    )


def main() -> int:
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=CASES)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="hsb-desk-typing-"))
    os.environ["HSB_DESK_HOME"] = str(home)
    from table import render_markdown

    results = list(typing_year(home, default_form(), args.cases))
    print(render_markdown(results))
    for result in results:
        print(f"{result.name}: {result.verdict} (ratio {result.ratio:.2f}) {result.extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
