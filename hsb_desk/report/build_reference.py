"""Builds the default ``templates/reference.docx``: run ``python -m hsb_desk.report.build_reference``.

The report takes its styles, page layout, header and footer from that file at run time, so an
authority restyles the report by editing it in Word; this script only makes the starting point.
Style names used by the report are listed in ``templates/README.md``.

One font change restyles everything: no style names a font. The document's default font is the
theme's body font (Arial here), so Word's Design ▸ Fonts changes it, and every paragraph style is
based on Normal, so changing Normal's font changes every style too.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from hsb_desk.paths import templates_dir
from hsb_desk.report.docx_settings import LANGUAGE, apply_document_settings, setting
from hsb_desk.report.ooxml import P_PR_AFTER_BORDER, P_PR_AFTER_SHD, add_field, add_text
from hsb_desk.report.scrub import scrub
from hsb_desk.report.styles import (
    CHARACTER_STYLES,
    FONT,
    PARAGRAPH_STYLES,
    TABLE_STYLES,
    StyleSpec,
)

PAGE_WIDTH, PAGE_HEIGHT = 21.0, 29.7  # A4, in centimetres
SIDE_MARGIN = 2.2
TEXT_WIDTH = Cm(PAGE_WIDTH - 2 * SIDE_MARGIN)  # where the contents' and footer's right tabs go
# The document's default fonts: the theme's body font (its "minor" font), with the face itself
# beside it for a program that does not read themes.
_THEME_FONTS = (
    ("asciiTheme", "minorHAnsi"), ("hAnsiTheme", "minorHAnsi"), ("eastAsiaTheme", "minorEastAsia"),
    ("cstheme", "minorBidi"), ("ascii", FONT), ("hAnsi", FONT), ("cs", FONT),
)  # fmt: skip


def _clear_theme(style: BaseStyle) -> None:
    """Theme fonts and colours win over explicit ones in Word: remove them so ours apply."""
    for node in style.element.iter():
        for name in [n for n in node.attrib if "heme" in n.rsplit("}", 1)[-1]]:
            del node.attrib[name]


def _twin(style: BaseStyle, tag: str, twin: str, value: str | None) -> None:
    r_pr = style.element.get_or_add_rPr()
    for old in r_pr.findall(qn(twin)):
        r_pr.remove(old)
    anchor = r_pr.find(qn(tag))
    if value is None or anchor is None:
        return
    element = OxmlElement(twin)
    element.set(qn("w:val"), value)
    anchor.addnext(element)


def _apply(style: BaseStyle, spec: StyleSpec) -> None:
    font = style.font  # type: ignore[attr-defined]
    if spec.size:
        font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = spec.italic
    # Complex-script twins, so that right-to-left text (an Arabic or Hebrew name) gets the
    # same size and weight as the Latin text around it.
    _twin(style, "w:sz", "w:szCs", str(int(spec.size * 2)) if spec.size else None)
    _twin(style, "w:b", "w:bCs", "1" if spec.bold else None)
    _twin(style, "w:i", "w:iCs", "1" if spec.italic else None)
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    if spec.caps:
        font.all_caps = True
    if style.type != WD_STYLE_TYPE.PARAGRAPH:
        return
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.line_spacing = spec.line
    fmt.keep_with_next = spec.keep_with_next
    if spec.align == "center":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p_pr = style.element.get_or_add_pPr()
    for old in p_pr.findall(qn("w:pBdr")) + p_pr.findall(qn("w:shd")):
        p_pr.remove(old)
    if spec.border or spec.fill:
        edges = ("top", "left", "bottom", "right") if spec.box else ("bottom",)
        colour = spec.border or "auto"
        xml = "".join(f'<w:{e} w:val="single" w:sz="8" w:space="4" w:color="{colour}"/>' for e in edges)
        p_pr.insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{xml}</w:pBdr>"), *P_PR_AFTER_BORDER)
    if spec.fill:
        shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{spec.fill}"/>')
        p_pr.insert_element_before(shading, *P_PR_AFTER_SHD)
    if spec.indent:
        fmt.left_indent = Cm(spec.indent)
        fmt.right_indent = Cm(spec.indent if spec.box else 0)


def _fonts_from_normal_or_theme(document: Document) -> None:
    """No style names a font: each takes Normal's, and Normal the theme's body font (Arial,
    right-to-left scripts included). A paragraph style based on nothing is based on Normal."""
    styles = document.styles.element
    for r_fonts in styles.iter(qn("w:rFonts")):
        r_fonts.getparent().remove(r_fonts)
    default_r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    r_fonts = OxmlElement("w:rFonts")
    for attribute, value in _THEME_FONTS:
        r_fonts.set(qn(f"w:{attribute}"), value)
    default_r_pr.insert(0, r_fonts)
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph" or style.get(qn("w:styleId")) == "Normal":
            continue
        if style.find(qn("w:basedOn")) is None:
            based_on = OxmlElement("w:basedOn")
            based_on.set(qn("w:val"), "Normal")
            style.insert_element_before(based_on, *_STYLE_AFTER_BASED_ON)
    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME:
            _theme_fonts(rel.target_part)


# What follows w:basedOn in a style (CT_Style).
_STYLE_AFTER_BASED_ON = (
    "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed",
    "w:qFormat", "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip


def _theme_fonts(theme: Part) -> None:
    """The theme's heading and body fonts (Design ▸ Fonts) set to ours, for Latin and
    right-to-left text alike."""
    xml = theme.blob.decode("utf-8")
    for kind in ("major", "minor"):
        block = re.search(rf"<a:{kind}Font>.*?</a:{kind}Font>", xml, re.S)
        if block is None:
            continue
        fonts = re.sub(r'<a:(latin|cs) typeface="[^"]*"', rf'<a:\1 typeface="{FONT}"', block.group(0))
        xml = xml[: block.start()] + fonts + xml[block.end() :]
    theme._blob = xml.encode("utf-8")  # a generic part: python-docx keeps its bytes as they are


def add_styles(document: Document) -> None:
    styles = document.styles
    for name, spec in PARAGRAPH_STYLES.items():
        style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.based_on:
            style.base_style = styles[spec.based_on]
        _clear_theme(style)
        _apply(style, spec)
        style.quick_style = True
    for name, spec in CHARACTER_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        _apply(style, spec)
    for name, xml in TABLE_STYLES.items():
        existing = [s for s in styles if s.name == name]
        for old in existing:
            styles.element.remove(old.element)
        styles.element.append(parse_xml(xml))
    tabs = styles["HSB Contents"].paragraph_format.tab_stops
    tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _fonts_from_normal_or_theme(document)


def _header(paragraphs: list[tuple[str, str]], container: object) -> None:
    first = True
    for style, text in paragraphs:
        paragraph = container.paragraphs[0] if first else container.add_paragraph()  # type: ignore[attr-defined]
        first = False
        paragraph.style = style
        add_text(paragraph, text)


def add_header_and_footer(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    section.left_margin = section.right_margin = Cm(SIDE_MARGIN)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True
    # First page: a slot for the authority's logo beside the marking.
    first = section.first_page_header
    table = first.add_table(rows=1, cols=2, width=TEXT_WIDTH)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    logo, marking = table.rows[0].cells
    logo.paragraphs[0].style = "HSB Header"
    add_text(logo.paragraphs[0], "{{ logo }}")
    marking.paragraphs[0].style = "HSB Marking"
    marking.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(marking.paragraphs[0], "{{ marking }}")
    draft = marking.add_paragraph(style="HSB Draft Mark")
    draft.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(draft, "{{ draft_mark }}")
    first.paragraphs[0].style = "HSB Header"
    first._element.append(first.paragraphs[0]._p)  # a header ends with a paragraph, after the table
    _header([("HSB Marking", "{{ marking }}"), ("HSB Draft Mark", "{{ draft_mark }}")], section.header)
    for footer in (section.footer, section.first_page_footer):
        # The version label and the separator before it go when there is no label.
        _header([("HSB Footer", "Case {{ reference }} · {{ version }} · {{ version_label }}\t")], footer)
        line = footer.paragraphs[0]
        line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        add_text(line, "Page ")
        # Cached results, shown by a program that does not lay the page out; Word and LibreOffice
        # work out each page's own number as they lay it out, in Protected View too.
        add_field(line, "PAGE", "1")
        add_text(line, " of ")
        add_field(line, "NUMPAGES", "1")
        copy_line = footer.add_paragraph(style="HSB Footer")  # a recipient's copy; gone when there is none
        add_text(copy_line, "{{ copy_for }}")
        marking_line = footer.add_paragraph(style="HSB Marking")
        add_text(marking_line, "{{ marking }}")


def add_sample_body(document: Document) -> None:
    """Text showing each style, so that whoever opens this file in Word sees what to change.
    The report replaces the whole body; only styles, page layout, header and footer are used."""
    document.add_paragraph("Report title (style: Title)", style="Title")
    document.add_paragraph("Full report or shared version (style: Subtitle)", style="Subtitle")
    document.add_paragraph(
        "This document is the reference for HSB Desk's Word reports. Change the styles, page "
        "margins, header and footer here (keep the {{ … }} placeholders) and every report "
        "follows. Whatever is written in this body is ignored.",
        style="Normal",
    )
    for name in PARAGRAPH_STYLES:
        if name not in ("Title", "Subtitle", "Normal", "HSB Marking", "HSB Draft Mark", "HSB Header", "HSB Footer"):
            document.add_paragraph(f"Sample text in the style {name}.", style=name)
    table = document.add_table(rows=2, cols=2, style="HSB Table")
    table.cell(0, 0).text, table.cell(0, 1).text = "Table heading (HSB Table)", "Second column"
    table.cell(1, 0).text, table.cell(1, 1).text = "A cell", "Another cell"


def build(path: Path) -> None:
    document = docx.Document()
    add_styles(document)
    add_header_and_footer(document)
    add_sample_body(document)
    apply_document_settings(document)
    # A British Word writes no East Asian theme language (python-docx's default is Japanese).
    theme_language = setting(document.settings.element, "themeFontLang")
    for name in list(theme_language.attrib):
        del theme_language.attrib[name]
    theme_language.set(qn("w:val"), LANGUAGE)
    scrub(document, title="HSB Desk report reference", subject="", author="", category="", status="")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def main() -> int:
    target = templates_dir() / "reference.docx" if len(sys.argv) < 2 else Path(sys.argv[1])
    build(target)
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
