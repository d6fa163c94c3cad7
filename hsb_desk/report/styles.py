"""The style names the report uses, and their defaults for ``build_reference``.

At run time only the names matter: the look comes from ``templates/reference.docx``. A style an
authority has deleted from that file falls back to ``Normal`` (or the table's plain grid) rather
than failing the report.
"""

from __future__ import annotations

from dataclasses import dataclass

# Arial: the face UK public-sector document guidance recommends for legibility, present on every
# Windows and Mac computer (LibreOffice substitutes the metric-compatible Liberation Sans).
FONT = "Arial"
NAVY = "1F3864"
TEXT = "1A1A1A"
GREY = "595959"


@dataclass(frozen=True)
class StyleSpec:
    size: float = 0
    bold: bool = False
    italic: bool = False
    color: str = ""
    caps: bool = False
    before: float = 0
    after: float = 6
    line: float = 1.15
    keep_with_next: bool = False
    align: str = ""
    border: str = ""
    fill: str = ""
    box: bool = False
    indent: float = 0
    based_on: str = ""


PARAGRAPH_STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(size=11, color=TEXT, after=6),
    "Title": StyleSpec(size=24, bold=True, color=NAVY, before=24, after=8, line=1.0),
    "Subtitle": StyleSpec(size=15, color=GREY, after=18, line=1.0),
    "Heading 1": StyleSpec(
        size=15, bold=True, color=NAVY, before=20, after=4, line=1.0, keep_with_next=True, border=NAVY
    ),
    "Heading 2": StyleSpec(size=12.5, bold=True, color=NAVY, before=14, after=4, line=1.0, keep_with_next=True),
    "Heading 3": StyleSpec(size=11, bold=True, color=NAVY, before=10, after=3, line=1.0, keep_with_next=True),
    "HSB Owner": StyleSpec(size=9.5, italic=True, color=GREY, before=2, after=10, keep_with_next=True),
    "HSB Field Label": StyleSpec(size=10.5, bold=True, color=NAVY, before=10, after=3, line=1.0, keep_with_next=True),
    "HSB Table Text": StyleSpec(size=10, color=TEXT, after=2, line=1.05),
    "HSB Table Label": StyleSpec(size=10, bold=True, color=NAVY, after=2, line=1.05),
    "HSB Table Heading": StyleSpec(size=10, bold=True, color=NAVY, after=2, line=1.05),
    "HSB Note": StyleSpec(size=9.5, italic=True, color=GREY, after=3, line=1.05),
    "HSB Notice": StyleSpec(
        size=10, color=TEXT, before=4, after=8, border="8EA9DB", fill="EEF3FA", box=True, indent=0.2
    ),
    "HSB Draft Notice": StyleSpec(
        size=10.5, bold=True, color="7F0000", before=4, after=8, border="C00000", fill="FDECEA", box=True, indent=0.2
    ),
    "HSB Contents": StyleSpec(size=11, color=TEXT, after=4),
    "HSB Marking": StyleSpec(size=10, bold=True, color=TEXT, caps=True, align="center", after=0, line=1.0),
    "HSB Draft Mark": StyleSpec(size=10, bold=True, color="C00000", align="center", after=0, line=1.0),
    "HSB Header": StyleSpec(size=8.5, color=GREY, after=0, line=1.0),
    "HSB Footer": StyleSpec(size=8.5, color=GREY, after=2, line=1.0),
}

CHARACTER_STYLES: dict[str, StyleSpec] = {
    "HSB Missing": StyleSpec(italic=True, color="9C5700"),
    "HSB Selected": StyleSpec(bold=True, color=NAVY),
}


def _table_style(name: str, style_id: str, inside_vertical: bool, header_fill: str) -> str:
    vertical = '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>' if inside_vertical else ""
    side = '<w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>' if inside_vertical else ""
    side_r = '<w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>' if inside_vertical else ""
    header = (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr></w:tblStylePr>'
        if header_fill
        else ""
    )
    return (
        '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:type="table" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:tblPr><w:tblBorders>"
        f'<w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>{side}'
        f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>{side_r}'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>{vertical}'
        "</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr>{header}</w:style>"
    )


# "HSB Table": groups, the safety plan, the grid (heading row shaded). "HSB Details": label and
# value pairs, horizontal rules only, as a form reads on paper.
TABLE_STYLES: dict[str, str] = {
    "HSB Table": _table_style("HSB Table", "HSBTable", True, "D9E2F3"),
    "HSB Details": _table_style("HSB Details", "HSBDetails", False, ""),
}

SELECTED_FILL = "FFD966"  # the outcome grid's selected cell; its text and border say so too
LABEL_FILL = "F2F5FA"  # first column of label-and-value tables
