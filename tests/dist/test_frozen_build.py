"""The one-folder frozen build (issue 21): the built executable's smoke run, its size, what it
leaves out and its licences.

Runs only when the bundle is built and up to date (``make dist``), or with
``HSB_DESK_DIST_CHECK=1``, which builds it first if it is missing or stale (about 35 s);
otherwise every test here is skipped, so ``make test`` stays fast.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_state  # noqa: E402
import smoke  # noqa: E402

CHECK = os.environ.get("HSB_DESK_DIST_CHECK") == "1"
STALE = bundle_state.why_stale()
TARGET_BYTES = 120e6  # issue 21: the one-folder bundle within 120 MB

pytestmark = pytest.mark.skipif(
    not CHECK and STALE is not None,
    reason=f"frozen build not checked: {STALE} (run make dist, or set HSB_DESK_DIST_CHECK=1)",
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    if CHECK:
        bundle_state.ensure_built()
    return bundle_state.BUNDLE


@pytest.fixture(scope="module")
def contents(bundle: Path) -> Path:
    return bundle / bundle_state.CONTENTS


def _names(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")]


def test_the_built_executable_passes_the_smoke_run(bundle: Path) -> None:
    lines: list[str] = []
    try:
        times = smoke.smoke(bundle, say=lines.append)
    except smoke.SmokeFailed as failure:
        pytest.fail(f"{failure}\n" + "\n".join(lines))
    assert {"init", "import the example case", "report, shared", "check", "window"} <= set(times)


def test_the_bundle_is_within_its_size_target(bundle: Path) -> None:
    size = bundle_state.size_bytes(bundle)
    assert size <= TARGET_BYTES, f"{size / 1e6:.1f} MB, over the target of {TARGET_BYTES / 1e6:.0f} MB"


def test_the_data_folders_are_where_paths_looks_for_them(contents: Path) -> None:
    # hsb_desk/paths.py looks in sys._MEIPASS: the _internal folder of a one-folder build.
    assert (contents / "forms" / "form.yaml").is_file()
    assert (contents / "templates" / "reference.docx").is_file()
    assert (contents / "resources" / "demo" / "example-case.json").is_file()


def test_only_the_qt_modules_hsb_desk_imports_are_bundled(contents: Path) -> None:
    bindings = {re.sub(r"\..*", "", Path(name).name) for name in _names(contents / "PySide6")}
    qt_modules = {name for name in bindings if re.fullmatch(r"Qt[A-Z]\w+", name)}
    assert qt_modules <= {"QtCore", "QtGui", "QtWidgets", "QtDBus"}, qt_modules
    unwanted = re.compile(r"Qt6?(Qml|Quick|WebEngine|Network|Pdf|Multimedia|3D|Charts|VirtualKeyboard)|opengl32sw")
    assert not [name for name in _names(contents) if "qgtk3" in name], "the GTK theme and GTK are left out"
    assert not [name for name in _names(contents) if unwanted.search(name)]
    assert not [name for name in _names(contents) if name.endswith(".qm")], "Qt's translations are left out"


def test_there_is_no_plain_sqlite(contents: Path) -> None:
    # sqlcipher3's own extension is also called _sqlite3; Python's (lib-dynload) and SQLite's are not wanted.
    sqlite = [name for name in _names(contents) if re.search(r"_sqlite3\.|sqlite3\.(dll|so|dylib)", name)]
    assert sqlite and all(name.startswith("sqlcipher3/") for name in sqlite), sqlite


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt bundles ICU on Linux only")
def test_qt_icu_data_is_the_trimmed_one(contents: Path) -> None:
    found = list(contents.rglob("libicudata.so.*"))
    assert found and all(p.stat().st_size < 5e6 for p in found if not p.is_symlink())


def test_the_licence_index_lists_each_component_and_its_files(contents: Path) -> None:
    licences = contents / "licenses"
    index = (licences / "INDEX.md").read_text(encoding="utf-8")
    components = ["PySide6_Essentials", "shiboken6", "sqlcipher3", "cryptography", "python-docx", "lxml", "Jinja2"]
    components += ["msoffcrypto-tool", "zxcvbn", "| Python |", "| PyInstaller bootloader |", "| Qt |"]
    for component in components:
        assert component in index
    rows = [line for line in index.splitlines() if line.startswith("| ") and "`" in line]
    for row in rows:
        folder, files = re.match(r".*?\| `([^`]+)/`: (.*?) \|", row).groups()  # type: ignore[union-attr]
        for name in re.findall(r"`([^`]+)`", files):
            assert (licences / folder / name).is_file(), (folder, name)
    assert any("LGPL-3.0.txt" in row for row in rows if row.startswith("| Qt |"))
    # The dist-info folders PyInstaller's hooks copy in (for importlib.metadata) are listed too.
    for info in contents.glob("*.dist-info"):
        name = info.name.split("-")[0].replace("_", "-").lower()
        assert f"`{name}-" in index.lower().replace("_", "-"), info.name
