"""Dialogs for working with a co-worker: what a hand-out includes, the one-time passphrase, merge
choices, what is missing before sign-off, versions, and section owners."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.signoff import VersionInfo
from hsb_desk.formspec.model import FormDefinition, SectionSpec
from hsb_desk.formspec.values import Missing
from hsb_desk.ui import strings
from hsb_desk.ui.keyboard import tab_moves_on

if TYPE_CHECKING:
    from hsb_desk.app.exchange import HandbackPreview


def _plain(parent: QWidget, text: str, wrap: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def show_value(value: Any) -> str:
    if value is None:
        return "(not recorded)"
    if isinstance(value, list):
        return "\n".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


HANDOUT_TITLE = "Hand out to the co-worker"
HANDOUT_INTRO = (
    "The hand-out carries the sections given to the co-worker, and the name and date of birth of the "
    "young person, so that their copy says whose case it is."
)
HANDOUT_KEPT_OUT = (
    "{sections} is given to the co-worker, but it is about another child: it is kept out of the "
    "hand-out unless you include it. If you do not, the co-worker's copy holds none of its answers, "
    "and their hand-back cannot change yours."
)
HANDOUT_INCLUDE = "Include {sections} in this hand-out (the co-worker's copy will hold its answers)"
HANDOUT_CONTINUE = "Continue…"


class HandoutDialog(QDialog):
    """Before a hand-out is written: whether the co-worker's sections that the form keeps out of
    hand-outs (``handout: lead_chooses``, such as the child who has been harmed) go with it.
    They are left out unless the box, unticked to begin with, is ticked."""

    def __init__(self, kept_out: list[SectionSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(HANDOUT_TITLE)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, HANDOUT_INTRO))
        names = " and ".join(f"{section.number}. {section.title}" for section in kept_out)
        layout.addWidget(_plain(self, HANDOUT_KEPT_OUT.format(sections=names)))
        self.include = QCheckBox(HANDOUT_INCLUDE.format(sections=names), self)
        self.include.setChecked(False)
        layout.addWidget(self.include)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.continue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText(HANDOUT_CONTINUE)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def include_kept_out(self) -> bool:
        """Whether the lead chose to include the sections kept out of hand-outs."""
        return self.include.isChecked()


#: A copied passphrase is taken off the clipboard after this long, if it is still there.
CLIPBOARD_SECONDS = 60


class PassphraseDialog(QDialog):
    """Shows the one-time passphrase once; it is never saved. It closes only with "I have noted
    it": Enter and Esc do nothing, so a key pressed out of habit does not lose it. Copy puts it
    on the clipboard, which is emptied after CLIPBOARD_SECONDS if it still holds it."""

    def __init__(self, passphrase: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.EXCHANGE_PASSPHRASE_TITLE)
        self.setMinimumWidth(520)  # the words on one line, the notes wrapped, none cut off
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, strings.EXCHANGE_PASSPHRASE_INTRO.format(file=file_name)))
        self.words = words = _plain(self, passphrase)
        font = QFont(words.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        words.setFont(font)
        words.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        words.setAccessibleName("One-time passphrase")
        layout.addWidget(words)
        layout.addWidget(_plain(self, strings.EXCHANGE_PASSPHRASE_NOTE))
        self.copied = _plain(self, "")
        layout.addWidget(self.copied)
        self.passphrase = passphrase
        # Plain buttons, not a button box: a button box makes its accept button the default
        # when shown, and Enter would then close the dialog.
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(strings.EXCHANGE_PASSPHRASE_COPY, self)
        self.noted_button = QPushButton(strings.EXCHANGE_PASSPHRASE_NOTED, self)
        buttons.addStretch(1)
        for button in (self.copy_button, self.noted_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.copy_button.clicked.connect(self._copy)
        self.noted_button.clicked.connect(self.accept)
        layout.addLayout(buttons)

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.passphrase)
        passphrase = self.passphrase

        def empty_if_still_there() -> None:
            if clipboard.text() == passphrase:
                clipboard.clear()

        QTimer.singleShot(CLIPBOARD_SECONDS * 1000, empty_if_still_there)  # outlives the dialog
        self.copied.setText(strings.EXCHANGE_PASSPHRASE_COPIED.format(seconds=CLIPBOARD_SECONDS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.accept()  # only the button closes it
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """The window's close button: as "I have noted it" would, but only once asked."""
        if QMessageBox.question(self, self.windowTitle(), strings.EXCHANGE_PASSPHRASE_CLOSE) == (
            QMessageBox.StandardButton.Yes
        ):
            super().reject()


