"""The guidance panel: the focused field's guidance and the section's reference material."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from hsb_desk.formspec.model import FieldSpec, FormDefinition, SectionSpec
from hsb_desk.ui import strings


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


class GuidancePanel(QTextBrowser):
    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setOpenLinks(False)
        self.setAccessibleName(strings.GUIDANCE_TITLE)
        self.section: SectionSpec | None = None
        self.field: FieldSpec | None = None
        self.within: FieldSpec | None = None  # the list a focused column belongs to

    def show_section(self, section: SectionSpec) -> None:
        self.section, self.field, self.within = section, None, None
        self._render()

    def show_field(self, spec: FieldSpec | None, within: FieldSpec | None = None) -> None:
        """The focused field's guidance; for a column of a list (``within``), the column's, or
        the list's where the column has none."""
        self.field, self.within = spec, within
        self._render()

    def _render(self) -> None:
        parts = [f"<h3>{escape(strings.GUIDANCE_TITLE)}</h3>"]
        if self.field is not None:
            parts.extend(self._field_parts(self.field, self.within))
        if self.section is not None:
            if self.section.guidance:
                parts.append(f"<h4>{escape(self.section.title)}</h4>{_paragraphs(self.section.guidance)}")
            for key in self.section.reference:
                topic = self.form.reference.get(key)
                if topic is None:
                    continue
                parts.append(f"<h4>{escape(topic.title)}</h4>")
                if topic.intro:
                    parts.append(_paragraphs(topic.intro))
                parts.append("<ul>")
                for item in topic.items:
                    text = f": {escape(item.text)}" if item.text else ""
                    parts.append(f"<li><b>{escape(item.label)}</b>{text}</li>")
                parts.append("</ul>")
                if topic.source:
                    parts.append(f"<p><small>Source: {escape(topic.source)}</small></p>")
        self.setHtml("".join(parts))

    @staticmethod
    def _field_parts(field: FieldSpec, within: FieldSpec | None) -> list[str]:
        """Nothing at all for a field with nothing to say (the section's guidance follows)."""
        text = _paragraphs(field.guidance) or (_paragraphs(within.guidance) if within is not None else "")
        described = [o for o in field.options or () if o.description]
        if not text and not described:
            return []
        label = f"{within.label}: {field.label}" if within is not None else field.label
        parts = [f"<h4>{escape(label)}</h4>", text]
        if described:
            parts.append("<dl>")
            parts += [f"<dt><b>{escape(o.label)}</b></dt><dd>{escape(o.description)}</dd>" for o in described]
            parts.append("</dl>")
        return parts

    def clear_content(self) -> None:
        self.section, self.field, self.within = None, None, None
        self.clear()
