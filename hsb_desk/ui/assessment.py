"""The assessment window: section navigator, the section's page, and the guidance panel."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.formspec.model import FormDefinition, SectionSpec
from hsb_desk.formspec.values import compute_value, is_filled, is_visible
from hsb_desk.ui import strings
from hsb_desk.ui.autosave import Autosaver
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.editors import FieldEditor
from hsb_desk.ui.guidance import GuidancePanel
from hsb_desk.ui.section_page import SectionPage
from hsb_desk.ui.style import set_role


class _ValueCommand(QUndoCommand):
    """One saved change of one field; consecutive saves of the same field merge into one."""

    def __init__(self, view: AssessmentView, key: str, old: Any, new: Any) -> None:
        super().__init__(f"Change {key}")
        self.view, self.key, self.old, self.new = view, key, old, new
        self._first = True

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, _ValueCommand) and other.key == self.key:
            self.new = other.new
            return True
        return False

    def redo(self) -> None:
        if self._first:  # already saved when the command was pushed
            self._first = False
            return
        self.view.apply_value(self.key, self.new)

    def undo(self) -> None:
        self.view.apply_value(self.key, self.old)


def section_progress(section: SectionSpec, values: dict[str, Any]) -> tuple[int, int]:
    """(required fields done, required fields shown) for a section."""
    required = [f for f in section.fields if f.required and is_visible(f, values)]
    return sum(1 for f in required if is_filled(values.get(f.key))), len(required)


class AssessmentView(QWidget):
    back = Signal()

    def __init__(
        self,
        form: FormDefinition,
        bridge: Bridge,
        confirm: Callable[[str], bool],
        decorate: Callable[[FieldEditor], None] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form, self.bridge, self.confirm, self.decorate, self.today = form, bridge, confirm, decorate, today
        self.reference: str | None = None
        self.values: dict[str, Any] = {}
        self.owners: dict[str, str] = {}
        self.editable: set[str] = set()
        self.version_label = ""
        self.pages: dict[str, SectionPage] = {}
        self.current_field: str | None = None
        self._replaying: set[str] = set()  # undo/redo saves must not push new commands
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(bridge, parent=self)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.invalid.connect(self._invalid)
        self.autosaver.failed.connect(self._failed)
        self.autosaver.recovered.connect(lambda: self.banner.hide())
        self._prepared = False
        bridge.idle.connect(self._prepare_when_idle)
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
        self.banner.setStyleSheet("background: #fff4e5; color: #5f370e; border: 1px solid #b26a00; padding: 6px;")
        self.banner.hide()
        outer.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.navigator = QListWidget(splitter)
        self.navigator.setAccessibleName("Sections")
        self.navigator.setMinimumWidth(250)
        self.navigator.setWordWrap(True)
        self.scroll = QScrollArea(splitter)
        self.scroll.setWidgetResizable(True)
        # Only the page on show sits in the scroll area, so its width alone sets the layout.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._page_shown: SectionPage | None = None
        self.guidance = GuidancePanel(self.form, splitter)
        self.guidance.setMinimumWidth(240)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([240, 640, 300])
        outer.addWidget(splitter, 1)
        for section in self.form.sections:
            item = QListWidgetItem(self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
        self.navigator.currentRowChanged.connect(self._show_section)

    # -- opening and closing a case --------------------------------------------------------
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
        self.reference, self.values = reference, dict(values)
        self.owners = owners or {s.key: s.owner for s in self.form.sections}
        self.editable = set(editable) if editable is not None else {s.key for s in self.form.sections}
        self.version_label = version_label
        self.autosaver.start(reference)
        self.undo_stack.clear()
        self.banner.hide()
        self.saved_label.setText("")
        shown = self._with_computed()
        for page in self.pages.values():
            page.load(shown)
            page.setEnabled(page.section.key in self.editable)
        self._update_title()
        self._update_navigator()
        index = next((i for i, s in enumerate(self.form.sections) if s.key == section_key), 0)
        self.navigator.setCurrentRow(-1)
        self.navigator.setCurrentRow(index)
        if field_key and field_key in self.page().editors:
            self.page().editors[field_key].setFocus()

    def _prepare_when_idle(self) -> None:
        """Once the workbook is open and quiet (its case list shown), build the first section's
        page with no case in it, so the first case opened is shown without first building and
        styling some forty editors (measured in bench/: about half of a first open)."""
        if not self._prepared:
            self._prepared = True
            QTimer.singleShot(0, self._prepare)

    def _prepare(self) -> None:
        if self.reference is not None or not self.form.sections:
            return
        page = self._page(self.form.sections[0])
        page.ensurePolished()
        if self._page_shown is None:
            self.scroll.setWidget(page)
            self._page_shown = page

    def page(self) -> SectionPage:
        section = self.form.sections[max(self.navigator.currentRow(), 0)]
        return self._page(section)

    def _page(self, section: SectionSpec) -> SectionPage:
        page = self.pages.get(section.key)
        if page is None:  # built on first visit: opening a case stays quick
            page = SectionPage(section, self.form, self.confirm, self.decorate)
            page.edited.connect(self._edited)
            page.left.connect(lambda _key: self.autosaver.flush())
            page.focused.connect(self._focused)
            page.load(self._with_computed())
            page.setEnabled(section.key in self.editable)
            self.pages[section.key] = page
        page.set_owner(self.owners.get(section.key, section.owner))
        return page

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        self.autosaver.flush()
        section = self.form.sections[row]
        page = self._page(section)
        if self._page_shown is not page:
            self.scroll.takeWidget()  # keeps the old page alive: it is ours, not the scroll area's
            self.scroll.setWidget(page)
            self._page_shown = page
        self.scroll.verticalScrollBar().setValue(0)
        self.guidance.show_section(section)
        self.current_field = None

    def place(self) -> tuple[str | None, str | None, str | None]:
        """(case, section, field) to return to after unlocking."""
        row = self.navigator.currentRow()
        section = self.form.sections[row].key if row >= 0 else None
        return self.reference, section, self.current_field

    def clear_content(self) -> None:
        """Forget every piece of case content on screen (locking)."""
        for page in self.pages.values():
            page.clear_content()
        self.guidance.clear_content()
        self.values = {}
        self.reference = None
        self.title.clear()
        self.undo_stack.clear()
        self._update_navigator()

    # -- editing -----------------------------------------------------------------------
    def _edited(self, key: str) -> None:
        page = self.page()
        editor = page.editors[key]
        problem = editor.input_problem()
        page.set_error(key, problem)
        if problem:
            return
        new = editor.value()
        old = self.values.get(key)
        self.values[key] = new
        if new is None:
            self.values.pop(key)
        page.refresh_visibility(self.values)
        self.autosaver.queue(key, old, new)
        self.saved_label.setText(strings.SAVING)
        self._update_navigator()

    def _focused(self, key: str) -> None:
        self.current_field = key
        self.guidance.show_field(self.form.get_field(key))

    def _saved(self, key: str, old: Any, new: Any) -> None:
        self.saved_label.setText(strings.SAVED_AT.format(time=time.strftime("%H:%M:%S")))
        for page in self.pages.values():
            if key in page.editors:
                page.set_error(key, "")
            page.show_computed(self._with_computed())
        if key in self._replaying:
            self._replaying.discard(key)
        elif old != new:
            self.undo_stack.push(_ValueCommand(self, key, old, new))
        self._update_title()

    def _invalid(self, key: str, reason: str) -> None:
        for page in self.pages.values():
            page.set_error(key, reason)
        self.saved_label.setText("")

    def _failed(self, reason: str) -> None:
        self.banner.setText(strings.NOT_SAVED_BANNER.format(reason=reason.rstrip(".")))
        self.banner.show()
        self.saved_label.setText("⚠ Not saved")

    def apply_value(self, key: str, value: Any) -> None:
        """Undo and redo: show the value and store it."""
        old = self.values.get(key)
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value
        for page in self.pages.values():
            if key in page.editors:
                page.editors[key].set_value(value)
                page.refresh_visibility(self.values)
        self._replaying.add(key)
        self.autosaver.queue(key, old, value)
        self.autosaver.flush()

    # -- what the navigator and title show ----------------------------------------------
    def _with_computed(self) -> dict[str, Any]:
        values = dict(self.values)
        for _, spec in self.form.iter_fields():
            if spec.type == "computed":
                computed = compute_value(self.form, spec, values, self.today())
                if computed is not None:
                    values[spec.key] = computed
        return values

    def _update_navigator(self) -> None:
        for row, section in enumerate(self.form.sections):
            item = self.navigator.item(row)
            done, total = section_progress(section, self.values)
            owner = strings.OWNER_LABELS.get(self.owners.get(section.key, section.owner), section.owner)
            mark = "✔" if total and done == total else "•"
            progress = strings.SECTION_PROGRESS.format(done=done, total=total)
            item.setText(f"{mark} {section.number}. {section.title}\n    {progress} · {owner}")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"Section {section.number}, {section.title}: {done} of {total} required fields done, filled by {owner}",
            )

    def _update_title(self) -> None:
        if self.reference is None:
            self.title.clear()
            return
        name = self.values.get("child.full_name") or strings.CASES_NAME_MISSING
        parts = [self.reference, str(name), self.version_label]
        if not self.editable:
            parts.append("read-only")
        self.title.setText(" · ".join(p for p in parts if p))
