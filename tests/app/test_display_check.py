"""Before the window: the system libraries Qt's xcb platform needs are named by their package
when missing, and looked for only where Qt would start xcb."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from hsb_desk.app import display_check
from hsb_desk.app.display_check import (
    XCB_LIBRARIES,
    library_finder,
    missing_line,
    window_libraries_problem,
    xcb_expected,
)

XCB = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}
# What every Debian and Ubuntu system has (priority "required", or needed by apt itself).
BASE_LIBRARIES = {
    "libc.so.6",
    "libm.so.6",
    "libstdc++.so.6",
    "libgcc_s.so.1",
    "libz.so.1",
    "libzstd.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}


def _never(_soname: str) -> bool:
    raise AssertionError("the libraries were looked for")


@pytest.fixture
def debian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    marker = tmp_path / "debian_version"
    marker.write_text("12.11\n")
    monkeypatch.setattr(display_check, "DEBIAN_MARKER", marker)


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", True),
        ({}, "linux", True),  # no display at all: Qt still loads xcb, and fails there first
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "win32", False),
        ({}, "win32", False),
        ({"DISPLAY": ":0"}, "darwin", False),
    ],
)
def test_xcb_is_expected_only_where_qt_would_start_it(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert xcb_expected(environ, platform) is expected


def test_a_missing_library_is_named_by_its_package_in_one_line(debian: None) -> None:
    line = window_libraries_problem(XCB, find=lambda soname: soname != "libxcb-icccm.so.4")
    assert line == "HSB Desk needs these system packages for its window: sudo apt-get install libxcb-icccm4"


def test_the_two_a_fresh_debian_lacks_are_named_once_each_in_order(debian: None) -> None:
    absent = {"libxcb-keysyms.so.1", "libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0"}
    line = window_libraries_problem(XCB, find=lambda soname: soname not in absent)
    assert line == (
        "HSB Desk needs these system packages for its window: "
        "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libglib2.0-0"
    )
    assert line is not None and "\n" not in line


def test_elsewhere_than_debian_the_files_are_named_with_the_debian_packages() -> None:
    line = missing_line({"libxcb-icccm.so.4": "libxcb-icccm4"}, debian=False)
    assert line == (
        "HSB Desk needs these system libraries for its window, which are missing: libxcb-icccm.so.4 "
        "(on Debian or Ubuntu: sudo apt-get install libxcb-icccm4)"
    )


def test_nothing_missing_says_nothing() -> None:
    assert window_libraries_problem(XCB, find=lambda _soname: True) is None


@pytest.mark.parametrize(
    "environ", [{"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}, {"QT_QPA_PLATFORM": "wayland"}]
)
def test_offscreen_and_wayland_are_not_checked(environ: dict[str, str]) -> None:
    assert window_libraries_problem(environ, find=_never) is None


def test_windows_and_macos_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert window_libraries_problem(XCB, find=_never) is None


def test_libraries_are_found_in_the_loader_cache_and_ld_library_path(tmp_path: Path) -> None:
    cache = tmp_path / "ld.so.cache"
    # The cache's string table: each library by its full path, NUL-terminated.
    cache.write_bytes(b"glibc-ld.so.cache1.1\0\0\0/usr/lib/x86_64-linux-gnu/libhsb-cached.so.1\0/lib/libother.so.2\0")
    own = tmp_path / "own"
    own.mkdir()
    (own / "libhsb-own.so.3").write_bytes(b"")
    find = library_finder(cache, {"LD_LIBRARY_PATH": f"{tmp_path / 'absent'}:{own}"})
    assert find is not None
    assert find("libhsb-cached.so.1") and find("libhsb-own.so.3")
    assert not find("libhsb-absent.so.4")
    assert not find("libhsb-cached.so")  # a name is matched whole, never as a prefix
    assert not find("cached.so.1")  # nor as a suffix


def test_without_a_loader_cache_nothing_can_be_told_and_nothing_is_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert library_finder(tmp_path / "no-cache") is None
    monkeypatch.setattr(display_check, "LOADER_CACHE", tmp_path / "no-cache")
    assert window_libraries_problem(XCB) is None


def test_this_machines_loader_cache_finds_libc() -> None:
    if not display_check.LOADER_CACHE.exists():
        pytest.skip("no dynamic loader cache here")
    find = library_finder()
    assert find is not None and find("libc.so.6")


def _needed(path: Path) -> set[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF shared library."""
    data = path.read_bytes()
    assert data[:6] == b"\x7fELF\x02\x01", path
    shoff, shentsize, shnum = struct.unpack_from("<Q", data, 0x28)[0], *struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    needed: set[str] = set()
    for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
        if kind != 6:  # SHT_DYNAMIC; its sh_link is the string table
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 1:  # DT_NEEDED
                needed.add(data[strings + value : data.index(b"\0", strings + value)].decode())
    return needed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb platform is Linux's")
def test_the_list_is_every_system_library_the_wheels_xcb_platform_loads() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    libraries = [qt / "plugins" / "platforms" / "libqxcb.so"]
    libraries += [qt / "lib" / f"libQt6{name}.so.6" for name in ("XcbQpa", "Gui", "Widgets", "DBus", "Core")]
    bundled = {path.name for path in (qt / "lib").iterdir()}
    system = set().union(*(_needed(path) for path in libraries)) - bundled - BASE_LIBRARIES
    assert system == set(XCB_LIBRARIES)
