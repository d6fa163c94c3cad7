"""Export…: choose the version, the recipient and where, optionally a password; progress; open
the folder.

The dialog proposes the default name (case, version, full or shared, date, recipient) in the
chosen folder and follows the full/shared and recipient choices until the user types a name of
their own. Choosing a recipient from the case's distribution list chooses the version the meeting
agreed for them. A shared version whose text had withheld names replaced is shown for review
first: the list of replacements and a Write button; nothing is saved until Write. An existing
file is replaced only after the user said yes to "Replace …?".
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

from hsb_desk.app.reports.output_names import ReportNaming, report_naming
from hsb_desk.app.reports.recipients import Recipient, case_recipients
from hsb_desk.app.session import WorkbookSession
from hsb_desk.ui import strings
from hsb_desk.ui.actions.export_review import RECIPIENT_NAME, REVIEW_STEP, RecipientBox, ReplacementReview
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import explained
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
        self.naming: ReportNaming | None = None  # what the default names are made of, once read
        self.proposed: set[str] = set()  # every name proposed: one of them is not the user's own
        self.pending: ReportJob | None = None  # a shared version waiting for its review
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
        self.recipient = RecipientBox(self)
        form.addRow(RECIPIENT_NAME, self.recipient)
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
        self.review = ReplacementReview(self)
        layout.addWidget(self.review)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button = self.buttons.addButton("Write", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.hide()
        self.write_button.clicked.connect(self.write)
        self.open_folder = self.buttons.addButton("Open folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.hide()
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.open_folder.clicked.connect(self._open_folder)
        layout.addWidget(self.buttons)
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(self._moved)
        self.shared.toggled.connect(lambda _on: self._changed())
        self.recipient.activated.connect(self._recipient_chosen)
        self.recipient.editTextChanged.connect(lambda _text: self._changed())
        self.path.textEdited.connect(lambda _text: self._discard_review())
        bridge.run(self._read_names, self._named, self._failed)

    def _read_names(self, session: WorkbookSession) -> tuple[ReportNaming, list[Recipient]]:
        """On the database thread: what the default names are made of, and the case's
        distribution list."""
        return report_naming(session, self.reference, self.signed_version), case_recipients(session, self.reference)

    def kind(self) -> str:
        return "shared" if self.shared.isChecked() else "full"

    def _named(self, read: tuple[ReportNaming, list[Recipient]]) -> None:
        self.naming, recipients = read
        self.recipient.set_recipients(recipients)
        self._propose()

    def _recipient_chosen(self, index: int) -> None:
        """A recipient from the distribution list gets the version the meeting agreed for them."""
        version = self.recipient.listed_version(index)
        if version in KINDS:
            (self.shared if version == "shared" else self.full).setChecked(True)
        self._changed()

    def _changed(self) -> None:
        self._discard_review()
        self._propose()

    def _propose(self) -> None:
        """The default name of the chosen kind and recipient, unless the user wrote a name of
        their own."""
        if self.naming is None:
            return
        current = Path(self.path.text()).expanduser()
        if current.is_dir():
            folder = current
        elif current.name in self.proposed:
            folder = current.parent
        else:
            return  # a name the user typed or chose stays as it is
        name = self.naming.name(self.kind(), self.recipient.recipient() or "")
        self.proposed.add(name)
        self.path.setText(str(folder / name))

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
        recipient = self.recipient.recipient()
        self._discard_review()
        self.export_button.setEnabled(False)
        self.step.setText("Starting…")
        self.bridge.apply(  # after the edits waiting: the report holds what was just typed
            lambda s: prepare_case_report(
                s,
                reference,
                out,
                version,
                password,
                marking,
                relay.moved.emit,
                signed,
                overwrite=overwrite,
                recipient=recipient,
            ),
            self._prepared,
            self._failed,
        )

    def _prepared(self, job: ReportJob) -> None:
        """A shared version that replaced names in its text waits for the practitioner's review;
        anything else is written at once."""
        if not job.replacements:
            self._render(job)
            return
        self.pending = job
        self.review.show_replacements(job.replacements)
        self.step.setText(REVIEW_STEP)
        self.write_button.show()
        self.write_button.setEnabled(True)
        self.export_button.setEnabled(True)

    def write(self) -> None:
        """Write the shared version just reviewed (Write)."""
        job, self.pending = self.pending, None
        if job is None:
            return
        self.write_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self._render(job)

    def _discard_review(self) -> None:
        """A choice changed while a review waited: that report is not the one chosen any more."""
        if self.pending is None and self.review.isHidden():
            return
        self.pending = None
        self.review.clear()
        self.write_button.hide()
        self.step.clear()

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
        self.review.clear()
        self.write_button.hide()
        self.open_folder.show()
        self.export_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.progress.setValue(0)
        self.step.setText(explained(error))
        self.write_button.hide()
        self.export_button.setEnabled(True)

    def _open_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))
