"""The Word report against python-docx writing the same paragraphs and tables with no logic.

The baseline's content is read back from the app's own report (body paragraphs with their style,
tables with their cell text, in order), so both write the same thing on the same reference
document; the baseline just skips the report model, templates, layout rules and scrubbing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import interleave, timed

from hsb_desk import paths
from hsb_desk.app.reports import export_report
from hsb_desk.app.session import WorkbookSession


@dataclass
class Content:
    """What the report's body holds: ("p", style, text) and ("t", style, rows of cell texts)."""

    blocks: list[tuple[str, str | None, object]]

    @property
    def paragraphs(self) -> int:
        return sum(1 for kind, _, _ in self.blocks if kind == "p")

    @property
    def tables(self) -> int:
        return sum(1 for kind, _, _ in self.blocks if kind == "t")


def read_content(path: Path) -> Content:
    document = docx.Document(str(path))
    blocks: list[tuple[str, str | None, object]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            blocks.append(("p", paragraph.style.name if paragraph.style is not None else None, paragraph.text))
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            rows = [[cell.text for cell in row.cells] for row in table.rows]
            blocks.append(("t", table.style.name if table.style is not None else None, rows))
    return Content(blocks)


def write_plain(content: Content, out: Path, reference: Path) -> None:
    """python-docx writing the same paragraphs and tables, on the same reference document."""
    document: Document = docx.Document(str(reference))
    body = document.element.body
    for child in list(body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # Style ids resolved once and set on the XML, as HSB Desk's writer does: python-docx's own
    # ``style=`` scans every style on each call, which would make the baseline needlessly slow.
    ids = {style.name: style.style_id for style in document.styles if style.name}
    for kind, style, data in content.blocks:
        style_id = ids.get(style) if style else None
        if kind == "p":
            paragraph = document.add_paragraph(str(data))
            if style_id:
                paragraph._p.style = style_id
            continue
        rows = data if isinstance(data, list) else []
        columns = max((len(row) for row in rows), default=1)
        table = document.add_table(rows=len(rows), cols=columns)
        if style_id:
            table._tbl.tblPr.style = style_id  # type: ignore[attr-defined]
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
    document.save(str(out))


def report_vs_plain(session: WorkbookSession, reference: str, folder: Path, reps: int) -> dict[str, object]:
    """Interleaved timings of ``export_report`` and the plain writer for one case."""
    app_out, plain_out = folder / f"{reference}.docx", folder / f"{reference}-plain.docx"
    export_report(session, reference, app_out)
    content = read_content(app_out)
    template = paths.templates_dir() / "reference.docx"
    app, plain = interleave(
        lambda: timed(lambda: export_report(session, reference, app_out, overwrite=True)),
        lambda: timed(lambda: write_plain(content, plain_out, template)),
        reps,
    )
    return {
        "app": app,
        "plain": plain,
        "paragraphs": content.paragraphs,
        "tables": content.tables,
        "bytes": app_out.stat().st_size,
    }


def growth(
    session: WorkbookSession, small: str, large: str, folder: Path, reps: int
) -> tuple[list[float], list[float]]:
    """Interleaved export timings of the large and the small case."""
    return interleave(
        lambda: timed(lambda: export_report(session, large, folder / "large.docx", overwrite=True)),
        lambda: timed(lambda: export_report(session, small, folder / "small.docx", overwrite=True)),
        reps,
    )
