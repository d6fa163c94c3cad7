"""The ``licenses/`` folder of the one-folder build and its index (used by packaging/hsb-desk.spec).

Every Python distribution with a file in the bundle is found from its installed RECORD, and
its licence files are copied from its dist-info (``licenses/`` under PEP 639, or LICENSE,
COPYING, NOTICE and AUTHORS files beside METADATA). Wheels that ship no licence text (PySide6
and shiboken6) get the texts their metadata names, from ``packaging/licenses/``. Then what is
bundled without a distribution: Python itself, the PyInstaller bootloader, Qt and, on Linux,
ICU and the system libraries PyInstaller copied in (their Debian copyright files, where dpkg is
there to find them). ``INDEX.md`` lists each component, its version, licence and files.
"""

from __future__ import annotations

import contextlib
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "licenses"
OURS = "hsb-desk"
# Listed on their own below (the bootloader and its run-time hooks are not a Python package).
LISTED_APART = {OURS, "pyinstaller"}
_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)

# Licence texts a wheel names but does not carry, and what else a wheel links in statically
# (checked in the built extension modules: the OpenSSL version string, lxml.etree.LIBXML_VERSION).
EXTRA_TEXTS: dict[str, list[str]] = {
    "pyside6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-essentials": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-addons": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "sqlcipher3": ["SQLCipher-LICENSE.txt", "Apache-2.0.txt"],
    "cryptography": ["Apache-2.0.txt"],
    "lxml": ["LGPL-2.1.txt"],
}
# Where the metadata names no licence.
LICENCES: dict[str, str] = {"sqlcipher3": "Zlib (pysqlite), BSD-3-Clause (SQLCipher), Apache-2.0 (OpenSSL)"}
NOTES: dict[str, str] = {
    "pyside6-essentials": "Qt for Python and the Qt libraries it carries (see Qt below).",
    "sqlcipher3": "Contains SQLCipher 4 (BSD-style, Zetetic LLC), SQLite (public domain) and OpenSSL 3 "
    "(Apache-2.0), linked into sqlcipher3/_sqlite3.",
    "cryptography": "Contains OpenSSL (Apache-2.0), linked into its Rust extension.",
    "lxml": "Contains libxml2 and libxslt (MIT) and GNU libiconv (LGPL-2.1), linked into lxml.etree; see LICENSES.txt.",
}


@dataclass
class Component:
    name: str
    version: str
    licence: str
    folder: str
    files: list[str] = field(default_factory=list)
    note: str = ""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    declared = (meta.get("License") or "").strip()
    if declared and len(declared) <= 80 and "\n" not in declared:
        return declared
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(classifiers) or "see the files"


