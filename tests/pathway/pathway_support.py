"""Helpers for the pathway tests: real encrypted workbooks over the real form pack under the test
profile in tests/data (it runs every kind of time limit at once; the authorities' own profiles
are tested in tests/formspec/test_procedure_profiles.py), and a database thread with its bridge
for the desktop tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from conftest import PASSPHRASE

from hsb_desk.app import pathway
from hsb_desk.app.dbthread import DatabaseThread
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile

PROFILE = Profile("Alex Example", "Social worker", "Example Council", "alex@example.org")
ROOT = Path(__file__).resolve().parents[2]
TEST_PROFILE = ROOT / "tests" / "data" / "procedure-both-clocks.yaml"


@lru_cache(maxsize=1)
def pathway_form() -> FormDefinition:
    """The shipped form pack with the test profile as its default."""
    return load_form(ROOT / "forms", TEST_PROFILE)


def real_session(path: Path, today: date) -> WorkbookSession:
    """A new workbook at ``path`` with the shipped form pack, whose clock says ``today``."""
    return create_workbook(path, PASSPHRASE, PROFILE, pathway_form(), today=lambda: today)


def reopen(path: Path, today: date) -> WorkbookSession:
    return open_workbook(path, PASSPHRASE, pathway_form(), today=lambda: today, daily_backup=False)


def case_with(session: WorkbookSession, reference: str, **values: Any) -> None:
    """A case with values given as keyword arguments: ``referral__date="2026-12-23"``."""
    session.create_case(reference)
    for key, value in values.items():
        session.set_value(reference, key.replace("__", "."), value)


def meeting(kind: str, held_on: str, *people: tuple[str, str, str, str], decisions: str = "") -> pathway.MeetingDraft:
    attendees = tuple(pathway.Attendee(*person) for person in people)
    return pathway.MeetingDraft(kind, held_on, decisions, "", attendees)


@contextmanager
def database_thread(path: Path, today: date) -> Iterator[DatabaseThread]:
    """The workbook at ``path`` opened on its own database thread (joined on the way out)."""
    db = DatabaseThread()
    db.open(lambda: reopen(path, today)).result(30)
    try:
        yield db
    finally:
        db.shutdown()


def failing_bridge(db: DatabaseThread) -> Any:
    """A bridge whose unexpected errors fail the test (the views show expected ones themselves)."""
    import pytest

    from hsb_desk.ui.bridge import Bridge

    def unexpected(error: BaseException) -> None:
        pytest.fail(f"unexpected error from the database thread: {error.__class__.__name__}")

    return Bridge(db, unexpected)
