"""An authority's own templates (issue 17, items 13, 17 and 18, and the footers): its sensitivity
label survives into every report, its folder named in the policy file is the one the report uses,
its logo is read aloud by its alternative text, and its footer shows the version and a recipient's
copy whether or not it kept their placeholders."""

from __future__ import annotations

import copy
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from app.test_session import FULL_DOCUMENT
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree
from test_report_model import (
    MINI_VALUES,
    TEMPLATES,
    header_footer_text,
    make_model,
    render,
    templates,
    templates_copy,
    tiny_png,
    xml_parts,
)
from test_report_word_foundations import W, edit_reference, mini_model, parts_named

from hsb_desk.app.reports import export_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.formspec import FormDefinition
from hsb_desk.report import ReportTemplates, load_templates, render_docx

__all__ = ["templates", "templates_copy"]  # fixtures used here

CASE = "HSB-2026-0042"
LABEL = "MSIP_Label_6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_LABEL_INFO_REL = "http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels"
_LABEL_INFO = "http://schemas.microsoft.com/office/2020/mipLabelMetadata"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_LABEL_INFO_TYPE = "application/vnd.ms-office.classificationlabels+xml"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


# -- 17: sensitivity labels ----------------------------------------------------------------------
def _with_package_parts(reference: Path, parts: dict[str, tuple[str, str, bytes]]) -> None:
    """Add parts to the package, each related from its root: name -> (content type, relationship, bytes)."""
    with zipfile.ZipFile(reference) as package:
        files = {name: package.read(name) for name in package.namelist()}
    types = files["[Content_Types].xml"].decode("utf-8")
    rels = files["_rels/.rels"].decode("utf-8")
    for number, (name, (content_type, rel_type, blob)) in enumerate(parts.items(), start=90):
        files[name] = blob
        types = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>')
        rels = rels.replace(
            "</Relationships>", f'<Relationship Id="rId{number}" Type="{rel_type}" Target="{name}"/></Relationships>'
        )
    files["[Content_Types].xml"], files["_rels/.rels"] = types.encode("utf-8"), rels.encode("utf-8")
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in files.items():
            package.writestr(name, blob)


def _custom_properties(properties: dict[str, str]) -> bytes:
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return f'{_XML_DECLARATION}<Properties xmlns="{_CUSTOM}" xmlns:vt="{_VT}">{entries}</Properties>'.encode()


def _render_with(folder: Path, mini_form: FormDefinition) -> bytes:
    loaded = load_templates(folder)
    return render_docx(make_model(mini_form, MINI_VALUES, loaded), loaded.reference_docx)


def test_a_sensitivity_label_on_the_reference_survives_and_other_custom_properties_do_not(
    templates_copy: Path, mini_form: FormDefinition
) -> None:
    custom = _custom_properties(
        {
            f"{LABEL}_Enabled": "true",
            f"{LABEL}_Name": "OFFICIAL-SENSITIVE",
            "Owner": "Pat Templateeditor",
            f"{LABEL}_Owner": "pat.templateeditor@example.org",  # an old client's: the labeller's e-mail
        }
    )
    label_info = f'{_XML_DECLARATION}<clbl:labelList xmlns:clbl="{_LABEL_INFO}"/>'.encode()
    _with_package_parts(
        templates_copy / "reference.docx",
        {
            "docProps/custom.xml": (_CUSTOM_TYPE, _CUSTOM_REL, custom),
            "docMetadata/LabelInfo.xml": (_LABEL_INFO_TYPE, _LABEL_INFO_REL, label_info),
        },
    )
    data = _render_with(templates_copy, mini_form)
    parts = xml_parts(data)
    root = etree.fromstring(parts["docProps/custom.xml"].encode("utf-8"))
    names = {p.get("name"): p.findtext(f"{{{_VT}}}lpwstr") for p in root}
    assert names == {f"{LABEL}_Enabled": "true", f"{LABEL}_Name": "OFFICIAL-SENSITIVE"}
    assert "Templateeditor" not in "".join(parts.values())
    assert "docMetadata/LabelInfo.xml" in parts and _LABEL_INFO_REL in parts["_rels/.rels"]


def test_custom_properties_without_a_label_leave_no_part(templates_copy: Path, mini_form: FormDefinition) -> None:
    custom = _custom_properties({"Owner": "Pat Templateeditor", "ContentTypeId": "0x0101"})
    _with_package_parts(templates_copy / "reference.docx", {"docProps/custom.xml": (_CUSTOM_TYPE, _CUSTOM_REL, custom)})
    parts = xml_parts(_render_with(templates_copy, mini_form))
    assert "docProps/custom.xml" not in parts and "custom-properties" not in "".join(parts.values())


# -- 18: the authority's own folder, named in the policy file -------------------------------------
@pytest.fixture
def with_case(session: WorkbookSession) -> WorkbookSession:
    session.import_case(copy.deepcopy(FULL_DOCUMENT))
    return session


def _authority_templates(folder: Path) -> Path:
    """An authority's templates/, kept outside the install: its own header line and colour."""
    templates = folder / "templates"
    shutil.copytree(TEMPLATES, templates)
    reference = templates / "reference.docx"
    document = docx.Document(str(reference))
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    document.sections[0].header.paragraphs[0].add_run(" – Sampleshire Council")
    document.save(str(reference))
    return templates


