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
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph

from hsb_desk.report.model import Grid
from hsb_desk.report.ooxml import (
    P_PR_AFTER_BORDER,
    add_run,
    border_cell,
    indent_table,
    insert_before,
    keep_row_together,
    new_paragraph,
    new_table,
    open_top,
    repeat_as_header,
    set_paragraph_style,
    shade,
    space_after_none,
    w_element,
)
from hsb_desk.report.styles import LABEL_FILL, SELECTED_FILL

_EMU_PER_TWIP = 635
# A row shorter than this is kept on one page. A longer one may break: Word cuts off the end of
# an unbreakable row taller than a page, and a pasted narrative can be any length.
_SHORT_ROW = 1200
_W_P, _W_TBL = qn("w:p"), qn("w:tbl")
_HEADINGS = {f"Heading {level}": level for level in range(1, 10)}
_RULE_OFF = ("nil", "none")
# Paragraph properties that follow w:spacing, and the paragraph mark's w:rPr, in the schema.
_P_PR_AFTER_SPACING = tuple(qn(t) for t in P_PR_AFTER_BORDER[P_PR_AFTER_BORDER.index("w:spacing") + 1 :])
_P_PR_AFTER_RPR = tuple(qn(t) for t in P_PR_AFTER_BORDER[P_PR_AFTER_BORDER.index("w:rPr") + 1 :])
# What makes a paragraph more than an empty line: text, a picture, a field, a bookmark.
_CONTENT = tuple(qn(tag) for tag in ("w:t", "w:drawing", "w:pict", "w:fldChar", "w:fldSimple", "w:bookmarkStart"))


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
        self._styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iterchildren(qn("w:style"))}
        self._ruled_styles: dict[str | None, bool] = {}

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

    def add_table(self, table: Any) -> None:
        """A table at the end of the body, its edges on the text margins. Right under a paragraph
        with a rule below it (Heading 1's), it loses its own top border: one line, not two."""
        indent_table(table)
        last = self._last_block()
        if last is not None and last.tag == _W_P and self._ruled_below(last):
            open_top(table)
        self.add_block(table)

    def _last_block(self) -> Any:
        return self._end.getprevious() if self._end is not None else (self._body[-1] if len(self._body) else None)

    def _ruled_below(self, p: Any) -> bool:
        """Whether the ``w:p`` has a bottom border, of its own or from its style's chain."""
        p_pr = p.find(qn("w:pPr"))
        own = _bottom_rule(p_pr)
        if own is not None:
            return own
        style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else self._ids.get("Normal")
        if style_id not in self._ruled_styles:
            self._ruled_styles[style_id] = self._style_ruled(style_id)
        return self._ruled_styles[style_id]

    def _style_ruled(self, style_id: str | None) -> bool:
        seen = set()
        while style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            element = self._styles[style_id]
            found = _bottom_rule(element.find(qn("w:pPr")))
            if found is not None:
                return found
            based_on = element.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else None
        return False

    def cell_para(self, tc: Any, style: str) -> Any:
        """A new paragraph at the end of table cell ``tc``."""
        p = new_paragraph(self.style(style))
        tc.append(p)
        return p

    def table_style(self, name: str) -> str | None:
        return self._ids.get(name) or self._ids.get("Table Grid")

    # -- once the body is complete ---------------------------------------------------------
    def finish(self) -> None:
        """Heading levels without gaps, and no blank page at the end."""
        self._close_heading_gaps()
        self._end_without_blank_page()

    def _close_heading_gaps(self) -> None:
        """No heading more than one level below the one before it (a Heading 3 straight under a
        Heading 1 becomes a Heading 2): screen readers and Word's navigation pane read the levels."""
        levels = {self._ids[name]: level for name, level in _HEADINGS.items() if name in self._ids}
        by_level = {level: style_id for style_id, level in levels.items()}
        previous = 0
        for p in self._body.iterchildren(_W_P):
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            level = levels.get(style.get(qn("w:val"))) if style is not None else None
            if level is None:
                continue
            if level > previous + 1 and previous + 1 in by_level:
                level = previous + 1
                style.set(qn("w:val"), by_level[level])
            previous = level

    def _end_without_blank_page(self) -> None:
        """Word starts a page for an empty line or a page break left at the end: drop them. The
        line Word needs after a final table is kept, one point high, so it cannot spill over."""
        while (last := self._last_block()) is not None and last.tag == _W_P:
            if _has_content(last):
                for br in last.iter(qn("w:br")):
                    if br.get(qn("w:type")) == "page":
                        br.getparent().remove(br)
                return
            previous = last.getprevious()
            if previous is None or previous.tag != _W_TBL:
                last.getparent().remove(last)
                continue
            p_pr = last.find(qn("w:pPr"))
            if p_pr is None:
                p_pr = w_element("pPr")
                last.insert(0, p_pr)
            for tag in ("w:pageBreakBefore", "w:spacing", "w:rPr"):
                for old in p_pr.findall(qn(tag)):
                    p_pr.remove(old)
            for run in last.findall(qn("w:r")):
                last.remove(run)
            spacing = w_element("spacing", ("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact"))
            insert_before(p_pr, spacing, _P_PR_AFTER_SPACING)
            mark = w_element("rPr")
            mark.append(w_element("sz", ("val", "2")))
            mark.append(w_element("szCs", ("val", "2")))
            insert_before(p_pr, mark, _P_PR_AFTER_RPR)
            return

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
        self.add_table(table)
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
        self.add_table(table)
        repeat_as_header(cells[0][0].getparent())
        for cell, title in zip(cells[0], columns, strict=True):
            self._cell(cell, (title,), "HSB Table Heading")
        for row, values in zip(cells[1:], rows, strict=True):
            for cell, paragraphs in zip(row, values, strict=True):
                self._cell(cell, paragraphs, "HSB Table Text")
            if sum(len(p) for paragraphs in values for p in paragraphs) < _SHORT_ROW:
                keep_row_together(row[0].getparent())  # a glossary entry is not cut across pages
        self._table_end()

    def grid(self, grid: Grid) -> None:
        self.para(grid.label, "HSB Field Label")
        first = int(self.width * 0.22)
        rest = (self.width - first) // max(1, len(grid.columns))
        widths = [first] + [rest] * len(grid.columns)
        table, cells = new_table(widths, 1 + len(grid.rows), self.table_style("HSB Table"))
        self.add_table(table)
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


def _bottom_rule(p_pr: Any) -> bool | None:
    """Whether paragraph properties draw a rule below (None: they say nothing about it)."""
    bottom = p_pr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") if p_pr is not None else None
    return None if bottom is None else bottom.get(qn("w:val")) not in _RULE_OFF


def _has_content(p: Any) -> bool:
    return next(p.iter(*_CONTENT), None) is not None
