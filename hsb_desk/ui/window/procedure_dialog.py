"""Whose procedures the workbook follows: the choice of procedure profile (``ProcedureChoice``,
also on the first-run page) and File ▸ Procedure profile… (``ProcedureDialog``), which shows a
profile's summary and what its procedures say, and records another with an optional reason."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.procedures import WorkbookProcedure
from hsb_desk.domain.procedure import ProcedureProfile
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui import strings
from hsb_desk.ui.style import set_role


def duties_html(profile: ProcedureProfile) -> str:
    """The profile's duties as headings and paragraphs (escaped: the pack's text is plain)."""
    parts = []
    for duty in profile.duties:
        heading = strings.DUTY_HEADINGS.get(duty.aspect, duty.aspect.replace("_", " ").capitalize())
        parts.append(f"<h4>{escape(heading)}</h4><p>{escape(duty.text)}</p>")
        if duty.source:
            parts.append(f"<p><i>{escape(duty.source)}</i></p>")
    return "".join(parts)


class ProcedureChoice(QWidget):
    """The pack's profiles by name and authority, with the chosen one's summary under them."""

    changed = Signal(str)  # the id chosen

    def __init__(self, profiles: tuple[ProcedureProfile, ...], chosen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles = {p.id: p for p in profiles}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(strings.PROCEDURE_CHOICE)
        for profile in profiles:
            text = strings.PROCEDURE_OPTION.format(name=profile.name, authority=profile.authority)
            self.combo.addItem(text, profile.id)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.summary, "sectionIntro")
        layout.addWidget(self.combo)
        layout.addWidget(self.summary)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.combo.setCurrentIndex(max(self.combo.findData(chosen), 0))
        self._chosen()

    def chosen(self) -> str:
        return str(self.combo.currentData() or "")

    def choose(self, procedure_id: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(procedure_id))

    def profile(self) -> ProcedureProfile | None:
        return self.profiles.get(self.chosen())

    def _chosen(self) -> None:
        profile = self.profile()
        text = " ".join(profile.summary.split()) if profile is not None else ""
        self.summary.setText(text)
        self.summary.setAccessibleName(text)
        self.changed.emit(self.chosen())


class ProcedureDialog(QDialog):
    def __init__(self, form: FormDefinition, current: WorkbookProcedure | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.PROCEDURE_TITLE)
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        profile = current.profile if current is not None else form.profile(form.default_procedure)
        template = strings.PROCEDURE_CURRENT if current is None or current.chosen else strings.PROCEDURE_DEFAULT_ONLY
        self.current = QLabel(
            template.format(name=profile.name, authority=profile.authority) if profile is not None else "", self
        )
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.current)
        self.choice = ProcedureChoice(form.procedures, profile.id if profile is not None else "", self)
        layout.addWidget(self.choice)
        heading = QLabel(strings.PROCEDURE_DUTIES, self)
        set_role(heading, "factorHeading")  # a subheading of the dialog, not a page title
        layout.addWidget(heading)
        self.duties = QTextBrowser(self)
        self.duties.setAccessibleName(strings.PROCEDURE_DUTIES)
        self.duties.setOpenLinks(False)
        layout.addWidget(self.duties, 1)
        note = QLabel(strings.PROCEDURE_NOTHING_CHANGES, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(QLabel(strings.PROCEDURE_REASON, self))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(strings.PROCEDURE_REASON)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.use_button = buttons.addButton(strings.PROCEDURE_USE, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.changed.connect(self._show_duties)
        self._show_duties()
        self.choice.combo.setFocus()

    def _show_duties(self, *_args: object) -> None:
        profile = self.choice.profile()
        self.duties.setHtml(duties_html(profile) if profile is not None else "")

    def chosen(self) -> tuple[str, str]:
        """(the id of the profile chosen, the reason given)."""
        return self.choice.chosen(), self.reason.text()

    def profile_name(self, procedure_id: str) -> str:
        profile = self.choice.profiles.get(procedure_id)
        return profile.name if profile is not None else procedure_id
