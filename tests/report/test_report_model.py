"""The report model: what the report says, in which order, and what the shared version withholds.

Also holds the helpers the other report tests import (reading a .docx back, the value oracle).
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from app.test_session import FULL_DOCUMENT
from conftest import TODAY

from hsb_desk.domain.dates import format_uk_date
from hsb_desk.formspec import FieldSpec, FormDefinition, load_form
from hsb_desk.formspec.values import is_filled, is_visible
from hsb_desk.report import (
    CaseDetails,
    ChronologyEntry,
    ReportModel,
    ReportTemplates,
    SignOff,
    build_report_model,
    load_templates,
    render_docx,
)
from hsb_desk.report.model import Grid, Narrative, Records, Table, Value

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
EXAMPLE = REPO / "resources" / "demo" / "example-case.json"
MINI_VALUES: dict[str, Any] = FULL_DOCUMENT["values"]
SIGNED = [SignOff("Alex Example", "Lead practitioner", "Assessment", date(2026, 11, 20))]


# -- helpers shared by the report tests ---------------------------------------------------------
@pytest.fixture(scope="module")
def templates() -> ReportTemplates:
    return load_templates(TEMPLATES)


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(REPO / "forms")


@pytest.fixture(scope="module")
def example_values() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))["values"]


@pytest.fixture
def templates_copy(tmp_path: Path) -> Path:
    """A copy of templates/ that a test may change, as an authority would."""
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def make_model(
    form: FormDefinition, values: Mapping[str, Any], templates: ReportTemplates, version: str = "full", **options: Any
) -> ReportModel:
    status = options.pop("status", "draft")
    return build_report_model(
        form, values, CaseDetails("HSB-2026-0042", status), templates, version=version, today=TODAY, **options
    )


def render(model: ReportModel, templates: ReportTemplates) -> bytes:
    return render_docx(model, templates.reference_docx)


def _table_text(table: Any) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from _table_text(inner)


def tiny_png() -> bytes:
    """A valid one-pixel PNG, for a logo."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x38\x64"))
        + chunk(b"IEND", b"")
    )


def body_text(data: bytes) -> str:
    """Every paragraph and table cell of the body, in document order, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_text(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def header_footer_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            for paragraph in part.paragraphs:
                lines.append(paragraph.text)
            for table in part.tables:
                lines.extend(_table_text(table))
    return "\n".join(lines)


def xml_parts(data: bytes) -> dict[str, str]:
    """Every XML part of the package as text: nothing can hide from a search of these."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: package.read(name).decode("utf-8") for name in package.namelist() if name.endswith((".xml", ".rels"))
        }


def squash(text: str) -> str:
    return "".join(text.split())


def shown(spec: FieldSpec, value: Any) -> list[str]:
    """The oracle: how the report should show one stored value (independent of the writer)."""
    if spec.type == "date":
        return [format_uk_date(date.fromisoformat(value))]
    if spec.type == "number":
        return [str(int(value)) if float(value).is_integer() else str(value)]
    if spec.type in ("choice", "rating", "yesno"):
        return [spec.option_in_report(value)]
    if spec.type == "multichoice":
        return [spec.option_in_report(v) for v in value]
    return [value]


def filled_values(form: FormDefinition, values: Mapping[str, Any], sensitive: bool | None = None) -> list[str]:
    """Every visible filled value as shown; ``sensitive`` True/False keeps only those that
    are (or are not) marked sensitive, group columns included."""
    found: list[str] = []
    for _, spec in form.iter_fields():
        value = values.get(spec.key)
        if spec.type == "computed" or not is_visible(spec, values) or not is_filled(value):
            continue
        if spec.type != "group":
            if sensitive is None or spec.sensitive == sensitive:
                found.extend(shown(spec, value))
            continue
        for row in value:
            for sub in spec.fields:
                cell = row.get(sub.key)
                wanted = sensitive is None or (spec.sensitive or sub.sensitive) == sensitive
                if wanted and is_filled(cell) and is_visible(sub, {**values, **row}):
                    found.extend(shown(sub, cell))
    return found