def bundled_distributions(sources: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions owning at least one of the bundled source files."""
    wanted = {str(Path(src).resolve()) for src in sources if src and Path(src).is_absolute()}
    owners: dict[str, set[str]] = {}
    by_name: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        key = _normal(dist.metadata["Name"])
        by_name.setdefault(key, dist)
        for f in dist.files or []:
            path = str(Path(str(dist.locate_file(f))).resolve())
            if path in wanted:
                owners.setdefault(path, set()).add(key)
    # A file several distributions claim (PySide6/__init__.py: PySide6, its Essentials and its
    # Addons) says nothing about which of them is bundled.
    found = {next(iter(keys)) for keys in owners.values() if len(keys) == 1}
    return [by_name[key] for key in sorted(found)]


def _dist_licence_files(dist: metadata.Distribution) -> list[Path]:
    out = []
    for f in dist.files or []:
        parts = Path(str(f)).parts
        if len(parts) < 2 or not parts[0].endswith(".dist-info"):
            continue
        in_licences = parts[1] == "licenses"
        if in_licences or (len(parts) == 2 and _LICENCE_FILE.match(parts[1])):
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                out.append(path)
    return out


def _copy(component: Component, root: Path, files: Iterable[Path]) -> None:
    target = root / component.folder
    target.mkdir(parents=True, exist_ok=True)
    for source in files:
        name = source.name
        if (target / name).exists():  # two files of one name (LICENSE in two folders)
            name = f"{source.parent.name}-{name}"
        shutil.copyfile(source, target / name)
        component.files.append(name)


def _python_licence() -> Path | None:
    for candidate in (Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None


def _debian_package(path: str) -> str | None:
    if shutil.which("dpkg-query") is None:
        return None
    for candidate in (path, str(Path(path).resolve())):
        done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False)
        if done.returncode == 0 and ":" in done.stdout:
            return done.stdout.split(":", 1)[0].strip()
    return None


def write_licences(
    root: Path,
    sources: Iterable[str],
    system_libraries: Iterable[str],
    qt_version: str,
    icu_version: str | None,
    pyinstaller_version: str,
) -> list[Component]:
    """Fills ``root`` (build/hsb-desk/licenses) and returns the components listed in INDEX.md."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    components: list[Component] = []
    for dist in bundled_distributions(sources):
        key = _normal(dist.metadata["Name"])
        if key in LISTED_APART:
            continue
        licence = LICENCES.get(key) or _licence_of(dist)
        component = Component(dist.metadata["Name"], dist.version, licence, f"{key}-{dist.version}")
        component.note = NOTES.get(key, "")
        _copy(component, root, _dist_licence_files(dist))
        _copy(component, root, (TEXTS / name for name in EXTRA_TEXTS.get(key, [])))
        components.append(component)
    python = Component("Python", sys.version.split()[0], "PSF-2.0", f"python-{sys.version.split()[0]}")
    found = _python_licence()
    _copy(python, root, [found] if found else [])
    python.note = "The interpreter and standard library (libpython, base_library.zip, lib-dynload)."
    components.append(python)
    bootloader = Component(
        "PyInstaller bootloader",
        pyinstaller_version,
        "GPL-2.0-or-later WITH Bootloader-exception",
        f"pyinstaller-{pyinstaller_version}",
        note="The launcher in each executable and PyInstaller's run-time hooks. The exception lets it "
        "start programs under any licence.",
    )
    with contextlib.suppress(metadata.PackageNotFoundError):
        _copy(bootloader, root, _dist_licence_files(metadata.distribution("pyinstaller")))
    components.append(bootloader)
    qt = Component(
        "Qt",
        qt_version,
        "LGPL-3.0-only",
        f"qt-{qt_version}",
        note="The Qt libraries and plugins under PySide6/, as built by The Qt Company for the PySide6 "
        "wheels and unmodified: they are separate files, loaded at run time, which you may replace with "
        "your own build of the same Qt version. Source: https://download.qt.io/official_releases/qt/ . "
        "Qt contains third-party code under its own licences: https://doc.qt.io/qt-6/licenses-used-in-qt.html",
    )
    _copy(qt, root, [TEXTS / "LGPL-3.0.txt", TEXTS / "GPL-3.0.txt"])
    components.append(qt)
    if icu_version:
        icu = Component(
            "ICU",
            icu_version,
            "Unicode-DFS-2016 and the ICU licence (one file)",
            "icu",
            note="Qt's ICU libraries; the data library is rebuilt with English and global data only "
            "(packaging/bundle_icu.py). The text is ICU 72's LICENSE file; ICU kept these terms until 74.",
        )
        _copy(icu, root, [TEXTS / "ICU-LICENSE.txt"])
        components.append(icu)
    components.extend(_system_components(root, system_libraries))
    (root / "INDEX.md").write_text(_index(components), encoding="utf-8")
    return components


def _system_components(root: Path, libraries: Iterable[str]) -> list[Component]:
    by_package: dict[str, list[str]] = {}
    for library in sorted(libraries):
        by_package.setdefault(_debian_package(library) or "", []).append(Path(library).name)
    out = []
    for package, names in sorted(by_package.items()):
        base = package.split(":")[0]
        copyright_file = Path("/usr/share/doc") / base / "copyright"
        if package and copyright_file.is_file():
            component = Component(f"{base} (system)", "", "see the file", f"system/{base}", note=", ".join(names))
            _copy(component, root, [copyright_file])
        else:
            component = Component(
                "System libraries (unknown package)",
                "",
                "see the build system's packages",
                "system",
                note=", ".join(names),
            )
        out.append(component)
    return out


def _index(components: list[Component]) -> str:
    lines = [
        "# Licences of what this HSB Desk bundle contains",
        "",
        "Generated by packaging/bundle_licences.py when the bundle was built. HSB Desk itself is",
        "proprietary; everything else here is third-party software under the licence shown, whose",
        "texts are in the folder named in the last column.",
        "",
        "| component | version | licence | folder and files | notes |",
        "|---|---|---|---|---|",
    ]
    for c in components:
        files = ", ".join(f"`{name}`" for name in c.files) or "(no licence file shipped)"
        lines.append(f"| {c.name} | {c.version} | {c.licence} | `{c.folder}/`: {files} | {c.note} |")
    return "\n".join(lines) + "\n"
