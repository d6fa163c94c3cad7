"""The assessment window: section navigator, the section's page, and the guidance panel.

The view builds them and opens and closes the case; going from section to section is
ui/assessment/navigation.py, what is done with each edit ui/assessment/editing.py (its mixins).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.changes import Change, ChangeKind, Records
from hsb_desk.app.edit_state import CaseEditState
from hsb_desk.app.session import WorkbookSession
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.assessment.autosave import Autosaver
from hsb_desk.ui.assessment.editing import CaseEditing
from hsb_desk.ui.assessment.field_in_view import FieldInView
from hsb_desk.ui.assessment.guidance import GuidancePanel
from hsb_desk.ui.assessment.navigation import SectionNavigation
from hsb_desk.ui.assessment.navigator import SectionNavigator
from hsb_desk.ui.assessment.read_only import closed_banner, closed_on, set_read_only, show_closed
from hsb_desk.ui.assessment.section_page import SectionPage
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.editors import FieldEditor
from hsb_desk.ui.pathway.due import DueStrip
from hsb_desk.ui.style import banner_style, set_role

Loaded = tuple[dict[str, Any], dict[str, str], tuple[str, ...], str]  # values, owners, editable, version
#: What, changed elsewhere (a menu, a hand-back), makes the open case read again. Its own edits
#: come back through autosave and are already shown.
RELOAD_ON = Records.VALUES | Records.STATUS | Records.OWNERS | Records.VERSIONS


class AssessmentView(SectionNavigation, CaseEditing, QWidget):
    """Renders the open case's edit state (app/edit_state.py) and forwards edits to autosave; it
    keeps no values of its own. It reads its case itself (``load``) and again when a change
    made elsewhere touches what it shows."""

    back = Signal()
    opened = Signal(str)  # the case is read and shown (reference)
    purged = Signal()  # the case on show was deleted permanently
    undo_changed = Signal()  # what Edit ▸ Undo and Redo would take back has changed

    def __init__(
        self,
        form: FormDefinition,
        bridge: Bridge,
        confirm: Callable[[str], bool],
        decorate: Callable[[FieldEditor], None] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        ask: Callable[[str], str | None] | None = None,
    ) -> None:
        """``ask`` asks for a line of text (why a rule is switched off for the case)."""
        super().__init__(parent)
        self._ask = ask
        self.form, self.bridge, self.confirm, self.decorate, self.today = form, bridge, confirm, decorate, today
        self.reference: str | None = None
        self.state: CaseEditState | None = None
        self.owners: dict[str, str] = {}
        self.editable: set[str] = set()
        self.version_label = ""
        self.pages: dict[str, SectionPage] = {}
        self.current_field: str | None = None
        self.autosaver = Autosaver(bridge, parent=self)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.invalid.connect(self._invalid)
        self.autosaver.failed.connect(self._failed)
        self.autosaver.recovered.connect(lambda: self.banner.hide())
        self._prepared = False
        bridge.idle.connect(self._prepare_when_idle)
        bridge.changed.connect(self._workbook_changed)
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(strings.ASSESSMENT_BACK, self)
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel(self)
        set_role(self.title, "caseTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label = QLabel(self)
        set_role(self.saved_label, "savedIndicator")
        self.saved_label.setAccessibleName("Save status")
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.saved_label)
        outer.addLayout(top)
        self.banner = QLabel(self)
        self.banner.setObjectName("notSavedBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(banner_style())
        self.banner.hide()
        outer.addWidget(self.banner)
        self.closed_banner = closed_banner(self)  # a closed case: read-only, and how to reopen it
        outer.addWidget(self.closed_banner)
        # What is due for the case: it follows the case's changes.
        self.due_strip = DueStrip(self.bridge, self, self._ask)
        outer.addWidget(self.due_strip)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.navigator = SectionNavigator(splitter)
        self.scroll_area = QScrollArea(splitter)
        self.scroll_area.setWidgetResizable(True)
        # Only the page on show sits in the scroll area, so its width alone sets the layout.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._page_shown: SectionPage | None = None
        self.field_in_view = FieldInView(self.scroll_area)
        self.guidance = GuidancePanel(self.form, splitter)
        self.guidance.setMinimumWidth(240)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([240, 640, 300])
        outer.addWidget(splitter, 1)
        self.navigator.fill(self.form)
        self.navigator.currentRowChanged.connect(self._show_section)

    def set_form(self, form: FormDefinition) -> None:
        """Show the workbook's form (the one bound to its procedure profile: its route and police
        outcome options can differ). The pages are built again, and the case on show is read
        again where the user is, what was typed being stored first."""
        if form is self.form:
            return
        self.autosaver.flush()
        place = self.place()
        self.scroll_area.takeWidget()
        for page in self.pages.values():
            page.clear_content()
            page.deleteLater()
        self.pages.clear()
        self._page_shown, self._prepared = None, False
        self.field_in_view.release()
        self.form = form
        self.guidance.form = form
        self.navigator.fill(form)
        self._update_navigator()
        reference, section, field = place
        if reference is not None and self.isVisible():
            self.load(reference, section, field)

    # -- opening and closing a case --------------------------------------------------------
    def load(
        self,
        reference: str,
        section: str | None = None,
        field: str | None = None,
        cell: tuple[int, str] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Read the case from the workbook and show it at a section and field (``cell``: a row
        and column of a group); ``opened`` follows."""
        from hsb_desk.app import signoff

        def read(session: WorkbookSession) -> tuple[Loaded, str | None]:
            loaded = (
                session.values(reference),
                signoff.section_owners(session, reference),
                signoff.editable_sections(session, reference),
                signoff.version_label(session, reference),
            )
            return loaded, closed_on(session, reference)

        def show(result: tuple[Loaded, str | None]) -> None:
            loaded, closed = result
            self.open_case(reference, *loaded, section, field)
            show_closed(self.closed_banner, closed)
            if field and cell:
                self.show_field(field, *cell)
            self.opened.emit(reference)

        self.bridge.run(read, show, on_error)

    def _workbook_changed(self, change: Change) -> None:
        """A change made elsewhere to the case on show: read it again where the user is."""
        if self.reference is None or change.case_reference != self.reference:
            return
        if change.kind is ChangeKind.CASE_PURGED:
            self.clear_content()
            self.purged.emit()
        elif change.kind is not ChangeKind.VALUE and change.touches(RELOAD_ON) and self.isVisible():
            _reference, section, field = self.place()
            self.load(self.reference, section, field)

    def open_case(
        self,
        reference: str,
        values: dict[str, Any],
        owners: dict[str, str] | None = None,
        editable: tuple[str, ...] | None = None,
        version_label: str = "",
        section_key: str | None = None,
        field_key: str | None = None,
    ) -> None:
        """``editable`` lists the sections that may be changed here (all when None): none once
        signed off, only the handed-out ones in a co-worker's copy."""
        self.reference = reference
        self.state = CaseEditState(self.form, reference, values, self.today)
        self.owners = owners or {s.key: s.owner for s in self.form.sections}
        self.editable = set(editable) if editable is not None else {s.key for s in self.form.sections}
        self.version_label = version_label
        self.autosaver.start(reference)
        self.due_strip.show_case(reference)
        self.undo_changed.emit()
        self.banner.hide()
        self.saved_label.setText("")
        shown = self._shown()
        for page in self.pages.values():
            page.load(shown)
            set_read_only(page, page.section.key not in self.editable)
        self._update_title()
        self._update_navigator()
        self._update_notes()
        # Without a place to return to, the first section this workbook may edit: a co-worker
        # starts on their own, not on a read-only one of the lead's.
        first = next((i for i, s in enumerate(self.form.sections) if s.key in self.editable), 0)
        index = next((i for i, s in enumerate(self.form.sections) if s.key == section_key), first)
        self.navigator.setCurrentRow(-1)
        self.navigator.setCurrentRow(index)
        if field_key:
            self.show_field(field_key)

    def clear_content(self) -> None:
        """Forget every piece of case content (locking, a case deleted, a damaged workbook): the
        section pages go with their text and their editors' undo history, and are built again
        when next needed (docs/security.md, "What stays in memory")."""
        self.scroll_area.takeWidget()
        for page in self.pages.values():
            page.clear_content()
            page.deleteLater()
        self.pages.clear()
        self._page_shown, self._prepared, self.current_field = None, False, None
        self.guidance.clear_content()
        self.due_strip.clear_content()
        show_closed(self.closed_banner, None)
        self.state = None
        self.reference = None
        self.title.clear()
        self.undo_changed.emit()
        self._update_navigator()
