"""A calm, readable look that follows the system's light or dark theme.

No application-wide style sheet: Qt re-resolves one for every widget it polishes, which was
about a third of the time to show a section (bench/). Roles set fonts directly instead.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

# role: (size relative to the application font, bold, italic)
ROLES: dict[str, tuple[float, bool, bool]] = {
    "pageHeading": (1.9, True, False),
    "sectionHeading": (1.5, True, False),
    "caseTitle": (1.25, True, False),
    "fieldLabel": (1.0, True, False),
    "gridTitle": (1.0, True, False),
    "sectionIntro": (1.0, False, True),
    "gridNote": (1.0, False, True),
}


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


def apply_style(app: QApplication) -> None:
    # Fusion draws the same on every platform and honours the system colour scheme (Qt 6.5+).
    app.setStyle("Fusion")
