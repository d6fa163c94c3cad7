"""A smaller ICU data library for the Linux build (used by packaging/hsb-desk.spec).

Qt Core on Linux links against ICU, and the PySide6 wheel ships ICU's full data library
(``libicudata.so.73``, 32 MB: every locale, converter, break dictionary and transliterator).
HSB Desk is in English and Qt uses ICU for little: collation (``QCollator``, the file dialog's
sorting), case mapping, time-zone names and named text codecs. This keeps the root and English
data of the trees Qt reaches (main, ``coll/``, ``zone/``, ``lang/``, ``region/``), every piece
of global (non-locale) data, and leaves out the converters, break iterators, transliterators,
currencies, units and number spell-out and every other language: about 3 MB.

The data is ICU's own "common data" package format (``CmnD``): a header, a table of contents
sorted by name, then the items, each aligned to 16 bytes. It is rewritten here in Python, then
linked into a one-symbol shared library with the C compiler (``cc``), under the same soname and
symbol name, so nothing else in Qt changes. Without a compiler the full library is kept.

Windows and macOS builds are not touched: Qt there uses the system's ICU or none.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


# Trees HSB Desk's Qt calls reach: their root and English bundles are kept, other locales not.
KEPT_TREES = ("", "coll/", "zone/", "lang/", "region/")
# Trees nothing in Qt reads (Qt has its own CLDR data for numbers, dates and currencies).
DROPPED_TREES = ("brkitr/", "curr/", "rbnf/", "translit/", "unit/")
# Loose items Qt never asks for: converter tables, stringprep profiles, confusables, names.
DROPPED_SUFFIXES = (".cnv", ".spp", ".cfu")
# Except the European single-byte code pages (3 kB each), for text a Windows program labels
# windows-1252 or ISO-8859-15 (pasted HTML, say): windows-1250 to 1258, ISO-8859-2 to 15, Mac Roman.
KEPT_CONVERTERS = tuple(
    f"{name}.cnv"
    for name in _words(
        "ibm-5346_P100-1998 ibm-5347_P100-1998 ibm-5348_P100-1997 ibm-5349_P100-1998 ibm-5350_P100-1998 "
        "ibm-9447_P100-2002 ibm-9448_X100-2005 ibm-9449_P100-2002 ibm-5354_P100-1998 ibm-912_P100-1995 "
        "ibm-913_P100-2000 ibm-914_P100-1995 ibm-915_P100-1995 ibm-813_P100-1995 ibm-920_P100-1995 "
        "ibm-921_P100-1995 ibm-923_P100-1998 macos-0_2-10.2"
    )
)
DROPPED_NAMES = ("unames.icu",)
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
_NOT_LOCALES = ("res_index.res", "pool.res", "root.res")
PAD = b"\xaa"  # what ICU's own packager fills alignment gaps with


def keep_item(name: str) -> bool:
    """Whether an item (its name without the ``icudt73l/`` prefix) stays in the trimmed data."""
    folder, _, leaf = name.rpartition("/")
    folder = f"{folder}/" if folder else ""
    if folder in DROPPED_TREES or folder not in KEPT_TREES:
        return False
    if leaf in KEPT_CONVERTERS:
        return True
    if leaf.endswith(DROPPED_SUFFIXES) or leaf in DROPPED_NAMES:
        return False
    if leaf in _NOT_LOCALES or not _LOCALE.match(leaf):
        return True  # global data: calendars, time zones, likely subtags, the collation tables
    return leaf == "en.res" or leaf.startswith("en_")


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """ICU common data → (header, [(name, item bytes)]) in table-of-contents order."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD":
        raise ValueError("not ICU common data (CmnD)")
    if data[8] != 0:
        raise ValueError("big-endian ICU data is not handled")
    (count,) = struct.unpack_from("<I", data, header_size)
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = data[start : data.index(b"\0", start)].decode("ascii")
        end = header_size + entries[i + 1][1] if i + 1 < count else len(data)
        items.append((name, data[header_size + data_offset : end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of read_package: names in the order given (they must stay sorted)."""
    names = [name for name, _ in items]
    if names != sorted(names, key=lambda n: n.encode("ascii")):
        raise ValueError("ICU looks items up by binary search: names must be sorted")
    toc_size = 4 + 8 * len(items)
    name_offsets, blob = [], b""
    for name in names:
        name_offsets.append(toc_size + len(blob))
        blob += name.encode("ascii") + b"\0"
    position = toc_size + len(blob)
    position += -position % 16
    data_offsets, body = [], bytearray()  # bytearray: appending 32 MB item by item stays linear
    for _, item in items:
        body += PAD * (-(position + len(body)) % 16)
        data_offsets.append(position + len(body))
        body += item
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    names_part = blob + PAD * (-(toc_size + len(blob)) % 16)
    return header + toc + names_part + bytes(body)


def _elf_symbol_bytes(library: bytes, symbol: str) -> bytes:
    """The bytes of one exported data symbol of a 64-bit little-endian ELF shared library."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", library, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", library, at)
            start = strings[4] + st_name
            if library[start : library.index(b"\0", start)].decode() == symbol:
                home = sections[st_shndx]  # file offset = section offset + (value - section address)
                begin = home[4] + st_value - home[3]
                return library[begin : begin + st_size]
    raise ValueError(f"symbol {symbol} not found")


def trimmed_icudata(original: Path, workdir: Path, log: Callable[[str], None] = print) -> Path | None:
    """A trimmed copy of ``libicudata.so.NN`` built in ``workdir``, or None (keep the original)."""
    match = re.match(r"libicudata\.so\.(\d+)", original.name)
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not match or compiler is None:
        log(f"ICU data kept whole ({'no C compiler' if match else 'unexpected name'}: {original.name})")
        return None
    symbol = f"icudt{match.group(1)}_dat"
    library = original.read_bytes()
    try:
        header, items = read_package(_elf_symbol_bytes(library, symbol))
    except ValueError as error:
        log(f"ICU data kept whole ({error})")
        return None
    prefix = items[0][0].split("/", 1)[0] + "/"
    kept = [(name, item) for name, item in items if keep_item(name.removeprefix(prefix))]
    workdir.mkdir(parents=True, exist_ok=True)
    package = workdir / f"{prefix.rstrip('/')}.dat"  # the name icupkg expects, for inspecting it
    package.write_bytes(write_package(header, kept))
    source = workdir / f"{symbol}.S"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
        f'{symbol}:\n\t.incbin "{package.name}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    out = workdir / original.name
    subprocess.run(
        [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{original.name}", "-o", str(out), source.name],
        cwd=workdir,
        check=True,
    )
    log(
        f"ICU data trimmed to English and global data: {len(kept)} of {len(items)} items, "
        f"{len(library) / 1e6:.1f} MB → {out.stat().st_size / 1e6:.1f} MB"
    )
    return out
