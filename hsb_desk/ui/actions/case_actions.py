"""The Case and workbook menu actions: exchange with a co-worker, sign-off and versions,
export, backup and restore. Each runs its service on the database thread and reports back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from hsb_desk.app import backups, policy, signoff
from hsb_desk.app.changes import Change
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff.readiness import Readiness, readiness
from hsb_desk.errors import SignOffBlocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import Missing
from hsb_desk.ui import strings
from hsb_desk.ui.actions.countersign_dialog import Countersignature, CountersignDialog
from hsb_desk.ui.actions.coworking_dialogs import (
    ConflictsDialog,
    HandoutDialog,
    MissingDialog,
    OwnersDialog,
    PassphraseDialog,
    VersionsDialog,
)
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.bridge import Bridge, Done, Failed
from hsb_desk.ui.errors import show_error
from hsb_desk.ui.prompts import Prompts

if TYPE_CHECKING:
    from hsb_desk.app.exchange.envelope import ExchangeFile


def _exchange() -> Any:
    """The exchange module, loaded on first use: it brings the cryptography library."""
    from hsb_desk.app import exchange

    return exchange


class CaseActions(QObject):
    """``current`` gives the open case's reference; ``go_to(reference, section, field)`` opens
    a case at a field. What an action changes reaches the screens by the change signal
    (ui/bridge.py): none is refreshed from here."""

    def __init__(
        self,
        parent: QWidget,
        bridge: Bridge,
        prompts: Prompts,
        form: FormDefinition,
        current: Callable[[], str | None],
        go_to: Callable[..., None],
        marking: Callable[[], str],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.window, self.bridge, self.prompts, self.form = parent, bridge, prompts, form
        self.current, self.go_to, self.marking = current, go_to, marking
        self.status = status  # the window's status bar

    def run_dialog(self, dialog: QDialog) -> bool:
        """Shows a dialog and says whether it was accepted (tests answer in its place)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _failed(self, error: BaseException) -> None:
        show_error(self.window, error)

    def _read(self, fn: Callable[[WorkbookSession], Any], done: Callable[[Any], object], busy: str = "") -> None:
        """Read on the database thread; ``busy`` is shown in the status bar until it ends."""
        self._call(self.bridge.run, fn, done, busy)

    def _write(
        self, fn: Callable[[WorkbookSession], Any], done: Callable[[Any], object] | None = None, busy: str = ""
    ) -> None:
        """Change the workbook: after the edits waiting, and announced to every screen."""
        self._call(self.bridge.apply, fn, done, busy)

    def _call(
        self,
        call: Callable[..., None],
        fn: Callable[..., Any],  # of the session for the database thread, of nothing for a worker
        done: Callable[[Any], object] | None,
        busy: str,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        on_error = failed or self._failed
        if not busy:
            call(fn, done, on_error)
            return
        self.status(busy)

        def finished(result: Any) -> None:
            self.status("")
            if done is not None:
                done(result)

        def not_done(error: BaseException) -> None:
            self.status("")
            on_error(error)

        call(fn, finished, not_done)

    # -- exchange with the co-worker ---------------------------------------------------
    def hand_out(self) -> None:
        """First, if the form keeps a section given to the co-worker out of hand-outs (the child
        who has been harmed), whether this hand-out includes it: left out unless the lead ticks it."""
        exchange = _exchange()
        reference = self.current()
        if reference is None:
            return

        def chosen(kept_out: tuple[str, ...]) -> None:
            include = False
            if kept_out:
                sections = [s for key in kept_out if (s := self.form.section(key)) is not None]
                dialog = HandoutDialog(sections, self.window)
                if not self.run_dialog(dialog):
                    return
                include = dialog.include_kept_out()

            def prepare(session: WorkbookSession, ref: str, out: Path) -> Any:
                return exchange.prepare_handout(session, ref, out, include_kept_out=include)

            self._export("handout", prepare, exchange.record_handout)

        self._read(lambda s: exchange.kept_out_sections(s, reference), chosen)

    def hand_back(self) -> None:
        exchange = _exchange()
        self._export("handback", exchange.prepare_handback, exchange.record_handback)

    def _export(self, kind: str, prepare: Callable[..., Any], record: Callable[..., Any]) -> None:
        """Read what the file holds, seal it beside the database thread (scrypt takes about a
        second), then record it and write the file in one transaction."""
        reference = self.current()
        if reference is None:
            return
        name = f"{reference.replace('/', '-')} {kind}.hsbx"
        out = self.prompts.save_file("Save the exchange file as", Path.home() / name, strings.EXCHANGE_FILES)
        if out is None:
            return

        def shown(result: Any) -> None:
            self.run_dialog(PassphraseDialog(result.passphrase, result.path.name, self.window))

        def sealed(job: Any, data: bytes) -> None:
            self._write(lambda s: record(s, job, data), shown, busy="Saving the exchange file…")

        def seal(job: Any) -> None:
            self._call(self.bridge.work, job.seal, lambda data: sealed(job, data), "Encrypting the exchange file…")

        self._write(lambda s: prepare(s, reference, out), seal)

    def import_exchange(self) -> None:
        path = self.prompts.open_file("Import a hand-out or hand-back", Path.home(), strings.EXCHANGE_FILES)
        if path is None:
            return
        words = self.prompts.ask_secret(strings.EXCHANGE_ASK)
        if not words:
            return
        # Opening the file checks every byte before anything touches the workbook.
        from hsb_desk.app.exchange.envelope import read_exchange_file, unseal

        opening = "Checking and opening the file…"
        # Beside the database thread: it needs no workbook, and scrypt takes a second.
        self._call(self.bridge.work, lambda: unseal(read_exchange_file(path), words), self._opened, opening)

    def _opened(self, package: ExchangeFile) -> None:
        if package.kind == "handout":

            def imported(change: Any) -> None:
                self.prompts.inform(strings.HANDOUT_DONE.format(reference=change.case_reference))
                self.go_to(change.case_reference, None, None)

            self._write(lambda s: _exchange().import_handout(s, package), imported)
            return
        self._read(lambda s: _exchange().preview_handback(s, package), lambda preview: self._merge(package, preview))

    def _merge(self, package: ExchangeFile, preview: Any) -> None:
        if preview.already_imported:
            self.prompts.inform(strings.HANDBACK_ALREADY)
            return
        choices: dict[str, str] = {}
        if preview.conflicts:
            dialog = ConflictsDialog(preview, self.form, self.window)
            if not self.run_dialog(dialog):
                return
            choices = dialog.choices()

        def merged(change: Any) -> None:
            self.prompts.inform(strings.HANDBACK_DONE.format(reference=change.case_reference, count=len(change.fields)))

        self._write(lambda s: _exchange().apply_handback(s, package, choices), merged)

    # -- sign-off and versions ---------------------------------------------------------
    def sign_off(self) -> None:
        """The readiness checklist by section, then the confirmation (ui/actions/signoff_dialog.py).
        The edits still waiting are stored first, so the checklist counts what was just typed."""
        reference = self.current()
        if reference is None:
            return

        def show(ready: Readiness) -> None:
            dialog = SignOffDialog(ready, self.form, self.window)
            if not self.run_dialog(dialog):
                return
            if dialog.go_to is not None:
                self._go_to_missing(reference, dialog.go_to)
            elif dialog.signs:
                self._sign(reference, on_behalf=ready.mismatch is not None)

        self.bridge.send_waiting_edits()
        self._read(lambda s: readiness(s, reference), show)

    def _go_to_missing(self, reference: str, missing: Missing) -> None:
        cell = (missing.row, missing.column) if missing.row is not None and missing.column else None
        self.go_to(reference, missing.section, missing.field, cell=cell)

    def _sign(self, reference: str, on_behalf: bool) -> None:
        self._call(
            self.bridge.apply,
            lambda s: signoff.sign_off(s, reference, on_behalf_of_lead=on_behalf),
            lambda _c: self.prompts.inform(strings.SIGNED_OFF),
            "",
            self._signoff_failed,
        )

    def _signoff_failed(self, error: BaseException) -> None:
        reference = self.current()
        if isinstance(error, SignOffBlocked) and error.missing and reference:
            dialog = MissingDialog(error.missing, self.form, self.window)
            chosen = dialog.chosen() if self.run_dialog(dialog) else None
            if chosen is not None:
                self._go_to_missing(reference, chosen)
            return
        self._failed(error)

    def confirm_sections(self) -> None:
        reference = self.current()
        if reference:
            self._call(
                self.bridge.apply,
                lambda s: signoff.confirm_sections(s, reference),
                lambda _c: self.prompts.inform(strings.CONFIRMED),
                "",
                self._signoff_failed,
            )

    def countersign(self) -> None:
        """The manager's authorisation (ui/actions/countersign_dialog.py): the dialog records it
        and, when it is refused, says why and keeps what was typed."""
        reference = self.current()
        if reference is None:
            return

        def record(answer: Countersignature, done: Done, refused: Failed) -> None:
            def call(s: WorkbookSession) -> Change:
                return signoff.countersign(
                    s, reference, answer.name, answer.role, agrees=answer.agrees, comments=answer.comments
                )

            self._call(self.bridge.apply, call, done, "", refused)

        if self.run_dialog(CountersignDialog(reference, record, self.window)):
            self.prompts.inform(strings.COUNTERSIGNED)

    def amend(self) -> None:
        reference = self.current()
        reason = self.prompts.ask_text(strings.AMEND_REASON) if reference else None
        if reference and reason:
            self._write(lambda s: signoff.amend(s, reference, reason))

    def show_versions(self) -> None:
        reference = self.current()
        if reference is None:
            return

        def listed(versions: list[signoff.VersionInfo]) -> None:
            dialog = VersionsDialog(versions, self.window)
            dialog.export_requested.connect(lambda number: self.export_report(signed_version=number))
            self.run_dialog(dialog)

        self._read(lambda s: signoff.versions(s, reference), listed)

    def edit_owners(self) -> None:
        reference = self.current()
        if reference is None:
            return

        def chosen(owners: dict[str, str]) -> None:
            dialog = OwnersDialog(owners, self.form, self.window)
            if not self.run_dialog(dialog):
                return
            changed = {k: v for k, v in dialog.chosen().items() if owners.get(k) != v}

            def apply(s: WorkbookSession) -> list[Change]:
                return [signoff.set_section_owner(s, reference, section, owner) for section, owner in changed.items()]

            self._write(apply)

        self._read(lambda s: signoff.section_owners(s, reference), chosen)

    # -- report, backup, restore ---------------------------------------------------------
    def export_report(
        self, dialog: ExportDialog | None = None, signed_version: int | None = None
    ) -> ExportDialog | None:
        reference = self.current()
        if reference is None:
            return None
        dialog = dialog or ExportDialog(
            self.bridge, reference, Path.home(), self.marking(), self.window, signed_version, self.prompts.confirm
        )
        self.run_dialog(dialog)
        return dialog

    def export_safety_plan(self, reference: str | None = None) -> None:
        """Case ▸ Export safety plan…: the immediate safety plan as a short Word document."""
        from hsb_desk.ui.actions.safety_plan_export import export_safety_plan

        reference = reference or self.current()
        if reference is not None:
            export_safety_plan(self.bridge, self.prompts, reference, self.marking(), self.window)

    def export_review_report(self, reference: str | None = None) -> None:
        """Case timeline ▸ Export review report…: the latest review as a short Word document."""
        from hsb_desk.ui.actions.safety_plan_export import export_review_report

        reference = reference or self.current()
        if reference is not None:
            export_review_report(self.bridge, self.prompts, reference, self.window)

    def show_sharing(self) -> None:
        """Case ▸ Sharing record…: every report and file exported from the case."""
        reference = self.current()
        if reference is None:
            return
        from hsb_desk.app.reports.sharing import sharing_record
        from hsb_desk.ui.actions.sharing_dialog import SharingDialog

        self._read(
            lambda s: sharing_record(s, reference),
            lambda entries: self.run_dialog(SharingDialog(reference, entries, self.window)),
        )

    def purge(self) -> None:
        """Permanent deletion of an archived case, after confirmation, with a recorded reason."""
        reference = self.current()
        if reference is None:
            return
        reason = self.prompts.ask_text(strings.PURGE_REASON.format(reference=reference))
        if not reason or not self.prompts.confirm(strings.PURGE_CONFIRM.format(reference=reference)):
            return
        self._write(lambda s: backups.purge_case(s, reference, reason))

    def backup_now(self) -> None:
        """A verified copy in the backups folder and, when one is chosen, in the second location;
        says where each went, or suggests a second location (app/backups/places.py)."""
        from hsb_desk.app.backups import places

        def done(made: places.BackedUp) -> None:
            lines = [strings.BACKED_UP.format(path=made.main.path)]
            if made.second is not None:
                lines.append(strings.BACKED_UP_SECOND.format(path=made.second.path))
            elif made.second_folder is not None:
                lines.append(
                    strings.BACKED_UP_SECOND_FAILED.format(folder=made.second_folder, problem=made.second_problem)
                )
            else:
                lines.append(strings.BACKED_UP_SUGGEST)
            self.prompts.inform("\n\n".join(lines))

        # After the edits waiting, so that the copy holds them.
        self._write(places.backup_everywhere, done, busy="Backing up and checking the copy…")


def restore_workbook(prompts: Prompts, bridge: Bridge, workbook: Path, done: Callable[[], None]) -> None:
    """From the unlock screen: this workbook's backups listed by date, size and place (found by
    its salt: it is not open), one checked with its passphrase if wished, then restored. The
    workbook being replaced is kept beside it, never written over; a backup of another workbook
    is restored only once the question naming both is answered yes."""
    from hsb_desk.app.backups import places
    from hsb_desk.ui.actions.restore_dialog import RestoreDialog

    def check(path: Path, passphrase: str, shown: Callable[[str], None]) -> None:
        bridge.watch(bridge.db.run_raw(lambda: places.check_backup(path, passphrase)), shown)

    def other_file() -> Path | None:
        return prompts.open_file(strings.RESTORE_TITLE, policy.backups_dir(), "HSB Desk backup (*.hsbdesk-backup)")

    dialog = RestoreDialog(workbook, places.every_backup(workbook), check, other_file, prompts.parent)
    if not prompts.run_dialog(dialog) or dialog.chosen is None:
        return
    chosen, passphrase = dialog.chosen, dialog.passphrase()

    def attempt(other_workbook: bool) -> Path | backups.OtherWorkbookBackup | None:
        try:
            return backups.restore(chosen, workbook, passphrase, other_workbook=other_workbook)
        except backups.OtherWorkbookBackup as refused:
            return refused  # a question for the user, not a failure

    def restored(kept: Path | backups.OtherWorkbookBackup | None) -> None:
        if isinstance(kept, backups.OtherWorkbookBackup):
            if prompts.confirm(strings.RESTORE_OTHER_WORKBOOK.format(problem=kept.problem, workbook=workbook.name)):
                bridge.watch(bridge.db.run_raw(lambda: attempt(True)), restored)
            else:
                prompts.inform(strings.RESTORE_NOT_DONE.format(workbook=workbook.name))
            return
        note = f" The previous file was kept as {kept.name}." if kept else ""
        prompts.inform(f"The workbook was restored from {chosen.name}.{note} Unlock it to go on.")
        done()

    bridge.watch(bridge.db.run_raw(lambda: attempt(False)), restored)
