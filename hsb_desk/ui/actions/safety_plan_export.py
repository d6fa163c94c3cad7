"""Export safety plan… and Export review report…: the case's immediate safety plan, for the
agencies at the multi-agency meeting (app/reports/safety_plan.py), and the report of its latest
review (app/reports/review_report.py), each as a short Word document of its own.

As Export… does, the case is read on the database thread (after the edits waiting, so the
document holds what was just typed), the document is written beside it, and the export is
recorded in the sharing record in the same transaction as the file is saved. An existing file is
replaced only after the user said yes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.session import WorkbookSession
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import show_error
from hsb_desk.ui.prompts import Prompts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from hsb_desk.app.reports import WrittenReport
    from hsb_desk.app.reports.short_document import DocumentJob

SAVE_AS = "Save the safety plan as"
WORD_FILES = "Word document (*.docx)"
REPLACE = "Replace {name}? A file with that name is already in this folder; it will be written over."
NOT_REPLACED = "Nothing was written: {name} was kept as it was."
SAVED = (
    "Saved the immediate safety plan as {name}. It is not encrypted: keep it safe, and delete it "
    "when it is no longer needed. It is listed in the case's sharing record."
)
REVIEW_SAVE_AS = "Save the report of the review as"
REVIEW_SAVED = (
    "Saved the report of the latest review as {name}. It is not encrypted: keep it safe, and "
    "delete it when it is no longer needed. It is listed in the case's sharing record."
)


def export_safety_plan(
    bridge: Bridge,
    prompts: Prompts,
    reference: str,
    marking: str | None = None,
    parent: QWidget | None = None,
    start: Path | None = None,
    done: Callable[[WrittenReport], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
) -> None:
    """Ask where to save the safety plan of case ``reference`` (its default name in ``start``,
    the home folder by default), then write and record it off the UI thread; say where it went.
    A refusal (no such case, a pack without a safety plan, a folder that cannot be written) is
    shown as its message (``failed``, by default a message box over ``parent``), and nothing is
    written."""
    from hsb_desk.app.reports.safety_plan import default_safety_plan_name, prepare_safety_plan

    def prepare(s: WorkbookSession, out: Path, overwrite: bool) -> DocumentJob:
        return prepare_safety_plan(s, reference, out, marking=marking, overwrite=overwrite)

    _export_document(
        bridge,
        prompts,
        lambda s: default_safety_plan_name(s, reference),
        prepare,
        (SAVE_AS, SAVED),
        (parent, start, done, failed),
    )


def export_review_report(
    bridge: Bridge,
    prompts: Prompts,
    reference: str,
    parent: QWidget | None = None,
    start: Path | None = None,
    done: Callable[[WrittenReport], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
) -> None:
    """The report of the case's latest review, asked for and written as the safety plan is."""
    from hsb_desk.app.pathway.reviews import list_reviews
    from hsb_desk.app.reports.review_report import (
        NO_REVIEW,
        default_review_report_name,
        prepare_review_report,
    )
    from hsb_desk.errors import InvalidInput

    def name(s: WorkbookSession) -> str:
        reviews = list_reviews(s, reference)
        if not reviews:
            raise InvalidInput(NO_REVIEW)
        return default_review_report_name(s, reference, reviews[-1].held_on)

    def prepare(s: WorkbookSession, out: Path, overwrite: bool) -> DocumentJob:
        return prepare_review_report(s, reference, None, out, overwrite=overwrite)

    _export_document(
        bridge,
        prompts,
        name,
        prepare,
        (REVIEW_SAVE_AS, REVIEW_SAVED),
        (parent, start, done, failed),
    )


def _export_document(
    bridge: Bridge,
    prompts: Prompts,
    default_name: Callable[[WorkbookSession], str],
    prepare: Callable[[WorkbookSession, Path, bool], DocumentJob],
    words: tuple[str, str],
    where: tuple[QWidget | None, Path | None, Callable[[WrittenReport], object] | None, Any],
) -> None:
    """Name the file on the database thread, ask where to save it (and before replacing one),
    prepare it there, render it beside it, record it there; say where it went."""
    from hsb_desk.app.reports import record_report

    save_as, saved = words
    parent, start, done, failed = where
    folder = start if start is not None else Path.home()

    def refused(error: BaseException) -> None:
        if failed is not None:
            failed(error)
        else:
            show_error(parent, error)

    def named(name: str) -> None:
        out = prompts.save_file(save_as, folder / name, WORD_FILES)
        if out is None:
            return
        if out.suffix.lower() != ".docx":
            out = out.with_name(f"{out.name}.docx")
        overwrite = False
        if out.is_file():
            if not prompts.confirm(REPLACE.format(name=out.name)):
                prompts.inform(NOT_REPLACED.format(name=out.name))
                return
            overwrite = True
        bridge.apply(lambda s: prepare(s, out, overwrite), rendered, refused)

    def rendered(job: DocumentJob) -> None:
        bridge.work(
            job.render, lambda data: bridge.apply(lambda s: record_report(s, job, data), finished, refused), refused
        )

    def finished(written: WrittenReport) -> None:
        prompts.inform(saved.format(name=written.path.name))
        if done is not None:
            done(written)

    bridge.run(default_name, named, refused)
