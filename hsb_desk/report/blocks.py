"""The report's wording, from ``templates/``: Jinja2 text blocks and ``report.yaml``.

An authority rewords the report by editing these files. A missing or broken file is reported as
an :class:`~hsb_desk.errors.ExportFailed` naming the file, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from hsb_desk.errors import ExportFailed
from hsb_desk.report.text import clean_text, paragraphs_of

REFERENCE_DOCX = "reference.docx"
SETTINGS_FILE = "report.yaml"
BLOCKS_FOLDER = "blocks"


class TextBlocks:
    """Renders ``templates/blocks/NAME.j2``. Autoescape is off (this is not HTML) and an
    undefined name is an error, so a misspelt variable is caught rather than printed empty.
    The sandbox keeps a template from reaching into Python, since the folder is edited by hand."""

    def __init__(self, folder: Path) -> None:
        self._env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(folder)),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def text(self, name: str, **context: Any) -> str:
        """The block as one cleaned string (line breaks kept)."""
        try:
            rendered = self._env.get_template(f"{name}.j2").render(**context)
        except jinja2.TemplateNotFound as exc:
            raise ExportFailed(f"The report text block templates/blocks/{name}.j2 is missing.") from exc
        except jinja2.TemplateError as exc:
            where = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
            raise ExportFailed(
                f"The report text block templates/blocks/{name}.j2 cannot be used{where}: {exc.message}."
            ) from exc
        return clean_text(rendered).strip()

    def paragraphs(self, name: str, **context: Any) -> tuple[str, ...]:
        """The block split into paragraphs at blank lines."""
        return tuple(paragraphs_of(self.text(name, **context)))


@dataclass(frozen=True)
class CoverSpec:
    label: str
    fields: tuple[str, ...] = ()
    source: str = ""
    with_fields: tuple[str, ...] = ()
    with_format: str = "{}"


@dataclass(frozen=True)
class SummaryField:
    field: str
    label: str = ""  # the summary's own wording; the form's label when empty
    sentences: int = 0  # a narrative's first sentences only (0: all of it)


@dataclass(frozen=True)
class PartSpec:
    """A part gathered from fields of several sections (moved out of them)."""

    key: str
    title: str
    place: str  # opening or closing
    fields: tuple[str, ...]


PART_PLACES = ("opening", "closing")


@dataclass(frozen=True)
class ReportSettings:
    marking: str
    cover: tuple[CoverSpec, ...]
    consent_fields: tuple[str, ...]
    distribution_fields: tuple[str, ...]
    recap: dict[str, tuple[str, ...]]
    max_table_columns: int
    labels: dict[str, Any]
    contents_page_numbers: bool = False
    new_page_before: tuple[str, ...] = ()
    summary_title: str = ""
    summary: tuple[SummaryField, ...] = ()
    parts: tuple[PartSpec, ...] = ()
    date_order: tuple[str, ...] = ()
    open_actions: bool = False
    glossary: tuple[tuple[str, str], ...] = ()
    tables: tuple[str, ...] = ()  # groups shown as one table whatever their number of columns

    def label(self, key: str) -> str:
        value = self.labels.get(key, key)
        return clean_text(str(value))

    def columns(self, key: str, count: int) -> tuple[str, ...]:
        """A table's column headings from ``labels``, exactly ``count`` of them (blank when missing)."""
        given = self.labels.get(key)
        names = tuple(clean_text(str(c)) for c in given) if isinstance(given, list) else ()
        return (names + ("",) * count)[:count]


COVER_SOURCES = ("reference", "status", "version", "date", "form_version")


