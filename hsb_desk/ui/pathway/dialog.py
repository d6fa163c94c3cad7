"""One case's meetings and chronology, in a window of their own beside the assessment."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from hsb_desk.formspec.model import FormDefinition
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.pathway.chronology import ChronologyView
from hsb_desk.ui.pathway.meetings import MeetingsView
from hsb_desk.ui.prompts import Prompts

PATHWAY_TITLE = "Meetings and chronology: {reference}"
PATHWAY_MEETINGS = "Meetings and actions"
PATHWAY_CHRONOLOGY = "Chronology"
TABS = ("meetings", "chronology")


class CasePathwayDialog(QDialog):
    """Not modal: the assessment stays usable. Each tab follows the changes that touch it
    (meetings and actions done appear in the chronology; what is due follows both)."""

    def __init__(self, bridge: Bridge, prompts: Prompts, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.resize(1150, 760)
        self.reference: str | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.meetings = MeetingsView(bridge, prompts, form, self.tabs)
        self.chronology = ChronologyView(bridge, prompts, self.tabs)
        self.tabs.addTab(self.meetings, PATHWAY_MEETINGS)
        self.tabs.addTab(self.chronology, PATHWAY_CHRONOLOGY)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.hide)
        layout.addWidget(buttons)

    def show_case(self, reference: str, tab: str = "meetings") -> None:
        self.reference = reference
        self.setWindowTitle(PATHWAY_TITLE.format(reference=reference))
        self.meetings.show_case(reference)
        self.chronology.show_case(reference)
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        self.show()
        self.raise_()
        self.activateWindow()

    def clear_content(self) -> None:
        """Locking: forget the case and hide."""
        self.reference = None
        self.meetings.clear_content()
        self.chronology.clear_content()
        self.hide()