class ConflictsDialog(QDialog):
    """Both versions of each field side by side; the lead chooses which to keep."""

    def __init__(self, preview: HandbackPreview, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.CONFLICTS_TITLE)
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, strings.CONFLICTS_INTRO.format(coworker=preview.coworker or "the co-worker")))
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        inner = QWidget()
        grid = QGridLayout(inner)
        for column, text in enumerate(("Field", "Your version", f"{preview.coworker or 'Co-worker'}'s version")):
            header = _plain(inner, text)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column)
        self.groups: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        who = preview.coworker or "the co-worker"
        for row, conflict in enumerate(preview.conflicts, start=1):
            spec = form.get_field(conflict.field_key)
            grid.addWidget(_plain(inner, conflict.label), row, 0, Qt.AlignmentFlag.AlignTop)
            mine = QRadioButton("Keep yours", inner)
            theirs = QRadioButton(f"Take {who}'s", inner)
            for column, (button, value) in enumerate(((mine, conflict.mine), (theirs, conflict.theirs)), start=1):
                shown = (
                    spec.option_label(value) if spec and isinstance(value, str) and spec.options else show_value(value)
                )
                cell = QVBoxLayout()
                cell.addWidget(button)
                label = _plain(inner, shown)
                label.setStyleSheet("padding-left: 22px;")
                cell.addWidget(label)
                grid.addLayout(cell, row, column, Qt.AlignmentFlag.AlignTop)
            mine.setAccessibleName(f"{conflict.label}: keep your version")
            theirs.setAccessibleName(f"{conflict.label}: take the co-worker's version")
            group = QButtonGroup(inner)
            group.addButton(mine)
            group.addButton(theirs)
            group.buttonToggled.connect(lambda *_: self._update())
            self.groups[conflict.field_key] = (mine, theirs)
        grid.setRowStretch(len(preview.conflicts) + 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        area.setWidget(inner)
        layout.addWidget(area, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(strings.CONFLICTS_APPLY)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ready = all(m.isChecked() or t.isChecked() for m, t in self.groups.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def choices(self) -> dict[str, str]:
        return {key: "mine" if mine.isChecked() else "theirs" for key, (mine, _theirs) in self.groups.items()}


class MissingDialog(QDialog):
    """What is still needed before sign-off; choosing one goes to that field."""

    def __init__(self, missing: list[Missing], form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.MISSING_TITLE)
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, strings.MISSING_INTRO.format(count=len(missing))))
        self.list = QListWidget(self)
        self.list.setAccessibleName(strings.MISSING_TITLE)
        shown = None
        for entry in missing:
            if entry.section != shown:  # a heading per section; headings cannot be chosen
                shown = entry.section
                section = form.section(entry.section)
                heading = QListWidgetItem(f"{section.number}. {section.title}" if section else entry.section, self.list)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item = QListWidgetItem(f"    {entry.describe(form)}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry)
        self.list.setCurrentRow(1 if missing else 0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(strings.MISSING_GO)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> Missing | None:
        item = self.list.currentItem()
        found = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return found if isinstance(found, Missing) else None


class VersionsDialog(QDialog):
    """Every version with its dates; a signed one can be exported exactly as it was signed."""

    export_requested = Signal(int)

    def __init__(self, versions: list[VersionInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions = versions
        self.setWindowTitle(strings.VERSIONS_TITLE)
        self.resize(860, 320)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(versions), 6, self)
        tab_moves_on(self.table)
        self.table.setHorizontalHeaderLabels(["Version", "Started", "Reason", "Signed off", "By", "Authorised"])
        for row, version in enumerate(versions):
            cells = (
                str(version.number),
                version.started_at[:10],
                version.reason or "First version",
                version.signed_on or ("Open" if version.status == "open" else "—"),
                version.signed_by or "",
                version.authorised,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = buttons.addButton("Export this version…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export)
        self.table.itemSelectionChanged.connect(self._selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _chosen(self) -> VersionInfo | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.versions[rows.pop()] if len(rows) == 1 else None

    def _selected(self) -> None:
        chosen = self._chosen()
        self.export_button.setEnabled(chosen is not None and chosen.status == "signed")

    def _export(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.export_requested.emit(chosen.number)


class OwnersDialog(QDialog):
    def __init__(self, owners: dict[str, str], form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.OWNERS_TITLE)
        layout = QFormLayout(self)
        self.boxes: dict[str, QComboBox] = {}
        for section in form.sections:
            box = QComboBox(self)
            for value, label in strings.OWNER_LABELS.items():
                box.addItem(label, value)
            box.setCurrentIndex(box.findData(owners.get(section.key, section.owner)))
            box.setAccessibleName(f"Who fills {section.title}")
            layout.addRow(f"{section.number}. {section.title}", box)
            self.boxes[section.key] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def chosen(self) -> dict[str, str]:
        return {key: box.currentData() for key, box in self.boxes.items()}
