"""One report item per form field: which kind (value, narrative, table, grid...) and what it says."""

from __future__ import annotations

from datetime import date
from typing import Any

import jinja2

from hsb_desk.domain.dates import age_on, parse_iso_date
from hsb_desk.errors import ExportFailed
from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.formspec.values import is_filled, is_visible
from hsb_desk.report.blocks import ReportSettings, TextBlocks
from hsb_desk.report.model import Cell, Choices, FieldItem, Grid, Narrative, Records, Table, Value
from hsb_desk.report.text import clean_text, paragraphs_of
from hsb_desk.report.values import cell_paragraphs, format_short, option_labels, topic_for, topic_item, visible_in_row

# What the shared report shows where a value was left out, unless templates/blocks/ rewords it.
WITHHELD_VALUE = "[withheld from the shared version]"


def _depends_on(form: FormDefinition, spec: FieldSpec) -> set[str]:
    found = set()
    if spec.condition is not None:
        found.add(spec.condition.field)
    if spec.compute is not None:
        found.update(spec.compute.sources)
        if spec.compute.kind == "outcome" and form.grid is not None:
            found.update((form.grid.concern_field, form.grid.strength_field))
    return found


def withheld_keys(form: FormDefinition) -> set[str]:
    """Fields the shared version leaves out: those marked sensitive, and those whose presence or
    value would give a withheld answer away (shown only under a withheld field's condition, or
    computed from one)."""
    withheld = {spec.key for _, spec in form.iter_fields() if spec.sensitive}
    changed = True
    while changed:  # follow chains of conditions to the end
        changed = False
        for _, spec in form.iter_fields():
            if spec.key not in withheld and _depends_on(form, spec) & withheld:
                withheld.add(spec.key)
                changed = True
    return withheld


def marked_keys(form: FormDefinition, withheld: set[str]) -> set[str]:
    """The withheld fields the shared version marks "[withheld from the shared version]" in place:
    the sensitive ones whose presence gives nothing away. A field shown only under a withheld
    field's condition (or computed from one) is left out without a mark, since the mark alone
    would tell the reader the withheld answer."""
    return {
        spec.key
        for _, spec in form.iter_fields()
        if spec.key in withheld and spec.sensitive and not _depends_on(form, spec) & withheld
    }


def block_or(blocks: TextBlocks | None, name: str, default: str, **context: Any) -> str:
    """A text block's wording, or ``default`` when an authority's own templates/ predates it."""
    if blocks is None:
        return default
    try:
        return blocks.text(name, **context)
    except ExportFailed as exc:
        if isinstance(exc.__cause__, jinja2.TemplateNotFound):
            return default
        raise


