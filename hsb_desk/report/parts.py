"""The report's parts outside the form's own sections, as ``templates/report.yaml`` sets them:
the summary and recommendation after the cover, the parts gathered from several sections (how
the assessment was made, the young person's voice, the chronology of significant events), and
the closing parts a panel expects (actions still to do, about this report, version history,
glossary).

No field key is written here: every key comes from ``report.yaml``, and one the form pack does
not have is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.report.blocks import ReportSettings
from hsb_desk.report.items import ItemBuilder
from hsb_desk.report.model import (
    Authorisation,
    CaseDetails,
    Cell,
    FieldItem,
    Grid,
    Item,
    Narrative,
    Part,
    Table,
    Value,
)
from hsb_desk.report.text import clean_text, one_line, paragraphs_of

# Where one sentence ends and the next begins: after . ! or ?, before a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"‘“(])")


def moved_keys(settings: ReportSettings) -> set[str]:
    """The fields shown in a gathered part, not in their own section."""
    return {key for part in settings.parts for key in part.fields}


def in_date_order(form: FormDefinition, values: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``values`` with the rows of each group in ``keys`` sorted by its first date column (undated
    rows last, the order typed kept among equals)."""
    out = dict(values)
    for key in keys:
        spec = form.get_field(key)
        rows = out.get(key)
        if spec is None or spec.type != "group" or not isinstance(rows, list):
            continue
        column = next((c.key for c in spec.fields if c.type == "date"), None)
        if column is None:
            continue

        def when(row: Any, column: str = column) -> tuple[int, str]:
            raw = row.get(column) if isinstance(row, dict) else None
            day = parse_iso_date(raw) if isinstance(raw, str) else None
            return (0, day.isoformat()) if day else (1, "")

        out[key] = sorted(rows, key=when)
    return out


class ExtraParts:
    """Builds the parts around the sections with the report's own item builder (so the shared
    version withholds here exactly what it withholds in the sections)."""

    def __init__(self, form: FormDefinition, settings: ReportSettings, items: ItemBuilder, case: CaseDetails) -> None:
        self.form, self.settings, self.items, self.case = form, settings, items, case

    def _label(self, key: str) -> str:
        return self.settings.label(key)

    def _in_full(self, key: str) -> str:
        """Where the summary's shortened answer is in full: "(in full in section 4)"."""
        section = self.form.section_of(key)
        return self.settings.label("summary_in_full").replace("{}", str(section.number)) if section else ""

    # -- the summary ---------------------------------------------------------------------
    def summary(self) -> tuple[Part, ...]:
        if not self.settings.summary:
            return ()
        shown: list[Item] = []
        for entry in self.settings.summary:
            spec = self.form.get_field(entry.field)
            if spec is None:
                continue
            item = self.items.item(spec, count=False)  # repeated from its section: counted there
            if item is None or not_recorded(item):
                continue
            item = _short(item, entry.sentences, self._in_full(entry.field))
            shown.append(replace(item, label=clean_text(entry.label).strip()) if entry.label else item)
        if not shown:
            return ()
        return (Part("summary", clean_text(self.settings.summary_title).strip(), tuple(shown)),)

    # -- parts gathered from several sections ------------------------------------------------
    def gathered(self, place: str) -> tuple[Part, ...]:
        parts = []
        for part in self.settings.parts:
            if part.place != place:
                continue
            specs = [s for k in part.fields if (s := self.form.get_field(k)) is not None]
            shown = tuple(i for s in specs if (i := self.items.item(s)) is not None)
            if shown:
                parts.append(Part(part.key, clean_text(part.title).strip(), shown))
        return tuple(parts)

    # -- closing parts -------------------------------------------------------------------------
    def open_actions(self) -> tuple[Part, ...]:
        if not self.settings.open_actions or not self.case.open_actions:
            return ()
        rows: list[tuple[Cell, ...]] = [
            (
                tuple(paragraphs_of(a.what)),
                (one_line(a.who),),
                (format_uk_date(a.due) if a.due else "",),
                (one_line(a.meeting),),
            )
            for a in self.case.open_actions
        ]
        table = Table("", self.settings.columns("open_actions_columns", 4), tuple(rows))
        return (Part("open_actions", self._label("open_actions"), (table,)),)

    def about(self) -> tuple[Part, ...]:
        """About this report: who wrote it, and the version history."""
        items: list[Item] = []
        author = self.case.author
        if author is not None and author.name.strip():
            cells = (author.name, author.role, author.agency, author.contact)
            row = tuple((one_line(c),) for c in cells)
            items.append(Table("", self.settings.columns("author_columns", 4), (row,)))
        for authorised in self.case.authorisations:
            items.append(self._authorisation(authorised))
        if self.case.history:
            first = self._label("history_first")
            rows = tuple(
                (
                    (str(v.number),),
                    (format_uk_date(v.date) if v.date else "",),
                    (one_line(v.reason) or first,),
                    (one_line(v.signed_by),),
                    (one_line(v.authorised_by),),
                )
                for v in self.case.history
            )
            items.append(Table(self._label("history"), self.settings.columns("history_columns", 5), rows))
        return (Part("about", self._label("author"), tuple(items)),) if items else ()

    def _authorisation(self, authorised: Authorisation) -> Table:
        """The manager's authorisation block: agrees with the outcome or not, comments, who, when."""
        agrees = {True: "agrees", False: "does_not_agree", None: "agreement_not_recorded"}[authorised.agrees]
        rows: list[tuple[Cell, ...]] = [
            ((self._label("authorisation_outcome"),), (self._label(agrees),)),
            ((self._label("authorisation_comments"),), tuple(paragraphs_of(authorised.comments)) or ("",)),
            (
                (self._label("authorisation_by"),),
                (", ".join(p for p in (one_line(authorised.name), one_line(authorised.role)) if p),),
            ),
            ((self._label("authorisation_date"),), (format_uk_date(authorised.date) if authorised.date else "",)),
        ]
        return Table(self._label("authorisation"), ("", ""), tuple(rows))

    def glossary(self) -> tuple[Part, ...]:
        if not self.settings.glossary:
            return ()
        rows = tuple(((term,), tuple(paragraphs_of(meaning))) for term, meaning in self.settings.glossary)
        return (
            Part("glossary", self._label("glossary"), (Table("", self.settings.columns("glossary_columns", 2), rows),)),
        )


def not_recorded(item: Item) -> bool:
    """A required answer not yet recorded, or an outcome grid with no cell chosen."""
    return getattr(item, "missing", False) or (isinstance(item, Grid) and item.selected is None)


def _short(item: FieldItem, sentences: int, in_full: str) -> FieldItem:
    """The summary's form of an answer: the outcome grid as the response it indicates, a choice
    without its reference description, a narrative's first ``sentences`` sentences."""
    if isinstance(item, Grid):
        return Value(item.label, item.response)
    if isinstance(item, Value) and item.note:
        return replace(item, note="")
    if isinstance(item, Narrative) and sentences and item.paragraphs:
        first = _SENTENCE_END.split(item.paragraphs[0])
        if len(first) > sentences or len(item.paragraphs) > 1:
            return replace(item, paragraphs=(" ".join(first[:sentences]) + f" […] {in_full}".rstrip(),))
    return item
