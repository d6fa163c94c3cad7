"""Word foundations (issue 17, items 13-15 and the footers): read back from the .docx's XML.

Language, compatibility mode, heading levels, the end of the body, rules and table edges, one
font change restyling everything, a contents that reads in Protected View, and the parts in front
of the contents. (The footer's version and copy lines: test_report_authority_templates.py.)
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Cm
from lxml import etree
from test_report_model import (
    MINI_VALUES,
    body_text,
    example_values,
    make_model,
    real_form,
    render,
    templates,
    templates_copy,
    xml_parts,
)

from hsb_desk.formspec import FormDefinition
from hsb_desk.report import ReportModel, ReportTemplates, load_templates
from hsb_desk.report.build_reference import build
from hsb_desk.report.model import Narrative, Part, Records, Table, Value

__all__ = ["example_values", "real_form", "templates", "templates_copy"]  # fixtures used here

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, name: str) -> Any:
    return etree.fromstring(xml_parts(data)[name].encode("utf-8"))


def parts_named(data: bytes, prefix: str) -> list[Any]:
    return [etree.fromstring(xml.encode("utf-8")) for name, xml in xml_parts(data).items() if name.startswith(prefix)]


def _val(element: Any, attribute: str = "val") -> str | None:
    return element.get(f"{W}{attribute}") if element is not None else None


def _style(p: Any) -> str | None:
    return _val(p.find(f"{W}pPr/{W}pStyle"))


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _blocks(data: bytes) -> list[Any]:
    body = _xml(data, "word/document.xml").find(f"{W}body")
    return [child for child in body if child.tag != f"{W}sectPr"]


def edit_reference(folder: Path, change: Any) -> ReportTemplates:
    reference = folder / "reference.docx"
    document = docx.Document(str(reference))
    change(document)
    document.save(str(reference))
    return load_templates(folder)


def mini_model(templates: ReportTemplates, mini_form: FormDefinition, **fields: Any) -> ReportModel:
    return replace(make_model(mini_form, MINI_VALUES, templates), **fields)


# -- 13: language, compatibility mode ------------------------------------------------------------
def _american(document: Any) -> None:
    """A reference saved by an American Word 2010."""
    styles = document.styles.element
    styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").set(f"{W}val", "en-US")
    document.styles["Heading 1"].element.get_or_add_rPr().append(
        etree.fromstring(f'<w:lang xmlns:w="{W[1:-1]}" w:val="en-US" w:eastAsia="en-US"/>')
    )
    settings = document.settings.element
    settings.find(f"{W}themeFontLang").set(f"{W}val", "en-US")
    for node in settings.iter(f"{W}compatSetting"):
        if _val(node, "name") == "compatibilityMode":
            node.set(f"{W}val", "14")


def test_language_is_british_english_and_the_layout_current_word(
    templates_copy: Path, mini_form: FormDefinition
) -> None:
    loaded = edit_reference(templates_copy, _american)
    data = render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    styles = _xml(data, "word/styles.xml")
    assert _val(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")) == "en-GB"
    langs = list(styles.iter(f"{W}lang"))
    assert len(langs) >= 2  # the defaults and Heading 1's
    for lang in langs:
        assert {_val(lang), _val(lang, "eastAsia")} - {None} == {"en-GB"}
    settings = _xml(data, "word/settings.xml")
    assert _val(settings.find(f"{W}themeFontLang")) == "en-GB"
    modes = [_val(n) for n in settings.iter(f"{W}compatSetting") if _val(n, "name") == "compatibilityMode"]
    assert modes == ["15"]
    assert docx.Document(io.BytesIO(data)).core_properties.language == "en-GB"


# -- 13: heading levels, the end of the body, rules, table edges -----------------------------------
def _heading_levels(data: bytes) -> list[tuple[int, str]]:
    levels = []
    for block in _blocks(data):
        match = re.fullmatch(r"Heading(\d)", _style(block) or "") if block.tag == f"{W}p" else None
        if match:
            levels.append((int(match.group(1)), _text(block)))
    return levels


def _assert_no_gaps(levels: list[tuple[int, str]]) -> None:
    previous = 0
    for level, title in levels:
        assert level <= previous + 1, f"{title!r} is Heading {level} under a Heading {previous}"
        previous = level


def test_heading_levels_have_no_gaps(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    levels = _heading_levels(render(make_model(real_form, example_values, templates), templates))
    _assert_no_gaps(levels)
    incidents = [i for i, (_, title) in enumerate(levels) if title == "Incidents"]
    assert incidents and levels[incidents[0]][0] == 2 and levels[incidents[0] + 1] == (3, "Incident 1")


def test_a_heading_a_level_too_deep_is_raised(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    records = Records("", "Record", ((("What", ("A fictional entry",)),),))  # no label: no Heading 2
    model = mini_model(templates, mini_form, parts=(Part("notes", "Notes", (records,)),))
    levels = _heading_levels(render(model, templates))
    assert (2, "Record 1") in levels
    _assert_no_gaps(levels)


def _last_block_checks(data: bytes) -> Any:
    blocks = _blocks(data)
    for br in blocks[-1].iter(f"{W}br"):
        assert _val(br, "type") != "page"
    return blocks


def test_no_blank_page_after_a_final_table(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    table = Table("", ("Term", "Meaning"), ((("AIM",), ("A fictional meaning",)),))
    data = render(mini_model(templates, mini_form, parts=(Part("glossary", "Glossary", (table,)),)), templates)
    blocks = _last_block_checks(data)
    last = blocks[-1]
    # Word needs a paragraph after a final table: it is empty and one point high, so that a table
    # ending at the foot of a page cannot push it onto a page of its own.
    assert blocks[-2].tag == f"{W}tbl" and not _text(last)
    spacing = last.find(f"{W}pPr/{W}spacing")
    assert (_val(spacing, "line"), _val(spacing, "lineRule"), _val(spacing, "after")) == ("20", "exact", "0")
    assert _val(last.find(f"{W}pPr/{W}rPr/{W}sz")) == "2"


def test_no_blank_page_after_a_final_page_break(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    # Nothing after the contents (whose page break would start an empty last page).
    empty = mini_model(templates, mini_form, front=(), opening=(), sections=(), parts=())
    assert _text(_last_block_checks(render(empty, templates))[-1]) == "Contents"
    model = mini_model(templates, mini_form, parts=(Part("end", "End", paragraphs=("The last words.",)),))
    assert _text(_last_block_checks(render(model, templates))[-1]) == "The last words."


def test_a_section_on_a_new_page_straight_after_the_contents_leaves_no_blank_page(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    model = make_model(mini_form, MINI_VALUES, templates)
    first, *rest = model.sections
    data = render(replace(model, sections=(replace(first, new_page=True), *rest)), templates)
    heading = next(b for b in _blocks(data) if _text(b) == f"1. {first.title}" and _style(b) == "Heading1")
    assert len(heading.findall(f"{W}pPr/{W}pageBreakBefore")) == 1  # the contents' new page, and no second
    previous = heading.getprevious()
    assert not any(_val(br, "type") == "page" for br in previous.iter(f"{W}br"))


def test_new_pages_start_at_headings_so_a_full_page_is_never_followed_by_a_blank_one(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    """A page break typed at the end of a page that is already full leaves an empty page (the
    summary filling page 2 did): each new page is "page break before" on its heading instead."""
    blocks = _blocks(render(make_model(real_form, example_values, templates), templates))
    assert not any(_val(br, "type") == "page" for b in blocks for br in b.iter(f"{W}br"))
    starts = [_text(b) for b in blocks if b.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert starts[:2] == ["Summary and recommendation", "Contents"]
    assert "12. Conclusion and analysis" in starts


def test_a_table_under_a_heading_rule_has_no_top_border_of_its_own(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    table = Table("", ("Name", "Role"), ((("Alex Example",), ("Lead",)),))
    data = render(mini_model(templates, mini_form, parts=(Part("who", "Who", (table,)),)), templates)
    blocks = _blocks(data)
    under_heading = [b for i, b in enumerate(blocks) if b.tag == f"{W}tbl" and _style(blocks[i - 1]) == "Heading1"]
    assert under_heading
    for tbl in under_heading:
        assert _val(tbl.find(f"{W}tblPr/{W}tblBorders/{W}top")) == "nil"
    others = [b for b in blocks if b.tag == f"{W}tbl" and not any(b is t for t in under_heading)]
    assert others and all(t.find(f"{W}tblPr/{W}tblBorders") is None for t in others)


def test_a_short_table_row_is_not_cut_across_pages(mini_form: FormDefinition, templates: ReportTemplates) -> None:
    table = Table("", ("Term", "Meaning"), ((("AIM",), ("Short",)), (("Long",), ("x" * 2000,))))
    data = render(mini_model(templates, mini_form, parts=(Part("glossary", "Glossary", (table,)),)), templates)
    tbl = [b for b in _blocks(data) if b.tag == f"{W}tbl"][-1]
    rows = tbl.findall(f"{W}tr")
    assert [row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows[1:]] == [True, False]


def test_tables_sit_on_the_text_margins(templates_copy: Path, mini_form: FormDefinition) -> None:
    def wider_margins(document: Any) -> None:
        document.sections[0].left_margin = document.sections[0].right_margin = Cm(3)

    loaded = edit_reference(templates_copy, wider_margins)
    data = render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    text_width = round(Cm(21 - 6).twips)
    tables = [b for b in _blocks(data) if b.tag == f"{W}tbl"]
    assert tables
    for tbl in tables:
        indent = tbl.find(f"{W}tblPr/{W}tblInd")
        assert (_val(indent, "w"), _val(indent, "type")) == ("0", "dxa")
        widths = sum(int(_val(col, "w") or 0) for col in tbl.iter(f"{W}gridCol"))
        assert abs(widths - text_width) <= 2
    # A right tab in the footer (before "Page X of Y") follows the margins too.
    for footer in parts_named(data, "word/footer"):
        tabs = [int(_val(t, "pos") or 0) for t in footer.iter(f"{W}tab") if _val(t) == "right"]
        assert tabs and all(abs(t - text_width) <= 2 for t in tabs)


# -- 14: one font change restyles everything --------------------------------------------------------
def _resolved_fonts(data: bytes) -> set[str]:
    """The Latin font of every run of text in the body, headers and footers, resolved as Word
    does: the run, its character style, its paragraph style and the styles it is based on, the
    document defaults. A theme font is given by its theme slot (minorHAnsi)."""
    styles = _xml(data, "word/styles.xml")
    by_id = {_val(s, "styleId"): s for s in styles.iter(f"{W}style")}

    def own(r_pr: Any) -> str | None:
        fonts = r_pr.find(f"{W}rFonts") if r_pr is not None else None
        return None if fonts is None else (_val(fonts, "asciiTheme") or _val(fonts, "ascii"))

    def chain(style_id: str | None) -> str | None:
        while style_id in by_id:
            found = own(by_id[style_id].find(f"{W}rPr"))
            if found:
                return found
            style_id = _val(by_id[style_id].find(f"{W}basedOn"))
        return None

    default = own(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    fonts = set()
    for part in [_xml(data, "word/document.xml"), *parts_named(data, "word/header"), *parts_named(data, "word/footer")]:
        for p in part.iter(f"{W}p"):
            paragraph = chain(_style(p) or "Normal")
            for run in p.iter(f"{W}r"):
                if run.find(f"{W}t") is None:
                    continue
                r_pr = run.find(f"{W}rPr")
                character = chain(_val(r_pr.find(f"{W}rStyle"))) if r_pr is not None else None
                fonts.add(own(r_pr) or character or paragraph or default or "?")
    return fonts


SHIPPED = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"


@pytest.mark.parametrize("built_now", [False, True], ids=["shipped", "built-now"])
def test_one_font_change_restyles_everything(
    built_now: bool, templates_copy: Path, real_form: FormDefinition, example_values: dict[str, Any]
) -> None:
    folder = templates_copy
    if built_now:  # so that a change to build_reference is tested before the file is rebuilt
        build(folder / "reference.docx")
    as_built = load_templates(folder)
    data = render(make_model(real_form, example_values, as_built), as_built)
    assert _resolved_fonts(data) == {"minorHAnsi"}  # the theme's body font: Design ▸ Fonts changes it
    theme = xml_parts(data)["word/theme/theme1.xml"]
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="Arial"', theme)
    styles = _xml(data, "word/styles.xml")
    for style in styles.iter(f"{W}style"):
        assert style.find(f"{W}rPr/{W}rFonts") is None, _val(style, "styleId")  # no style names a font

    def verdana(document: Any) -> None:
        document.styles["Normal"].font.name = "Verdana"  # what Modify Normal ▸ Font does

    changed = edit_reference(folder, verdana)
    assert _resolved_fonts(render(make_model(real_form, example_values, changed), changed)) == {"Verdana"}


def test_every_paragraph_style_is_based_on_normal(tmp_path: Path) -> None:
    build(tmp_path / "reference.docx")
    for reference in (tmp_path / "reference.docx", SHIPPED):
        with zipfile.ZipFile(reference) as package:
            styles = etree.fromstring(package.read("word/styles.xml"))
        by_id = {_val(s, "styleId"): s for s in styles.iter(f"{W}style")}
        for style_id, style in by_id.items():
            if _val(style, "type") != "paragraph":
                continue
            seen = [style_id]
            while seen[-1] != "Normal":
                seen.append(_val(by_id[seen[-1]].find(f"{W}basedOn")) or "")
                assert seen[-1] in by_id, f"{style_id} is not based on Normal"


# -- 15: a contents that reads in Protected View ------------------------------------------------------
def _contents(data: bytes) -> list[Any]:
    return [b for b in _blocks(data) if b.tag == f"{W}p" and _style(b) == "HSBContents"]


def test_contents_is_links_without_fields_or_a_question_on_opening(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    data = render(make_model(real_form, example_values, templates), templates)
    document = xml_parts(data)["word/document.xml"]
    assert "<w:updateFields" not in xml_parts(data)["word/settings.xml"]
    assert not re.search(r"<w:instrText[^>]*>\s*(TOC|PAGEREF)", document) and "w:fldSimple" not in document
    bookmarks = {_val(b, "name") for b in _xml(data, "word/document.xml").iter(f"{W}bookmarkStart")}
    entries = _contents(data)
    headings = [t for level, t in _heading_levels(data) if level == 1 and t != "Contents"]
    assert [_text(e) for e in entries] == headings
    for entry in entries:
        links = entry.findall(f"{W}hyperlink")
        assert len(links) == 1 and _val(links[0], "anchor") in bookmarks
        assert entry.find(f"{W}pPr/{W}tabs") is None  # no dotted line leading to nothing


def test_page_numbers_in_the_contents_remain_an_option(templates_copy: Path, mini_form: FormDefinition) -> None:
    settings = templates_copy / "report.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("contents_page_numbers: false", "contents_page_numbers: true"),
        encoding="utf-8",
    )

    def wider_margins(document: Any) -> None:
        document.sections[0].left_margin = document.sections[0].right_margin = Cm(3)

    loaded = edit_reference(templates_copy, wider_margins)
    data = render(make_model(mini_form, MINI_VALUES, loaded), loaded)
    assert '<w:updateFields w:val="true"/>' in xml_parts(data)["word/settings.xml"]
    text_width = str(round(Cm(21 - 6).twips))
    for entry in _contents(data):
        assert "PAGEREF" in "".join(i.text or "" for i in entry.iter(f"{W}instrText"))
        tabs = {(_val(t), _val(t, "pos"), _val(t, "leader")) for t in entry.iter(f"{W}tab") if _val(t)}
        # The page number's dotted tab on this reference's margin; the style's (at 16.6 cm) cleared.
        assert ("right", text_width, "dot") in tabs and ("clear", "9411", None) in tabs


@pytest.mark.parametrize("built_now", [False, True], ids=["shipped", "built-now"])
def test_page_x_of_y_carries_a_number_before_word_lays_the_page_out(
    built_now: bool, templates_copy: Path, mini_form: FormDefinition
) -> None:
    if built_now:
        build(templates_copy / "reference.docx")
    loaded = load_templates(templates_copy)
    for footer in parts_named(render(make_model(mini_form, MINI_VALUES, loaded), loaded), "word/footer"):
        runs = list(footer.iter(f"{W}r"))
        fields = [i for i, r in enumerate(runs) if (r.findtext(f"{W}instrText") or "").strip() in ("PAGE", "NUMPAGES")]
        assert len(fields) == 2
        for at in fields:
            assert _val(runs[at + 1].find(f"{W}fldChar"), "fldCharType") == "separate"
            assert _text(runs[at + 2]).isdigit()


# -- the parts in front of the contents ---------------------------------------------------------------
def test_front_parts_come_after_the_cover_on_a_new_page_and_are_in_the_contents(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    summary = Part(
        "summary",
        "Summary and recommendation",
        (Value("Recommended plan", "Fictional structured work"), Narrative("Why", ("A fictional reason.",))),
        ("A closing line of the summary.",),
    )
    data = render(mini_model(templates, mini_form, front=(summary,)), templates)
    blocks = _blocks(data)
    titles = [_text(b) for b in blocks]
    start = titles.index("Summary and recommendation")
    assert start < titles.index("Contents")
    notices = [i for i, b in enumerate(blocks) if _style(b) in ("HSBNotice", "HSBDraftNotice")]
    assert max(notices) < start
    assert blocks[start].find(f"{W}pPr/{W}pageBreakBefore") is not None  # on a page of its own
    assert _style(blocks[start]) == "Heading1"
    # Its items as a closing part's: short answers in a label-and-value table, a narrative, a paragraph.
    text = body_text(data)
    assert text.index("Recommended plan") < text.index("Fictional structured work") < text.index("A fictional reason.")
    assert "A closing line of the summary." in text
    entries = [_text(e) for e in _contents(data)]
    assert entries[0] == "Summary and recommendation"
    anchor = _val(_contents(data)[0].find(f"{W}hyperlink"), "anchor")
    assert anchor in {_val(b, "name") for b in blocks[start].iter(f"{W}bookmarkStart")}
