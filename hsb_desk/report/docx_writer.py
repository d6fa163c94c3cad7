"""Writing a :class:`ReportModel` as a Word document laid out on ``templates/reference.docx``.

The reference document gives the styles, page size, margins, header and footer; its body is
replaced. Placeholders in its header and footer (``{{ marking }}``, ``{{ reference }}``,
``{{ version }}``, ``{{ draft_mark }}``, ``{{ logo }}``) are filled in here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from hsb_desk.errors import ExportFailed
from hsb_desk.report.model import (
    Choices,
    Grid,
    Item,
    Narrative,
    Records,
    ReportModel,
    Section,
    Table,
    Value,
)
from hsb_desk.report.ooxml import (
    add_bookmark,
    add_field,
    add_internal_link,
    add_text,
    ask_to_update_fields,
    border_cell,
    keep_row_together,
    repeat_as_header,
    replace_placeholders,
    set_widths,
    shade,
)
from hsb_desk.report.scrub import scrub
from hsb_desk.report.styles import LABEL_FILL, SELECTED_FILL
from hsb_desk.report.text import paragraphs_of

_EMU_PER_TWIP = 635
# A row shorter than this is kept on one page. A longer one may break: Word cuts off the end of
# an unbreakable row taller than a page, and a pasted narrative can be any length.
_SHORT_ROW = 1200


def open_reference(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExportFailed(
            "The report reference document templates/reference.docx is missing or is not a Word document."
        ) from exc


def render_docx(model: ReportModel, reference: Path, logo: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file."""
    document = open_reference(reference)
    writer = _Writer(document, model)
    writer.fill_headers(logo if logo is not None and logo.is_file() else None)
    writer.body()
    scrub(
        document,
        title=model.title,
        subject=model.subject,
        author=model.author,
        category=model.marking,
        status=model.draft_mark if model.is_draft else "",
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, document: Document, model: ReportModel) -> None:
        self.doc, self.model = document, model
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        section = document.sections[-1]
        usable = (section.page_width or Cm(21)) - (section.left_margin or 0) - (section.right_margin or 0)
        self.width = int(usable / _EMU_PER_TWIP)
        # Style ids by name, looked up once: python-docx searches every style on each use.
        self._ids = {s.name: s.style_id for s in document.styles if s.name}
        self._bookmark = 0

    # -- styles that may have been removed from the reference fall back, never fail --------
    def style(self, name: str, fallback: str = "Normal") -> str | None:
        """The style id of ``name``, or of ``fallback`` if an authority removed it."""
        return self._ids.get(name) or self._ids.get(fallback)

    def para(self, text: str = "", style: str = "Normal", container: Any = None) -> Paragraph:
        paragraph = (container or self.doc).add_paragraph()
        self.set_style(paragraph, style)
        if text:
            add_text(paragraph, text)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        paragraph._p.style = self.style(style)

    def run_text(self, paragraph: Paragraph, text: str, style: str = "", bold: bool = False) -> None:
        run = add_text(paragraph, text, bold=bold)
        style_id = self._ids.get(style) if style else None
        if style_id:
            run._r.style = style_id

    # -- header and footer -----------------------------------------------------------------
    def fill_headers(self, logo: Path | None) -> None:
        m = self.model
        mapping = {
            "marking": m.marking,
            "reference": m.reference,
            "version": m.header_version,
            "draft_mark": m.draft_mark if m.is_draft else "",
            "logo": "",
        }
        for section in self.doc.sections:
            parts = (
                section.header,
                section.first_page_header,
                section.even_page_header,
                section.footer,
                section.first_page_footer,
                section.even_page_footer,
            )
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                for p in list(part._element.iter(qn("w:p"))):
                    self._fill(Paragraph(p, part), mapping, logo)
        self._ensure_marks()

    def _ensure_marks(self) -> None:
        """The marking, and a draft's mark, at the top of every page even if someone removed
        their placeholders (or the whole header) from the reference document."""
        m = self.model
        odd_even = self.doc.settings.odd_and_even_pages_header_footer
        for index, section in enumerate(self.doc.sections):
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            if odd_even:
                headers.append(section.even_page_header)
            for header in headers:
                if header.is_linked_to_previous:
                    if index > 0:
                        continue
                    header.is_linked_to_previous = False  # a new, empty header of its own
                text = "".join(t.text or "" for t in header._element.iter(qn("w:t")))
                if m.marking and m.marking not in text:
                    paragraph = self.para(m.marking, "HSB Marking", container=header)
                    header._element.insert(0, paragraph._p)
                if m.is_draft and m.draft_mark not in text:
                    self.para(m.draft_mark, "HSB Draft Mark", container=header)

    def _fill(self, paragraph: Paragraph, mapping: dict[str, str], logo: Path | None) -> None:
        before = paragraph.text
        if not replace_placeholders(paragraph._p, mapping):
            return
        if "logo" in before and logo is not None:
            paragraph.add_run().add_picture(str(logo), height=Cm(1.6))
        elif "draft_mark" in before and not paragraph.text.strip():
            # Not a draft: the line goes, unless the container needs it (a table cell or a
            # header must still end with a paragraph).
            element = paragraph._p
            parent = element.getparent()
            others = [c for c in parent if c.tag == qn("w:p") and c is not element]
            previous, following = element.getprevious(), element.getnext()
            ends_after_table = following is None and previous is not None and previous.tag == qn("w:tbl")
            if others and not ends_after_table:
                parent.remove(element)

    # -- body ------------------------------------------------------------------------------
    def body(self) -> None:
        self.cover()
        self.contents()
        for section in self.model.sections:
            self.section(section)
        for part in self.model.parts:
            self.heading(part.title, part.key)
            for item in self._with_details(part.items):
                self.item(item)
            for text in part.paragraphs:
                self.para(text)

    def cover(self) -> None:
        m = self.model
        self.para(m.title, "Title")
        self.para(m.subtitle, "Subtitle")
        self.details([(row.label, (row.text,), row.missing, "") for row in m.cover])
        self.para("", "Normal")
        for notice in m.notices:
            style = "HSB Draft Notice" if notice.kind == "draft" else "HSB Notice"
            for text in notice.paragraphs:
                self.para(text, style).paragraph_format.keep_with_next = False

    def contents(self) -> None:
        self.page_break()
        self.para(self.model.contents_title, "Heading 1")
        titles = [(f"{s.number}. {s.title}", f"_HSB_S{s.number}") for s in self.model.sections]
        titles += [(p.title, f"_HSB_{p.key}") for p in self.model.parts]
        for title, anchor in titles:
            entry = self.para("", "HSB Contents")
            add_internal_link(entry, anchor, title)
            if self.model.contents_page_numbers:
                add_text(entry, "\t")
                add_field(entry, f"PAGEREF {anchor} \\h")
        if self.model.contents_page_numbers:
            # Word shows a page reference as last saved: ask it to work them out on opening.
            ask_to_update_fields(self.doc.settings.element)
        self.page_break()

    def table_style(self, table: DocxTable, name: str) -> None:
        style_id = self._ids.get(name) or self._ids.get("Table Grid")
        if style_id:
            table._tbl.tblPr.style = style_id  # type: ignore[attr-defined]

    def page_break(self) -> None:
        """Start a new page, reusing a trailing empty paragraph rather than adding a blank line."""
        body = self.doc.element.body
        blocks = [child for child in body if child.tag != qn("w:sectPr")]
        last = blocks[-1] if blocks else None
        if last is not None and last.tag == qn("w:p") and not Paragraph(last, self.doc).text.strip():
            target = Paragraph(last, self.doc)
        else:
            target = self.para()
        target.add_run().add_break(WD_BREAK.PAGE)

    def heading(self, title: str, key: str) -> Paragraph:
        paragraph = self.para(title, "Heading 1")
        self._bookmark += 1
        add_bookmark(paragraph, f"_HSB_{key}", self._bookmark)
        return paragraph

    def section(self, section: Section) -> None:
        heading = self.heading(f"{section.number}. {section.title}", f"S{section.number}")
        if section.new_page:
            heading.paragraph_format.page_break_before = True
        self.para(section.owner, "HSB Owner")
        for item in self._with_details(section.items):
            self.item(item)
        for note in section.notes:
            self.para(note, "HSB Note")

    # -- items -----------------------------------------------------------------------------
    def _with_details(self, items: tuple[Item, ...]) -> list[Any]:
        """Runs of short answers gathered into one label-and-value table each."""
        out: list[Any] = []
        run: list[Value | Choices] = []
        for item in items:
            if isinstance(item, Value | Choices):
                run.append(item)
                continue
            if run:
                out.append(list(run))
                run.clear()
            out.append(item)
        if run:
            out.append(list(run))
        return out

    def item(self, item: Any) -> None:
        if isinstance(item, list):
            rows = []
            for entry in item:
                if isinstance(entry, Choices):
                    rows.append((entry.label, tuple(f"• {e}" for e in entry.entries), False, ""))
                else:
                    rows.append((entry.label, tuple(paragraphs_of(entry.text)), entry.missing, entry.note))
            self.details(rows)
        elif isinstance(item, Narrative):
            self.para(item.label, "HSB Field Label")
            for text in item.paragraphs:
                self.run_text(self.para(style="Normal"), text, "HSB Missing" if item.missing else "")
        elif isinstance(item, Table):
            if item.label:
                self.para(item.label, "HSB Field Label")
            self.table(item.columns, item.rows)
        elif isinstance(item, Records):
            self.para(item.label, "HSB Field Label")
            for number, record in enumerate(item.records, start=1):
                self.para(f"{item.item_label} {number}", "Heading 3")
                self.details([(label, cell, False, "") for label, cell in record])
        elif isinstance(item, Grid):
            self.grid(item)

    def _cell(self, cell: _Cell, paragraphs: tuple[str, ...], style: str, missing: bool = False) -> None:
        first = cell.paragraphs[0]
        self.set_style(first, style)
        for index, text in enumerate(paragraphs or ("",)):
            paragraph = first if index == 0 else self.para(style=style, container=cell)
            self.run_text(paragraph, text, "HSB Missing" if missing else "")

    def details(self, rows: Sequence[tuple[str, tuple[str, ...], bool, str]]) -> None:
        """Label-and-value rows: the label column shaded, the note (a description) below."""
        if not rows:
            return
        table = self.doc.add_table(rows=len(rows), cols=2)
        self.table_style(table, "HSB Details")
        for row, (label, paragraphs, missing, note) in zip(table.rows, rows, strict=True):
            label_cell, value_cell = row.cells
            self._cell(label_cell, (label,), "HSB Table Label")
            shade(label_cell, LABEL_FILL)
            self._cell(value_cell, paragraphs, "HSB Table Text", missing)
            if note:
                self.para(note, "HSB Note", container=value_cell)
            if sum(len(p) for p in paragraphs) + len(note) < _SHORT_ROW:
                keep_row_together(row)
        label_width = int(self.width * 0.36)
        set_widths(table, [label_width, self.width - label_width])
        self.para("", "HSB Table Text").paragraph_format.space_after = 0

    def table(self, columns: tuple[str, ...], rows: tuple[tuple[tuple[str, ...], ...], ...]) -> DocxTable:
        table = self.doc.add_table(rows=1 + len(rows), cols=len(columns))
        self.table_style(table, "HSB Table")
        header = table.rows[0]
        repeat_as_header(header)
        for cell, title in zip(header.cells, columns, strict=True):
            self._cell(cell, (title,), "HSB Table Heading")
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, paragraphs in zip(row.cells, values, strict=True):
                self._cell(cell, paragraphs, "HSB Table Text")
        lengths = [max([len(columns[i])] + [sum(len(p) for p in r[i]) for r in rows]) for i in range(len(columns))]
        set_widths(table, _share(self.width, lengths))
        self.para("", "HSB Table Text").paragraph_format.space_after = 0
        return table

    def grid(self, grid: Grid) -> None:
        self.para(grid.label, "HSB Field Label")
        table = self.doc.add_table(rows=1 + len(grid.rows), cols=1 + len(grid.columns))
        self.table_style(table, "HSB Table")
        header = table.rows[0].cells
        self._cell(header[0], (grid.corner,), "HSB Table Heading")
        for cell, title in zip(header[1:], grid.columns, strict=True):
            self._cell(cell, (title,), "HSB Table Heading")
        for r, (title, cells) in enumerate(zip(grid.rows, grid.cells, strict=True)):
            row = table.rows[1 + r].cells
            self._cell(row[0], (title,), "HSB Table Label")
            shade(row[0], LABEL_FILL)
            for c, text in enumerate(cells):
                cell = row[1 + c]
                self._cell(cell, (text,), "HSB Table Text")
                if grid.selected == (r, c):
                    # Marked by words, a heavy border and shading, so never by colour alone.
                    self.run_text(self.para(style="HSB Table Text", container=cell), grid.selected_mark, bold=True)
                    shade(cell, SELECTED_FILL)
                    border_cell(cell)
        first = int(self.width * 0.22)
        rest = (self.width - first) // max(1, len(grid.columns))
        set_widths(table, [first] + [rest] * len(grid.columns))
        for row in table.rows:  # the grid is small: keep it on one page with its response
            keep_row_together(row)
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
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
