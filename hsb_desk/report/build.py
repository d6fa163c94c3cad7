"""Building the :class:`ReportModel` from the form, a case's values and the case's records.

Everything the report shows is decided here: which fields (visible, filled, or required and
missing), in which order (the form's), and what the shared version withholds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition, SectionSpec
from hsb_desk.formspec.values import is_filled, is_visible, missing_required, with_computed
from hsb_desk.report.blocks import ReportTemplates
from hsb_desk.report.items import ItemBuilder
from hsb_desk.report.model import (
    VERSIONS,
    CaseDetails,
    Cell,
    ChronologyEntry,
    CoverRow,
    Item,
    Notice,
    Part,
    ReportModel,
    Section,
    SignOff,
    Subheading,
    Table,
)
from hsb_desk.report.parts import ExtraParts, in_date_order, moved_keys
from hsb_desk.report.text import clean_text, one_line, paragraphs_of
from hsb_desk.report.values import age_text, format_short

DISTRIBUTION = "distribution"  # the form role of the group listing who receives the report
DISTRIBUTION_SENT = "distribution_sent"  # the form role of the distribution's "date sent" column
PLANNED = "Planned"  # defaults for templates without labels distribution_planned, signed_on_behalf
ON_BEHALF = "{who} on behalf of {lead}"
#: Defaults for templates without the labels factor_fixed, factor_changeable, factor_none.
FACTOR_HEADINGS = {"fixed": "Historical factors", "changeable": "Changeable factors", "": "Weighing this area"}
_PLACEHOLDER = re.compile(r"\{(who|lead)\}")


def _first_field(form: FormDefinition, keys: Sequence[str]) -> FieldSpec | None:
    for key in keys:
        spec = form.get_field(key)
        if spec is not None:
            return spec
    return None


def build_report_model(
    form: FormDefinition,
    values: Mapping[str, Any],
    case: CaseDetails,
    templates: ReportTemplates,
    *,
    version: str = "full",
    today: date,
    signoffs: Sequence[SignOff] = (),
    chronology: Sequence[ChronologyEntry] = (),
    version_label: str = "",
    marking: str | None = None,
    author: str = "",
    owners: Mapping[str, str] | None = None,
) -> ReportModel:
    """The report of one case. ``version`` is ``full`` or ``shared`` (which leaves out every
    field the form marks sensitive). With no ``signoffs`` the report is a draft and says so."""
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}")
    shown = in_date_order(form, with_computed(form, values, today), templates.settings.date_order)
    builder = _Builder(form, shown, case, templates, version, today, not_assessed=_not_assessed(case, signoffs))
    builder.owners = dict(owners or {})  # the lead may have reassigned sections from the form's defaults
    return builder.build(list(signoffs), list(chronology), version_label, marking, author)


class _Builder:
    def __init__(
        self,
        form: FormDefinition,
        values: dict[str, Any],
        case: CaseDetails,
        templates: ReportTemplates,
        version: str,
        today: date,
        not_assessed: bool = False,
    ) -> None:
        self.form, self.values, self.case, self.today = form, values, case, today
        # A case closed (archived) before it was ever signed off: what was never recorded is left
        # out, and a section with nothing in it says it was not assessed, once.
        self.not_assessed = not_assessed
        self.settings, self.blocks = templates.settings, templates.blocks
        self.version = version
        self.owners: dict[str, str] = {}
        self.not_recorded = self.blocks.text("not_recorded")
        self.items = ItemBuilder(
            form,
            self.values,
            self.settings,
            version == "shared",
            self.not_recorded,
            today=today,
            blocks=self.blocks,
            leave_out_missing=not_assessed,
        )
        self.withheld = self.items.withheld
        self.extra = ExtraParts(form, self.settings, self.items, case)
        self.moved = set(self.settings.consent_fields) | moved_keys(self.settings)
        self.distribution = self._distribution_field()
        if self.distribution is not None:
            self.moved.add(self.distribution.key)

    def _distribution_field(self) -> FieldSpec | None:
        """The group the form gives the distribution role; for a pack without that role, the
        first of the templates' ``distribution_field`` keys the form has; else none."""
        spec = self.form.role_field(DISTRIBUTION)
        return spec if spec is not None else _first_field(self.form, self.settings.distribution_fields)

    # -- the whole report ----------------------------------------------------------------
    def build(
        self,
        signoffs: list[SignOff],
        chronology: list[ChronologyEntry],
        version_label: str,
        marking: str | None,
        author: str,
    ) -> ReportModel:
        label = self.settings.label
        is_draft = not signoffs
        draft_mark = self.blocks.text("draft_mark")
        subtitle = label(self.version)
        title = self.blocks.text("title", form_title=self.form.title)
        front = self.extra.summary()
        opening = self.extra.gathered("opening")
        # A section whose every field is shown in a gathered part is not repeated, empty.
        sections = tuple(self._section(s) for s in self.form.sections if not all(f.key in self.moved for f in s.fields))
        parts = self._parts(signoffs, chronology, draft_mark)
        missing = self.items.missing_count
        withheld = self.items.withheld_count
        notices = []
        if self.not_assessed:
            notices.append(Notice("draft", self.blocks.paragraphs("not_assessed_notice", draft_mark=draft_mark)))
        elif is_draft:
            notices.append(
                Notice(
                    "draft",
                    self.blocks.paragraphs(
                        "draft_notice",
                        missing_count=missing,
                        not_recorded=self.not_recorded,
                        draft_mark=draft_mark,
                        missing_by_section=self._missing_by_section(),
                    ),
                )
            )
        if self.version == "shared":
            notices.append(Notice("shared", self.blocks.paragraphs("shared_notice", withheld_count=withheld)))
        notices.append(Notice("handling", self.blocks.paragraphs("handling")))
        reference = one_line(self.case.reference)
        return ReportModel(
            title=title,
            subtitle=subtitle,
            version=self.version,
            marking=one_line(self.settings.marking if marking is None else marking),
            reference=reference,
            is_draft=is_draft,
            draft_mark=draft_mark,
            cover=self._cover(one_line(version_label), is_draft),
            notices=tuple(notices),
            contents_title=label("contents"),
            sections=sections,
            parts=parts,
            author=one_line(author),
            subject=f"{subtitle}, case {reference}",
            created=self.today,
            missing_count=missing,
            withheld_count=withheld,
            header_version=subtitle,
            contents_page_numbers=self.settings.contents_page_numbers,
            front=front,
            opening=opening,
            version_label=self._footer_label(version_label, is_draft),
        )

    def _missing_by_section(self) -> list[dict[str, Any]]:
        """The required answers not yet recorded, by section, as the draft's cover lists them
        (labels only: withheld answers' labels name no one)."""
        by_section: dict[str, list[str]] = {}
        for missing in missing_required(self.form, self.values):
            by_section.setdefault(missing.section, []).append(clean_text(missing.describe(self.form)).strip())
        return [
            {"number": s.number, "title": clean_text(s.title), "answers": by_section[s.key]}
            for s in self.form.sections
            if s.key in by_section
        ]

    def _footer_label(self, version_label: str, is_draft: bool) -> str:
        """The version and date every page's footer carries."""
        label = one_line(version_label)
        if is_draft:
            draft = self.settings.label("version_draft")
            return f"{label or draft}, {format_uk_date(self.today)}"
        return label

    # -- cover -----------------------------------------------------------------------------
    def _cover(self, version_label: str, is_draft: bool) -> tuple[CoverRow, ...]:
        sources = {
            "reference": one_line(self.case.reference),
            "status": self._status(),
            "version": version_label or (self.settings.label("version_draft") if is_draft else ""),
            "date": format_uk_date(self.today),
            "form_version": one_line(self.form.version),
        }
        rows = []
        for row in self.settings.cover:
            if row.source:
                if sources[row.source]:
                    rows.append(CoverRow(clean_text(row.label), sources[row.source]))
                continue
            spec = _first_field(self.form, row.fields)
            if spec is None or spec.key in self.withheld:
                continue
            value = self.values.get(spec.key)
            if not is_filled(value) or not is_visible(spec, self.values):
                if not self.not_assessed:
                    rows.append(CoverRow(clean_text(row.label), self.not_recorded, missing=True))
                continue
            text = format_short(spec, value)
            extra = _first_field(self.form, row.with_fields)
            if extra is not None and extra.key not in self.withheld:
                addition = self.values.get(extra.key)
                shown = age_text(addition) if extra.type == "computed" else format_short(extra, addition)
                if is_filled(addition) and shown:
                    text = f"{text} ({clean_text(row.with_format.replace('{}', shown))})"
            rows.append(CoverRow(clean_text(row.label), text))
        return tuple(rows)

    def _status(self) -> str:
        statuses = self.settings.labels.get("statuses")
        status = self.case.status
        if isinstance(statuses, dict) and status in statuses:
            return clean_text(str(statuses[status]))
        return one_line(status.replace("_", " ").capitalize())

    # -- sections --------------------------------------------------------------------------
    def _section(self, section: SectionSpec) -> Section:
        items: list[Item] = []
        withheld_before = self.items.withheld_count
        for key in self.settings.recap.get(section.key, ()):
            spec = self.form.get_field(key)
            if spec is not None and self.form.section_of(key) != section:
                # A recap repeats a field shown elsewhere: never count it missing twice.
                item = self.items.item(spec, count=False)
                if item is not None:
                    items.append(item)
        marked = any(spec.factor for spec in section.fields)
        factor: str | None = None  # the factor of the run of fields being shown
        for spec in section.fields:
            if spec.key in self.moved:
                continue
            item = self.items.item(spec)
            if item is not None:
                if marked and spec.factor != factor:
                    items.append(Subheading(self._factor_heading(spec.factor)))
                    factor = spec.factor
                items.append(item)
        notes = []
        if self.items.withheld_count > withheld_before:
            notes.append(self.blocks.text("section_withheld"))
        if not items and not notes:
            notes.append(self.blocks.text("section_not_assessed" if self.not_assessed else "section_empty"))
        role = self.owners.get(section.key, section.owner)
        owner = self.settings.label("owner_lead" if role == "lead" else "owner_coworker")
        new_page = section.key in self.settings.new_page_before
        return Section(
            section.number, section.key, clean_text(section.title), owner, tuple(items), tuple(notes), new_page
        )

    def _factor_heading(self, factor: str) -> str:
        """The subheading of a run of historical (fixed) or changeable factors, or of the fields
        after them: the templates' label ``factor_fixed`` (``factor_changeable``, ``factor_none``)."""
        name = f"factor_{factor or 'none'}"
        return clean_text(str(self.settings.labels.get(name, FACTOR_HEADINGS[factor])))

    # -- closing parts -----------------------------------------------------------------------
    def _parts(self, signoffs: list[SignOff], chronology: list[ChronologyEntry], draft_mark: str) -> tuple[Part, ...]:
        label = self.settings.label
        parts = list(self.extra.gathered("closing"))
        parts += self.extra.open_actions()
        consent_specs = [s for k in self.settings.consent_fields if (s := self.form.get_field(k)) is not None]
        if consent_specs:
            items = [i for s in consent_specs if (i := self.items.item(s)) is not None]
            parts.append(Part("consent", label("consent"), tuple(items)))
        if signoffs:
            columns = self.settings.columns("signoff_columns", 4)
            rows = tuple(
                ((self._signer(s),), (one_line(s.role),), (one_line(s.what),), (format_uk_date(s.date),))
                for s in signoffs
            )
            parts.append(Part("signoff", label("signoff"), (Table("", columns[:4], rows),)))
        else:
            parts.append(
                Part(
                    "signoff",
                    label("signoff"),
                    paragraphs=self.blocks.paragraphs("signoff_none", draft_mark=draft_mark),
                )
            )
        if self.distribution is not None:
            item = self._distribution_item(signoffs)
            if item is None:
                parts.append(
                    Part("distribution", label("distribution"), paragraphs=self.blocks.paragraphs("distribution_none"))
                )
            else:
                parts.append(Part("distribution", label("distribution"), (item,)))
        if chronology and self.version == "full":
            columns = self.settings.columns("chronology_columns", 2)
            lines: tuple[tuple[Cell, ...], ...] = tuple(
                ((format_uk_date(e.date),), tuple(paragraphs_of(e.what))) for e in chronology
            )
            parts.append(Part("chronology", label("chronology"), (Table("", columns[:2], lines),)))
        parts += self.extra.about()
        parts += self.extra.glossary()
        return tuple(parts)

    def _signer(self, signoff: SignOff) -> str:
        """The signer's name, and on whose behalf they signed when they did."""
        who = one_line(signoff.who)
        if not signoff.on_behalf_of:
            return who
        names = {"who": who, "lead": one_line(signoff.on_behalf_of)}
        wording = clean_text(str(self.settings.labels.get("signed_on_behalf", ON_BEHALF)))
        return _PLACEHOLDER.sub(lambda m: names[m.group(1)], wording)  # one pass: names are not re-read

    def _distribution_item(self, signoffs: list[SignOff]) -> Item | None:
        """The distribution list. A row is shown as sent only in the report of a signed version,
        and only when its date sent is on or after the sign-off; otherwise it reads as planned."""
        assert self.distribution is not None
        found = self.form.role_column(DISTRIBUTION_SENT)
        rows = self.values.get(self.distribution.key)
        if found is None or found[0].key != self.distribution.key or not isinstance(rows, list):
            return self.items.item(self.distribution)
        column = found[1].key
        signed_on = self._signed_on(signoffs)
        planned = (
            self.settings.label("distribution_planned") if "distribution_planned" in self.settings.labels else PLANNED
        )
        shown = [
            {**row, column: _sent_or_planned(row.get(column), signed_on, planned)} if isinstance(row, dict) else row
            for row in rows
        ]
        self.items.values = {**self.values, self.distribution.key: shown}
        try:
            return self.items.item(self.distribution)
        finally:
            self.items.values = self.values

    def _signed_on(self, signoffs: list[SignOff]) -> date | None:
        """The date this version was signed off, or None for a draft. A case closed once signed
        (its version's sign-offs are given) reads as signed; one closed as a draft does not."""
        if self.case.status not in ("signed_off", "closed"):
            return None
        leads = [s.date for s in signoffs if s.kind == "lead_signoff"]
        return leads[-1] if leads else None


def _not_assessed(case: CaseDetails, signoffs: Sequence[SignOff]) -> bool:
    """Archived without ever being signed off: closed before an assessment was made."""
    return case.status == "archived" and not signoffs


def _sent_or_planned(raw: Any, signed_on: date | None, planned: str) -> Any:
    day = parse_iso_date(raw) if isinstance(raw, str) else None
    if signed_on is not None and day is not None and day >= signed_on:
        return raw
    return planned
