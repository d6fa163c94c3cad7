"""A section's historical (fixed) and changeable factors under their own subheadings (a field's
``factor`` in the form pack), in the report model and in Word."""

from __future__ import annotations

import io
from typing import Any

import docx
from test_report_model import example_values as example_values  # fixtures
from test_report_model import make_model, render
from test_report_model import real_form as real_form
from test_report_model import templates as templates

from hsb_desk.formspec import FormDefinition
from hsb_desk.report import ReportTemplates
from hsb_desk.report.model import Subheading


def test_each_run_of_factors_has_its_subheading(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    section = next(s for s in model.sections if s.key == "non_sexual")
    headings = [(n, i.text) for n, i in enumerate(section.items) if isinstance(i, Subheading)]
    assert [text for _n, text in headings] == [
        "Historical factors (fixed)",
        "Changeable factors",
        "Weighing this area",
    ]
    labels = [getattr(i, "label", "") for i in section.items]
    assert labels.index("Other harmful or offending behaviour") == headings[0][0] + 1
    assert labels.index("Alcohol and drug use") == headings[1][0] + 1
    assert labels.index("Concerns") == headings[2][0] + 1
    # A section without factors has no subheadings.
    education = next(s for s in model.sections if s.key == "education")
    assert not [i for i in education.items if isinstance(i, Subheading)]
    document = docx.Document(io.BytesIO(render(model, templates)))
    shown = [(p.text, p.style.name) for p in document.paragraphs if p.text == "Historical factors (fixed)"]
    assert shown and all(style == "Heading 2" for _text, style in shown)
