"""The benchmarks of the issue, each returning rows for the table (see bench/README.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import data
import dist_bench
import store_bench
import typing_bench
from timing import Result, interleave, median, now_ns, paired_ratio, percentile, timed

from hsb_desk.app.demo import DEMO_PASSPHRASE, ensure_demo_workbook
from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.formspec import FormDefinition

BENCH = Path(__file__).resolve().parent
EXAMPLE = data.EXAMPLE_REFERENCE


@dataclass
class Context:
    home: Path
    form: FormDefinition
    demo: Path  # the demo workbook plus the grown case
    many: dict[int, Path]
    quick: bool
    info: dict[str, Any] = field(default_factory=dict)
    bare_hwm_kb: list[int] = field(default_factory=list)
    text_hwm_kb: list[int] = field(default_factory=list)

    @classmethod
    def prepare(cls, home: Path, seed: int, quick: bool) -> Context:
        form = default_form()
        demo = ensure_demo_workbook(home / "demo.hsbdesk", form)
        session = open_workbook(demo, DEMO_PASSPHRASE, form)
        try:
            session.import_case(data.grown_document(form, seed=seed))
        finally:
            session.close()
        context = cls(home, form, demo, {}, quick)
        for n in (50, 5000):
            started = timed(lambda n=n: data.many_cases_workbook(n, seed, form))
            context.info[f"{n} cases: workbook ready (generated or cached), s"] = round(started, 1)
            copy = data.copy_workbook(data.many_cases_workbook(n, seed, form), home / f"cases-{n}.hsbdesk")
            context.many[n] = copy
            context.info[f"{n} cases: workbook size, MB"] = round(copy.stat().st_size / 1e6, 1)
            # The first unlock of the day also makes the daily backup: timed here, kept out of the rest.
            first = timed(lambda p=copy: open_workbook(p, data.BENCH_PASSPHRASE, form).close())
            context.info[f"{n} cases: first unlock of the day (with the daily backup), s"] = round(first, 2)
        return context

    def reps(self, full: int, quick: int | None = None) -> int:
        return (quick or max(2, full // 3)) if self.quick else full

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode cached
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def run_child(self, *args: str) -> tuple[int, list[str]]:
        """Start ``python bench/ARGS...``; returns (ns from just before start, its last line's words)."""
        started = now_ns()
        done = subprocess.run(
            [sys.executable, *args], env=self.child_env(), capture_output=True, text=True, timeout=600, check=False
        )
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
        return started, lines[-1].split()

    def close(self) -> None:
        pass


def ms_list(values: list[float]) -> list[float]:
    return [round(v * 1e3, 2) for v in values]


# -- start-up and memory -------------------------------------------------------------------
def _startup_sample(context: Context, script: str, *args: str, hwm: list[int]) -> float:
    started, words = context.run_child(str(BENCH / script), *args)
    hwm.append(int(words[2]))
    return (int(words[1]) - started) / 1e9


def startup(context: Context) -> Iterator[Result]:
    app_hwm: list[int] = []
    bare_hwm = context.bare_hwm_kb
    text_hwm = context.text_hwm_kb
    texts: list[float] = []

    def bare_then_text() -> float:
        # The text floor is sampled beside each bare window, so each pair shares the machine's load.
        texts.append(_startup_sample(context, "startup_bare.py", "--text", hwm=text_hwm))
        return _startup_sample(context, "startup_bare.py", hwm=bare_hwm)

    app, bare = interleave(
        lambda: _startup_sample(context, "startup_app.py", str(context.demo), hwm=app_hwm),
        bare_then_text,
        context.reps(9),
        warmup=1,
    )
    texts = texts[-len(bare) :]  # without the warm-up
    extra = {"app_ms": ms_list(app), "bare_ms": ms_list(bare), "text_ms": ms_list(texts)}
    # The target is against the real floor (issue 15, item 4): a window that shows a word loads
    # the font configuration and rasterises glyphs, which the empty window does not.
    yield Result(
        "Start-up",
        "process start → unlock window painted, over the bare window showing one line of text",
        "s",
        median(app),
        median(texts),
        paired_ratio(app, texts),
        1.1,
        reps=len(app),
        extra=extra | {"app_hwm_kb": app_hwm, "bare_hwm_kb": bare_hwm},
    )
    yield Result(
        "Start-up over the empty window",
        "process start → unlock window painted, over a bare PySide6 empty window; information only",
        "s",
        median(app),
        median(bare),
        paired_ratio(app, bare),
        None,
        reps=len(app),
    )
    yield Result(
        "Start-up: text floor",
        "the bare window showing one line of text, over the bare window; information only",
        "s",
        median(texts),
        median(bare),
        paired_ratio(texts, bare),
        None,
        reps=len(texts),
    )


def memory(context: Context) -> Iterator[Result]:
    if not context.bare_hwm_kb:
        for _ in range(3):
            _startup_sample(context, "startup_bare.py", hwm=context.bare_hwm_kb)
    if not context.text_hwm_kb:
        for _ in range(3):
            _startup_sample(context, "startup_bare.py", "--text", hwm=context.text_hwm_kb)
    peaks = []
    for _ in range(context.reps(3, 1)):
        _, words = context.run_child(
            str(BENCH / "memory_app.py"), str(context.many[5000]), data.BENCH_PASSPHRASE, EXAMPLE
        )
        peaks.append(int(words[1]))
    app_mb, bare_mb = median(peaks) / 1024, median(context.bare_hwm_kb) / 1024
    floors = []
    for _ in range(3):
        _, words = context.run_child(str(BENCH / "memory_floor.py"), str(context.many[5000]), data.BENCH_PASSPHRASE)
        floors.append(int(words[1]))
    floor_mb = median(floors) / 1024
    # The target is against the real floor (issue 15, item 4): the same window with the same
    # workbook opened by sqlcipher3 and its cases read.
    yield Result(
        "Memory",
        "peak RSS, 5,000-case workbook open and the example case shown, over the bare window"
        " showing one line of text with the same workbook opened by sqlcipher3 and its cases read",
        "MB",
        app_mb,
        floor_mb,
        app_mb / floor_mb,
        1.3,
        reps=len(peaks),
        extra={"app_hwm_kb": peaks, "floor_hwm_kb": floors, "bare_hwm_kb": context.bare_hwm_kb},
    )
    yield Result(
        "Memory over the empty window",
        "the same peak, over the bare empty window; information only",
        "MB",
        app_mb,
        bare_mb,
        app_mb / bare_mb,
        None,
        reps=len(peaks),
    )
    yield Result(
        "Memory: floor with the workbook",
        "peak RSS of the bare window showing one line of text, with the 5,000-case workbook opened"
        " by sqlcipher3 and its cases read, over the bare window; information only",
        "MB",
        floor_mb,
        bare_mb,
        floor_mb / bare_mb,
        None,
        reps=len(floors),
    )
    text_mb = median(context.text_hwm_kb) / 1024
    yield Result(
        "Memory: text floor",
        "peak RSS of the bare window showing one line of text, over the bare window; information only",
        "MB",
        text_mb,
        bare_mb,
        text_mb / bare_mb,
        None,
        reps=len(context.text_hwm_kb),
    )


# -- workbook ----------------------------------------------------------------------------
def unlock(context: Context) -> Iterator[Result]:
    for label, path, passphrase, reps, checked in (
        ("Unlock", context.demo, DEMO_PASSPHRASE, context.reps(9), False),
        ("Unlock, 5,000 cases", context.many[5000], data.BENCH_PASSPHRASE, context.reps(3, 2), False),
        ("Open with checks first (command line), 5,000 cases", context.many[5000], data.BENCH_PASSPHRASE, 2, True),
    ):
        app, raw = store_bench.unlock(path, passphrase, reps, checked)
        yield Result(
            label,
            "open_workbook as the window unlocks (checks follow on the database thread),"
            " over sqlcipher3 connect + key + first read"
            if not checked
            else "open_workbook with the whole-file check first, over the same; information only",
            "s",
            median(app),
            median(raw),
            paired_ratio(app, raw),
            None if checked else 1.2,
            reps=reps,
            extra={"app_ms": ms_list(app), "raw_ms": ms_list(raw)},
        )


def autosave(context: Context) -> Iterator[Result]:
    runs: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
    reps = context.reps(200, 60)
    for round_ in range(2):
        for secure in (False, True) if round_ == 0 else (True, False):
            workbook = data.copy_workbook(context.demo, context.home / "autosave" / f"{secure}-{round_}.hsbdesk")
            out = workbook.with_suffix(".json")
            flags = ["--memory-security"] if secure else []
            context.run_child(
                str(BENCH / "store_bench.py"), "autosave", str(workbook), str(out), EXAMPLE, str(reps), *flags
            )
            runs[secure].append(json.loads(out.read_text(encoding="utf-8")))
    pooled = {
        secure: {kind: [x for run in found for x in run[kind]] for kind in ("app", "bare")}
        for secure, found in runs.items()
    }
    off, on = pooled[False], pooled[True]
    for label, p in (("p50", 50), ("p99", 99)):
        app, bare = percentile(off["app"], p), percentile(off["bare"], p)
        yield Result(
            f"Autosave {label}",
            "one field edit stored and committed (set_value), over a bare upsert + commit, same settings",
            "s",
            app,
            bare,
            app / bare,
            2.0 if p == 99 else None,
            reps=len(off["app"]),
        )
    for label, p in (("p50", 50), ("p99", 99)):
        app_on, app_off = percentile(on["app"], p), percentile(off["app"], p)
        yield Result(
            f"Autosave {label}, cipher_memory_security = ON",
            "the same edit with SQLCipher's memory wiping on, over off (cost of the setting)",
            "s",
            app_on,
            app_off,
            app_on / app_off,
            None,
            reps=len(on["app"]),
            extra={
                "bare_on_over_off": percentile(on["bare"], p) / percentile(off["bare"], p),
                "state": runs[True][0]["memory_security"],
            },
        )


def report(context: Context) -> Iterator[Result]:
    import report_bench

    session = open_workbook(context.demo, DEMO_PASSPHRASE, context.form)
    folder = context.home / "reports"
    folder.mkdir(exist_ok=True)
    try:
        found = report_bench.report_vs_plain(session, EXAMPLE, folder, context.reps(9))
        app, plain = found["app"], found["plain"]
        yield Result(
            "Report",
            "export_report of the example case, over python-docx writing the same paragraphs and tables",
            "s",
            median(app),
            median(plain),
            paired_ratio(app, plain),
            1.5,
            reps=len(app),
            notes=f"{found['paragraphs']} paragraphs, {found['tables']} tables",
            extra={"app_ms": ms_list(app), "plain_ms": ms_list(plain), "bytes": found["bytes"]},
        )
        large, small = report_bench.growth(session, EXAMPLE, data.GROWN_REFERENCE, folder, context.reps(5))
        yield Result(
            "Report size growth",
            "report of the case with 10× incidents and narrative, over the example case",
            "s",
            median(large),
            median(small),
            paired_ratio(large, small),
            12.0,
            reps=len(large),
            extra={"large_ms": ms_list(large), "small_ms": ms_list(small)},
        )
    finally:
        session.close()


# -- the window ----------------------------------------------------------------------------
def open_case(context: Context) -> Iterator[Result]:
    """Against the real floor (issue 15, item 4): a bare Qt page with the same fields and values,
    built and painted in a new window, sampled beside each window so both share the load."""
    import gui

    gui.application()
    example = data.example_document()["values"]
    first: list[float] = []
    again: list[float] = []
    plain: list[float] = []
    windows = context.reps(6, 3)
    for number in range(windows):
        window = gui.open_window(context.form, context.demo, DEMO_PASSPHRASE)
        watch = gui.PaintWatch()
        first.append(gui.time_open_case(window, watch, EXAMPLE))
        if number == windows - 1:
            for _ in range(context.reps(9)):
                gui.back_to_list(window)
                again.append(gui.time_open_case(window, watch, EXAMPLE))
        gui.close_window(window)
        plain.append(gui.time_plain_page(context.form, example))
    context.info["open a case: very first open in the process, ms"] = round(first[0] * 1e3, 1)
    first, plain = first[1:], plain[1:]  # the process's first window and page warm caches up
    yield Result(
        "Open a case (first in a window)",
        "click → first section painted, over a bare Qt page with the same fields and values built and painted",
        "s",
        median(first),
        median(plain),
        paired_ratio(first, plain),
        1.5,
        absolute_limit=0.150,
        reps=len(first),
        extra={"app_ms": ms_list(first), "plain_ms": ms_list(plain)},
    )
    yield Result(
        "Open a case (again)",
        "the same case opened again in the same window, over the same floor; information only",
        "s",
        median(again),
        median(plain),
        median(again) / median(plain),
        None,
        absolute_limit=0.150,
        reps=len(again),
        extra={"app_ms": ms_list(again)},
    )


def many_cases(context: Context) -> Iterator[Result]:
    import gui

    gui.application()
    figures: dict[int, dict[str, list[float]]] = {}
    for n in (50, 5000):
        unlocked = now_ns()
        window = gui.open_window(context.form, context.many[n], data.BENCH_PASSPHRASE)
        context.info[f"{n} cases: unlock → case list shown, s"] = round((now_ns() - unlocked) / 1e9, 2)
        watch = gui.PaintWatch()
        lists, keys = [], []
        for _ in range(context.reps(7)):
            lists.append(gui.time_list_ready(window, watch))
            gui.settle(window, 0.05)
            keys.append(gui.time_keystroke(window, watch))
        figures[n] = {"list": lists, "key": keys}
        gui.close_window(window)
    for kind, label in (("list", "case list ready"), ("key", "search keystroke answered")):
        large, small = figures[5000][kind], figures[50][kind]
        yield Result(
            f"Many cases: {label}",
            f"5,000-case workbook: {label} (to painted), over 50 cases",
            "s",
            median(large),
            median(small),
            median(large) / median(small),
            3.0,
            reps=len(large),
            extra={"5000_ms": ms_list(large), "50_ms": ms_list(small)},
        )


def keystroke(context: Context) -> Iterator[Result]:
    """Keystroke to repaint in a 100,000-character narrative (bench/keystroke.py), in a child process."""
    out = context.home / "keystroke.json"
    keys = context.reps(600, 200)
    context.run_child(str(BENCH / "keystroke.py"), str(out), "--keys", str(keys))
    found = json.loads(out.read_text(encoding="utf-8"))
    for where, label in (("end", "at the end"), ("middle", "in the middle")):
        spell, plain = found[f"{where}_spell"], found[f"{where}_plain"]
        extra = {"chars": found["chars"], "spell_ms": ms_list(spell), "plain_ms": ms_list(plain)}
        for p in (99, 50):
            app, base = percentile(spell, p), percentile(plain, p)
            yield Result(
                f"Keystroke p{p}, {label}",
                f"key typed {label} of a 100,000-character narrative → repaint finished, spell check on,"
                " over the same editor without spell check" + ("" if p == 99 else "; information only"),
                "s",
                app,
                base,
                app / base,
                2.0 if p == 99 else None,
                absolute_limit=0.016 if p == 99 else None,
                reps=len(spell),
                extra=extra if p == 99 else {},
            )


def typing_year(context: Context) -> Iterator[Result]:
    """A year of cases typed as a person types (bench/typing_bench.py)."""
    yield from typing_bench.typing_year(context.home, context.form, reps=context.reps(5, 2))


BENCHMARKS: dict[str, Callable[[Context], Iterator[Result]]] = {
    "startup": startup,
    "unlock": unlock,
    "open_case": open_case,
    "autosave": autosave,
    "report": report,
    "many_cases": many_cases,
    "memory": memory,
    "typing": typing_year,
    "keystroke": keystroke,
    "dist": dist_bench.dist,  # the frozen build: size and start-up (bench/dist_bench.py)
}
