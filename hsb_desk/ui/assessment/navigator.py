"""The list of the form's sections beside the page: each with how many of its required fields
are done and who fills it, said in words for screen readers too."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings


class SectionNavigator(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sections")
        self.setMinimumWidth(250)
        self.setWordWrap(True)

    def fill(self, form: FormDefinition) -> None:
        """One row per section of ``form``, without announcing a change of row."""
        blocked = self.blockSignals(True)
        self.clear()
        for section in form.sections:
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
        self.blockSignals(blocked)

    def show_progress(
        self, form: FormDefinition, recorded: Mapping[str, tuple[int, int]], owners: Mapping[str, str]
    ) -> None:
        """Each row's title, required fields done of all, and who fills the section."""
        for row, section in enumerate(form.sections):
            item = self.item(row)
            done, total = recorded.get(section.key, (0, 0))
            owner = strings.OWNER_LABELS.get(owners.get(section.key, section.owner), section.owner)
            mark = "✔" if total and done == total else "•"
            progress = strings.SECTION_PROGRESS.format(done=done, total=total)
            item.setText(f"{mark} {section.number}. {section.title}\n    {progress} · {owner}")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"Section {section.number}, {section.title}: {done} of {total} required fields done, filled by {owner}",
            )
