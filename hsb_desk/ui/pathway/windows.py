"""The main window's two pathway windows, each made on first use (start-up stays quick): a
case's meetings and chronology, and what falls due across the workbook."""

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


class PathwayWindows:
    """``current`` gives the case open or chosen in the list; ``open_case`` opens one (from
    the workbook's due list). Both windows follow the changes that touch them themselves."""

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

    @property
    def pathway(self) -> CasePathwayDialog:
        from hsb_desk.ui.pathway.dialog import CasePathwayDialog

        if self._pathway is None:
            self._pathway = CasePathwayDialog(self.bridge, self.prompts, self.form(), self.parent)
        return self._pathway

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

    def clear_content(self) -> None:
        """On locking: nothing of a case is left in either window."""
        if self._pathway is not None:
            self._pathway.clear_content()
        if self._due is not None:
            self._due.view.clear_content()
            self._due.hide()
