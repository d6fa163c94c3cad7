"""The Word document, read back with python-docx and as raw XML."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor
from test_report_model import (
    MINI_VALUES,
    SIGNED,
    body_text,
    example_values,
    filled_values,
    header_footer_text,
    make_model,
    real_form,
    render,
    squash,
    templates,
    templates_copy,
    tiny_png,
    xml_parts,
)

from hsb_desk.errors import ExportFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.report import ReportTemplates, load_templates, render_docx
from hsb_desk.report.styles import SELECTED_FILL

__all__ = ["example_values", "real_form", "templates", "templates_copy"]  # fixtures used here


def _document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _assert_all_shown(expected: list[str], data: bytes) -> None:
    text = squash(body_text(data))
    missing = [value[:60] for value in expected if squash(value) not in text]
    assert missing == []


def test_every_filled_value_of_the_mini_case_appears(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    _assert_all_shown(
        filled_values(mini_form, MINI_VALUES), render(make_model(mini_form, MINI_VALUES, templates), templates)
    )


def test_every_filled_value_of_the_example_case_appears(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    expected = filled_values(real_form, example_values)
    assert len(expected) > 150
    _assert_all_shown(expected, render(make_model(real_form, example_values, templates), templates))


@pytest.mark.parametrize("which", ["mini", "example"])
def test_sensitive_values_are_nowhere_in_the_shared_version(
    which: str,
    mini_form: FormDefinition,
    real_form: FormDefinition,
    example_values: dict[str, Any],
    templates: ReportTemplates,
) -> None:
    form, values = (mini_form, MINI_VALUES) if which == "mini" else (real_form, example_values)
    sensitive = filled_values(form, values, sensitive=True)
    # A sensitive answer that is also written in a field everyone may read ("Yes", a date), or
    # too short to search for (an age), cannot be told apart; every other one must be absent
    # from every part of the package.
    open_text = squash(" ".join(filled_values(form, values, sensitive=False)))
    distinctive = [v for v in sensitive if squash(v) not in open_text and len(v) > 4 and not v.isdigit()]
    assert len(distinctive) >= (2 if which == "mini" else 10)
    full = render(make_model(form, values, templates), templates)
    shared = render(make_model(form, values, templates, "shared"), templates)
    full_xml, shared_xml = "".join(xml_parts(full).values()), "".join(xml_parts(shared).values())
    for value in distinctive:
        first_line = value.split("\n")[0].replace("&", "&amp;")
        assert first_line in full_xml  # the search would find it
        assert first_line not in shared_xml
    shared_text = body_text(shared) + header_footer_text(shared)
    assert "withheld" in shared_text and "withheld" not in body_text(full)


def test_headings_follow_the_form_order_then_the_closing_parts(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    paragraphs = _document(render(model, templates)).paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    sections = [f"{s.number}. {s.title}" for s in real_form.sections if s.key != "sources"]  # sources: in parts
    opening = [p.title for p in model.opening]
    closing = [p.title for p in model.parts]
    assert opening == ["How this assessment was made", "The young person's voice"]
    assert closing == ["Chronology of significant events", "Consent", "Sign-off", "Distribution", "Glossary"]
    assert headings == [*(p.title for p in model.front), "Contents", *opening, *sections, *closing]
    owners = [p.text for p in paragraphs if p.style.name == "HSB Owner"]
    assert owners[:4] == [  # referral, safety plan, child: the lead's; education: the co-worker's
        "Completed by the lead practitioner",
        "Completed by the lead practitioner",
        "Completed by the lead practitioner",
        "Completed by the co-worker",
    ]
    contents = [p.text.rstrip("\t") for p in paragraphs if p.style.name == "HSB Contents"]
    assert contents == [*(p.title for p in model.front), *opening, *sections, *closing]


def _grid_table(data: bytes) -> Any:
    return next(t for t in _document(data).tables if t.cell(0, 0).text == "Concern \\ Strengths")


def test_grid_marks_the_selected_cell_in_words_border_and_shading(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    data = render(make_model(real_form, example_values, templates), templates)
    grid = _grid_table(data)
    rows = [row.cells[0].text for row in grid.rows]
    columns = [cell.text for cell in grid.rows[0].cells]
    marked = [
        (rows[r], columns[c])
        for r, row in enumerate(grid.rows)
        for c, cell in enumerate(row.cells)
        if "Selected" in cell.text
    ]
    assert marked == [("Medium concern", "Medium strengths")]  # the example: medium and medium
    fills = {
        (r, c): shd.get(qn("w:fill"))
        for r, row in enumerate(grid.rows)
        for c, cell in enumerate(row.cells)
        for shd in cell._tc.iter(qn("w:shd"))
    }
    assert [key for key, fill in fills.items() if fill == SELECTED_FILL] == [(2, 2)]
    assert "A multi-agency plan with structured work" in body_text(data)  # the response it indicates


def test_draft_mark_on_every_page_of_a_draft_only(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    draft = render(make_model(mini_form, MINI_VALUES, templates), templates)
    document = _document(draft)
    for section in document.sections:  # the first page and every other page have their own header
        for header in (section.first_page_header, section.header):
            assert "DRAFT – not signed off" in "".join(t.text or "" for t in header._element.iter(qn("w:t")))
    signed = render(make_model(mini_form, MINI_VALUES, templates, signoffs=SIGNED, status="signed_off"), templates)
    raw = "".join(xml_parts(signed).values())
    assert "DRAFT" not in raw and "not signed off" not in raw
    assert "Alex Example" in body_text(signed)


def test_marking_and_draft_mark_stay_on_every_page_when_the_header_loses_them(
    templates_copy: Path, mini_form: FormDefinition
) -> None:
    reference = templates_copy / "reference.docx"
    document = docx.Document(str(reference))
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        for t in header._element.iter(qn("w:t")):
            t.text = ""  # an authority cleared the header, placeholders and all
    document.save(str(reference))
    loaded = load_templates(templates_copy)
    out = _document(render(make_model(mini_form, MINI_VALUES, loaded), loaded))
    for header in (out.sections[0].header, out.sections[0].first_page_header):
        text = "".join(t.text or "" for t in header._element.iter(qn("w:t")))
        assert "OFFICIAL-SENSITIVE" in text and "DRAFT – not signed off" in text


def test_header_and_footer_carry_marking_reference_and_page_x_of_y(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    data = render(make_model(mini_form, MINI_VALUES, templates, marking="OFFICIAL-SENSITIVE PERSONAL"), templates)
    parts = xml_parts(data)
    footers = [xml for name, xml in parts.items() if name.startswith("word/footer")]
    headers = [xml for name, xml in parts.items() if name.startswith("word/header")]
    assert footers and headers
    for footer in footers:
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
        assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
        assert "HSB-2026-0042" in footer and "OFFICIAL-SENSITIVE PERSONAL" in footer
    for header in headers:
        assert "OFFICIAL-SENSITIVE PERSONAL" in header and "{{" not in header
    assert "{{" not in "".join(parts.values())


def test_paragraph_and_line_breaks_are_kept(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    values = dict(MINI_VALUES, **{"child.notes": "First paragraph.\n\nSecond, line one\nline two\tafter a tab"})
    paragraphs = [p.text for p in _document(render(make_model(mini_form, values, templates), templates)).paragraphs]
    start = paragraphs.index("Notes")
    assert paragraphs[start + 1 : start + 3] == ["First paragraph.", "Second, line one\nline two\tafter a tab"]


def test_properties_are_set_and_nothing_hidden_is_left(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    model = make_model(mini_form, MINI_VALUES, templates, "shared", author="Alex Example")
    data = render(model, templates)
    props = _document(data).core_properties
    assert props.title == "Mini assessment"
    assert props.subject == "Shared version, case HSB-2026-0042"
    assert props.author == props.last_modified_by == "Alex Example"
    assert props.comments == "" and props.keywords == ""
    parts = xml_parts(data)
    raw = "".join(parts.values())
    assert not [name for name in parts if re.search(r"comments|app\.xml|custom|people|thumbnail", name)]
    for leftover in ("python-docx", "rsid", "w:ins ", "w:del ", "attachedTemplate", "savePreviewPicture", "docId"):
        assert leftover not in raw
    assert "<w:removePersonalInformation/>" in parts["word/settings.xml"]


def test_styles_and_header_come_from_the_reference_document(templates_copy: Path, mini_form: FormDefinition) -> None:
    reference = templates_copy / "reference.docx"
    document = docx.Document(str(reference))
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    header = document.sections[0].header.paragraphs[0]
    header.add_run(" – Sampleshire Council")
    document.save(str(reference))
    loaded = load_templates(templates_copy)
    data = render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    out = _document(data)
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    assert "OFFICIAL-SENSITIVE – Sampleshire Council" in header_footer_text(data)


def test_a_style_removed_from_the_reference_falls_back(templates_copy: Path, mini_form: FormDefinition) -> None:
    reference = templates_copy / "reference.docx"
    document = docx.Document(str(reference))
    for name in ("HSB Details", "HSB Table Label", "HSB Missing"):
        element = document.styles[name].element
        element.getparent().remove(element)
    document.save(str(reference))
    loaded = load_templates(templates_copy)
    data = render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    assert "Robin Fictional" in body_text(data)


def test_a_broken_reference_document_is_a_plain_export_failure(templates_copy: Path, mini_form: FormDefinition) -> None:
    (templates_copy / "reference.docx").write_bytes(b"not a zip")
    loaded = load_templates(templates_copy)
    with pytest.raises(ExportFailed, match=r"reference\.docx"):
        render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    (templates_copy / "blocks" / "draft_mark.j2").write_text("{{ no_such_name }}", encoding="utf-8")
    with pytest.raises(ExportFailed, match=r"draft_mark\.j2"):
        make_model(mini_form, MINI_VALUES, load_templates(templates_copy))


def test_a_logo_in_templates_goes_in_the_logo_slot(templates_copy: Path, mini_form: FormDefinition) -> None:
    loaded = load_templates(templates_copy)
    model = make_model(mini_form, MINI_VALUES, loaded)
    without = render_docx(model, loaded.reference_docx, templates_copy / "logo.png")
    (templates_copy / "logo.png").write_bytes(tiny_png())
    with_logo = render_docx(model, loaded.reference_docx, templates_copy / "logo.png")
    assert not [n for n in xml_parts(without) if "media" in n]
    headers = [xml for name, xml in xml_parts(with_logo).items() if name.startswith("word/header")]
    assert sum("<pic:pic" in xml for xml in headers) == 1
