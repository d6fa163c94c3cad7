"""The report as plain, immutable data: what the Word writer lays out, and what tests read.

Built by :func:`hsb_desk.report.build.build_report_model` from the form, the case's values and
the records other modules keep (sign-offs, chronology). Every string in it is already cleaned
(:mod:`hsb_desk.report.text`) and already filtered for the version (full or shared), so the
writer never decides what is shown, only how.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

VERSIONS = ("full", "shared")


@dataclass(frozen=True)
class SignOff:
    """One sign-off: who signed, in which role, what they signed off, and when.
    ``on_behalf_of`` names the lead practitioner when ``who`` signed for them; ``kind`` is the
    record's kind (``lead_signoff``...), which tells the report the date the version was signed."""

    who: str
    role: str
    what: str
    date: date
    on_behalf_of: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Author:
    """Who wrote the report: the practitioner profile of the workbook it was written in."""

    name: str
    role: str = ""
    agency: str = ""
    contact: str = ""


@dataclass(frozen=True)
class VersionEntry:
    """One line of the version history: the assessment version, when it was started or signed,
    why (an amendment's reason), who signed it off and who authorised it (countersigned)."""

    number: int
    date: date | None
    reason: str
    signed_by: str = ""
    authorised_by: str = ""


@dataclass(frozen=True)
class Authorisation:
    """The manager's authorisation of a signed version (their countersignature): whether they
    agree with the outcome, their comments, who they are and when."""

    name: str
    role: str
    date: date | None
    agrees: bool | None = None  # None: not said (a countersignature recorded before this was asked)
    comments: str = ""


@dataclass(frozen=True)
class OpenAction:
    """An action agreed at a meeting and not yet done."""

    what: str
    who: str
    due: date | None
    meeting: str


@dataclass(frozen=True)
class CaseDetails:
    """What the report needs of the case record (kept apart from the store's own type)."""

    reference: str
    status: str
    author: Author | None = None
    history: tuple[VersionEntry, ...] = ()
    open_actions: tuple[OpenAction, ...] = ()
    authorisations: tuple[Authorisation, ...] = ()


@dataclass(frozen=True)
class ChronologyEntry:
    """One line of the chronology appendix (full version only)."""

    date: date
    what: str


# -- the items a section is made of ------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A short answer. ``note`` explains it (a continuum placement's description);
    ``missing`` marks a required answer not yet recorded (``text`` then says so)."""

    label: str
    text: str
    note: str = ""
    missing: bool = False


@dataclass(frozen=True)
class Narrative:
    """A longer answer as the writer's paragraphs (a paragraph may hold line breaks)."""

    label: str
    paragraphs: tuple[str, ...]
    missing: bool = False


@dataclass(frozen=True)
class Choices:
    """Several options chosen (a multichoice), shown as a list."""

    label: str
    entries: tuple[str, ...]


Cell = tuple[str, ...]  # a table cell's paragraphs


@dataclass(frozen=True)
class Table:
    """Rows of a group (or gathered ratings) under their column headings."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Records:
    """A group with too many columns for a page's width: each row as its own small
    label-and-value table, titled ``item_label`` and its number."""

    label: str
    item_label: str
    records: tuple[tuple[tuple[str, Cell], ...], ...]


@dataclass(frozen=True)
class Grid:
    """The outcome grid. ``rows`` are concern levels (highest first), ``columns`` strength
    levels; ``selected`` is (row, column) of the case's cell, or None."""

    label: str
    corner: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    selected: tuple[int, int] | None
    selected_mark: str
    response_label: str
    response: str
    note: str = ""


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section: where its historical (fixed) factors, its changeable ones and
    the rest of it begin (a field's ``factor`` in the form pack)."""

    text: str


FieldItem = Value | Narrative | Choices | Table | Records | Grid  # what one field is shown as
Item = FieldItem | Subheading


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    owner: str
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()  # e.g. "details withheld" in the shared version
    new_page: bool = False


@dataclass(frozen=True)
class CoverRow:
    label: str
    text: str
    missing: bool = False


@dataclass(frozen=True)
class Notice:
    """A boxed notice (draft, shared version) as paragraphs."""

    kind: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """A part of the report outside the form's sections: the summary at the front, and the
    closing parts (consent, sign-off, distribution, chronology)."""

    key: str
    title: str
    items: tuple[Item, ...] = ()
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportModel:
    title: str
    subtitle: str
    version: str
    marking: str
    reference: str
    is_draft: bool
    draft_mark: str
    cover: tuple[CoverRow, ...]
    notices: tuple[Notice, ...]
    contents_title: str
    sections: tuple[Section, ...]
    parts: tuple[Part, ...]
    author: str
    subject: str
    created: date
    missing_count: int = 0
    withheld_count: int = 0
    header_version: str = ""
    contents_page_numbers: bool = False  # links only: reads in Protected View, no question
    # Parts shown straight after the cover, before the contents (the summary and recommendation).
    front: tuple[Part, ...] = ()
    # Parts shown after the contents, before the form's sections (how the assessment was made).
    opening: tuple[Part, ...] = ()
    # "Version 2, signed off 03/12/2026" (or "Draft, 07/12/2026"): in every page's footer.
    version_label: str = ""
    # A copy made for one recipient: "Copy for NAME, AGENCY, 07/12/2026" in every page's footer.
    copy_for: str = ""

    def short_document(self, title: str, sections: tuple[Section, ...], dated: str) -> ReportModel:
        """This report's frame (marking, reference, author, headers and footers) for a short
        document of its own: ``title`` in its header, ``dated`` in its footer, only ``sections``,
        and no cover, notices or closing parts. It is not a draft of the assessment (a plan agreed
        at a meeting, a review), so it carries no draft mark."""
        return replace(
            self,
            title=title,
            subtitle="",
            subject=f"{title}, case {self.reference}",
            is_draft=False,
            cover=(),
            notices=(),
            sections=sections,
            parts=(),
            front=(),
            opening=(),
            header_version=title,
            version_label=dated,
        )

    def handling(self) -> tuple[str, ...]:
        """The paragraphs of the notice on how to handle the document (none if it has none)."""
        return next((n.paragraphs for n in self.notices if n.kind == "handling"), ())
