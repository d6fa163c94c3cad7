"""Sign-off: the readiness checklist by section, then the confirmation, in one dialog.

Each section shows what is recorded and what is still needed; choosing a missing answer goes to
its field. Sign off is offered only when nothing is missing and nothing else stops it (a
co-worker copy, a case still with the co-worker, one already signed). When the person signing
is not the case's lead practitioner it names both, and signs only once the signer ticks that
they sign on the lead's behalf."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.signoff.readiness import Readiness, SectionReadiness
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import Missing
from hsb_desk.ui import strings


def _label(parent: QWidget, text: str, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are shown as typed, never as markup
    label.setWordWrap(True)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def section_line(section: SectionReadiness) -> str:
    owner = strings.READY_COWORKER_OWNER if section.owner == "coworker" else ""
    words = {"number": section.number, "title": section.title, "owner": owner}
    if section.missing:
        return strings.READY_SECTION_MISSING.format(
            **words, missing=len(section.missing), recorded=section.recorded, required=section.required
        )
    if not section.required:
        return strings.READY_SECTION_NONE.format(**words)
    return strings.READY_SECTION_DONE.format(**words, recorded=section.recorded, required=section.required)


class SignOffDialog(QDialog):
    """After ``exec``: ``signs`` (the user chose Sign off) or ``go_to`` (a missing answer to open)."""

    def __init__(self, ready: Readiness, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ready, self.signs = ready, False
        self.go_to: Missing | None = None
        self.setWindowTitle(strings.SIGNOFF_TITLE.format(reference=ready.reference))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        if ready.blockers:
            layout.addWidget(_label(self, strings.READY_BLOCKED, bold=True))
            for blocker in ready.blockers:
                layout.addWidget(_label(self, f"•  {blocker}"))
        elif ready.ready:
            layout.addWidget(_label(self, strings.READY_INTRO.format(reference=ready.reference)))
        else:
            layout.addWidget(_label(self, strings.READY_NOT_YET.format(count=ready.missing_count), bold=True))
        self.checklist = QTreeWidget(self)
        self.checklist.setHeaderHidden(True)
        self.checklist.setAccessibleName(strings.READY_CHECKLIST)
        self.checklist.setRootIsDecorated(True)
        first_missing = None
        for section in ready.sections:
            top = QTreeWidgetItem(self.checklist, [section_line(section)])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not chosen, so Go to field has a field
            if section.missing:
                font = QFont(top.font(0))
                font.setBold(True)
                top.setFont(0, font)
            for missing in section.missing:
                item = QTreeWidgetItem(top, [missing.describe(form)])
                item.setData(0, Qt.ItemDataRole.UserRole, missing)
                first_missing = first_missing or item
            top.setExpanded(bool(section.missing))
        layout.addWidget(self.checklist, 1)
        if ready.coworker_confirmed is not None:
            confirmed = (
                strings.READY_COWORKER_CONFIRMED if ready.coworker_confirmed else strings.READY_COWORKER_UNCONFIRMED
            )
            layout.addWidget(_label(self, confirmed))
        self.on_behalf: QCheckBox | None = None
        if ready.mismatch is not None and ready.ready:
            signer, lead = ready.mismatch
            layout.addWidget(_label(self, strings.SIGNOFF_NOT_LEAD.format(lead=lead, signer=signer)))
            self.on_behalf = QCheckBox(strings.SIGNOFF_ON_BEHALF.format(lead=lead), self)
            layout.addWidget(self.on_behalf)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go_button = QPushButton(strings.READY_GO, self)
        self.sign_button = QPushButton(strings.SIGNOFF_BUTTON, self)
        for button in (self.go_button, self.sign_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for any_button in self.buttons.buttons():
            if isinstance(any_button, QPushButton):  # Enter never signs or closes: in the list it goes to a field
                any_button.setAutoDefault(False)
        self.sign_button.setVisible(not ready.blockers)
        self.go_button.setVisible(ready.missing_count > 0)
        self.go_button.clicked.connect(self._go)
        self.sign_button.clicked.connect(self._sign)
        self.buttons.rejected.connect(self.reject)
        self.checklist.itemActivated.connect(lambda _item, _column: self._go())
        self.checklist.currentItemChanged.connect(lambda *_: self._update())
        if self.on_behalf is not None:
            self.on_behalf.toggled.connect(lambda _on: self._update())
        layout.addWidget(self.buttons)
        if first_missing is not None:
            self.checklist.setCurrentItem(first_missing)
        self.checklist.setFocus()
        self._update()

    def chosen(self) -> Missing | None:
        item = self.checklist.currentItem()
        found = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
        return found if isinstance(found, Missing) else None

    def can_sign(self) -> bool:
        return self.ready.ready and (self.on_behalf is None or self.on_behalf.isChecked())

    def _update(self) -> None:
        self.sign_button.setEnabled(self.can_sign())
        self.go_button.setEnabled(self.chosen() is not None)

    def _go(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.go_to = chosen
            super().accept()

    def _sign(self) -> None:
        if self.can_sign():
            self.signs = True
            super().accept()

    def accept(self) -> None:  # Enter alone neither signs nor closes: it goes to a chosen field
        self._go()
