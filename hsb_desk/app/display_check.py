"""Before the window starts on Linux: are the system libraries Qt's X11 (xcb) platform needs there?

Without them Qt aborts with a message that blames libxcb-cursor0 whichever library is missing,
and a fresh Debian machine lacks libxcb-icccm4 and libxcb-keysyms1. ``window_libraries_problem``
names the packages to install, so the command line can say so in one line instead.

``XCB_LIBRARIES`` is every system library that the wheel's libqxcb.so, libQt6XcbQpa,
libQt6Gui and libQt6DBus load directly (their DT_NEEDED entries, less the Qt libraries the wheel
bundles and the C and C++ runtimes that every Debian system has), each with the Debian 12 /
Ubuntu package that holds it (checked with ``dpkg -S`` and, for packages not installed,
``apt-get download`` and ``dpkg -c``). tests/app/test_display_check.py reads those DT_NEEDED
entries again, so a PySide6 upgrade that needs a new library fails there first.

It runs before the first frame, so it does not load anything: importing ctypes alone takes
4 to 6 ms (app/hardening.py) and ``ctypes.util.find_library`` runs ``ldconfig -p`` in a
subprocess. It looks each library up where the dynamic loader does: ``LD_LIBRARY_PATH``, the
loader's cache /etc/ld.so.cache (one read of a file of some 40 kB, where every library of the
system's library folders is named by its full path) and the default folders. Only a library
found nowhere counts as missing, and without a loader cache (NixOS, Guix, musl) it says
nothing: there it cannot tell, and Qt's own message follows if something is missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname -> Debian / Ubuntu package, as verified on Debian 12.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
LOADER_CACHE = Path("/etc/ld.so.cache")
DEBIAN_MARKER = Path("/etc/debian_version")  # Debian, Ubuntu and their derivatives
NEEDS_PACKAGES = "HSB Desk needs these system packages for its window: sudo apt-get install {packages}"
NEEDS_LIBRARIES = (
    "HSB Desk needs these system libraries for its window, which are missing: {libraries} "
    "(on Debian or Ubuntu: sudo apt-get install {packages})"
)

Finder = Callable[[str], bool]


def xcb_expected(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Would Qt start its xcb platform? On Linux: QT_QPA_PLATFORM names xcb first, or is unset
    outside a Wayland session (Qt then tries xcb, with or without a display)."""
    environ = os.environ if environ is None else environ
    if not (sys.platform if platform is None else platform).startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:  # "xcb", "offscreen", "wayland;xcb", "xcb:nograb"…: the first one is tried first
        return chosen.split(";")[0].split(":")[0].strip().lower() == "xcb"
    return not environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE", "").lower() != "wayland"


def missing_libraries(find: Finder) -> dict[str, str]:
    """The libraries of ``XCB_LIBRARIES`` that ``find`` does not find, each with its package."""
    return {name: package for name, package in XCB_LIBRARIES.items() if not find(name)}


def library_finder(cache: Path | None = None, environ: Mapping[str, str] | None = None) -> Finder | None:
    """Whether the dynamic loader would find a library by its soname; None without a loader
    cache, where that cannot be told without loading it."""
    try:
        names = (cache or LOADER_CACHE).read_bytes()
    except OSError:
        return None
    environ = os.environ if environ is None else environ
    folders = [f for f in environ.get("LD_LIBRARY_PATH", "").split(":") if f]
    bundle = getattr(sys, "_MEIPASS", None)  # a frozen build may carry some of them itself
    if bundle:
        folders += [bundle, os.path.join(bundle, "PySide6", "Qt", "lib")]
    multiarch = getattr(sys.implementation, "_multiarch", "")
    defaults = [f"/lib/{multiarch}", f"/usr/lib/{multiarch}"] if multiarch else []
    defaults += ["/lib64", "/usr/lib64", "/lib", "/usr/lib"]

    def find(soname: str) -> bool:
        if b"/" + soname.encode() + b"\0" in names:  # the cache holds each library's full path
            return True
        return any(os.path.exists(os.path.join(folder, soname)) for folder in folders + defaults)

    return find


def missing_line(missing: Mapping[str, str], debian: bool | None = None) -> str:
    """The one line that says what to install (packages in a stable order, each once)."""
    packages = " ".join(dict.fromkeys(missing.values()))
    if debian is None:
        debian = DEBIAN_MARKER.exists()
    if debian:
        return NEEDS_PACKAGES.format(packages=packages)
    return NEEDS_LIBRARIES.format(libraries=", ".join(missing), packages=packages)


def window_libraries_problem(environ: Mapping[str, str] | None = None, find: Finder | None = None) -> str | None:
    """The line to print instead of starting the window, or None if it can start (or if that
    cannot be told). ``find`` is ``library_finder()`` unless a test gives its own."""
    if not xcb_expected(environ):
        return None
    find = find or library_finder(environ=environ)
    if find is None:
        return None
    missing = missing_libraries(find)
    return missing_line(missing) if missing else None
