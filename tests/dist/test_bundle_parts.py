"""The parts of the frozen build that decide what is left out (packaging/bundle_*.py), checked
without building: the ICU data rewrite, the plugin and library choices, the reachability pruning,
the Windows version resource's numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_icu  # noqa: E402
import bundle_trim  # noqa: E402
import bundle_windows  # noqa: E402


def _wheel_icu_data() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return next((p for p in found if not p.is_symlink()), None)


@pytest.mark.skipif(_wheel_icu_data() is None, reason="the PySide6 wheel carries ICU on Linux only")
def test_the_icu_package_is_read_and_written_back_byte_for_byte() -> None:
    library = _wheel_icu_data()
    assert library is not None
    number = library.name.split(".so.")[1].split(".")[0]
    data = bundle_icu._elf_symbol_bytes(library.read_bytes(), f"icudt{number}_dat")
    header, items = bundle_icu.read_package(data)
    assert len(items) > 1000
    # Written back unchanged, the package is the same bytes: the trimmed one differs only by what it leaves out.
    assert bundle_icu.write_package(header, items) == data


def test_the_icu_trim_keeps_english_and_global_data_only() -> None:
    kept = ["en.res", "en_GB.res", "coll/en.res", "coll/root.res", "zoneinfo64.res", "likelySubtags.res",
            "ibm-5348_P100-1997.cnv", "region/en_GB.res", "lang/en.res", "uprops.icu"]  # fmt: skip
    dropped = ["fr.res", "coll/de.res", "brkitr/word.brk", "translit/root.res", "curr/en.res",
               "ibm-943_P15A-2003.cnv", "unames.icu", "rbnf/en.res", "zone/fr.res"]  # fmt: skip
    assert [name for name in kept if not bundle_icu.keep_item(name)] == []
    assert [name for name in dropped if bundle_icu.keep_item(name)] == []


def test_an_unsorted_icu_table_is_refused() -> None:
    # ICU finds items by binary search: a package with its names out of order would lose some.
    with pytest.raises(ValueError, match="sorted"):
        bundle_icu.write_package(b"", [("icudt73l/b.res", b"x"), ("icudt73l/a.res", b"y")])


def test_only_the_desktop_platforms_and_needed_plugins_are_kept() -> None:
    plugins = "PySide6/Qt/plugins"
    kept = [f"{plugins}/platforms/libqxcb.so", f"{plugins}/platforms/qwindows.dll",
            f"{plugins}/platforms/libqoffscreen.so", f"{plugins}/imageformats/libqsvg.so",
            f"{plugins}/platforms/qwindowsd.dll", "PySide6/Qt/lib/libQt6Core.so.6"]  # fmt: skip
    dropped = [f"{plugins}/platforms/libqeglfs.so", f"{plugins}/platformthemes/libqgtk3.so",
               f"{plugins}/imageformats/libqtiff.so", f"{plugins}/sqldrivers/libqsqlite.so",
               "opengl32sw.dll", "libstdc++.so.6", "libX11.so.6"]  # fmt: skip
    assert [name for name in kept if bundle_trim.unwanted_binary(name)] == []
    assert [name for name in dropped if not bundle_trim.unwanted_binary(name)] == []
    assert bundle_trim.unwanted_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not bundle_trim.unwanted_data("forms/translations/notes.qm")


def test_libraries_nothing_kept_loads_are_pruned_and_what_is_loaded_stays() -> None:
    def entry(name: str, kind: str = "BINARY") -> tuple[str, str, str]:
        return (name, f"/src/{name}", kind)

    graph = {
        "/src/PySide6/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/src/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": [],
        "/src/libQt6Quick.so.6": ["libQt6Gui.so.6"],
        "/src/PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/src/libQt6XcbQpa.so.6": [],
    }
    entries = [entry("PySide6/QtWidgets.abi3.so", "EXTENSION"), entry("libQt6Widgets.so.6"), entry("libQt6Gui.so.6"),
               entry("libQt6Quick.so.6"), entry("PySide6/Qt/plugins/platforms/libqxcb.so"),
               entry("libQt6XcbQpa.so.6")]  # fmt: skip
    kept, dropped = bundle_trim.prune_unreachable(entries, lambda path: [(n, None) for n in graph.get(path, [])])
    assert [e[0] for e in dropped] == ["libQt6Quick.so.6"]
    assert len(kept) == 5


def test_a_symlink_to_a_library_left_out_goes_with_it() -> None:
    removed = {"PySide6/Qt/lib/libQt6Quick.so.6"}
    assert bundle_trim.dangling_symlink(("PySide6/Qt/lib/libQt6Quick.so", "libQt6Quick.so.6", "SYMLINK"), removed)
    assert not bundle_trim.dangling_symlink(("PySide6/Qt/lib/libQt6Gui.so", "libQt6Gui.so.6", "SYMLINK"), removed)


def test_the_windows_version_resource_has_four_numbers() -> None:
    assert bundle_windows.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert bundle_windows.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert bundle_windows.version_tuple("2.0.1.7.9") == (2, 0, 1, 7)
