"""A calm, readable look that follows the system's light or dark theme.

No application-wide style sheet: Qt re-resolves one for every widget it polishes, which was
about a third of the time to show a section (bench/). Roles set fonts directly instead.

The few colours HSB Desk sets itself (an error, a note, an overdue date, the not-saved banner)
come in a light and a dark form, chosen by the palette the system gives (``colour``): each is
at least 4.5:1 against the background it is drawn on (tests/ui/test_ui_contrast.py). Where the
system's Qt theme has a dark palette (Windows 11 and macOS in dark mode), Fusion uses it;
``dark_palette`` is the same kind of palette, for the screenshots and the tests.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# role: (size relative to the application font, bold, italic)
ROLES: dict[str, tuple[float, bool, bool]] = {
    "pageHeading": (1.9, True, False),
    "sectionHeading": (1.5, True, False),
    "caseTitle": (1.25, True, False),
    "factorHeading": (1.15, True, False),  # historical (fixed) / changeable factors in a section
    "fieldLabel": (1.0, True, False),
    "gridTitle": (1.0, True, False),
    "sectionIntro": (1.0, False, True),
    "gridNote": (1.0, False, True),
}


# role: (on a light background, on a dark one)
COLOURS: dict[str, tuple[str, str]] = {
    "error": ("#b00020", "#ff8a80"),  # a field's input that cannot be stored; a wrong passphrase
    "note": ("#5f370e", "#ffcc80"),  # a warning that changes nothing stored
    "overdue": ("#b00020", "#ff8a80"),  # a date that has passed, in lists and the due strip
    "bannerText": ("#5f370e", "#ffe0b2"),
    "bannerBackground": ("#fff4e5", "#3e2a12"),
    "bannerBorder": ("#b26a00", "#b26a00"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background is dark (the system's dark theme)."""
    window = (palette or QApplication.palette()).color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def colour(role: str, palette: QPalette | None = None) -> str:
    light, dark = COLOURS[role]
    return dark if is_dark(palette) else light


def banner_style() -> str:
    return (
        f"background: {colour('bannerBackground')}; color: {colour('bannerText')};"
        f" border: 1px solid {colour('bannerBorder')}; padding: 6px;"
    )


def dark_palette() -> QPalette:
    """A dark Fusion palette like the one Qt gives in a system's dark mode; every text colour
    is at least 4.5:1 on its background, the disabled ones included."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2f65ad",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#a8a8a8",
        QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#3f3f3f",
        QPalette.ColorRole.Mid: "#303030",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9a9a9a"))
    return palette


def set_role(widget: QWidget, role: str) -> None:
    """Name the widget by its role (tests and accessibility tools find it) and give it that
    role's font."""
    widget.setObjectName(role)
    look = ROLES.get(role)
    if look is None:
        return
    scale, bold, italic = look
    font = QFont(widget.font())
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    font.setItalic(italic)
    widget.setFont(font)


def readable(palette: QPalette) -> QPalette:
    """The palette with a selection colour white text reads on: Fusion's light blue (#308cc6)
    gives 3.7:1, under WCAG's 4.5:1, in every list and table."""
    adjusted = QPalette(palette)
    if not is_dark(palette):
        adjusted.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight, QColor("#1f5f99"))
        adjusted.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    # A list without the keyboard shows its choice in grey, so the one that has it stands out
    # (WCAG 2.4.7, focus visible): Fusion draws both in the same blue.
    grey, text = ("#474747", "#ffffff") if is_dark(palette) else ("#d6d6d6", "#000000")
    adjusted.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor(grey))
    adjusted.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText, QColor(text))
    return adjusted


def apply_style(app: QApplication) -> None:
    # Fusion draws the same on every platform and honours the system colour scheme (Qt 6.5+).
    app.setStyle("Fusion")
    app.setPalette(readable(app.palette()))