# -- the model --------------------------------------------------------------------------------
def test_sections_follow_the_form_in_order_with_their_owner(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    model = make_model(mini_form, MINI_VALUES, templates)
    assert [(s.number, s.title) for s in model.sections] == [(1, "Child"), (2, "Findings")]
    assert [s.owner for s in model.sections] == ["Completed by the lead practitioner", "Completed by the co-worker"]
    labels = [getattr(i, "label", "") for i in model.sections[0].items]
    assert labels[:4] == ["Full name", "Date of birth", "Age", "Notes"]


def test_empty_optional_and_hidden_fields_are_left_out_and_missing_required_are_named(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    values = {"child.full_name": "Robin Fictional", "child.route": "concern", "child.officer": "hidden by condition"}
    model = make_model(mini_form, values, templates)
    child = {i.label: i for i in model.sections[0].items}  # type: ignore[union-attr]
    assert "Notes" not in child and "Height in cm" not in child  # optional, empty
    assert "Officer in charge" not in child  # its condition (criminal justice route) is not met
    assert child["Date of birth"] == Value("Date of birth", "Not yet recorded", missing=True)
    findings = {i.label: i for i in model.sections[1].items}  # type: ignore[union-attr]
    assert findings["Overall concern"].missing  # type: ignore[union-attr]
    assert model.missing_count == 2
    assert model.is_draft and "2 required items" in " ".join(model.notices[0].paragraphs)


def test_shared_version_withholds_sensitive_fields_and_columns_and_says_so(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    full = make_model(mini_form, MINI_VALUES, templates)
    shared = make_model(mini_form, MINI_VALUES, templates, version="shared")
    assert "Name of the child harmed" in str(full.sections[1]) and "Jo Fictional" in str(full)
    assert "Jo Fictional" not in str(shared)
    # A withheld answer is marked where it was, under its label (issue 17, item 11).
    harmed = next(i for i in shared.sections[1].items if getattr(i, "label", "") == "Name of the child harmed")
    assert harmed == Value("Name of the child harmed", "[withheld from the shared version]")
    siblings = next(i for i in shared.sections[0].items if isinstance(i, Table) and i.label == "Siblings")
    assert siblings.columns == ("Name", "Date of birth", "Lives with the child")  # the name: marked withheld
    assert {row[0] for row in siblings.rows} == {("[withheld from the shared version]",)}
    assert "Sam Fictional" not in str(shared)
    assert all(s.notes for s in shared.sections) and not any(s.notes for s in full.sections)
    assert [n.kind for n in shared.notices] == ["draft", "shared", "handling"]
    assert "withheld" in " ".join(shared.notices[1].paragraphs)
    assert shared.subtitle == "Shared version" and full.subtitle == "Full report"


def test_shared_version_withholds_fields_that_would_give_a_sensitive_answer_away(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    shared = make_model(real_form, example_values, templates, version="shared")
    text = str(shared)
    # Shown only when the (sensitive) answer is yes, so its presence alone would reveal it.
    assert "Arrangements for the child who has been harmed in the same setting" not in text
    # Always asked, so its label gives nothing away: its answer is marked withheld (issue 17, item 11).
    education = next(s for s in shared.sections if s.key == "education")
    asked = "A child who has been harmed attends the same setting"  # its report wording
    assert Value(asked, "[withheld from the shared version]") in education.items
    behaviour = next(s for s in shared.sections if s.key == "behaviour")
    incidents = next(i for i in behaviour.items if isinstance(i, Records))
    names = [cell for r in incidents.records for label, cell in r if label == "Name of the child who has been harmed"]
    assert names and set(names) == {("[withheld from the shared version]",)}


def test_outcome_grid_marks_the_cell_of_the_ratings(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    model = make_model(mini_form, MINI_VALUES, templates)
    grid = next(i for i in model.sections[1].items if isinstance(i, Grid))
    assert grid.rows == ("High", "Medium", "Low")  # highest concern at the top
    assert grid.columns == ("Low", "Medium", "High")
    assert grid.selected == (0, 0)  # high concern, low strengths
    assert grid.cells[0][0] == "High concern and low strengths"
    assert grid.response == "Response for high concern with low strengths."
    values = dict(MINI_VALUES, **{"findings.concern_level": "low", "findings.strength_level": "high"})
    other = next(i for i in make_model(mini_form, values, templates).sections[1].items if isinstance(i, Grid))
    assert other.selected == (2, 2)


def test_continuum_placement_carries_its_description_and_recap(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    conclusion = next(s for s in model.sections if s.key == "conclusion")
    first = conclusion.items[0]
    assert isinstance(first, Value) and first.text == "Abusive"
    assert first.note.startswith("The intent or the effect is to victimise")
    kinds = [type(i).__name__ for i in conclusion.items]
    assert "Grid" in kinds and "Table" in kinds  # the grid and the safety plan
    judgement = {i.label: i for i in conclusion.items if isinstance(i, Value | Narrative)}
    assert judgement["Professional judgement"].text == "A different response was decided"  # type: ignore[union-attr]
    assert "Why a different response" in judgement


def test_cover_shows_case_details_from_the_mapping(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    cover = {row.label: row.text for row in model.cover}
    assert cover["Name"] == "Riley James Sample"
    assert cover["Date of birth"] == "19 May 2012 (aged 14)"
    assert cover["Case reference"] == "HSB-2026-0042"
    assert cover["Route"] == "Concern route"
    assert cover["Lead practitioner"].startswith("Jo Example")
    assert cover["Report version"] == "Draft"
    assert cover["Date of this report"] == "22 November 2026"


def test_cover_mapping_is_data(templates_copy: Path, mini_form: FormDefinition) -> None:
    settings = templates_copy / "report.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("{label: Name, field:", "{label: Child's name, field:"),
        encoding="utf-8",
    )
    model = make_model(mini_form, MINI_VALUES, load_templates(templates_copy))
    assert model.cover[0].label == "Child's name" and model.cover[0].text == "Robin Fictional"
    # Keys the mini form does not have (lead practitioner...) are skipped, not failed.
    assert "Lead practitioner" not in [row.label for row in model.cover]


def test_signoffs_end_the_draft_and_chronology_is_for_the_full_version(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    chronology = [ChronologyEntry(date(2026, 9, 10), "Disclosure to a parent.")]
    signed = make_model(mini_form, MINI_VALUES, templates, signoffs=SIGNED, chronology=chronology, version_label="1")
    assert not signed.is_draft and [n.kind for n in signed.notices] == ["handling"]
    signoff = next(p for p in signed.parts if p.key == "signoff")
    assert isinstance(signoff.items[0], Table) and signoff.items[0].rows[0][0] == ("Alex Example",)
    assert [p.key for p in signed.parts][-2:] == ["chronology", "glossary"]  # the glossary ends the report
    shared = make_model(mini_form, MINI_VALUES, templates, "shared", signoffs=SIGNED, chronology=chronology)
    assert "chronology" not in [p.key for p in shared.parts]


def test_distribution_and_consent_parts_come_from_the_form(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    parts = {p.key: p for p in model.parts}
    assert list(parts) == ["life_events", "consent", "signoff", "distribution", "glossary"]
    recipients = parts["distribution"].items[0]
    assert isinstance(recipients, Table) and recipients.columns == ("Name", "Agency", "Version", "Date sent")
    assert recipients.rows[2][2] == ("Shared version (without details of other children)",)
    assert "Consent of the young person" in str(parts["consent"])
    referral = model.sections[0]
    assert "Consent of the young person" not in str(referral)  # moved, not repeated


def test_values_from_an_older_form_version_do_not_break_the_report(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    values = copy.deepcopy(MINI_VALUES)
    values["child.route"] = "an_option_since_removed"
    values["child.siblings"].append("not a row")
    model = make_model(mini_form, values, templates)
    route = next(i for i in model.sections[0].items if getattr(i, "label", "") == "Route")
    assert isinstance(route, Value) and route.text == "an_option_since_removed"
