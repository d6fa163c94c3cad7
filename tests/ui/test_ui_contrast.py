"""Text is readable in the light and the dark theme (issue 20, items 3 and 4): every text colour
of the palette, and every colour HSB Desk sets itself, is at least 4.5:1 (WCAG 2.2, 1.4.3)
against the background it is drawn on; HSB Desk's own colours follow a dark palette."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from ui.test_ui_read_only import contrast

from hsb_desk.formspec import FormDefinition
from hsb_desk.ui.assessment.section_page import SectionPage
from hsb_desk.ui.style import COLOURS, colour, dark_palette, is_dark, readable

MINIMUM = 4.5
Role = QPalette.ColorRole
# (text, background) pairs the widgets draw with.
PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
]
# Each colour HSB Desk sets, and the palette background it is drawn on.
OWN = {"error": Role.Window, "note": Role.Window, "overdue": Role.Base}


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    before = qapp.palette()
    chosen = readable(dark_palette() if request.param == "dark" else qapp.style().standardPalette())
    qapp.setPalette(chosen)
    yield chosen
    qapp.setPalette(before)


def test_every_text_colour_of_the_palette_is_readable(palette: QPalette) -> None:
    poor = [
        (text.name, background.name, round(contrast(palette.color(text), palette.color(background)), 2))
        for text, background in PAIRS
        if contrast(palette.color(text), palette.color(background)) < MINIMUM
    ]
    assert poor == []


def test_hsb_desks_own_colours_are_readable_on_their_background(palette: QPalette) -> None:
    for role, background in OWN.items():
        ratio = contrast(QColor(colour(role, palette)), palette.color(background))
        assert ratio >= MINIMUM, (role, ratio)
    banner = contrast(QColor(colour("bannerText", palette)), QColor(colour("bannerBackground", palette)))
    assert banner >= MINIMUM
    assert set(OWN) | {"bannerText", "bannerBackground", "bannerBorder"} == set(COLOURS)


def test_the_dark_palette_keeps_disabled_text_readable(qapp: QApplication) -> None:
    dark = dark_palette()
    for role in (Role.Text, Role.WindowText):
        disabled = dark.color(QPalette.ColorGroup.Disabled, role)
        assert contrast(disabled, dark.color(Role.Base)) >= MINIMUM


def test_a_page_built_under_a_dark_palette_uses_the_dark_colours(
    qtbot: Any, palette: QPalette, mini_form: FormDefinition
) -> None:
    page = SectionPage(mini_form.sections[0], mini_form, lambda _text: True, None)
    qtbot.addWidget(page)
    row = next(iter(page.rows.values()))
    expected = COLOURS["error"][1 if is_dark(palette) else 0]
    assert expected in row.error.styleSheet()
