"""Leaving no hidden data in a report: only what the reader sees, and properties that say so.

The reference document may have been edited in Word by anyone at the authority, so it can bring
the editor's name, the path of their template, revision marks, comments, a thumbnail of the
template and Word's revision-session ids. Each is removed here before a report is saved.

What is kept of the reference is what the authority means every report to carry: its sensitivity
label (Microsoft Purview's ``MSIP_Label_…`` custom properties, and its ``docMetadata/LabelInfo.xml``
part), so that the label's marking and protection apply to the report as they do to the template.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from docx.document import Document
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from hsb_desk.report.docx_settings import LANGUAGE

# Package parts dropped from every report, by the end of their relationship type.
_DROPPED_PACKAGE_RELS = ("/extended-properties", "/thumbnail")
_CUSTOM_PROPERTIES = "/custom-properties"
# A sensitivity label's properties, MSIP_Label_<label's GUID>_<what>, as Purview documents them.
# An older client's _Owner (the e-mail address of whoever labelled the file) is not one of them.
_LABEL_PROPERTY = re.compile(
    r"MSIP_Label_\{?[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?"
    r"_(Enabled|SetDate|Method|Name|SiteId|ActionId|ContentBits)"
)
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
_DROPPED_DOCUMENT_RELS = (
    "/comments",
    "/commentsExtended",
    "/commentsIds",
    "/commentsExtensible",
    "/people",
    "/customXml",
    "/glossaryDocument",
    "/stylesWithEffects",  # Word 2010's copy of the styles: stale once the styles change
)
# Settings that record history or point at the editor's computer.
_DROPPED_SETTINGS = (
    "w:rsids",
    "w:attachedTemplate",
    "w:trackRevisions",
    "w:documentProtection",
    "w:savePreviewPicture",  # would store a picture of the cover page, with the child's name
)
_COMMENT_MARKS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
_RSID, _RUN, _RUN_PR = qn("w:rsid"), qn("w:r"), qn("w:rPr")
_DROPPED = tuple(qn(tag) for tag in ("w:del", "w:moveFrom", *_COMMENT_MARKS))
_UNWRAPPED = tuple(qn(tag) for tag in ("w:ins", "w:moveTo"))
# Revision-session ids (w:rsidR, w:rsidRPr, w:rsidSect...) on any element below the part's root.
_RSID_ATTRIBUTES = './/*/@*[starts-with(local-name(), "rsid")]'


def _drop_rels(rels: Any, endings: tuple[str, ...]) -> None:
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype.endswith(endings)]:
        del rels[r_id]


def _label_properties(blob: bytes) -> bytes | None:
    """The custom properties part with only a sensitivity label's properties left; None when
    there are none (or the part cannot be read, which Word would not have written)."""
    try:
        root = etree.fromstring(blob, _SAFE_XML)
    except etree.XMLSyntaxError:
        return None
    for prop in list(root):
        if not _LABEL_PROPERTY.fullmatch(prop.get("name") or ""):
            root.remove(prop)
    if not len(root):
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _keep_only_sensitivity_labels(package: Any) -> None:
    """Custom properties are dropped (an authority's SharePoint ids, an editor's notes), except a
    sensitivity label's, which the authority means every report to carry."""
    for r_id, rel in list(package.rels.items()):
        if not rel.reltype.endswith(_CUSTOM_PROPERTIES) or rel.is_external:
            continue
        part = rel.target_part
        del package.rels[r_id]
        kept = _label_properties(part.blob)
        if kept is not None:
            package.relate_to(Part(part.partname, part.content_type, kept, package), rel.reltype)


def strip_history(element: Any) -> None:
    """Remove revision-session ids, accept tracked insertions, drop tracked deletions and
    comment anchors in one part's XML."""
    # One walk of the part finds every element concerned (the styles alone hold thousands of
    # elements). One found inside a deletion is changed after the deletion is detached: unseen.
    found: dict[str, list[Any]] = {tag: [] for tag in (_RSID, *_DROPPED, *_UNWRAPPED, _RUN)}
    for node in element.iterdescendants(*found):
        found[node.tag].append(node)
    for node in found[_RSID]:  # a style's revision id
        node.getparent().remove(node)
    for attribute in element.xpath(_RSID_ATTRIBUTES):
        del attribute.getparent().attrib[attribute.attrname]
    for tag in _DROPPED:
        for node in found[tag]:
            node.getparent().remove(node)
    for tag in _UNWRAPPED:
        for node in found[tag]:
            parent = node.getparent()
            index = parent.index(node)
            for child in list(node):
                parent.insert(index, child)
                index += 1
            parent.remove(node)
    for run in found[_RUN]:
        # A run left holding only a comment reference's style is empty: drop it.
        if len(run) == 1 and run[0].tag == _RUN_PR:
            run.getparent().remove(run)


def scrub(document: Document, *, title: str, subject: str, author: str, category: str, status: str) -> None:
    """Set the document properties to what the report shows and remove everything else."""
    package = document.part.package
    _keep_only_sensitivity_labels(package)
    _drop_rels(package.rels, _DROPPED_PACKAGE_RELS)
    _drop_rels(document.part.rels, _DROPPED_DOCUMENT_RELS)
    settings = document.settings.element
    for tag in _DROPPED_SETTINGS:
        for node in settings.findall(qn(tag)):
            settings.remove(node)
    # Word itself then keeps personal information out when someone re-saves the report.
    for node in list(settings):
        if isinstance(node.tag, str) and node.tag.endswith("}docId"):  # w14/w15 document ids
            settings.remove(node)
    # The schema orders settings: these two follow writeProtection, view and zoom.
    position = sum(1 for child in settings if child.tag in {qn("w:writeProtection"), qn("w:view"), qn("w:zoom")})
    for tag in ("w:removePersonalInformation", "w:removeDateAndTime"):
        if settings.find(qn(tag)) is None:
            settings.insert(position, OxmlElement(tag))
        position += 1
    strip_history(document.element)
    strip_history(document.styles.element)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if not part.is_linked_to_previous:
                strip_history(part._element)
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.category = category
    props.content_status = status
    props.comments = ""
    props.keywords = ""
    props.identifier = ""
    props.language = LANGUAGE
    props.version = ""
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    core = props._element
    for node in core.findall(qn("cp:lastPrinted")):
        core.remove(node)
