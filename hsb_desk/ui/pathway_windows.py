"""The main window's two pathway windows, each made on first use (start-up stays quick): a
case's meetings and chronology, and what falls due across the workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hsb_desk.app.pathway import DueEntry
    from hsb_desk.ui.due_workbook import DueDialog
    from hsb_desk.ui.main_window import MainWindow
    from hsb_desk.ui.pathway_dialog import CasePathwayDialog


class PathwayWindows:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._pathway: CasePathwayDialog | None = None
        self._due: DueDialog | None = None

    @property
    def pathway(self) -> CasePathwayDialog:
        from hsb_desk.ui.pathway_dialog import CasePathwayDialog

        if self._pathway is None:
            window = self.window
            self._pathway = CasePathwayDialog(window.bridge, window.prompts, window.form, window)
        return self._pathway

    @property
    def due(self) -> DueDialog:
        from hsb_desk.ui.due_workbook import DueDialog

        if self._due is None:
            self._due = DueDialog(self.window.bridge, self.window.prompts, self.window)
            self._due.open_requested.connect(self.window.open_case)
        return self._due

    def show_case(self, tab: str) -> None:
        """``meetings`` or ``chronology`` of the case open or chosen in the list."""
        reference = self.window.current_reference()
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

    def clear_content(self) -> None:
        """On locking: nothing of a case is left in either window."""
        if self._pathway is not None:
            self._pathway.clear_content()
        if self._due is not None:
            self._due.view.clear_content()
            self._due.hide()
