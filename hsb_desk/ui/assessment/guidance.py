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

    def show_section(self, section: SectionSpec) -> None:
        self.section, self.field = section, None
        self._render()

    def show_field(self, spec: FieldSpec | None) -> None:
        self.field = spec
        self._render()

    def _render(self) -> None:
        parts = [f"<h3>{escape(strings.GUIDANCE_TITLE)}</h3>"]
        if self.field is not None:
            parts.append(f"<h4>{escape(self.field.label)}</h4>")
            parts.append(_paragraphs(self.field.guidance) or "<p><i>No guidance for this field.</i></p>")
            if self.field.options and any(o.description for o in self.field.options):
                parts.append("<dl>")
                for option in self.field.options:
                    if option.description:
                        parts.append(f"<dt><b>{escape(option.label)}</b></dt><dd>{escape(option.description)}</dd>")
                parts.append("</dl>")
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

    def clear_content(self) -> None:
        self.section, self.field = None, None
        self.clear()
