"""The Case and workbook menu actions: sign-off, versions and section owners, the reports and
the sharing record, backup and purge. Each runs its service on the database thread and reports
back.

How an action runs its service is its base's (ui/actions/action_runner.py); exchange with a
co-worker is ui/actions/exchange_actions.py, restoring from the unlock screen
ui/actions/restore_flow.py."""

from __future__ import annotations

from pathlib import Path

from hsb_desk.app import backups, signoff
from hsb_desk.app.changes import Change
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff.readiness import Readiness, readiness
from hsb_desk.errors import SignOffBlocked
from hsb_desk.formspec.values import Missing
from hsb_desk.ui import strings
from hsb_desk.ui.actions.countersign_dialog import Countersignature, CountersignDialog
from hsb_desk.ui.actions.coworking_dialogs import MissingDialog, OwnersDialog, VersionsDialog
from hsb_desk.ui.actions.exchange_actions import ExchangeActions
from hsb_desk.ui.actions.export_dialog import ExportDialog
from hsb_desk.ui.actions.signoff_dialog import SignOffDialog
from hsb_desk.ui.bridge import Done, Failed


class CaseActions(ExchangeActions):
    """The menu actions on the open case and the workbook; what each is given is described on
    its base (ui/actions/action_runner.py), the exchange with a co-worker on ExchangeActions."""

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
