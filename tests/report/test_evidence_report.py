"""Evidence behind each judgement in the report (issue 18, item 8): the evidence rows of an area
are shown as a table under that area's section, with the basis in words (fact, observation,
allegation, opinion) and the source. A real encrypted workbook over the real form pack holding the
example case; the report is read back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import example_document
from docx.table import Table
from docx.text.paragraph import Paragraph

from hsb_desk import paths
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.formspec.loader import load_form
from hsb_desk.store.records import Profile

BEHAVIOUR_EVIDENCE = [
    {
        "point": "Touched Child A over clothing at a family party.",
        "basis": "allegation",
        "supports": "concern",
        "source": "Police referral summary",
        "agency": "Sampleshire Police",
        "date": "2026-09-23",
    },
    {
        "point": "Said, unprompted, that he knew it was wrong.",
        "basis": "observation",
        "supports": "strength",
        "source": "Session 2 with the young person",
        "agency": "Children's Social Care",
        "date": "2026-10-14",
    },
]
FAMILY_EVIDENCE = [
    {"point": "Mother keeps to the supervision agreed.", "basis": "opinion", "source": "Head of year at the review"},
    {"point": "No earlier referrals about the household.", "basis": "fact", "source": "Children's social care records"},
]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[WorkbookSession, str]]:
    session = create_workbook(
        tmp_path / "cases.hsbdesk",
        PASSPHRASE,
        Profile("Jo Example", "Social worker", "Sampleshire Children's Social Care", ""),
        load_form(paths.forms_dir()),
        today=lambda: TODAY,
    )
    document = example_document()
    document["values"]["behaviour.evidence"] = BEHAVIOUR_EVIDENCE
    document["values"]["family.evidence"] = FAMILY_EVIDENCE
    session.import_case(document)
    try:
        yield session, document["case"]["reference"]
    finally:
        session.close()


def tables_by_section(data: bytes) -> dict[str, list[list[list[str]]]]:
    """Each Heading 1's tables, in order: {heading: [table rows]}."""
    document = docx.Document(io.BytesIO(data))
    found: dict[str, list[list[list[str]]]] = {}
    heading = ""
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, document)
            if paragraph.style is not None and paragraph.style.name == "Heading 1":
                heading = paragraph.text
        elif element.tag.endswith("}tbl"):
            rows = [[cell.text for cell in row.cells] for row in Table(element, document).rows]
            found.setdefault(heading, []).append(rows)
    return found


def _evidence_table(tables: list[list[list[str]]]) -> list[list[str]]:
    found = [t for t in tables if t and t[0][:2] == ["What it shows", "Basis"]]
    assert len(found) == 1, tables
    return found[0]


def test_each_area_shows_its_evidence_with_basis_and_source(
    session: tuple[WorkbookSession, str], tmp_path: Path
) -> None:
    workbook, reference = session
    out = export_case_report(workbook, reference, tmp_path / "report.docx")
    by_section = tables_by_section(out.read_bytes())
    behaviour_title = next(t for t in by_section if t.endswith(workbook.form.section("behaviour").title))  # type: ignore[union-attr]
    family_title = next(t for t in by_section if t.endswith(workbook.form.section("family").title))  # type: ignore[union-attr]

    behaviour = _evidence_table(by_section[behaviour_title])
    assert behaviour[0] == ["What it shows", "Basis", "Supports", "Source", "Agency", "Date"]
    assert behaviour[1][1:5] == ["Allegation", "Concern", "Police referral summary", "Sampleshire Police"]
    assert behaviour[2][1:4] == ["Observation", "Strengths", "Session 2 with the young person"]
    assert behaviour[1][5] == "23 September 2026"

    family = _evidence_table(by_section[family_title])
    assert [row[1] for row in family[1:]] == ["Opinion", "Fact"]
    assert "Children's social care records" in family[2]
    # Under its own area only: the family's sources are not in the behaviour table, and back.
    assert not any("Head of year" in cell for row in behaviour for cell in row)
    assert not any("Police referral summary" in cell for row in family for cell in row)


def test_an_area_without_evidence_shows_no_evidence_table(session: tuple[WorkbookSession, str], tmp_path: Path) -> None:
    workbook, reference = session
    workbook.set_value(reference, "education.evidence", None)  # the example has evidence in every area
    out = export_case_report(workbook, reference, tmp_path / "report.docx")
    by_section = tables_by_section(out.read_bytes())
    education_title = next(t for t in by_section if t.endswith(workbook.form.section("education").title))  # type: ignore[union-attr]
    tables: list[Any] = by_section[education_title]
    assert not [t for t in tables if t and t[0][:2] == ["What it shows", "Basis"]]