def _keys(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ExportFailed(f"templates/{SETTINGS_FILE}: {where} must be a field key or a list of field keys.")


def _cover(raw: Any) -> tuple[CoverSpec, ...]:
    if not isinstance(raw, list):
        raise ExportFailed(f"templates/{SETTINGS_FILE}: cover must be a list of rows.")
    rows = []
    for number, row in enumerate(raw, start=1):
        where = f"cover row {number}"
        if not isinstance(row, dict) or not isinstance(row.get("label"), str):
            raise ExportFailed(f"templates/{SETTINGS_FILE}: {where} needs a label.")
        source = row.get("source", "")
        if source and source not in COVER_SOURCES:
            raise ExportFailed(f"templates/{SETTINGS_FILE}: {where}: source must be one of {', '.join(COVER_SOURCES)}.")
        extra = row.get("with") or {}
        if not isinstance(extra, dict):
            raise ExportFailed(f"templates/{SETTINGS_FILE}: {where}: `with` must have field and format.")
        rows.append(
            CoverSpec(
                label=row["label"],
                fields=_keys(row.get("field"), where),
                source=str(source),
                with_fields=_keys(extra.get("field"), where),
                with_format=str(extra.get("format", "{}")),
            )
        )
    return tuple(rows)


def _summary(raw: Any) -> tuple[str, tuple[SummaryField, ...]]:
    if raw is None:
        return "", ()
    if not isinstance(raw, dict) or not isinstance(raw.get("fields", []), list):
        raise ExportFailed(f"templates/{SETTINGS_FILE}: summary needs a title and a list of fields.")
    fields = []
    for number, entry in enumerate(raw.get("fields") or [], start=1):
        if isinstance(entry, str):
            fields.append(SummaryField(entry))
        elif isinstance(entry, dict) and isinstance(entry.get("field"), str):
            sentences = entry.get("sentences", 0)
            if not isinstance(sentences, int) or sentences < 0:
                raise ExportFailed(
                    f"templates/{SETTINGS_FILE}: summary field {number}: sentences must be a whole number."
                )
            fields.append(SummaryField(entry["field"], str(entry.get("label") or ""), sentences))
        else:
            raise ExportFailed(f"templates/{SETTINGS_FILE}: summary field {number} needs a field key.")
    return str(raw.get("title") or ""), tuple(fields)


def _parts(raw: Any) -> tuple[PartSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ExportFailed(f"templates/{SETTINGS_FILE}: parts must be a list.")
    parts = []
    for number, entry in enumerate(raw, start=1):
        where = f"part {number}"
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("key", "title")):
            raise ExportFailed(f"templates/{SETTINGS_FILE}: {where} needs a key and a title.")
        place = entry.get("place", "opening")
        if place not in PART_PLACES:
            raise ExportFailed(f"templates/{SETTINGS_FILE}: {where}: place must be one of {', '.join(PART_PLACES)}.")
        parts.append(PartSpec(entry["key"], entry["title"], place, _keys(entry.get("fields"), where)))
    return tuple(parts)


def _glossary(raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    entries = []
    for number, entry in enumerate(raw if isinstance(raw, list) else [None], start=1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("term", "meaning")):
            raise ExportFailed(f"templates/{SETTINGS_FILE}: glossary entry {number} needs a term and a meaning.")
        entries.append((clean_text(entry["term"]).strip(), clean_text(entry["meaning"]).strip()))
    return tuple(entries)


def load_settings(templates: Path) -> ReportSettings:
    """``templates/report.yaml``, checked enough that a typing slip gives a plain message."""
    path = templates / SETTINGS_FILE
    try:
        # libyaml's safe loader where PyYAML has it: the same rules, several times faster.
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as exc:
        raise ExportFailed(f"The report settings file templates/{SETTINGS_FILE} is missing.") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExportFailed(f"The report settings file templates/{SETTINGS_FILE} cannot be read.") from exc
    if not isinstance(raw, dict):
        raise ExportFailed(f"templates/{SETTINGS_FILE} must hold named settings.")
    recap = raw.get("recap") or {}
    labels = raw.get("labels") or {}
    if not isinstance(recap, dict) or not isinstance(labels, dict):
        raise ExportFailed(f"templates/{SETTINGS_FILE}: recap and labels must hold named settings.")
    columns = raw.get("max_table_columns", 4)
    if not isinstance(columns, int) or columns < 1:
        raise ExportFailed(f"templates/{SETTINGS_FILE}: max_table_columns must be a whole number above 0.")
    summary_title, summary = _summary(raw.get("summary"))
    return ReportSettings(
        marking=str(raw.get("marking") or ""),
        cover=_cover(raw.get("cover") or []),
        consent_fields=_keys(raw.get("consent_fields"), "consent_fields"),
        distribution_fields=_keys(raw.get("distribution_field"), "distribution_field"),
        recap={str(k): _keys(v, f"recap {k}") for k, v in recap.items()},
        max_table_columns=columns,
        labels=labels,
        contents_page_numbers=bool(raw.get("contents_page_numbers", False)),
        new_page_before=_keys(raw.get("new_page_before"), "new_page_before"),
        summary_title=summary_title,
        summary=summary,
        parts=_parts(raw.get("parts")),
        date_order=_keys(raw.get("date_order"), "date_order"),
        open_actions=bool(raw.get("open_actions", False)),
        glossary=_glossary(raw.get("glossary")),
        tables=_keys(raw.get("tables"), "tables"),
    )


@dataclass(frozen=True)
class ReportTemplates:
    """Everything the report takes from ``templates/``."""

    folder: Path
    settings: ReportSettings
    blocks: TextBlocks

    @property
    def reference_docx(self) -> Path:
        return self.folder / REFERENCE_DOCX


def load_templates(folder: Path) -> ReportTemplates:
    return ReportTemplates(folder, load_settings(folder), TextBlocks(folder / BLOCKS_FOLDER))
