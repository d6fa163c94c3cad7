"""Every failure a user can meet, each with a plain message.

Messages never include case content or passphrases: they are shown in dialogs, printed by the
command line and may reach logs.
"""

from __future__ import annotations

from typing import Any


class HsbDeskWarning(UserWarning):
    """Our own warnings; the test suite turns them into errors."""


class HsbDeskError(Exception):
    """Base of every expected failure. ``user_message`` is safe to show and to log."""

    user_message = "Something went wrong."
    exit_code = 1

    def __init__(self, user_message: str | None = None) -> None:
        if user_message is not None:
            self.user_message = user_message
        super().__init__(self.user_message)


class InvalidInput(HsbDeskError):
    """A value or argument the user gave cannot be used."""

    exit_code = 2


class WeakPassphrase(InvalidInput):
    """The passphrase does not meet the rules."""


class WrongPassphrase(HsbDeskError):
    """The passphrase is wrong, or the file is not a workbook (SQLCipher cannot tell these apart)."""

    user_message = "The passphrase is not correct, or this file is not an HSB Desk workbook."
    exit_code = 3
    wait = 0.0  # seconds before the next attempt, as counted for the workbook (app/attempts.py)


class DiskFull(HsbDeskError):
    """The disk holding the workbook has no room for what opening or changing it must write."""

    user_message = (
        "The disk that holds this workbook is full, so HSB Desk cannot open or change it. "
        "Free some space on that disk and try again; nothing has been changed."
    )
    exit_code = 1


class WorkbookUnreadable(HsbDeskError):
    """The operating system refused to read or write the workbook's files (not the passphrase)."""

    user_message = (
        "The workbook's files could not be read or written (the drive may have been removed, or "
        "the folder may not allow it). Nothing has been changed; check the drive and try again."
    )
    exit_code = 1


class ForeignJournal(HsbDeskError):
    """A ``-wal`` file beside the workbook does not open with its key: it is another file's."""

    def __init__(self, journal_name: str) -> None:
        super().__init__(
            f"The file {journal_name} beside this workbook does not belong to it, so the workbook "
            "was not opened and neither file was changed. If the passphrase was changed just "
            "before HSB Desk stopped, open it with the new passphrase. Otherwise move that file "
            "to another folder and open the workbook again."
        )
        self.journal_name = journal_name


class WorkbookHasOtherNames(HsbDeskError):
    """The workbook file has more than one hard link: two names could be open at once."""

    user_message = (
        "This workbook file also appears under another name (a hard link), so two copies of "
        "HSB Desk could change it at once and damage it. It was not opened. Make a real copy "
        "of the file and remove the other names, or ask your IT service."
    )
    exit_code = 3


class PassphraseNotChanged(HsbDeskError):
    """A rekey that did not take: the workbook still opens with its current passphrase."""

    exit_code = 1


class WorkbookNotFound(HsbDeskError):
    """No workbook exists at the given path."""

    user_message = "There is no workbook at that location."
    exit_code = 2


class WorkbookExists(InvalidInput):
    """Refusing to create a workbook over an existing file."""

    user_message = "A file already exists at that location; choose another name."


class WorkbookTooNew(HsbDeskError):
    """The workbook was written by a newer version of HSB Desk."""

    user_message = (
        "This workbook was saved by a newer version of HSB Desk. "
        "Install the newer version to open it; nothing has been changed."
    )
    exit_code = 3


class WorkbookDamaged(HsbDeskError):
    """The workbook opened but failed an integrity check, or could not be read."""

    user_message = (
        "This workbook is damaged and cannot be used safely. "
        "Restore it from your latest backup; the damaged file has not been changed."
    )
    exit_code = 4


class DamagedWorkbook(WorkbookDamaged):
    """``WorkbookDamaged`` carrying what the UI needs to offer a restore: the newest backup that
    opens and passes its checks (or None), and every backup of the workbook, newest first (each a
    ``store.backup.BackupInfo``)."""

    def __init__(self, latest_backup: Any, backups: list[Any]) -> None:
        super().__init__()
        self.latest_backup = latest_backup
        self.backups = backups


class UnsafeCipherSettings(HsbDeskError):
    """The SQLCipher build or settings are weaker than HSB Desk requires."""

    user_message = (
        "The encryption library on this computer is not the one HSB Desk expects, "
        "so the workbook was not opened. Ask your IT service to reinstall HSB Desk."
    )
    exit_code = 4


