"""Writing a :class:`ReportModel` as a Word document laid out on ``templates/reference.docx``.

The reference document gives the styles, page size, margins, header and footer; its body is
replaced (the paragraphs and tables are made by :class:`~hsb_desk.report.docx_body.DocxBody`).
Placeholders in its header and footer (``{{ marking }}``, ``{{ reference }}``,
``{{ version }}``, ``{{ version_label }}``, ``{{ copy_for }}``, ``{{ draft_mark }}``,
``{{ logo }}``) are filled in here; one with nothing to show leaves no blank line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm, Twips
from docx.text.paragraph import Paragraph

from hsb_desk.errors import ExportFailed
from hsb_desk.report.docx_body import DocxBody
from hsb_desk.report.docx_settings import apply_document_settings, ask_to_update_fields
from hsb_desk.report.model import (
    Choices,
    Grid,
    Item,
    Narrative,
    Part,
    Records,
    ReportModel,
    Section,
    Subheading,
    Table,
    Value,
)
from hsb_desk.report.ooxml import (
    add_bookmark,
    add_field,
    add_internal_link,
    add_run,
    add_text,
    replace_placeholders,
)
from hsb_desk.report.scrub import scrub
from hsb_desk.report.text import clean_text, one_line, paragraphs_of

LOGO_DESCRIPTION = "Logo"  # the logo's alternative text, unless templates/logo.txt gives it
_LOGO_TEXT = "logo.txt"
_BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def open_reference(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExportFailed(
            "The report reference document templates/reference.docx is missing or is not a Word document."
        ) from exc


def render_docx(model: ReportModel, reference: Path, logo: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file."""
    return render_with(lambda document: _Writer(document, model), reference, logo)


