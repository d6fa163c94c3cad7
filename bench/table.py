"""The results table, in Markdown (for the terminal and for README.md's Performance section)."""

from __future__ import annotations

from timing import Result


def _figure(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1e3:.1f} ms" if value * 1e3 < 100 else f"{value * 1e3:.0f} ms"


def _target(result: Result) -> str:
    if result.target is None:
        return "—"
    text = f"≤ {result.target:g}"
    if result.absolute_limit is not None:
        text += f", < {_figure(result.absolute_limit, result.unit)}"
    return text


def render_markdown(results: list[Result]) -> str:
    lines = [
        "| benchmark | measured as | HSB Desk (median) | baseline (median) | ratio | target | result |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.measured_as} | {_figure(r.app, r.unit)} | {_figure(r.baseline, r.unit)} "
            f"| {r.ratio:.2f} | {_target(r)} | {r.verdict} |"
        )
    return "\n".join(lines)
