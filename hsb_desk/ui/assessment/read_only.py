"""A section shown read-only (signed off, closed, archived, or not given to this workbook), not
disabled; and the banner over a closed case, which says how to reopen it.

Disabled widgets are drawn grey on grey (about 1.7:1 in Fusion, against WCAG's 4.5:1), so a
signed assessment was hard to read. Read-only, the text keeps its normal colours and can still
be selected and copied, and Tab still moves through it; nothing can be changed:

- text and number fields, narratives and dates are made read-only (Qt's own state);
- choices (radio buttons, tick boxes, lists, the outcome grid's cells) ignore the clicks and keys
  that would change them, and keep Tab;
- the buttons that change a list (add, remove, move a row; the calendar; clear) are disabled:
  they are actions, not values, and their state is put back when the section is editable again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.ui import strings
from hsb_desk.ui.style import banner_style

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

READ_ONLY = "hsbReadOnly"  # the page's property: True while it is shown read-only
_ENABLED_BEFORE = "hsbEnabledBeforeReadOnly"
_PASSING_KEYS = {Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
_CHANGING = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
}


class _KeepAsIs(QObject):
    """Swallows what would change a choice; Tab and Shift+Tab still move on."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _CHANGING:
            return False
        return not (isinstance(event, QKeyEvent) and event.key() in _PASSING_KEYS)


_keep_as_is = _KeepAsIs()


def is_read_only(page: QWidget) -> bool:
    return bool(page.property(READ_ONLY))


def set_read_only(page: QWidget, read_only: bool) -> None:
    """Show ``page`` read-only, or editable again; safe to call again either way."""
    page.setEnabled(True)
    page.setProperty(READ_ONLY, read_only)
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            widget.setReadOnly(read_only)
        elif isinstance(widget, QComboBox) or (isinstance(widget, QAbstractButton) and widget.isCheckable()):
            if read_only:
                widget.installEventFilter(_keep_as_is)
            else:
                widget.removeEventFilter(_keep_as_is)
        elif isinstance(widget, QAbstractButton):
            _set_action_enabled(widget, not read_only)


def _set_action_enabled(button: QAbstractButton, enabled: bool) -> None:
    if not enabled:
        if button.property(_ENABLED_BEFORE) is None:
            button.setProperty(_ENABLED_BEFORE, button.isEnabled())
        button.setEnabled(False)
        return
    before = button.property(_ENABLED_BEFORE)
    if before is not None:
        button.setEnabled(bool(before))
        button.setProperty(_ENABLED_BEFORE, None)


# -- a closed case ---------------------------------------------------------------------------------
def closed_on(session: WorkbookSession, reference: str) -> str | None:
    """On the database thread: the date the case was closed ("" if not recorded), or None when
    it is not closed."""
    from hsb_desk.app.closure import closure_of

    if session.case(reference).status != "closed":
        return None
    closure = closure_of(session, reference)
    return closure.closed_on if closure is not None else ""


def closed_banner(parent: QWidget) -> QLabel:
    banner = QLabel(parent)
    banner.setObjectName("closedBanner")
    banner.setWordWrap(True)
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setStyleSheet(banner_style())
    banner.hide()
    return banner


def show_closed(banner: QLabel, closed: str | None) -> None:
    """``closed``: as ``closed_on`` gives it."""
    day = parse_iso_date(closed or "")
    if closed is None:
        banner.clear()
    else:
        banner.setText(strings.CLOSED_BANNER.format(date=f"{day:%d/%m/%Y}") if day else strings.CLOSED_BANNER_UNDATED)
    banner.setAccessibleName(banner.text())
    banner.setVisible(closed is not None)
