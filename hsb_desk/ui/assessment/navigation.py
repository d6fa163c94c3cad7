"""Going about the open case in the assessment view: the section chosen in the navigator, its
page (built on first visit, or ahead of time once the workbook is quiet), a field scrolled into
view and focused, and the place (case, section, field) to return to.

A mixin of ``AssessmentView`` (ui/assessment/view.py), which builds the widgets named below and
handles what a page reports (ui/assessment/editing.py); kept apart so the view module holds the
window and the case's opening, and this one which page is on show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from hsb_desk.ui.assessment.read_only import set_read_only
from hsb_desk.ui.assessment.section_page import GridLevel, SectionPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea, QWidget

    from hsb_desk.app.edit_state import CaseEditState
    from hsb_desk.formspec.model import FormDefinition, SectionSpec
    from hsb_desk.ui.assessment.autosave import Autosaver
    from hsb_desk.ui.assessment.field_in_view import FieldInView
    from hsb_desk.ui.assessment.guidance import GuidancePanel
    from hsb_desk.ui.assessment.navigator import SectionNavigator
    from hsb_desk.ui.bridge import Bridge
    from hsb_desk.ui.editors import FieldEditor


class SectionNavigation:
    """The section pages of the case on show, and the one in the scroll area."""

    # Set by AssessmentView.
    form: FormDefinition
    bridge: Bridge
    confirm: Callable[[str], bool]
    decorate: Callable[[FieldEditor], None] | None
    reference: str | None
    state: CaseEditState | None
    owners: dict[str, str]
    editable: set[str]
    pages: dict[str, SectionPage]
    current_field: str | None
    autosaver: Autosaver
    navigator: SectionNavigator
    scroll_area: QScrollArea
    field_in_view: FieldInView
    guidance: GuidancePanel
    _page_shown: SectionPage | None
    _prepared: bool

    if TYPE_CHECKING:
        # What a page reports, and what follows it (ui/assessment/editing.py).
        def _edited(self, key: str) -> None: ...
        def _left(self, _key: str) -> None: ...
        def _focused(self, key: str) -> None: ...
        def _shown(self) -> dict[str, Any]: ...
        def _update_notes(self) -> None: ...

    def show_field(self, key: str, row: int | None = None, column: str | None = None) -> None:
        """Go to a field (in its section), scroll it into view and put the cursor in it; for a
        column of a group, in that row's editor."""
        section = self.form.section_of(key)
        if section is None:
            return
        index = self.form.sections.index(section)
        if self.navigator.currentRow() != index:
            self.navigator.setCurrentRow(index)
        page = self.page()
        editor = page.editors.get(key)
        if editor is None:
            return
        target = editor.cell_editor(row, column) if row is not None and column else None
        widget = target or (page.grid_widget if isinstance(editor, GridLevel) else None) or editor
        # Once the page is on screen and laid out (it may have been built just now, and the window
        # shows the assessment only after opening the case): then scroll to it and focus it.
        # It stays in view while what is above the page settles (ui/assessment/field_in_view.py).
        QTimer.singleShot(0, lambda: self._focus_in_view(page, widget))

    def _focus_in_view(self, page: SectionPage, widget: QWidget) -> None:
        if self._page_shown is page:  # else the practitioner has moved on
            self.field_in_view.go_to(page, widget)

    def _prepare_when_idle(self) -> None:
        """Once the workbook is open and quiet (its case list shown), build the first section's
        page with no case in it, so the first case opened is shown without first building and
        styling some forty editors (measured in bench/: about half of a first open)."""
        if not self._prepared and self.bridge.db.is_open:  # not while locked
            self._prepared = True
            QTimer.singleShot(0, self._prepare)

    def _prepare(self) -> None:
        if self.reference is not None or not self.form.sections:
            return
        page = self._page(self.form.sections[0])
        page.ensurePolished()
        if self._page_shown is None:
            self.scroll_area.setWidget(page)
            self._page_shown = page

    def page(self) -> SectionPage:
        section = self.form.sections[max(self.navigator.currentRow(), 0)]
        return self._page(section)

    def _page(self, section: SectionSpec) -> SectionPage:
        page = self.pages.get(section.key)
        if page is None:  # built on first visit: opening a case stays quick
            page = SectionPage(section, self.form, self.confirm, self.decorate)
            page.edited.connect(self._edited)
            page.left.connect(self._left)
            page.focused.connect(self._focused)
            page.load(self._shown())
            set_read_only(page, section.key not in self.editable)
            self.pages[section.key] = page
            self._update_notes()
        page.set_owner(self.owners.get(section.key, section.owner))
        return page

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        self.autosaver.flush()
        if self.state is not None:
            self.state.end_spell()
        section = self.form.sections[row]
        page = self._page(section)
        if self._page_shown is not page:
            self.scroll_area.takeWidget()  # keeps the old page alive: it is ours, not the scroll area's
            self.scroll_area.setWidget(page)
            self._page_shown = page
        self.scroll_area.verticalScrollBar().setValue(0)
        self.guidance.show_section(section)
        self.current_field = None

    def place(self) -> tuple[str | None, str | None, str | None]:
        """(case, section, field) to return to after unlocking."""
        row = self.navigator.currentRow()
        section = self.form.sections[row].key if row >= 0 else None
        return self.reference, section, self.current_field
