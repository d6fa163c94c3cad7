"""Keeping a screen in step with the workbook: each screen says which record sets it shows,
and is read again when a change touches them (app/changes.py, ui/bridge.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from hsb_desk.app.changes import Change, Records
from hsb_desk.ui.bridge import Bridge

_SHOW = QEvent.Type.Show  # looked up once: an event filter runs for every event of its widget


class ChangeFollower(QObject):
    """Calls ``reload`` when a change touches ``records`` (of the case ``case()`` gives, when
    given: nothing while it gives None): at once if ``widget`` is on screen, otherwise the next
    time it is shown, so a hidden screen costs nothing."""

    def __init__(
        self,
        widget: QWidget,
        bridge: Bridge,
        records: Records,
        reload: Callable[[], None],
        case: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget, self.records, self.reload, self.case = widget, records, reload, case
        self.stale = False
        widget.installEventFilter(self)
        bridge.changed.connect(self._changed)

    def _changed(self, change: Change) -> None:
        reference = self.case() if self.case is not None else None
        if self.case is not None and reference is None:
            return
        if not change.touches(self.records, reference):
            return
        if self.widget.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.stale and event.type() == _SHOW:
            self.stale = False
            self.reload()
        return False
