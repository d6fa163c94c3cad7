"""Shared fixtures. Every test gets its own HSB_DESK_HOME, so nothing touches the real user's
files; Qt runs offscreen; workbooks are real SQLCipher files in tmp_path."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hsb_desk import paths
from hsb_desk.app import policy
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import FormDefinitionError
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile

# CI replays the same examples on every run, so main stays green on its own merits; a local
# `make test` explores new ones each time (and keeps any failure in .hypothesis/ to replay).
# Recent Hypothesis releases load a built-in "ci" profile when CI is set; this one makes it so
# on every release pyproject.toml allows.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# The desktop fixtures (a real window over a real workbook) live beside the desktop tests.
pytest_plugins = ["ui.ui_support"]

TESTS = Path(__file__).parent
MINI_FORM_DIR = TESTS / "data" / "mini_form"
PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HSB_DESK_HOME", str(tmp_path_factory.mktemp("home")))
    for name in ("HSB_DESK_PASSPHRASE", "HSB_DESK_NEW_PASSPHRASE", "HSB_DESK_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    # The machine-wide policy file is the test's own (none, unless a test writes it: policy_file).
    machine = tmp_path_factory.mktemp("machine") / policy.POLICY_NAME
    monkeypatch.setattr(policy, "machine_policy_path", lambda: machine)
    policy.current_policy.cache_clear()
    yield
    policy.current_policy.cache_clear()


@pytest.fixture
def policy_file() -> Callable[[str], Path]:
    """Writes the machine-wide policy file a test's HSB Desk reads (as IT would put it in place)."""

    def write(text: str) -> Path:
        path = policy.machine_policy_path()
        path.write_text(text, encoding="utf-8")
        policy.current_policy.cache_clear()
        return path

    return write


@pytest.fixture(scope="session")
def mini_form() -> FormDefinition:
    return load_form(MINI_FORM_DIR)


@pytest.fixture
def mini_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data root whose forms/ is the mini form pack, selected through HSB_DESK_DATA_DIR."""
    root = tmp_path / "data"
    root.mkdir()
    (root / "forms").symlink_to(MINI_FORM_DIR, target_is_directory=True)
    # The real report templates and resources, linked file by file into folders of the test's
    # own, so a test that removes or replaces one (a missing word list) never touches the repo.
    for name in ("templates", "resources"):
        (root / name).mkdir()
        for item in (TESTS.parent / name).iterdir():
            (root / name / item.name).symlink_to(item, target_is_directory=item.is_dir())
    monkeypatch.setenv("HSB_DESK_DATA_DIR", str(root))
    return root


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.hsbdesk"


@pytest.fixture
def session(workbook_path: Path, mini_form: FormDefinition) -> Iterator[WorkbookSession]:
    session = create_workbook(
        workbook_path,
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "Example Council", "alex@example.org"),
        mini_form,
        today=lambda: TODAY,
    )
    yield session
    with contextlib.suppress(Exception):  # already closed by the test
        session.close()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the shipped form pack, for a test to break."""
    folder = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), folder)
    return folder


def pack_problems(folder: Path) -> list[str]:
    """The problems the loader reports for the pack in ``folder`` (it must refuse it)."""
    with pytest.raises(FormDefinitionError) as raised:
        load_form(folder)
    return list(raised.value.problems)
