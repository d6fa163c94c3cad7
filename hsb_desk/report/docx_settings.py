"""Document-wide settings every report gets, whatever ``templates/reference.docx`` says.

The reference may have been saved by any Word at the authority: an American one (language
en-US), an old one (compatibility mode 14, which lays tables out differently). The report is
English and is laid out for current Word, so these are set on each report as it is written
(and by ``build_reference`` on the default reference).
"""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.oxml.ns import qn

from hsb_desk.report.ooxml import w_element

LANGUAGE = "en-GB"
# Word 2013 and later; Word 2010 is 14. The mode decides, among other things, whether a table at
# indent 0 has its border on the margin (15) or its text (14).
COMPATIBILITY_MODE = "15"
_WORD_URI = "http://schemas.microsoft.com/office/word"

# The order the schema gives the children of w:settings (CT_Settings). Word rejects a file whose
# settings are out of this order, so a new one goes before whichever of its successors is there.
_SETTINGS = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts",
    "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
    "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves",
    "doNotTrackFormatting", "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
    "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
    "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
    "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip
# m:mathPr sits between rsids and attachedSchema, in its own namespace.
_ORDER = {qn(f"m:{n}" if n == "mathPr" else f"w:{n}"): index for index, n in enumerate(_SETTINGS)}


def setting(settings: Any, name: str) -> Any:
    """The settings' ``w:NAME`` element, added in its place if it is not there."""
    tag = qn(f"w:{name}")
    found = settings.find(tag)
    if found is not None:
        return found
    element = w_element(name)
    rank = _ORDER[tag]
    for child in settings:
        # A later setting, or one the schema list does not name (w14/w15 extensions come last).
        if _ORDER.get(child.tag, len(_ORDER)) > rank:
            child.addprevious(element)
            return element
    settings.append(element)
    return element


def _english(value: str | None) -> bool:
    return value is not None and value.lower().startswith("en")


def _british(lang: Any) -> None:
    """An English ``w:lang`` (en-US, en-AU...) becomes en-GB; another language is left as it is
    (a Welsh line an authority put in its footer stays Welsh)."""
    for attribute in ("w:val", "w:eastAsia"):
        if _english(lang.get(qn(attribute))):
            lang.set(qn(attribute), LANGUAGE)


def set_language(document: Document) -> None:
    """British English as the language of the text: the default of every style, any style or
    header and footer run that names an English variety, and the theme fonts' language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = w_element("docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = w_element("rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = w_element("rPr")
        r_pr_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        # w:lang is the last-but-few of a run's properties: only eastAsianLayout, specVanish, oMath follow.
        lang = w_element("lang")
        later = [r_pr.find(qn(tag)) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = next((e for e in later if e is not None), None)
        if following is not None:
            following.addprevious(lang)
        else:
            r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    for element in styles.iter(qn("w:lang")):
        _british(element)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if not part.is_linked_to_previous:
                for element in part._element.iter(qn("w:lang")):
                    _british(element)
    setting(document.settings.element, "themeFontLang").set(qn("w:val"), LANGUAGE)


def set_compatibility_mode(document: Document) -> None:
    """Lay the document out as current Word does (not in "Compatibility Mode")."""
    compat = setting(document.settings.element, "compat")
    for node in compat.iterchildren(qn("w:compatSetting")):
        if node.get(qn("w:name")) == "compatibilityMode":
            node.set(qn("w:val"), COMPATIBILITY_MODE)
            return
    # compatSetting elements come after the legacy on/off options, at the end.
    compat.append(
        w_element("compatSetting", ("name", "compatibilityMode"), ("uri", _WORD_URI), ("val", COMPATIBILITY_MODE))
    )


def ask_to_update_fields(document: Document) -> None:
    """Ask Word to update fields (the contents' page references) when the file is opened: Word
    then asks the reader "update the fields?", and cannot in Protected View."""
    setting(document.settings.element, "updateFields").set(qn("w:val"), "true")


def apply_document_settings(document: Document) -> None:
    """British English, laid out as current Word lays it out."""
    set_language(document)
    set_compatibility_mode(document)
