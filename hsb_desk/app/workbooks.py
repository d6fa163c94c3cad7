"""Opening and creating workbooks with the form pack: the entry points of every front end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

from hsb_desk import paths
from hsb_desk.app.session import WorkbookSession, clean_profile
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook


@lru_cache(maxsize=4)
def _load_form_cached(folder: str) -> FormDefinition:
    return load_form(Path(folder))


def default_form() -> FormDefinition:
    """The installed form pack (raises FormDefinitionError listing every problem)."""
    return _load_form_cached(str(paths.forms_dir()))


def open_workbook(
    path: Path,
    passphrase: str,
    form: FormDefinition | None = None,
    today: Callable[[], date] = date.today,
) -> WorkbookSession:
    workbook = Workbook.open(path, passphrase)
    return WorkbookSession(workbook, form or default_form(), today)


def create_workbook(
    path: Path,
    passphrase: str,
    profile: Profile | None = None,
    form: FormDefinition | None = None,
    today: Callable[[], date] = date.today,
) -> WorkbookSession:
    form = form or default_form()
    if profile is not None:
        profile = clean_profile(profile)
    workbook = Workbook.create(path, passphrase)
    session = WorkbookSession(workbook, form, today)
    if profile is not None:
        session.set_profile(profile)
    return session
