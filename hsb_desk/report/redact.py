"""The shared version's last check: no withheld value anywhere in what it shows.

Leaving out the fields marked sensitive is not enough: a name typed into a narrative everyone may
read (the reason for referral, the analysis) would still be printed. Before the shared version is
written, every value it shows is searched for the text of every withheld value (whole words,
case-insensitive), and each occurrence is replaced by the name the form holds for that child
("Child A": the row's ``pseudonym`` column) or by "[withheld]".

What is looked for, from each withheld value (field or column):
- a one-line answer, whole, when it has at least 3 characters; when it reads as a full name (two
  to five words of letters), its first word too ("Theo" for "Theo Sample");
- a date, as the report writes it and as dd/mm/yyyy;
- the lines of an address or contact details (level ``household_contact``) that hold a digit:
  the house and the postcode, not the town;
- narratives and choices are not looked for: a paragraph is never repeated word for word, and an
  option's label ("Yes") names no one.
A word that is also an ordinary English word ("Will", "Rose", "Classmate") is looked for only as
written, with its capital letter, so that "will" and "rose" in the text stay as they are.

The replacements are returned (where, which answer, replaced by what, how many times) for the
practitioner to review; the withheld text itself is never returned, logged or raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.report.model import (
    CoverRow,
    Grid,
    Narrative,
    Notice,
    Part,
    Records,
    ReportModel,
    Section,
    Table,
    Value,
)
from hsb_desk.report.text import clean_text

WITHHELD_NAME = "[withheld]"  # unless templates/blocks/withheld_name.j2 rewords it
SHORTEST = 3  # shorter names ("Jo") would match too much to be looked for
COVER = "Cover"
HEADER_FOOTER = "Header and footer"
_FULL_NAME = re.compile(r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Fields of the report model that hold the form's or the templates' wording, never case content.
_WORDING = {"label", "title", "key", "kind", "columns", "item_label", "owner", "marking"}
_MODEL_WORDING = {"title", "subtitle", "version", "marking", "draft_mark", "contents_title", "header_version"}

Ordinary = Callable[[set[str]], set[str]]  # of lower-case words, those that are ordinary words


def _no_ordinary_words(_words: set[str]) -> set[str]:
    return set()


@dataclass(frozen=True)
class Replacement:
    """``count`` occurrences of withheld values in ``field`` (an answer's label) of ``where`` (a
    section or part) were replaced by ``replacement``. Never holds the withheld text."""

    where: str
    field: str
    replacement: str
    count: int

    def describe(self) -> str:
        """'3. Child or young person – Family history: 2 × 'Child A''."""
        at = f"{self.where} – {self.field}" if self.field and self.where else self.field or self.where
        return f"{at}: {self.count} × '{self.replacement}'"


@dataclass(frozen=True)
class Term:
    """A withheld text to look for, and what replaces it (kept out of every message)."""

    text: str
    replacement: str
    exact_case: bool = False

    def __repr__(self) -> str:  # a term printed by accident shows no case content
        return f"Term(replacement={self.replacement!r})"


@dataclass(frozen=True)
class Minimised:
    model: ReportModel
    replacements: tuple[Replacement, ...]

    @property
    def replaced(self) -> int:
        return sum(r.count for r in self.replacements)


# -- what is looked for ---------------------------------------------------------------------
def withheld_terms(
    form: FormDefinition,
    values: Mapping[str, Any],
    ordinary: Ordinary = _no_ordinary_words,
    withheld_name: str = WITHHELD_NAME,
) -> list[Term]:
    """The texts the shared version must not show, longest first, each with its replacement."""
    found: list[tuple[str, str, str]] = []  # (text, the row's pseudonym or "", what it is)
    for _, spec in form.iter_fields():
        value = values.get(spec.key)
        if spec.type == "group" and isinstance(value, list):
            for row in value:
                if isinstance(row, Mapping):
                    found += _row_terms(spec, row)
        elif spec.sensitive:
            found += [(text, "", kind) for text, kind in _texts(spec, value)]
    words = {text.casefold() for text, _, _ in found if _WORD.fullmatch(text)}
    common = ordinary(words) if words else set()
    # A pseudonym that itself holds a withheld name would put the name back: it is not used.
    check = _Matcher([Term(text, "") for text, _, _ in found if len(text) >= SHORTEST])
    chosen: dict[str, Term] = {}
    for text, pseudonym, kind in found:
        folded = " ".join(text.split()).casefold()
        if len(folded) < SHORTEST:
            continue
        names = kind == NAME or (kind == WORD and folded not in common)
        safe = pseudonym and names and not check.search(pseudonym)
        term = Term(text, pseudonym if safe else withheld_name, folded in common)
        if folded not in chosen or (chosen[folded].replacement == withheld_name and safe):
            chosen[folded] = term
    return sorted(chosen.values(), key=lambda term: -len(term.text))


NAME, WORD, OTHER = "name", "word", "other"  # what a text looked for is: a full name (or its
# first word), a single word (a name, or an ordinary word such as a relationship), anything else


def _row_terms(spec: FieldSpec, row: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The withheld values of one row, each with the row's pseudonym (its name for the report)."""
    column = next((sub for sub in spec.fields if sub.pseudonym and not spec.sensitive), None)
    raw = row.get(column.key) if column is not None else None
    pseudonym = " ".join(clean_text(raw).split()) if isinstance(raw, str) else ""
    return [
        (text, pseudonym, kind)
        for sub in spec.fields
        if not sub.pseudonym and (spec.sensitive or sub.sensitive)
        for text, kind in _texts(sub, row.get(sub.key))
    ]


