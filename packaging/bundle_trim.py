"""What the one-folder build leaves out (used by packaging/hsb-desk.spec).

HSB Desk imports QtCore, QtGui, QtWidgets and (for the Linux session bus) QtDBus; everything
else Qt ships is left out, in three steps:

1. ``EXCLUDED_MODULES``: Python modules never imported (the other Qt bindings, the test and
   debugging tools, plain ``sqlite3``, which HSB Desk forbids), so PyInstaller never collects
   them or the libraries they need.
2. ``unwanted_binary``: Qt plugins for what HSB Desk does not do (other platforms than the
   desktop's own, image formats it never reads, the GTK theme with the GTK stack behind it,
   input for embedded devices), the software OpenGL renderer on Windows, and on Linux the
   libraries the desktop itself provides (``HOST_LIBRARIES``).
3. ``prune_unreachable``: every library nothing kept still loads. A library is kept when a
   Python extension module, a kept Qt plugin or the Python library needs it, directly or
   through another kept library (read from each file's import table by PyInstaller itself, so
   the same code works for ELF, PE and Mach-O).

Qt's translations go too: HSB Desk's words are its own, in English, and it installs no
QTranslator.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination, source, type code)


def _words(text: str) -> list[str]:
    return text.split()


# Qt modules outside QtCore, QtGui, QtWidgets and QtDBus: the Essentials and Addons wheels'.
_UNUSED_QT = _words(
    "Qt3DAnimation Qt3DCore Qt3DExtras Qt3DInput Qt3DLogic Qt3DRender QtAsyncio QtAxContainer QtBluetooth "
    "QtCanvasPainter QtCharts QtConcurrent QtDataVisualization QtDesigner QtGraphs QtGraphsWidgets QtHelp "
    "QtHttpServer QtLocation QtMultimedia QtMultimediaWidgets QtNetwork QtNetworkAuth QtNfc QtOpenGL "
    "QtOpenGLWidgets QtPdf QtPdfWidgets QtPositioning QtPrintSupport QtQml QtQuick QtQuick3D QtQuickControls2 "
    "QtQuickTest QtQuickWidgets QtRemoteObjects QtScxml QtSensors QtSerialBus QtSerialPort QtSpatialAudio "
    "QtSql QtStateMachine QtSvg QtSvgWidgets QtTest QtTextToSpeech QtUiTools QtWebChannel QtWebEngineCore "
    "QtWebEngineQuick QtWebEngineWidgets QtWebSockets QtWebView QtXml"
)

EXCLUDED_MODULES = [
    *(f"PySide6.{name}" for name in _UNUSED_QT),
    "PyQt5",
    "PyQt6",
    "PySide2",
    # Never used by HSB Desk or what it imports (checked with PyInstaller's cross-reference,
    # build/hsb-desk/xref-hsb-desk.html): tests, debugging, help, servers, other front ends.
    "tkinter",
    "pytest",
    "hypothesis",
    "unittest",
    "doctest",
    "pdb",
    "pydoc",
    "pydoc_data",
    "xmlrpc",
    "http.server",
    "asyncio",  # Jinja2 imports it only for enable_async templates
    "multiprocessing",
    "readline",
    "curses",
    "lib2to3",
    "ensurepip",
    "venv",
    "idlelib",
    "setuptools",
    "pkg_resources",
    "distutils",
    # No network: TLS is never used (http.client and urllib import ssl only if it is there).
    "ssl",
    "_ssl",
    # East Asian codecs: the workbook, the form pack and the report are UTF-8.
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_multibytecodec",
    # python-docx needs lxml.etree only.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.cssselect",
    "lxml.doctestcompare",
    "lxml.usedoctest",
    # Plain SQLite: every HSB Desk database is SQLCipher (an import-linter contract).
    "sqlite3",
]

# Qt plugins by folder: None keeps the whole folder, a set keeps only those plugins, an empty
# set drops the folder. Names are the plugin's file name without "lib", extension or debug "d".
PLUGINS: dict[str, set[str] | None] = {
    # The desktop's own window system, and offscreen for the smoke run and tests.
    "platforms": {"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"},
    # GTK's theme would bring GTK, Cairo, Pango and GdkPixbuf (8 MB); HSB Desk draws with Fusion,
    # and the portal theme still gives the desktop's own file dialogs where there is one.
    "platformthemes": {"qxdgdesktopportal"},
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "iconengines": None,
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-shell-integration": {"xdg-shell"},
    # wayland-egl is a Wayland client's OpenGL; the rest are server buffers for compositors.
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "styles": None,
    "accessiblebridge": None,
    "accessible": None,
    # Input devices and displays of embedded Linux (evdev, tslib, EGLFS).
    "generic": set(),
    "egldeviceintegrations": set(),
}
# Libraries dropped by name: Windows's software OpenGL (20 MB; widgets paint without OpenGL).
UNWANTED_LIBRARIES = {"opengl32sw.dll"}
# Linux libraries every desktop has, left to the system as AppImage does (its excludelist,
# github.com/AppImageCommunity/pkg2appimage): a bundled copy older than the system's breaks the
# system's graphics drivers (libstdc++), X11 (libX11 against the system's libxcb) and fonts
# (fontconfig reading a newer configuration). Their own dependencies go with them if nothing
# else needs them (prune_unreachable).
HOST_LIBRARIES = {
    "libstdc++.so.6",
    "libgcc_s.so.1",
    "libX11.so.6",
    "libX11-xcb.so.1",
    "libxcb.so.1",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libharfbuzz.so.0",
    "libexpat.so.1",
    "libz.so.1",
    "libgpg-error.so.0",
    "libcom_err.so.2",
    "libuuid.so.1",
    "libICE.so.6",
    "libSM.so.6",
    "libGL.so.1",
    "libEGL.so.1",
    "libdrm.so.2",
    "libgbm.so.1",
    "libwayland-client.so.0",
    "libfribidi.so.0",
}


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def _plugin_name(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    stem = stem.removeprefix("lib")
    return stem


def unwanted_binary(dest: str) -> bool:
    """Whether a collected binary is a Qt plugin or library HSB Desk does not use."""
    path = _posix(dest)
    if os.path.basename(path).lower() in UNWANTED_LIBRARIES or path in HOST_LIBRARIES:
        return True
    parts = path.split("/")
    if "plugins" not in parts:
        return False
    at = parts.index("plugins")
    if len(parts) < at + 3:
        return False
    folder, name = parts[at + 1], _plugin_name(parts[-1])
    if folder not in PLUGINS:
        return True  # a plugin folder this list does not know belongs to a module left out
    wanted = PLUGINS[folder]
    if wanted is None:
        return False
    # Debug builds of Qt (Windows) add "d": qwindowsd.dll.
    return name not in wanted and not (name.endswith("d") and name[:-1] in wanted)


def unwanted_data(dest: str) -> bool:
    """Qt's translations (English only, no QTranslator)."""
    path = _posix(dest)
    return "/translations/" in path and path.endswith(".qm") and "PySide6" in path