def render_with(make_writer: Callable[[Document], _Writer], reference: Path, logo: Path | None = None) -> bytes:
    """A document laid out by the writer ``make_writer`` builds on the reference document (the
    report, or a short document of its own: the safety plan, the report of a review), with its
    headers, settings and properties as the report's, as the bytes of a .docx file."""
    document = open_reference(reference)
    writer = make_writer(document)
    writer.fill_headers(logo if logo is not None and logo.is_file() else None)
    writer.body()
    writer.finish()
    apply_document_settings(document)
    model = writer.model
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
        self._anchors: dict[int, str] = {}
        self._page_due = False  # the next heading starts a new page

    def new_page(self) -> None:
        """The next heading starts a new page: "page break before" on it, never a break at the
        end of a page that is already full (which leaves a blank page)."""
        self._page_due = True

    def _starts_page(self, paragraph: Paragraph) -> Paragraph:
        if self._page_due:
            paragraph.paragraph_format.page_break_before = True
            self._page_due = False
        return paragraph

    def _anchor(self, part: Part) -> str:
        """The bookmark a part's heading carries: a name Word accepts, and only this part's."""
        if id(part) not in self._anchors:
            anchor = f"_HSB_{_BOOKMARK_UNSAFE.sub('_', part.key)[:30]}"
            while anchor in self._anchors.values():  # Word would follow the first of two
                anchor += "_"
            self._anchors[id(part)] = anchor
        return self._anchors[id(part)]

    # -- header and footer -----------------------------------------------------------------
    def fill_headers(self, logo: Path | None) -> None:
        m = self.model
        mapping = {
            "marking": m.marking,
            "reference": m.reference,
            "version": m.header_version,
            "version_label": m.version_label,
            "copy_for": m.copy_for,
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
                    if p.getparent() is part._element:  # a line across the page, not a table cell's
                        self._right_tab_at_margin(Paragraph(p, part))
        self._ensure_marks()
        self._ensure_footer_lines()

    def _ensure_marks(self) -> None:
        """The marking, and a draft's mark, at the top of every page even if someone removed
        their placeholders (or the whole header) from the reference document."""
        m = self.model
        for header, text in self._shown_on_every_page("header"):
            if m.marking and m.marking not in text:
                paragraph = self.para(m.marking, "HSB Marking", container=header)
                header._element.insert(0, paragraph._p)
            if m.is_draft and m.draft_mark not in text:
                self.para(m.draft_mark, "HSB Draft Mark", container=header)

    def _ensure_footer_lines(self) -> None:
        """The version and a recipient's copy line at the foot of every page, even if the
        reference document's footer lacks their placeholders."""
        m = self.model
        for footer, text in self._shown_on_every_page("footer"):
            for line in (m.version_label, m.copy_for):
                if line and line not in text:
                    self.para(line, "HSB Footer", container=footer)

    def _shown_on_every_page(self, kind: str) -> Iterator[tuple[Any, str]]:
        """Each header (or footer) a page can show, with its text: the first section's own even
        where the reference links it to nothing (it gets a new, empty one), a later section's
        only where it is not the previous one's."""
        odd_even = self.doc.settings.odd_and_even_pages_header_footer
        for index, section in enumerate(self.doc.sections):
            parts = [getattr(section, kind)]
            if section.different_first_page_header_footer:
                parts.append(getattr(section, f"first_page_{kind}"))
            if odd_even:
                parts.append(getattr(section, f"even_page_{kind}"))
            for part in parts:
                if part.is_linked_to_previous:
                    if index > 0:
                        continue  # the previous section's, already seen
                    part.is_linked_to_previous = False  # a new, empty one of its own
                yield part, "".join(t.text or "" for t in part._element.iter(qn("w:t")))

    def _right_tab_at_margin(self, paragraph: Paragraph) -> None:
        """A header or footer line's last right-aligned tab (before "Page X of Y") on the right
        margin, wherever an authority has put the margins."""
        p_pr = paragraph._p.pPr
        tabs = p_pr.find(qn("w:tabs")) if p_pr is not None else None
        if tabs is None:
            return
        right = [t for t in tabs.iterchildren(qn("w:tab")) if t.get(qn("w:val")) in ("right", "end")]
        if right:
            max(right, key=lambda t: int(t.get(qn("w:pos")) or 0)).set(qn("w:pos"), str(self.width))

    def _fill(self, paragraph: Paragraph, mapping: dict[str, str], logo: Path | None) -> None:
        before = paragraph.text
        if not replace_placeholders(paragraph._p, mapping):
            return
        if "logo" in before and logo is not None:
            picture = paragraph.add_run().add_picture(str(logo), height=Cm(1.6))
            picture._inline.docPr.set("descr", _logo_description(logo))
        elif not paragraph.text.strip() and next(paragraph._p.iter(qn("w:drawing"), qn("w:fldChar")), None) is None:
            # Nothing to show (not a draft, no recipient): the line goes, unless the container
            # needs it (a table cell or a header must still end with a paragraph).
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
        if self.model.front:
            self.new_page()
            for part in self.model.front:
                self.part(part)
        self.contents()
        for part in self.model.opening:
            self.part(part)
        for section in self.model.sections:
            self.section(section)
        for part in self.model.parts:
            self.part(part)

    def part(self, part: Part) -> None:
        """A part outside the form's sections (front, opening or closing), as a Heading 1."""
        self.heading(part.title, self._anchor(part))
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
        self.new_page()
        self._starts_page(self.para(self.model.contents_title, "Heading 1"))
        m = self.model
        titles = [(p.title, self._anchor(p)) for p in (*m.front, *m.opening)]
        titles += [(f"{s.number}. {s.title}", f"_HSB_S{s.number}") for s in m.sections]
        titles += [(p.title, self._anchor(p)) for p in m.parts]
        # By default an entry is a link and nothing else: it reads correctly in Protected View,
        # where Word updates no field, and Word asks no question on opening.
        for title, anchor in titles:
            entry = self.para("", "HSB Contents")
            add_internal_link(entry, anchor, title)
            if m.contents_page_numbers:
                self._page_number_tab(entry)
                add_text(entry, "\t")
                add_field(entry, f"PAGEREF {anchor} \\h")
        if m.contents_page_numbers:
            # Word shows a page reference as last saved: ask it to work them out on opening.
            ask_to_update_fields(self.doc)
        self.new_page()

    def _page_number_tab(self, entry: Paragraph) -> None:
        """A dotted right tab on the right margin for the page number (computed from this
        reference's page and margins), in place of any right tab the style sets elsewhere."""
        tabs = entry.paragraph_format.tab_stops
        style = self._styles.get(self.style("HSB Contents"))
        for tab in style.iterfind(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}") if style is not None else ():
            position = int(tab.get(qn("w:pos")) or 0)
            if tab.get(qn("w:val")) in ("right", "end") and position != self.width:
                tabs.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(Twips(self.width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    def heading(self, title: str, anchor: str) -> Paragraph:
        """A Heading 1 marked as bookmark ``anchor``, which its contents entry links to."""
        paragraph = self._starts_page(self.para(title, "Heading 1"))
        self._bookmark += 1
        add_bookmark(paragraph, anchor, self._bookmark)
        return paragraph

    def section(self, section: Section) -> None:
        starts_page = self._page_due  # the contents' new page: a second break would leave a blank page
        heading = self.heading(f"{section.number}. {section.title}", f"_HSB_S{section.number}")
        if section.new_page and not starts_page:
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
            # A heading of its own, so that "Incident 1" (Heading 3) is never a level below its
            # section's Heading 1 with nothing between.
            if item.label:
                self.para(item.label, "Heading 2")
            for number, record in enumerate(item.records, start=1):
                self.para(f"{item.item_label} {number}", "Heading 3")
                self.details([(label, cell, False, "") for label, cell in record])
        elif isinstance(item, Grid):
            self.grid(item)
        elif isinstance(item, Subheading):
            self.para(item.text, "Heading 2")


def _logo_description(logo: Path) -> str:
    """The logo's alternative text, read aloud by a screen reader: the first line of
    ``logo.txt`` beside the logo (the authority's name), else "Logo"."""
    try:
        text = (logo.parent / _LOGO_TEXT).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return LOGO_DESCRIPTION
    lines = clean_text(text).strip().splitlines()
    return one_line(lines[0])[:250] if lines else LOGO_DESCRIPTION