def _texts(spec: FieldSpec, value: Any) -> Iterator[tuple[str, str]]:
    """The texts to look for in one withheld value, each with what it is."""
    if spec.type == "text" and isinstance(value, str):
        text = " ".join(clean_text(value).split())
        if _FULL_NAME.fullmatch(text):
            yield text, NAME
            yield text.split()[0], NAME
        else:
            yield text, WORD if _WORD.fullmatch(text) else OTHER
    elif spec.type == "date" and isinstance(value, str) and (day := parse_iso_date(value)) is not None:
        yield format_uk_date(day), OTHER
        yield day.strftime("%d/%m/%Y"), OTHER
    elif spec.type == "longtext" and isinstance(value, str) and spec.sensitivity == "household_contact":
        for line in clean_text(value).splitlines():
            if any(ch.isdigit() for ch in line):
                yield " ".join(line.split()).strip(" ,;"), OTHER


_RUN = re.compile(r"\w+")


class _Matcher:
    """Finds the terms in a text, whole words only, longest first. Each term is tried only where
    a word of the text is its first word, so a long text with many terms stays fast (one
    alternation of every term would try them all at every character)."""

    def __init__(self, terms: list[Term]) -> None:
        self.by_first: dict[str, list[tuple[int, re.Pattern[str], Term]]] = {}
        for term in sorted(terms, key=lambda t: -len(t.text)):
            first = _RUN.search(term.text)
            if first is None:
                continue  # nothing a word could start: never looked for
            body = r"\s+".join(re.escape(word) for word in term.text.split())
            pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)", 0 if term.exact_case else re.IGNORECASE)
            self.by_first.setdefault(first.group().lower(), []).append((first.start(), pattern, term))

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def matches(self, text: str) -> Iterator[tuple[int, int, Term]]:
        """(start, end, term) of each occurrence, left to right, never overlapping."""
        end = 0
        for run in _RUN.finditer(text):
            if run.start() < end:
                continue
            for lead, pattern, term in self.by_first.get(run.group().lower(), ()):
                found = pattern.match(text, run.start() - lead) if run.start() >= lead else None
                if found is not None and found.start() >= end:
                    yield found.start(), found.end(), term
                    end = found.end()
                    break

    def search(self, text: str) -> bool:
        return next(self.matches(text), None) is not None


# -- replacing them ---------------------------------------------------------------------------
def minimise(model: ReportModel, terms: list[Term], withheld_name: str = WITHHELD_NAME) -> Minimised:
    """``model`` with every term replaced wherever it shows a value (cover, sections, parts,
    header and footer), and what was replaced. The cover's shared-version notice stays only when
    something was withheld or replaced."""
    scrubber = _Scrubber(terms)
    cleaned = scrubber.report(model) if terms else model
    replacements = tuple(Replacement(w, f, r, n) for (w, f, r), n in scrubber.counts.items())
    if cleaned.withheld_count == 0 and not replacements:
        cleaned = replace(cleaned, notices=tuple(n for n in cleaned.notices if n.kind != "shared"))
    return Minimised(cleaned, replacements)


