"""Small WordprocessingML helpers python-docx has no API for: fields, bookmarks, internal links,
cell shading and borders, repeated header rows, and text with tabs and line breaks; and the
paragraphs, runs and tables the report is made of, built directly as elements.

python-docx adds each element through a generic "insert before whichever successor is there"
that qualifies and searches up to 35 tag names per call; a report adds thousands. The builders
here know where each element goes in the new, still empty, parent and put it there: the XML is
the same as python-docx's, without the searching.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.text.paragraph import Paragraph

_SPLIT = re.compile(r"(\t|\n)")
_W = nsmap["w"]
_W_DECLARED = {"w": _W}
_XML_SPACE = qn("xml:space")
# python-docx's defaults for a new table's look (first row and first column emphasised).
_TBL_LOOK = (
    ("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"), ("noHBand", "0"),
    ("noVBand", "1"), ("val", "04A0"),
)  # fmt: skip
# Word rejects a file whose property elements are out of the schema's order, so new ones are
# inserted before whichever of their successors is already there.
_TC_PR_AFTER_BORDERS = tuple(
    qn(tag) for tag in ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
)
_TC_PR_AFTER_SHD = _TC_PR_AFTER_BORDERS[1:]
P_PR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
P_PR_AFTER_SHD = P_PR_AFTER_BORDER[1:]


def w_element(name: str, *attributes: tuple[str, str]) -> Any:
    """A new ``w:NAME`` element, as ``OxmlElement("w:NAME")`` makes it (the same element class
    and namespace declaration), with ``(name, value)`` attributes in the w namespace, in order."""
    element = oxml_parser.makeelement(f"{{{_W}}}{name}", nsmap=_W_DECLARED)
    for key, value in attributes:
        element.set(f"{{{_W}}}{key}", value)
    return element


def insert_before(parent: Any, element: Any, successors: Sequence[str]) -> None:
    """python-docx's ``insert_element_before`` with the successors' names already qualified:
    ``element`` goes before the first of ``successors`` present, or at the end."""
    for tag in successors:
        successor = parent.find(tag)
        if successor is not None:
            successor.addprevious(element)
            return
    parent.append(element)


def append_text(run: Any, text: str) -> None:
    """Append ``text`` to a ``w:r`` element: tabs become ``w:tab``, line breaks ``w:br``.
    (python-docx does the same one character at a time, which is slow for a 1 MB paste.)"""
    for piece in _SPLIT.split(text):
        if piece == "\t":
            run.append(w_element("tab"))
        elif piece == "\n":
            run.append(w_element("br"))
        elif piece:
            t = w_element("t")
            t.text = piece
            t.set(_XML_SPACE, "preserve")
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


def _paragraph_properties(style_id: str | None) -> Any:
    # Like python-docx's ``p.style = ...``: a w:pPr even when there is no style to name.
    p_pr = w_element("pPr")
    if style_id is not None:
        p_pr.append(w_element("pStyle", ("val", style_id)))
    return p_pr


def new_paragraph(style_id: str | None) -> Any:
    """An empty ``w:p`` in paragraph style ``style_id``."""
    p = w_element("p")
    p.append(_paragraph_properties(style_id))
    return p


def set_paragraph_style(p: Any, style_id: str | None) -> None:
    """Put the ``w:p`` element ``p`` in paragraph style ``style_id``."""
    if len(p):  # it has content already: let python-docx find the places
        p.style = style_id
    else:
        p.append(_paragraph_properties(style_id))


def add_run(p: Any, text: str, style_id: str | None = None, bold: bool = False) -> Any:
    """A ``w:r`` holding ``text`` at the end of the ``w:p`` element ``p``, optionally in
    character style ``style_id`` and bold."""
    r = w_element("r")
    if style_id or bold:
        r_pr = w_element("rPr")
        if style_id:
            r_pr.append(w_element("rStyle", ("val", style_id)))
        if bold:
            r_pr.append(w_element("b"))
        r.append(r_pr)
    append_text(r, text)
    p.append(r)
    return r


def space_after_none(p: Any) -> None:
    """No space after the ``w:p`` element ``p``, made by :func:`new_paragraph`."""
    p[0].append(w_element("spacing", ("after", "0")))


def new_table(widths: Sequence[int], rows: int, style_id: str | None) -> tuple[Any, list[list[Any]]]:
    """A ``w:tbl`` of ``rows`` rows of empty cells, its columns fixed at ``widths`` (twentieths
    of a point, written both where Word and LibreOffice read them), and its ``w:tc`` cells by
    row. The XML is python-docx's ``add_table`` with the widths and the table style set."""
    tbl = w_element("tbl")
    tbl_pr = w_element("tblPr")
    if style_id:
        tbl_pr.append(w_element("tblStyle", ("val", style_id)))
    tbl_pr.append(w_element("tblW", ("type", "dxa"), ("w", str(sum(widths)))))
    tbl_pr.append(w_element("tblLayout", ("type", "fixed")))
    tbl_pr.append(w_element("tblLook", *_TBL_LOOK))
    tbl.append(tbl_pr)
    grid = w_element("tblGrid")
    for width in widths:
        grid.append(w_element("gridCol", ("w", str(width))))
    tbl.append(grid)
    cells: list[list[Any]] = []
    for _ in range(rows):
        tr = w_element("tr")
        row = []
        for width in widths:
            tc = w_element("tc")
            tc_pr = w_element("tcPr")
            tc_pr.append(w_element("tcW", ("type", "dxa"), ("w", str(width))))
            tc.append(tc_pr)
            tc.append(w_element("p"))
            tr.append(tc)
            row.append(tc)
        tbl.append(tr)
        cells.append(row)
    return tbl, cells