class UnlockDelayed(HsbDeskError):
    """Too many wrong passphrases for this workbook, from any front end: wait before the next."""

    exit_code = 3

    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, round(seconds + 0.49))  # whole seconds, never "0 s"
        super().__init__(f"Too many wrong passphrases for this workbook: try again in {self.seconds} s.")


class WorkbookLocked(HsbDeskError):
    """Another HSB Desk window or process has the workbook open."""

    user_message = "This workbook is already open in another HSB Desk window."
    exit_code = 3


class LockUnavailable(HsbDeskError):
    """The lock file cannot be created (a read-only folder or a full disk)."""

    user_message = (
        "HSB Desk cannot write in the folder that holds this workbook, so it was not opened. "
        "Move the workbook to a folder you can write to."
    )
    exit_code = 1


class CaseNotFound(InvalidInput):
    """No case has the given reference."""

    user_message = "There is no case with that reference in this workbook."


class CaseExists(InvalidInput):
    """A case with that reference already exists."""

    user_message = "A case with that reference already exists. Use --replace to overwrite it."


class ValidationFailed(InvalidInput):
    """One or more values are not valid for the form. ``problems`` lists (field key, reason)."""

    def __init__(self, problems: list[tuple[str, str]], summary: str | None = None) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(summary or f"{count} value{'s are' if count != 1 else ' is'} not valid; nothing was changed.")


class ImportRejected(InvalidInput):
    """An interchange or exchange file cannot be imported; nothing was changed."""


class FormDefinitionError(HsbDeskError):
    """The form pack in ``forms/`` is broken. ``problems`` holds 'file: location: reason' lines."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(problems)
        super().__init__(f"The form definition has {len(problems)} problem(s):\n{lines}")


class ExportFailed(HsbDeskError):
    """A report or export could not be written; any existing file was left as it was."""

    exit_code = 1


class AuditChainBroken(HsbDeskError):
    """The audit log has been altered or truncated."""

    exit_code = 4


class CaseReadOnly(InvalidInput):
    """The case (or this section of it) cannot be changed here."""

    user_message = "This assessment is signed off and read-only. Start an amendment to change it."


#: What every service says when asked to change a closed case (app/closure.py).
CASE_CLOSED = "This case is closed and read-only. Reopen it (Case timeline ▸ Reopen case…) to change it."


class SignOffBlocked(InvalidInput):
    """Sign-off needs every required field; ``missing`` lists them (formspec.values.Missing)."""

    def __init__(self, missing: list[Any], user_message: str | None = None) -> None:
        self.missing = missing
        super().__init__(user_message or f"{len(missing)} required field(s) are not yet recorded.")


class MergeConflicts(InvalidInput):
    """A hand-back changes fields the lead also changed; ``conflicts`` lists the field keys."""

    def __init__(self, conflicts: list[str], user_message: str | None = None) -> None:
        self.conflicts = conflicts
        super().__init__(
            user_message or f"{len(conflicts)} field(s) were changed by both of you; choose whose version to keep."
        )


class BackupFailed(HsbDeskError):
    """A backup could not be made or verified; the workbook itself is unchanged."""

    exit_code = 1


class RestoreFailed(HsbDeskError):
    """A backup could not be restored; the existing workbook was left as it was."""

    exit_code = 4


class SaveFailed(HsbDeskError):
    """The disk refused a write (full, removed, read-only). What was saved before is intact."""

    user_message = (
        "The change could not be saved: the disk may be full or the drive unavailable. "
        "Everything saved before is intact; free some space and it will be saved."
    )
    exit_code = 1


class WorkbookClosed(HsbDeskError):
    """Work arrived for a workbook that has been locked or closed; there is nothing to do."""

    user_message = "The workbook is locked or closed."


class OutputExists(InvalidInput):
    """An export would replace an existing file that the user did not agree to replace."""

    user_message = "A file with that name already exists; nothing was written."


class JsonExportNotAllowed(HsbDeskError):
    """The organisation's policy does not allow plain-text JSON export."""

    user_message = (
        "Your organisation's policy does not allow exporting a case as JSON (a plain-text file). "
        "A Word report with a password, or a hand-out for a co-worker, is encrypted instead."
    )
    exit_code = 2


class CurrentPassphraseWrong(HsbDeskError):
    """Changing the passphrase: the current one typed does not open the workbook."""

    user_message = "The current passphrase is not correct, so the passphrase was not changed."
    exit_code = 3
