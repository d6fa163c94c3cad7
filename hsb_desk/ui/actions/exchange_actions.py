"""Exchange with the co-worker: the hand-out and hand-back a case's lead or co-worker saves, and
the import of either, a hand-back merged after its conflicts are settled.

The one flow of the case actions that seals and opens files (scrypt, beside the database thread),
kept in its own module as the base of ``CaseActions`` (ui/actions/case_actions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.session import WorkbookSession
from hsb_desk.ui import strings
from hsb_desk.ui.actions.action_runner import ActionRunner
from hsb_desk.ui.actions.coworking_dialogs import ConflictsDialog, HandoutDialog, PassphraseDialog

if TYPE_CHECKING:
    from hsb_desk.app.exchange.envelope import ExchangeFile


def _exchange() -> Any:
    """The exchange module, loaded on first use: it brings the cryptography library."""
    from hsb_desk.app import exchange

    return exchange


class ExchangeActions(ActionRunner):
    """Case ▸ Hand out, Hand back and Import: each file sealed with a passphrase shown once."""

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
