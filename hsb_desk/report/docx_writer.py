"""Writing a :class:`ReportModel` as a Word document laid out on ``templates/reference.docx``.

The reference document gives the styles, page size, margins, header and footer; its body is
replaced (the paragraphs and tables are made by :class:`~hsb_desk.report.docx_body.DocxBody`).
Placeholders in its header and footer (``{{ marking }}``, ``{{ reference }}``,
``{{ version }}``, ``{{ draft_mark }}``, ``{{ logo }}``) are filled in here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from hsb_desk.errors import ExportFailed
from hsb_desk.report.docx_body import DocxBody
from hsb_desk.report.model import (
    Choices,
    Grid,
    Item,
    Narrative,
    Part,
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
    add_run,
    add_text,
    ask_to_update_fields,
    replace_placeholders,
)
from hsb_desk.report.scrub import scrub
from hsb_desk.report.text import paragraphs_of


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


class _Writer(DocxBody):
    """Lays a report model out on the body, and fills in the header and footer."""

    def __init__(self, document: Document, model: ReportModel) -> None:
        super().__init__(document)
        self.model = model
        self._bookmark = 0

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
        for part in self.model.front:
            self.page_break()
            self.part(part)
        self.contents()
        for part in self.model.opening:
            self.part(part)
        for section in self.model.sections:
            self.section(section)
        for part in self.model.parts:
            self.part(part)

    def part(self, part: Part) -> None:
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
        titles = [(p.title, f"_HSB_{p.key}") for p in (*self.model.front, *self.model.opening)]
        titles += [(f"{s.number}. {s.title}", f"_HSB_S{s.number}") for s in self.model.sections]
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
                add_run(self.para(style="Normal")._p, text, self.missing_style if item.missing else None)
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
