"""Opening and creating workbooks with the form pack: the entry points of every front end.

Opening takes the workbook's single-writer lock first (a second window is refused before the
file is touched), backs the workbook up before any schema migration, checks it for damage
(page HMACs and SQLite's quick check), compares its audit chain with the head recorded when it
was last closed on this computer (app/chain_record.py: an older copy put in its place is marked,
and each front end warns) and makes the first backup of the day.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from functools import lru_cache
from pathlib import Path

from hsb_desk.app import attempts, backups, chain_record, policy
from hsb_desk.app.changes import Change
from hsb_desk.app.form_migration import migrate_cases
from hsb_desk.app.form_versions import can_migrate
from hsb_desk.app.procedures import check_procedure_id, record_procedure
from hsb_desk.app.session import WorkbookSession, clean_profile
from hsb_desk.errors import (
    CurrentPassphraseWrong,
    DamagedWorkbook,
    UnlockDelayed,
    WorkbookDamaged,
    WorkbookExists,
    WorkbookNotFound,
    WrongPassphrase,
)
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.backup import BackupInfo, health_problems
from hsb_desk.store.lock import hold_lock, release_held_lock
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook, require_strong


@lru_cache(maxsize=4)
def _load_form_cached(folder: str, procedure: str | None) -> FormDefinition:
    return load_form(Path(folder), Path(procedure) if procedure else None)


def default_form() -> FormDefinition:
    """The form pack in use: the installed one, or the authority's own that the organisation's
    policy names (raises FormDefinitionError listing every problem)."""
    procedure = policy.procedure_file()
    return _load_form_cached(str(policy.forms_dir()), str(procedure) if procedure else None)


def open_workbook(
    path: Path,
    passphrase: str,
    form: FormDefinition | None = None,
    today: Callable[[], date] = date.today,
    daily_backup: bool = True,
    health_check: bool = True,
) -> WorkbookSession:
    """Raises ``WorkbookLocked``, ``WrongPassphrase``, ``UnlockDelayed`` (wrong passphrases
    before, from any front end: app/attempts.py), ``WorkbookTooNew``, ``DamagedWorkbook`` (with
    the latest good backup), ``UnsafeCipherSettings``; a failed open changes nothing in it.

    The desktop window passes ``health_check=False, daily_backup=False`` and runs
    ``finish_opening`` as the first job on its database thread instead: the checks read the
    whole file, which on a large workbook takes seconds the user need not wait through."""
    form = form or default_form()
    if not path.is_file():
        raise WorkbookNotFound()
    waiting = attempts.wait_left(path)  # after wrong passphrases, from any front end
    if waiting > attempts.GRACE_S:
        raise UnlockDelayed(waiting)

    def back_up_first(found: int) -> None:
        backups.backup_file_before_migration(path, passphrase, found)

    hold_lock(path)
    workbook: Workbook | None = None
    try:
        workbook = Workbook.open(path, passphrase, before_migration=back_up_first)
        if health_check:
            if health_problems(workbook.conn, quick=True, audit=False):
                raise WorkbookDamaged()
            chain_record.compare(workbook)  # an older copy put in its place: app/chain_record.py
        session = WorkbookSession(workbook, form, today)
        update_form_version(session)
        if daily_backup:
            backups.daily_backup_if_due(session)
    except WorkbookDamaged as exc:
        _close_without_writing(workbook)
        release_held_lock(path)
        raise DamagedWorkbook(backups.latest_good_backup(path, passphrase), backups.backups_for(path)) from exc
    except WrongPassphrase as exc:
        _close_without_writing(workbook)
        release_held_lock(path)
        exc.wait = attempts.record_failure(path)
        raise
    except BaseException:
        _close_without_writing(workbook)
        release_held_lock(path)
        raise
    attempts.record_success(path)
    return session


def update_form_version(session: WorkbookSession) -> list[str]:
    """Cases started on an earlier version of the form pack brought up to it (app/form_migration.py),
    after a backup of the workbook as it was; the references migrated."""
    if not any(can_migrate(session.form, version) for version in session.workbook.cases.form_versions()):
        return []
    backups.backup_now(session, reason="before-migration-form")
    return migrate_cases(session)


def finish_opening(session: WorkbookSession) -> Future[BackupInfo | None] | None:
    """The damage check and the day's first backup, after the workbook is on screen.

    Runs on the database thread before any edit queued behind it. On damage the connection is
    closed without writing, so nothing queued afterwards can touch the file, and
    ``DamagedWorkbook`` is raised for the window to offer a backup. A backup prepared with
    ``session.prepare_daily_backup`` starts on its own thread (its future is returned); otherwise
    the day's backup is made here."""
    workbook = session.workbook
    if health_problems(workbook.conn, quick=True, audit=False):
        session.stop_daily_backup()
        _close_without_writing(workbook)
        release_held_lock(workbook.path)
        raise DamagedWorkbook(None, backups.backups_for(workbook.path))
    chain_record.compare(workbook)  # the window asks ``chain_record.older_copy`` next
    if session.daily_backup is not None:
        return session.daily_backup.start()
    backups.daily_backup_if_due(session)
    return None


def _close_without_writing(workbook: Workbook | None) -> None:
    if workbook is not None:
        with contextlib.suppress(Exception):
            workbook.conn.close()


def create_workbook(
    path: Path,
    passphrase: str,
    profile: Profile | None = None,
    form: FormDefinition | None = None,
    today: Callable[[], date] = date.today,
    procedure: str | None = None,
) -> WorkbookSession:
    """A new workbook following the procedure profile ``procedure`` (default: the pack's)."""
    form = form or default_form()
    if profile is not None:
        profile = clean_profile(profile)
    procedure = procedure or form.default_procedure
    if procedure:
        check_procedure_id(form, procedure)  # before anything is made
    if path.exists():
        raise WorkbookExists()
    require_strong(passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)  # the lock file goes beside the workbook
    hold_lock(path)
    try:
        workbook = Workbook.create(path, passphrase)
        session = WorkbookSession(workbook, form, today)
        if profile is not None:
            session.set_profile(profile)
        if procedure:
            with workbook.transaction():
                record_procedure(workbook, form, procedure, session.actor)
            session.form = form.with_procedure(procedure)
    except BaseException:
        release_held_lock(path)
        raise
    return session


def change_passphrase(session: WorkbookSession, current: str, new: str) -> Change:
    """The window's Change passphrase: the current passphrase must open the workbook again (a
    wrong one counts, and waits, as a wrong unlock does: app/attempts.py), so an unlocked laptop
    left for a moment is not enough to take the workbook from its owner. Then ``rekey``."""
    path = session.workbook.path
    waiting = attempts.wait_left(path)
    if waiting > attempts.GRACE_S:
        raise UnlockDelayed(waiting)
    if not session.workbook.opens_with(current):
        attempts.record_failure(path)
        raise CurrentPassphraseWrong()
    attempts.record_success(path)
    return session.rekey(new, current)
