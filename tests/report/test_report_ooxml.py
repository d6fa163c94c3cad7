"""The report's elements built directly are the XML python-docx makes; scrubbing removes history."""

from __future__ import annotations

import docx
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from lxml import etree

from hsb_desk.report.ooxml import add_run, new_paragraph, new_table, set_paragraph_style
from hsb_desk.report.scrub import strip_history


def _xml(element: object) -> bytes:
    return etree.tostring(element)


def _same_xml(built: object, python_docx: object) -> bool:
    """Compared in the same document, byte for byte (attribute order included)."""
    python_docx.addnext(built)  # type: ignore[attr-defined]
    return _xml(built) == _xml(python_docx)


def test_paragraphs_and_runs_are_the_xml_python_docx_makes() -> None:
    for style_id, run_style, bold in ((None, None, False), ("Heading1", "HSBMissing", False), ("Normal", "S", True)):
        document = docx.Document()
        paragraph = document.add_paragraph()
        paragraph._p.style = style_id
        run = paragraph.add_run()
        if bold:
            run.bold = True
        run._r.append(OxmlElement("w:t"))
        run._r[-1].text = "Text"
        run._r[-1].set(qn("xml:space"), "preserve")
        if run_style:
            run._r.style = run_style
        p = new_paragraph(style_id)
        add_run(p, "Text", run_style, bold)
        assert _same_xml(p, paragraph._p)
        # A cell's own empty paragraph is styled in place, as python-docx would.
        empty = OxmlElement("w:p")
        set_paragraph_style(empty, style_id)
        assert _xml(empty) == _xml(new_paragraph(style_id))


def test_a_table_is_the_xml_of_python_docx_with_widths_and_style() -> None:
    widths = [3388, 6024, 1000]
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table._tbl.tblPr.style = "HSBTable"
    # The widths as the writer used to set them through python-docx.
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            tc_w = cell._tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")
    built, cells = new_table(widths, 2, "HSBTable")
    assert _same_xml(built, table._tbl)
    assert [[tc.getparent() for tc in row] for row in cells] == [[tr] * 3 for tr in built.findall(qn("w:tr"))]
    unstyled, _ = new_table(widths, 1, None)
    assert unstyled.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") is None


def test_history_is_removed_from_a_part() -> None:
    part = parse_xml(
        f"<w:document {nsdecls('w')}><w:body>"
        '<w:p w:rsidR="00B2" w:rsidRDefault="00B3"><w:pPr><w:rPr><w:rsid w:val="00C4"/></w:rPr></w:pPr>'
        '<w:ins w:id="1"><w:r w:rsidRPr="00D5"><w:t>kept</w:t></w:r>'
        '<w:ins w:id="2"><w:r><w:t> nested</w:t></w:r></w:ins></w:ins>'
        '<w:del w:id="3"><w:r><w:delText>gone</w:delText><w:commentReference w:id="0"/></w:r>'
        '<w:ins w:id="4"><w:r><w:t>gone too</w:t></w:r></w:ins></w:del>'
        '<w:commentRangeStart w:id="0"/>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>'
        '<w:commentRangeEnd w:id="0"/>'
        '<w:moveFrom w:id="5"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="6"><w:r><w:t> moved here</w:t></w:r><w:del w:id="7"><w:r><w:t>x</w:t></w:r></w:del></w:moveTo>'
        '</w:p><w:sectPr w:rsidR="00E6" w:rsidSect="00F7" rsidOther="1"/></w:body></w:document>'
    )
    strip_history(part)
    assert etree.tostring(part).decode() == (
        f"<w:document {nsdecls('w')}><w:body>"
        "<w:p><w:pPr><w:rPr/></w:pPr>"
        "<w:r><w:t>kept</w:t></w:r><w:r><w:t> nested</w:t></w:r><w:r><w:t> moved here</w:t></w:r>"
        "</w:p><w:sectPr/></w:body></w:document>"
    )