class ItemBuilder:
    """Builds items, counting required answers not yet recorded and answers withheld."""

    def __init__(
        self,
        form: FormDefinition,
        values: dict[str, Any],
        settings: ReportSettings,
        shared: bool,
        not_recorded: str,
        today: date | None = None,
        blocks: TextBlocks | None = None,
        leave_out_missing: bool = False,
    ) -> None:
        self.form, self.values, self.settings = form, values, settings
        # A case closed before it was assessed: a required answer never recorded is left out (and
        # not counted), rather than printed "Not yet recorded" on every line.
        self.leave_out_missing = leave_out_missing
        self.shared, self.not_recorded = shared, not_recorded
        self.today = today  # the report's date: a withheld date of birth is shown as an age on it
        self.withheld = withheld_keys(form) if shared else set()
        self.marked = marked_keys(form, self.withheld)
        self.withheld_mark = block_or(blocks, "withheld_value", WITHHELD_VALUE) if shared else WITHHELD_VALUE
        self.missing_count = 0
        self.withheld_count = 0

    def item(self, spec: FieldSpec, count: bool = True) -> FieldItem | None:
        """The item for a top-level field, or None when it is not shown."""
        if not is_visible(spec, self.values):
            return None
        value = self.values.get(spec.key)
        if spec.key in self.withheld:
            if not is_filled(value):
                return None
            if count:
                self.withheld_count += 1
            if spec.key not in self.marked:
                return None
            cell = self._withheld_cell(spec, value)
            return Value(self._shared_label(spec), cell[0])
        label = clean_text(spec.label_in_report).strip()
        if spec.type == "computed" and spec.compute is not None and spec.compute.kind == "outcome":
            return self._grid(spec, label, value)
        if not is_filled(value):
            if not spec.required or self.leave_out_missing:
                return None
            if count:
                self.missing_count += 1
            if spec.type == "longtext":
                return Narrative(label, (self.not_recorded,), missing=True)
            return Value(label, self.not_recorded, missing=True)
        if spec.type == "longtext" and isinstance(value, str):
            return Narrative(label, tuple(paragraphs_of(value)))
        if spec.type == "multichoice":
            return Choices(label, option_labels(spec, value))
        if spec.type == "group" and isinstance(value, list):
            return self._group(spec, label, value, count)
        if spec.type == "computed" and isinstance(value, dict):
            return self._ratings(label, value)
        if spec.type == "text" and isinstance(value, str):
            return Value(label, "\n\n".join(paragraphs_of(value)))
        return Value(label, format_short(spec, value), note=self._described(spec, value))

    def _described(self, spec: FieldSpec, value: Any) -> str:
        """A choice from a reference topic (the continuum) carries the topic's description."""
        if spec.type != "choice":
            return ""
        topic = topic_for(self.form, spec)
        item = topic_item(topic, value) if topic is not None else None
        return clean_text(item.text).strip() if item is not None else ""

    # -- groups ----------------------------------------------------------------------------
    def _group(self, spec: FieldSpec, label: str, rows: list[Any], count: bool) -> FieldItem | None:
        hidden = self._withheld_columns(spec)
        silent = self._silent_columns(spec, hidden)
        columns = [sub for sub in spec.fields if sub.key not in silent]  # a marked column stays
        hidden_cols = [sub for sub in spec.fields if sub.key in hidden]
        table: list[list[Cell]] = []
        withheld_here = False
        for row in rows:
            if not isinstance(row, dict):
                continue
            cells = [self._cell(sub, row, sub.key in hidden) for sub in columns]
            withheld_here |= any(is_filled(row.get(sub.key)) for sub in hidden_cols)
            if any(cells):
                table.append(cells)
        if withheld_here and count:
            self.withheld_count += 1
        used = [i for i, _ in enumerate(columns) if any(r[i] for r in table)]
        if not table:
            if withheld_here:
                return None
            return (
                Value(label, self.not_recorded, missing=True) if spec.required and not self.leave_out_missing else None
            )
        headings = tuple(
            self._shared_label(columns[i])
            if columns[i].key in hidden
            else clean_text(columns[i].label_in_report).strip()
            for i in used
        )
        kept = tuple(tuple(r[i] for i in used) for r in table)
        if len(used) > self.settings.max_table_columns and spec.key not in self.settings.tables:
            # A record lists only what its row holds: never a label with nothing after it.
            records = tuple(tuple((h, c) for h, c in zip(headings, r, strict=True) if c) for r in kept)
            noun = clean_text(spec.item_label or "item").strip()
            return Records(label, noun[:1].upper() + noun[1:], records)
        return Table(label, headings, kept)

    def _cell(self, sub: FieldSpec, row: dict[str, Any], withheld: bool) -> Cell:
        value = row.get(sub.key)
        if not visible_in_row(sub, row, self.values):
            return ()
        if withheld:
            return self._withheld_cell(sub, value) if is_filled(value) else ()
        return cell_paragraphs(sub, value)

    def _withheld_cell(self, spec: FieldSpec, value: Any) -> Cell:
        """What the shared version shows of a withheld value: a date of birth as an age (when the
        form says so), anything else as the mark."""
        if spec.shared_as is not None and spec.shared_as.kind == "age" and self.today is not None:
            born = parse_iso_date(value) if isinstance(value, str) else None
            if born is not None and born <= self.today:
                return (str(age_on(born, self.today)),)
        return (self.withheld_mark,)

    def _shared_label(self, spec: FieldSpec) -> str:
        label = spec.shared_as.label if spec.shared_as is not None else spec.label_in_report
        return clean_text(label).strip()

    def _silent_columns(self, spec: FieldSpec, hidden: set[str]) -> set[str]:
        """The withheld columns left out without a mark: those shown only under a withheld
        column's or field's condition (the mark would give that answer away)."""
        return {
            sub.key
            for sub in spec.fields
            if sub.key in hidden
            and (not sub.sensitive or (sub.condition is not None and sub.condition.field in hidden | self.withheld))
        }

    def _withheld_columns(self, spec: FieldSpec) -> set[str]:
        """Sensitive columns, and columns shown only under a withheld column's condition."""
        if not self.shared:
            return set()
        hidden = {sub.key for sub in spec.fields if sub.sensitive}
        changed = True
        while changed:
            changed = False
            for sub in spec.fields:
                cond = sub.condition
                if sub.key not in hidden and cond is not None and (cond.field in hidden or cond.field in self.withheld):
                    hidden.add(sub.key)
                    changed = True
        return hidden

    def _ratings(self, label: str, gathered: dict[str, Any]) -> FieldItem | None:
        """Gathered ratings as a table: one row per section, one column per rating label."""
        rows: dict[str, dict[str, str]] = {}
        columns: list[str] = []
        for key, value in gathered.items():
            source = self.form.get_field(key)
            section = self.form.section_of(key)
            if source is None or section is None or key in self.withheld or not is_filled(value):
                continue
            column = clean_text(source.label).strip()
            if column not in columns:
                columns.append(column)
            title = clean_text(f"{section.number}. {section.title}")
            rows.setdefault(title, {})[column] = format_short(source, value)
        if not rows:
            return None
        heading = self.settings.label("ratings_section")
        body = tuple(
            ((title,), *(((cells[c],) if c in cells else ()) for c in columns)) for title, cells in rows.items()
        )
        return Table(label, (heading, *columns), body)

    # -- the outcome grid --------------------------------------------------------------------
    def _grid(self, spec: FieldSpec, label: str, value: Any) -> FieldItem | None:
        grid = self.form.grid
        if grid is None or (self.leave_out_missing and not isinstance(value, dict)):
            return None  # no grid, or a case closed before its grid was ever worked out
        concern_levels = list(reversed(grid.concern_levels))  # highest concern at the top
        cells = tuple(
            tuple(
                clean_text(c.title).strip() if (c := grid.cell(r.value, s.value)) else "" for s in grid.strength_levels
            )
            for r in concern_levels
        )
        selected = None
        response = self.not_recorded
        if isinstance(value, dict):
            rows = [r.value for r in concern_levels]
            cols = [s.value for s in grid.strength_levels]
            if value.get("concern") in rows and value.get("strength") in cols:
                selected = (rows.index(value["concern"]), cols.index(value["strength"]))
            response = " ".join(clean_text(str(value.get("response", ""))).split()) or self.not_recorded
        elif spec.required:
            self.missing_count += 1
        return Grid(
            label=label,
            corner=self.settings.label("grid_corner"),
            rows=tuple(clean_text(r.label).strip() for r in concern_levels),
            columns=tuple(clean_text(s.label).strip() for s in grid.strength_levels),
            cells=cells,
            selected=selected,
            selected_mark=self.settings.label("grid_selected"),
            response_label=self.settings.label("grid_response"),
            response=response,
            note=" ".join(clean_text(grid.note).split()),
        )
