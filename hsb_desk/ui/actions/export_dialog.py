"""Export…: choose the version and where, optionally a password; progress; open the folder.

The dialog proposes the default name (case, version, full or shared, date) in the chosen folder
and follows the full/shared choice until the user types a name of their own. An existing file is
replaced only after the user said yes to "Replace …?".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.app.reports.output_names import default_report_name
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import HsbDeskError
from hsb_desk.ui import strings
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import log_unexpected, message_for
from hsb_desk.ui.prompts import Prompts

if TYPE_CHECKING:
    from hsb_desk.app.reports import ReportJob, WrittenReport

KINDS = ("full", "shared")


class ProgressRelay(QObject):
    """Carries progress from the database thread to the dialog (signals cross threads safely)."""

    moved = Signal(int, str)


class ExportDialog(QDialog):
    def __init__(
        self,
        bridge: Bridge,
        reference: str,
        start: Path,
        marking: str,
        parent: QWidget | None = None,
        signed_version: int | None = None,
        confirm: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.reference, self.marking = bridge, reference, marking
        self.signed_version = signed_version
        self.confirm = confirm or Prompts(self).confirm
        self.names: dict[str, str] = {}  # the default name of each kind, once read
        as_signed = f", version {signed_version} as signed" if signed_version else ""
        self.setWindowTitle(f"Export report: {reference}{as_signed}")
        self.setMinimumWidth(640)  # the proposed file name is read whole
        self.written: Path | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.full = QRadioButton("Full report (everything)", self)
        self.shared = QRadioButton("Shared version (leaves out details of other children)", self)
        self.full.setChecked(True)
        versions = QVBoxLayout()
        versions.addWidget(self.full)
        versions.addWidget(self.shared)
        form.addRow("Version", versions)
        # Until the default names are read, the folder alone: exporting to it uses the default name.
        self.path = QLineEdit(str(start), self)
        self.path.setAccessibleName("Save the report as")
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        form.addRow("Save as", row)
        self.protect = QCheckBox("Protect with a password (for sending by e-mail)", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Report password")
        self.password.setEnabled(False)
        self.password_again = QLineEdit(self)  # typed twice: a mistyped password locks the reader out
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("Report password again")
        self.password_again.setEnabled(False)
        self.protect.toggled.connect(self.password.setEnabled)
        self.protect.toggled.connect(self.password_again.setEnabled)
        form.addRow("", self.protect)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.password_again)
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.step = QLabel(self)
        self.step.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder = self.buttons.addButton("Open folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.hide()
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.open_folder.clicked.connect(self._open_folder)
        layout.addWidget(self.buttons)
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(self._moved)
        self.shared.toggled.connect(lambda _on: self._propose())
        bridge.run(self._read_names, self._named, self._failed)

    def _read_names(self, session: WorkbookSession) -> dict[str, str]:
        """On the database thread: the default name of the full and the shared report."""
        return {kind: default_report_name(session, self.reference, kind, self.signed_version) for kind in KINDS}

    def kind(self) -> str:
        return "shared" if self.shared.isChecked() else "full"

    def _named(self, names: dict[str, str]) -> None:
        self.names = names
        self._propose()

    def _propose(self) -> None:
        """The default name of the chosen kind, unless the user wrote a name of their own."""
        if not self.names:
            return
        current = Path(self.path.text()).expanduser()
        if current.is_dir():
            folder = current
        elif current.name in self.names.values():
            folder = current.parent
        else:
            return  # a name the user typed or chose stays as it is
        self.path.setText(str(folder / self.names[self.kind()]))

    def _choose(self) -> None:
        # Replacing a file is asked by start(), once, for a typed name as for a chosen one.
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the report as",
            self.path.text(),
            "Word document (*.docx)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".docx") else f"{chosen}.docx")

    def start(self) -> None:
        """Read the case (after the edits waiting), write the document beside the database
        thread, then record the export; the dialog stays usable throughout."""
        from hsb_desk.app.reports.case_report import prepare_case_report  # the report stack loads on first use

        if self.protect.isChecked() and self.password.text() != self.password_again.text():
            self.step.setText(strings.EXPORT_PASSWORDS_DIFFER)
            self.password_again.setFocus()
            return
        out = Path(self.path.text()).expanduser()
        overwrite = False
        if out.is_file():
            if not self.confirm(strings.EXPORT_REPLACE.format(name=out.name)):
                self.step.setText(strings.EXPORT_NOT_REPLACED.format(name=out.name))
                return
            overwrite = True
        version = self.kind()
        password = self.password.text() if self.protect.isChecked() else None
        reference, marking, relay, signed = self.reference, self.marking, self.relay, self.signed_version
        self.export_button.setEnabled(False)
        self.step.setText("Starting…")
        self.bridge.apply(  # after the edits waiting: the report holds what was just typed
            lambda s: prepare_case_report(
                s, reference, out, version, password, marking, relay.moved.emit, signed, overwrite=overwrite
            ),
            self._render,
            self._failed,
        )

    def _render(self, job: ReportJob) -> None:
        self.bridge.work(lambda: job.render(self.relay.moved.emit), lambda data: self._record(job, data), self._failed)

    def _record(self, job: ReportJob, data: bytes) -> None:
        from hsb_desk.app.reports import record_report

        self.bridge.apply(lambda s: record_report(s, job, data, self.relay.moved.emit), self._done, self._failed)

    def _moved(self, percent: int, step: str) -> None:
        self.progress.setValue(percent)
        self.step.setText(step)

    def _done(self, written: WrittenReport) -> None:
        path = self.written = written.path
        self.progress.setValue(100)
        note = strings.EXPORT_NOTE_PROTECTED if self.protect.isChecked() else strings.EXPORT_NOTE_PLAIN
        self.step.setText(strings.EXPORT_SAVED.format(name=path.name, note=note))
        self.path.setText(str(path))
        self.open_folder.show()
        self.export_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.progress.setValue(0)
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        self.step.setText(message_for(error))
        self.export_button.setEnabled(True)

    def _open_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))
