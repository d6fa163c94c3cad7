"""The body of a report being written: paragraphs and tables in the reference document's styles.

Every paragraph, run and table of the body is built as elements by :mod:`hsb_desk.report.ooxml`
(python-docx's own calls search for each new element's place, which is most of the time a
report takes to write); headers, footers and the few one-off paragraph settings still go through
python-docx. :mod:`hsb_desk.report.docx_writer` lays the report out with these blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph

from hsb_desk.report.model import Grid
from hsb_desk.report.ooxml import (
    add_run,
    border_cell,
    keep_row_together,
    new_paragraph,
    new_table,
    repeat_as_header,
    set_paragraph_style,
    shade,
    space_after_none,
)
from hsb_desk.report.styles import LABEL_FILL, SELECTED_FILL

_EMU_PER_TWIP = 635
# A row shorter than this is kept on one page. A longer one may break: Word cuts off the end of
# an unbreakable row taller than a page, and a pasted narrative can be any length.
_SHORT_ROW = 1200
_W_P = qn("w:p")


def style_ids(document: Document) -> dict[str, str]:
    """Style ids by the names python-docx gives the styles (``Heading 1``), read once: python-docx
    searches every style on each use of a name."""
    ids = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        value = name.get(qn("w:val")) if name is not None else None
        if value:
            ids[BabelFish.internal2ui(value)] = style.get(qn("w:styleId"))
    return ids


class DocxBody:
    """Adds paragraphs and tables at the end of ``document``'s body, which it empties first."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._body = body
        self._end = body.find(qn("w:sectPr"))  # new blocks go before it, as python-docx puts them
        section = document.sections[-1]
        usable = (section.page_width or Cm(21)) - (section.left_margin or 0) - (section.right_margin or 0)
        self.width = int(usable / _EMU_PER_TWIP)
        self._ids = style_ids(document)
        self.missing_style = self._ids.get("HSB Missing")

    # -- styles that may have been removed from the reference fall back, never fail --------
    def style(self, name: str, fallback: str = "Normal") -> str | None:
        """The style id of ``name``, or of ``fallback`` if an authority removed it."""
        return self._ids.get(name) or self._ids.get(fallback)

    def para(self, text: str = "", style: str = "Normal", container: Any = None) -> Paragraph:
        """A paragraph at the end of the body, or of ``container`` (a header)."""
        if container is not None:
            paragraph = container.add_paragraph()
            set_paragraph_style(paragraph._p, self.style(style))
            if text:
                add_run(paragraph._p, text)
            return paragraph
        p = new_paragraph(self.style(style))
        if text:
            add_run(p, text)
        self.add_block(p)
        return Paragraph(p, self.doc)

    def add_block(self, element: Any) -> None:
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._body.append(element)

    def cell_para(self, tc: Any, style: str) -> Any:
        """A new paragraph at the end of table cell ``tc``."""
        p = new_paragraph(self.style(style))
        tc.append(p)
        return p

    def table_style(self, name: str) -> str | None:
        return self._ids.get(name) or self._ids.get("Table Grid")

    def page_break(self) -> None:
        """Start a new page, reusing a trailing empty paragraph rather than adding a blank line."""
        blocks = [child for child in self._body if child.tag != qn("w:sectPr")]
        last = blocks[-1] if blocks else None
        if last is not None and last.tag == qn("w:p") and not Paragraph(last, self.doc).text.strip():
            target = Paragraph(last, self.doc)
        else:
            target = self.para()
        target.add_run().add_break(WD_BREAK.PAGE)

    # -- tables ----------------------------------------------------------------------------
    def _cell(self, tc: Any, paragraphs: tuple[str, ...], style: str, missing: bool = False) -> None:
        """Fill a new table cell ``tc`` (which holds one empty paragraph) with ``paragraphs``."""
        style_id = self.style(style)
        run_style = self.missing_style if missing else None
        for index, text in enumerate(paragraphs or ("",)):
            if index == 0:
                p = tc.find(_W_P)
                set_paragraph_style(p, style_id)
            else:
                p = new_paragraph(style_id)
                tc.append(p)
            add_run(p, text, run_style)

    def _table_end(self) -> None:
        """The empty line, with no space after it, that follows every table."""
        p = new_paragraph(self.style("HSB Table Text"))
        space_after_none(p)
        self.add_block(p)

    def details(self, rows: Sequence[tuple[str, tuple[str, ...], bool, str]]) -> None:
        """Label-and-value rows: the label column shaded, the note (a description) below."""
        if not rows:
            return
        label_width = int(self.width * 0.36)
        table, cells = new_table([label_width, self.width - label_width], len(rows), self.table_style("HSB Details"))
        self.add_block(table)
        for (label_cell, value_cell), (label, paragraphs, missing, note) in zip(cells, rows, strict=True):
            self._cell(label_cell, (label,), "HSB Table Label")
            shade(label_cell, LABEL_FILL)
            self._cell(value_cell, paragraphs, "HSB Table Text", missing)
            if note:
                add_run(self.cell_para(value_cell, "HSB Note"), note)
            if sum(len(p) for p in paragraphs) + len(note) < _SHORT_ROW:
                keep_row_together(label_cell.getparent())
        self._table_end()

    def table(self, columns: tuple[str, ...], rows: tuple[tuple[tuple[str, ...], ...], ...]) -> None:
        lengths = [max([len(columns[i])] + [sum(len(p) for p in r[i]) for r in rows]) for i in range(len(columns))]
        table, cells = new_table(_share(self.width, lengths), 1 + len(rows), self.table_style("HSB Table"))
        self.add_block(table)
        repeat_as_header(cells[0][0].getparent())
        for cell, title in zip(cells[0], columns, strict=True):
            self._cell(cell, (title,), "HSB Table Heading")
        for row, values in zip(cells[1:], rows, strict=True):
            for cell, paragraphs in zip(row, values, strict=True):
                self._cell(cell, paragraphs, "HSB Table Text")
        self._table_end()

    def grid(self, grid: Grid) -> None:
        self.para(grid.label, "HSB Field Label")
        first = int(self.width * 0.22)
        rest = (self.width - first) // max(1, len(grid.columns))
        widths = [first] + [rest] * len(grid.columns)
        table, cells = new_table(widths, 1 + len(grid.rows), self.table_style("HSB Table"))
        self.add_block(table)
        header = cells[0]
        self._cell(header[0], (grid.corner,), "HSB Table Heading")
        for cell, title in zip(header[1:], grid.columns, strict=True):
            self._cell(cell, (title,), "HSB Table Heading")
        for r, (title, texts) in enumerate(zip(grid.rows, grid.cells, strict=True)):
            row = cells[1 + r]
            self._cell(row[0], (title,), "HSB Table Label")
            shade(row[0], LABEL_FILL)
            for c, text in enumerate(texts):
                cell = row[1 + c]
                self._cell(cell, (text,), "HSB Table Text")
                if grid.selected == (r, c):
                    # Marked by words, a heavy border and shading, so never by colour alone.
                    add_run(self.cell_para(cell, "HSB Table Text"), grid.selected_mark, bold=True)
                    shade(cell, SELECTED_FILL)
                    border_cell(cell)
        for row in cells:  # the grid is small: keep it on one page with its response
            keep_row_together(row[0].getparent())
            for cell in row:
                for p in cell.iterchildren(_W_P):
                    p.get_or_add_pPr().keepNext_val = True
        self.para(grid.response_label, "HSB Field Label")
        self.para(grid.response, "Normal")
        if grid.note:
            self.para(grid.note, "HSB Note")


def _share(total: int, lengths: list[int]) -> list[int]:
    """Column widths in proportion to their content, each at least a fair minimum."""
    count = len(lengths)
    floor = total // (count * 2)
    weights = [min(max(n, 1), 400) ** 0.6 for n in lengths]
    spare = total - floor * count
    widths = [floor + int(spare * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)
    return widths