def _is_root(entry: Entry) -> bool:
    dest, _src, typecode = entry
    name = os.path.basename(_posix(dest))
    if typecode == "EXTENSION" or "/plugins/" in _posix(dest):
        return True
    # The Python library the bootloader loads: libpython3.11.so.1.0, python311.dll, Python.
    return bool(re.match(r"(lib)?python3|Python$", name))


def prune_unreachable(
    binaries: Iterable[Entry], get_imports: Callable[[str], Iterable[tuple[str, str | None]]]
) -> tuple[list[Entry], list[Entry]]:
    """(kept, dropped): binaries loaded by nothing kept are dropped. ``get_imports(path)`` gives
    (name, resolved path) of each library a binary imports (PyInstaller's bindepend)."""
    entries = list(binaries)
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(os.path.basename(_posix(entry[0])).lower(), []).append(entry)
    reached = {entry for entry in entries if _is_root(entry)}
    queue = list(reached)
    while queue:
        for name, _path in get_imports(queue.pop()[1]):
            for needed in by_name.get(os.path.basename(_posix(name)).lower(), ()):
                if needed not in reached:
                    reached.add(needed)
                    queue.append(needed)
    kept = [entry for entry in entries if entry in reached]
    return kept, [entry for entry in entries if entry not in reached]


def dangling_symlink(entry: Entry, removed: set[str]) -> bool:
    """A SYMLINK entry (destination, relative target) whose target was left out."""
    dest, target, typecode = entry
    if typecode != "SYMLINK":
        return False
    resolved = os.path.normpath(os.path.join(os.path.dirname(_posix(dest)), _posix(target)))
    return _posix(resolved) in removed
