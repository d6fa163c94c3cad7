"""Small WordprocessingML helpers python-docx has no API for: fields, bookmarks, internal links,
cell shading and borders, repeated header rows, and text with tabs and line breaks."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

_SPLIT = re.compile(r"(\t|\n)")
# Word rejects a file whose property elements are out of the schema's order, so new ones are
# inserted before whichever of their successors is already there.
_TC_PR_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TC_PR_AFTER_SHD = _TC_PR_AFTER_BORDERS[1:]
P_PR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
P_PR_AFTER_SHD = P_PR_AFTER_BORDER[1:]


def append_text(run: Any, text: str) -> None:
    """Append ``text`` to a ``w:r`` element: tabs become ``w:tab``, line breaks ``w:br``.
    (python-docx does the same one character at a time, which is slow for a 1 MB paste.)"""
    for piece in _SPLIT.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            t = OxmlElement("w:t")
            t.text = piece
            t.set(qn("xml:space"), "preserve")
            run.append(t)


def add_text(paragraph: Paragraph, text: str, style: str | None = None, bold: bool = False) -> Any:
    """A run holding ``text`` (already cleaned), optionally in a character style."""
    run = paragraph.add_run()
    if style:
        run.style = style
    if bold:
        run.bold = True
    append_text(run._r, text)
    return run


def add_field(paragraph: Paragraph, instruction: str, cached: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, PAGEREF...) with ``cached`` as its last shown result."""

    def run_with(child: Any) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    if cached:
        result = OxmlElement("w:r")
        append_text(result, cached)
        paragraph._p.append(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def add_bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole paragraph as bookmark ``name`` (the target of a contents entry)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def add_internal_link(paragraph: Paragraph, anchor: str, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    append_text(run, text)
    link.append(run)
    paragraph._p.append(link)


def shade(cell: _Cell, fill: str) -> None:
    """Background of a table cell (a hex colour such as ``D9E2F3``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shd, *_TC_PR_AFTER_SHD)


def border_cell(cell: _Cell, size: int = 18, color: str = "1F3864") -> None:
    """A heavy border round one cell, so that a selection shows in black-and-white print too."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    tc_pr.insert_element_before(borders, *_TC_PR_AFTER_BORDERS)


def repeat_as_header(row: _Row) -> None:
    """Repeat this row at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_together(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def set_widths(table: Table, widths: list[int]) -> None:
    """Column widths in twentieths of a point, written both where Word and LibreOffice read them."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(width))
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            tc_w = cell._tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


def replace_placeholders(paragraph: Any, mapping: dict[str, str]) -> bool:
    """Replace ``{{ name }}`` placeholders in a paragraph element, even when Word has split one
    across several runs. Returns whether anything was replaced."""
    texts = [t for t in paragraph.iter(qn("w:t"))]
    joined = "".join(t.text or "" for t in texts)
    if "{{" not in joined:
        return False
    pattern = re.compile(r"\{\{\s*(" + "|".join(re.escape(k) for k in mapping) + r")\s*\}\}")
    matches = list(pattern.finditer(joined))
    if not matches:
        return False
    # Map each character of the joined text back to its w:t element and offset.
    owners: list[tuple[int, int]] = []
    for index, t in enumerate(texts):
        owners.extend((index, offset) for offset in range(len(t.text or "")))
    new_texts = [list(t.text or "") for t in texts]
    for match in reversed(matches):
        first, offset = owners[match.start()]
        for position in range(match.start(), match.end()):
            index, at = owners[position]
            new_texts[index][at] = ""
        new_texts[first][offset] = mapping[match.group(1)]
    for t, chars in zip(texts, new_texts, strict=True):
        t.text = "".join(chars)
        t.set(qn("xml:space"), "preserve")
    return True


# Settings that the schema places after w:updateFields (the order is fixed).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def ask_to_update_fields(settings: Any) -> None:
    """Ask Word to update fields (page references of the contents) when the file is opened."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    later = {qn(tag) for tag in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in later:
            child.addprevious(element)
            return
    settings.append(element)