def test_the_report_uses_the_templates_of_the_policys_forms_folder(
    policy_file: Callable[[str], Path], with_case: WorkbookSession, tmp_path: Path
) -> None:
    authority = tmp_path / "authority"
    templates = _authority_templates(authority)
    (templates / "logo.png").write_bytes(tiny_png())
    (templates / "logo.txt").write_text("Sampleshire Council\n", encoding="utf-8")
    policy_file(f"[forms]\nfolder = {json.dumps(str(authority))}\n")
    data = export_report(with_case, CASE, tmp_path / "report.docx").read_bytes()
    assert "OFFICIAL-SENSITIVE – Sampleshire Council" in header_footer_text(data)
    out = docx.Document(io.BytesIO(data))
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    descriptions = _logo_descriptions(data)
    assert descriptions == ["Sampleshire Council"]


def test_without_templates_in_the_policys_folder_the_installed_ones_are_used(
    policy_file: Callable[[str], Path], with_case: WorkbookSession, tmp_path: Path
) -> None:
    authority = tmp_path / "authority"
    shutil.copytree(TEMPLATES.parent / "forms", authority / "forms")  # its own form pack only
    policy_file(f"[forms]\nfolder = {json.dumps(str(authority))}\n")
    data = export_report(with_case, CASE, tmp_path / "report.docx").read_bytes()
    assert "Sampleshire Council" not in header_footer_text(data) and "OFFICIAL-SENSITIVE" in header_footer_text(data)


# -- 13: the logo's alternative text --------------------------------------------------------------
def _logo_descriptions(data: bytes) -> list[str | None]:
    descriptions = []
    for name, xml in xml_parts(data).items():
        if name.startswith("word/header"):
            root = etree.fromstring(xml.encode("utf-8"))
            ns = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
            descriptions += [doc_pr.get("descr") for doc_pr in root.iter(f"{ns}docPr")]
    return descriptions


def test_the_logo_has_alternative_text(templates_copy: Path, mini_form: FormDefinition) -> None:
    loaded = load_templates(templates_copy)
    model = make_model(mini_form, MINI_VALUES, loaded)
    logo = templates_copy / "logo.png"
    logo.write_bytes(tiny_png())
    assert _logo_descriptions(render_docx(model, loaded.reference_docx, logo)) == ["Logo"]
    (templates_copy / "logo.txt").write_text("Sampleshire Council\u202e children's services\n", encoding="utf-8")
    assert _logo_descriptions(render_docx(model, loaded.reference_docx, logo)) == [
        "Sampleshire Council children's services"  # cleaned as any text is (no direction override)
    ]


# -- footers: the version and a recipient's copy on every page ------------------------------------------
VERSION = "Version 2, signed off 03/12/2026"
COPY = "Copy for Jo Bloggs, Northgate Academy, 07/12/2026"


def _footer_lines(data: bytes) -> list[list[str]]:
    def line(p: Any) -> str:  # tabs as the reader sees them
        shown = [e for e in p.iter(f"{W}t", f"{W}tab") if e.getparent().tag == f"{W}r"]
        return "".join("\t" if e.tag == f"{W}tab" else (e.text or "") for e in shown)

    return [[line(p) for p in footer.iter(f"{W}p")] for footer in parts_named(data, "word/footer")]


def test_every_footer_shows_the_version_and_the_recipients_copy(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    data = render(mini_model(templates, mini_form, version_label=VERSION, copy_for=COPY), templates)
    footers = _footer_lines(data)
    assert len(footers) == 2  # the first page's and every other page's
    for lines in footers:
        assert lines[0].startswith(f"Case HSB-2026-0042 · Full report · {VERSION}\tPage ")
        assert lines[1] == COPY and lines[2] == "OFFICIAL-SENSITIVE"


def test_without_a_version_or_a_recipient_the_footer_has_no_gap(
    mini_form: FormDefinition, templates: ReportTemplates
) -> None:
    data = render(mini_model(templates, mini_form, version_label="", copy_for=""), templates)
    for lines in _footer_lines(data):
        assert lines[0].startswith("Case HSB-2026-0042 · Full report\tPage ")
        assert lines[1:] == ["OFFICIAL-SENSITIVE"]
    assert "{{" not in "".join(xml_parts(data).values())


def test_the_version_and_copy_lines_stay_when_the_footer_loses_its_placeholders(
    templates_copy: Path, mini_form: FormDefinition
) -> None:
    def plain_footer(document: Any) -> None:
        section = document.sections[0]
        for footer in (section.footer, section.first_page_footer):
            for t in footer._element.iter(qn("w:t")):
                t.text = (t.text or "").replace("{{ version_label }}", "").replace("{{ copy_for }}", "")

    loaded = edit_reference(templates_copy, plain_footer)
    data = render(mini_model(loaded, mini_form, version_label=VERSION, copy_for=COPY), loaded)
    for lines in _footer_lines(data):
        assert VERSION in lines and COPY in lines
