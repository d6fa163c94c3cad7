"""What the assessment view does with the open case's edits: each one to autosave, the replies
(stored, refused, not saved), undo and redo, and the navigator, title and notes that follow.

A mixin of ``AssessmentView`` (ui/assessment/view.py), which builds the widgets and the edit
state (app/edit_state.py) named below; kept apart so the view module holds the window and the
case's opening, and this one the edit cycle.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from hsb_desk.app.distribution import distribution_warnings
from hsb_desk.ui import strings

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QLabel

    from hsb_desk.app.edit_state import CaseEditState
    from hsb_desk.formspec.model import FormDefinition
    from hsb_desk.ui.assessment.autosave import Autosaver
    from hsb_desk.ui.assessment.guidance import GuidancePanel
    from hsb_desk.ui.assessment.navigator import SectionNavigator
    from hsb_desk.ui.assessment.section_page import SectionPage


class CaseEditing:
    """The edit cycle of the case on show; it keeps no values but those of ``state``."""

    # Set by AssessmentView.
    form: FormDefinition
    reference: str | None
    state: CaseEditState | None
    owners: dict[str, str]
    editable: set[str]
    version_label: str
    pages: dict[str, SectionPage]
    current_field: str | None
    autosaver: Autosaver
    navigator: SectionNavigator
    guidance: GuidancePanel
    title: QLabel
    saved_label: QLabel
    banner: QLabel
    undo_changed: SignalInstance

    if TYPE_CHECKING:
        # The page of the section on show (ui/assessment/navigation.py).
        def page(self) -> SectionPage: ...

    # -- editing -----------------------------------------------------------------------
    def _edited(self, key: str) -> None:
        if self.state is None:
            return
        page = self.page()
        editor = page.editors[key]
        problem = editor.input_problem()
        if problem:  # nothing can be stored until it reads as a value: shown, never counted
            self.state.refuse(key, None, problem)
            page.set_error(key, problem)
            self._update_navigator()
            return
        page.set_error(key, "")
        new = editor.value()
        if self.state.edit(key, new):
            self.autosaver.flush()  # what was typed before a row was removed or moved is its own step
        old = self.state.stored.get(key)
        page.refresh_visibility(self.state.shown())
        self.autosaver.queue(key, old, self.state.pending.get(key))
        self.saved_label.setText(strings.SAVING)  # the navigator follows once it is stored

    def _left(self, _key: str) -> None:
        self.autosaver.flush()
        if self.state is not None:
            self.state.end_spell()

    def _focused(self, key: str) -> None:
        self.current_field = key
        field, editor = self.form.get_field(key), self.page().editors.get(key)
        column = editor.focused_spec if editor is not None and editor.focused_spec is not field else None
        self.guidance.show_field(column or field, within=field if column else None)

    def _saved(self, reference: str, key: str, _old: Any, new: Any) -> None:
        if self.state is None or reference != self.reference:
            return
        self.state.saved(key, new)
        self.saved_label.setText(strings.SAVED_AT.format(time=time.strftime("%H:%M:%S")))
        shown = self._shown()
        for page in self.pages.values():
            if key in page.editors and key not in self.state.refused:
                page.set_error(key, "")
            page.show_computed(shown)
        self._update_title()
        self._update_navigator()
        self._update_notes()
        self.undo_changed.emit()

    def _invalid(self, reference: str, key: str, reason: str, value: Any = None) -> None:
        if reference != self.reference:
            return
        if self.state is not None:
            self.state.refuse(key, value, reason)
        for page in self.pages.values():
            page.set_error(key, strings.NOT_STORED.format(reason=reason))
        self.saved_label.setText("")
        self._update_navigator()
        self.undo_changed.emit()

    def _failed(self, reason: str) -> None:
        self.banner.setText(strings.NOT_SAVED_BANNER.format(reason=reason.rstrip(".")))
        self.banner.show()
        self.saved_label.setText("⚠ Not saved")

    # -- undo and redo ---------------------------------------------------------------------
    def undo_label(self) -> str | None:
        return self.state.undo_label() if self.state is not None else None

    def redo_label(self) -> str | None:
        return self.state.redo_label() if self.state is not None else None

    def undo(self) -> None:
        """Take back the last saved change (one field, one step), show it and store it."""
        self._replay(self.state.undo() if self.state is not None else None)

    def redo(self) -> None:
        self._replay(self.state.redo() if self.state is not None else None)

    def _replay(self, step: Any) -> None:
        if step is None or self.state is None:
            return
        self.autosaver.flush()
        value = self.state.pending.get(step.key)
        for page in self.pages.values():
            if step.key in page.editors:
                page.editors[step.key].set_value(value)
                page.set_error(step.key, "")
        shown = self._shown()
        for page in self.pages.values():
            page.refresh_visibility(shown)
        self.autosaver.queue(step.key, self.state.stored.get(step.key), value)
        self.autosaver.flush()
        self.undo_changed.emit()

    # -- what the navigator and title show ----------------------------------------------
    def _shown(self) -> dict[str, Any]:
        return self.state.shown() if self.state is not None else {}

    def _update_navigator(self) -> None:
        recorded = self.state.progress() if self.state is not None else {}
        self.navigator.show_progress(self.form, recorded, self.owners)

    def _update_notes(self) -> None:
        """Warnings under the distribution list: a case open for editing is not yet signed off, so
        a date sent there would print as planned (app/distribution.py)."""
        key = self.form.role_key("distribution")
        if key is None or self.state is None:
            return
        section = self.form.section_of(key)
        page = self.pages.get(section.key) if section is not None else None
        if page is not None:
            editable = section is not None and section.key in self.editable
            page.set_notes(key, distribution_warnings(self.form, self.state.stored, None) if editable else [])

    def _update_title(self) -> None:
        if self.reference is None:
            self.title.clear()
            return
        name_key = self.form.role_key("child_name")
        recorded = self.state.stored if self.state is not None else {}
        name = (recorded.get(name_key) if name_key else None) or strings.CASES_NAME_MISSING
        parts = [self.reference, str(name), self.version_label]
        if not self.editable:
            parts.append("read-only")
        self.title.setText(" · ".join(p for p in parts if p))
