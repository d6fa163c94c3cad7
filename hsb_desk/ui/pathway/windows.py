"""The main window's pathway windows, each made on first use (start-up stays quick): a case's
meetings and chronology, the case over time (its timeline, plan, change over time and closure),
and what falls due across the workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.prompts import Prompts

if TYPE_CHECKING:
    from hsb_desk.app.pathway import DueEntry
    from hsb_desk.formspec import FormDefinition
    from hsb_desk.ui.pathway.dialog import CasePathwayDialog
    from hsb_desk.ui.pathway.due_workbook import DueDialog
    from hsb_desk.ui.pathway.timeline import CaseTimelineDialog


class PathwayWindows:
    """``current`` gives the case open or chosen in the list; ``open_case`` opens one (from
    the workbook's due list). Each window follows the changes that touch them themselves."""

    def __init__(
        self,
        parent: QWidget,
        bridge: Bridge,
        prompts: Prompts,
        form: Callable[[], FormDefinition],
        current: Callable[[], str | None],
        open_case: Callable[[str], None],
    ) -> None:
        self.parent, self.bridge, self.prompts, self.form = parent, bridge, prompts, form
        self.current, self.open_case = current, open_case
        self._pathway: CasePathwayDialog | None = None
        self._due: DueDialog | None = None
        self._timeline: CaseTimelineDialog | None = None
        #: Commands on the case that other modules add to the timeline's row of actions, as
        #: (text, slot taking the case's reference). The stand-alone safety plan's export
        #: ("Export safety plan…", ui/actions/safety_plan_export.py) belongs here.
        self.timeline_commands: list[tuple[str, Callable[[str], None]]] = []

    @property
    def pathway(self) -> CasePathwayDialog:
        from hsb_desk.ui.pathway.dialog import CasePathwayDialog

        if self._pathway is None:
            self._pathway = CasePathwayDialog(self.bridge, self.prompts, self.form(), self.parent)
        return self._pathway

    @property
    def timeline(self) -> CaseTimelineDialog:
        from hsb_desk.ui.pathway.timeline import CaseTimelineDialog

        if self._timeline is None:
            self._timeline = CaseTimelineDialog(
                self.bridge, self.prompts, self.form(), self._timeline_meetings, self.parent
            )
            for text, slot in self.timeline_commands:
                self._timeline.add_case_button(text, slot)
        return self._timeline

    def show_timeline(self, tab: str = "timeline") -> None:
        """The case over time (``timeline``, ``plan`` or ``change``) of the case open or chosen."""
        reference = self.current()
        if reference:
            self.timeline.show_case(reference, tab)

    def _timeline_meetings(self, meeting_type: str = "") -> None:
        """The timeline asks for its case's meetings, a new one of ``meeting_type`` started (the
        review meeting to record first)."""
        reference = self._timeline.reference if self._timeline is not None else None
        if reference:
            self.pathway.show_case(reference, "meetings")
            self.pathway.meetings.new_meeting(meeting_type or None)

    @property
    def due(self) -> DueDialog:
        from hsb_desk.ui.pathway.due_workbook import DueDialog

        if self._due is None:
            self._due = DueDialog(self.bridge, self.prompts, self.parent)
            self._due.open_requested.connect(self.open_case)
        return self._due

    def show_case(self, tab: str) -> None:
        """``meetings`` or ``chronology`` of the case open or chosen in the list."""
        reference = self.current()
        if reference:
            self.pathway.show_case(reference, tab)

    def show_due(self, entries: list[DueEntry] | None = None) -> None:
        """The workbook-wide list; ``entries`` if just fetched for 14 days, else fetched now."""
        if entries is None:
            self.due.view.refresh()
        else:
            self.due.view.show_entries(14, entries)
        self.due.show()
        self.due.raise_()

    def set_form(self, form: FormDefinition) -> None:
        """The workbook's form changed (another procedure profile): its meeting types follow."""
        if self._pathway is not None:
            self._pathway.meetings.set_form(form)
        if self._timeline is not None:
            self._timeline.set_form(form)

    def clear_content(self) -> None:
        """On locking: nothing of a case is left in either window."""
        if self._pathway is not None:
            self._pathway.clear_content()
        if self._timeline is not None:
            self._timeline.clear_content()
            self._timeline.hide()
        if self._due is not None:
            self._due.view.clear_content()
            self._due.hide()