# A table's properties that follow w:tblInd, and w:tblBorders, in the schema's order.
_TBL_PR_AFTER_IND = tuple(
    qn(f"w:{tag}")
    for tag in ("tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")
)
_TBL_PR_AFTER_BORDERS = _TBL_PR_AFTER_IND[1:]
_TBL_BORDERS_AFTER_TOP = tuple(
    qn(f"w:{tag}") for tag in ("left", "start", "bottom", "right", "end", "insideH", "insideV")
)


def indent_table(tbl: Any, twips: int = 0) -> None:
    """The table's edge ``twips`` from the text margin: on it at 0 (in Word's compatibility mode
    15; older modes put the cell's text there and the border out in the margin)."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    for old in tbl_pr.findall(qn("w:tblInd")):
        tbl_pr.remove(old)
    insert_before(tbl_pr, w_element("tblInd", ("w", str(twips)), ("type", "dxa")), _TBL_PR_AFTER_IND)


def open_top(tbl: Any) -> None:
    """No top border on this table, whatever its style says: it sits right under a paragraph's
    rule (a heading's), and two lines would meet."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = w_element("tblBorders")
        insert_before(tbl_pr, borders, _TBL_PR_AFTER_BORDERS)
    for old in borders.findall(qn("w:top")):
        borders.remove(old)
    top = w_element("top", ("val", "nil"))
    insert_before(borders, top, _TBL_BORDERS_AFTER_TOP)


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


def shade(tc: Any, fill: str) -> None:
    """Background of a table cell (a ``w:tc``; ``fill`` a hex colour such as ``D9E2F3``)."""
    tc_pr = tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = w_element("shd", ("val", "clear"), ("color", "auto"), ("fill", fill))
    insert_before(tc_pr, shd, _TC_PR_AFTER_SHD)


def border_cell(tc: Any, size: int = 18, color: str = "1F3864") -> None:
    """A heavy border round one cell (a ``w:tc``), so that a selection shows in black-and-white
    print too."""
    tc_pr = tc.get_or_add_tcPr()
    borders = w_element("tcBorders")
    for side in ("top", "left", "bottom", "right"):
        borders.append(w_element(side, ("val", "single"), ("sz", str(size)), ("space", "0"), ("color", color)))
    insert_before(tc_pr, borders, _TC_PR_AFTER_BORDERS)


def repeat_as_header(tr: Any) -> None:
    """Repeat this row (a ``w:tr``) at the top of each page the table runs onto."""
    tr.get_or_add_trPr().append(w_element("tblHeader"))


def keep_row_together(tr: Any) -> None:
    """Keep this row (a ``w:tr``) on one page."""
    tr.get_or_add_trPr().append(w_element("cantSplit"))


# A separator written before a placeholder ("Case {{ reference }} · {{ version_label }}"): it goes
# with the placeholder when the placeholder has nothing to show.
_SEPARATOR = r"(?P<separator>[ \u00a0]*[·•|–—,][ \u00a0]*)?"


def replace_placeholders(paragraph: Any, mapping: dict[str, str]) -> bool:
    """Replace ``{{ name }}`` placeholders in a paragraph element, even when Word has split one
    across several runs. A placeholder with nothing to show takes the separator before it (`` · ``,
    ``, ``, `` – ``) with it. Returns whether anything was replaced."""
    texts = [t for t in paragraph.iter(qn("w:t"))]
    joined = "".join(t.text or "" for t in texts)
    if "{{" not in joined:
        return False
    names = "|".join(re.escape(k) for k in mapping)
    pattern = re.compile(_SEPARATOR + r"(?P<placeholder>\{\{\s*(?P<name>" + names + r")\s*\}\})")
    matches = list(pattern.finditer(joined))
    if not matches:
        return False
    # Map each character of the joined text back to its w:t element and offset.
    owners: list[tuple[int, int]] = []
    for index, t in enumerate(texts):
        owners.extend((index, offset) for offset in range(len(t.text or "")))
    new_texts = [list(t.text or "") for t in texts]
    for match in reversed(matches):
        value = mapping[match.group("name")]
        start = match.start("placeholder") if value else match.start()
        first, offset = owners[start]
        for position in range(start, match.end()):
            index, at = owners[position]
            new_texts[index][at] = ""
        new_texts[first][offset] = value
    for t, chars in zip(texts, new_texts, strict=True):
        t.text = "".join(chars)
        t.set(qn("xml:space"), "preserve")
    return True
