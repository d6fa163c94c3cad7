"""The real form pack's fully filled example case in a real workbook, with a profile and a
'today' the test chooses; and a report's whole text read back from Word."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import docx
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile

LEAD = "Jo Example"  # the example case's lead practitioner (referral.lead_practitioner)
OTHER = "Alex Example"  # someone else, at the keyboard


def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


def example_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (paths.resources_dir() / "demo" / "example-case.json").read_text(encoding="utf-8")
    )
    document.pop("demo_anchor", None)
    document["values"]["referral.lead_practitioner"] = LEAD
    return document


class Today:
    """A 'today' the test moves on."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@contextmanager
def example_session(
    path: Path, profile_name: str, today: Callable[[], date], form: FormDefinition | None = None
) -> Iterator[tuple[WorkbookSession, str]]:
    """A new workbook at ``path`` whose profile is ``profile_name``, holding the example case."""
    session = create_workbook(
        path,
        PASSPHRASE,
        Profile(profile_name, "Social worker", "Example Council", ""),
        form or real_form(),
        today=today,
    )
    try:
        document = example_document()
        session.import_case(document)
        yield session, document["case"]["reference"]
    finally:
        session.close()


def reopen(path: Path, today: Callable[[], date]) -> WorkbookSession:
    return open_workbook(path, PASSPHRASE, real_form(), today=today, daily_backup=False)


def document_text(path: Path) -> list[str]:
    """Every paragraph, every table cell (nested tables too) and every header, in order."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]

    def cells(tables: Any) -> None:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return parts
