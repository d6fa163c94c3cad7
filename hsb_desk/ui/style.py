"""A calm, readable look that follows the system's light or dark theme."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLE = """
QLabel#pageHeading { font-size: 20pt; font-weight: 600; margin: 4px 0 8px 0; }
QLabel#sectionHeading { font-size: 16pt; font-weight: 600; }
QLabel#caseTitle { font-size: 13pt; font-weight: 600; }
QLabel#fieldLabel { font-weight: 600; }
QLabel#sectionIntro, QLabel#gridNote { color: palette(window-text); font-style: italic; }
QLabel#savedIndicator { color: palette(window-text); }
QLabel#gridTitle { font-weight: 600; }
QPushButton:checked { font-weight: 600; border: 2px solid palette(highlight); }
QFrame#unlockCard { padding: 16px; }
"""


def apply_style(app: QApplication) -> None:
    # Fusion draws the same on every platform and honours the system colour scheme (Qt 6.5+).
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