def minimise_report(
    model: ReportModel,
    form: FormDefinition,
    values: Mapping[str, Any],
    ordinary: Ordinary = _no_ordinary_words,
    withheld_name: str = WITHHELD_NAME,
) -> Minimised:
    """The shared version's model as it may be written: see the module's docstring."""
    return minimise(model, withheld_terms(form, values, ordinary, withheld_name), withheld_name)


class _Scrubber:
    def __init__(self, terms: list[Term]) -> None:
        self.matcher = _Matcher(terms)
        self.counts: dict[tuple[str, str, str], int] = {}

    def text(self, text: str, where: str, field: str) -> str:
        if not self.matcher or not text:
            return text
        pieces, done = [], 0
        for start, end, term in self.matcher.matches(text):
            pieces += [text[done:start], term.replacement]
            key = (where, field, term.replacement)
            self.counts[key] = self.counts.get(key, 0) + 1
            done = end
        return "".join([*pieces, text[done:]]) if pieces else text

    def report(self, model: ReportModel) -> ReportModel:
        changes: dict[str, Any] = {}
        for spec in fields(model):
            old = getattr(model, spec.name)
            if spec.name in _MODEL_WORDING or spec.name == "notices":
                continue  # the templates' and the form's own wording
            if spec.name == "cover":
                new: Any = tuple(self.cover_row(row) for row in old)
            else:
                new = self.any(old, HEADER_FOOTER, _spaced(spec.name))
            if new != old:
                changes[spec.name] = new
        return replace(model, **changes) if changes else model

    def cover_row(self, row: CoverRow) -> CoverRow:
        return replace(row, text=self.text(row.text, COVER, row.label))

    def any(self, obj: Any, where: str, field: str) -> Any:
        """``obj`` (a value of the model) with the terms replaced in every value it holds."""
        if isinstance(obj, str):
            return self.text(obj, where, field)
        if isinstance(obj, tuple):
            return tuple(self.any(item, where, field) for item in obj)
        if isinstance(obj, Section):
            title = f"{obj.number}. {obj.title}"
            return replace(obj, items=tuple(self.any(i, title, "") for i in obj.items))
        if isinstance(obj, Part):
            return replace(obj, items=tuple(self.any(i, obj.title, "") for i in obj.items))
        if isinstance(obj, Value):
            return replace(obj, text=self.text(obj.text, where, obj.label))
        if isinstance(obj, Narrative):
            return replace(obj, paragraphs=tuple(self.text(p, where, obj.label) for p in obj.paragraphs))
        if isinstance(obj, Table):
            rows = tuple(
                tuple(self.any(cell, where, _joined(obj.label, heading)) for cell, heading in _with_headings(obj, row))
                for row in obj.rows
            )
            return replace(obj, rows=rows)
        if isinstance(obj, Records):
            records = tuple(
                tuple((label, self.any(cell, where, _joined(obj.label, label))) for label, cell in record)
                for record in obj.records
            )
            return replace(obj, records=records)
        if isinstance(obj, Grid | Notice):
            return obj  # the outcome grid and the notices are the pack's and templates' own wording
        if is_dataclass(obj) and not isinstance(obj, type):
            return self._other(obj, where, field)
        return obj

    def _other(self, obj: Any, where: str, field: str) -> Any:
        """A part of the model this module does not know by name: every value it holds is
        searched, so nothing added to the report later escapes the check."""
        field = str(getattr(obj, "label", "") or field)
        changes = {}
        for spec in fields(obj):
            if spec.name in _WORDING:
                continue
            old = getattr(obj, spec.name)
            new = self.any(old, where, field)
            if new != old:
                changes[spec.name] = new
        return replace(obj, **changes) if changes else obj


def _with_headings(table: Table, row: tuple[Any, ...]) -> Iterator[tuple[Any, str]]:
    for number, cell in enumerate(row):
        yield cell, table.columns[number] if number < len(table.columns) else ""


def _joined(label: str, column: str) -> str:
    return ", ".join(part for part in (label, column) if part)


def _spaced(name: str) -> str:
    return name.replace("_", " ").capitalize()
