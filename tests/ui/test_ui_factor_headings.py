"""A section page shows its historical (fixed) and changeable factors under their subheadings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from hsb_desk import paths
from hsb_desk.formspec import load_form
from hsb_desk.ui import strings
from hsb_desk.ui.assessment.section_page import SectionPage


def _order(page: SectionPage) -> list[Any]:
    layout = page.layout()
    return [layout.itemAt(i).widget() for i in range(layout.count()) if layout.itemAt(i).widget() is not None]


def test_the_subheadings_stand_above_each_run_of_factors(qtbot: Any) -> None:
    form = load_form(paths.forms_dir())
    section = form.section("development")
    assert section is not None
    page = SectionPage(section, form, lambda _message: True)
    qtbot.addWidget(page)
    assert [h.text() for h in page.factor_headings] == [
        strings.FACTOR_HEADINGS["fixed"],
        strings.FACTOR_HEADINGS["changeable"],
        strings.FACTOR_HEADINGS[""],
    ]
    widgets = _order(page)
    fixed, changeable, rest = (widgets.index(h) for h in page.factor_headings)
    assert widgets[fixed + 1] is page.rows["development.adverse_experiences"]
    assert widgets[changeable + 1] is page.rows["development.physical_health"]
    assert widgets[rest + 1] is page.rows["development.concerns"]
    assert all(isinstance(h, QLabel) for h in page.factor_headings)


def test_a_section_without_factors_has_no_subheadings(qtbot: Any) -> None:
    form = load_form(paths.forms_dir())
    section = form.section("education")
    assert section is not None
    page = SectionPage(section, form, lambda _message: True)
    qtbot.addWidget(page)
    assert page.factor_headings == []
