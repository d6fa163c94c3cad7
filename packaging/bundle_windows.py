"""The version resource of the Windows executables (used by packaging/hsb-desk.spec).

AppLocker and WDAC publisher rules match the signer and, from this resource, the product name,
the file's original name and its version: without it a rule can name only the publisher or a
hash. The names here are what docs/deploy.md tells IT to put in a rule.
"""

from __future__ import annotations

import re
from typing import Any

PRODUCT = "HSB Desk"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for Windows: "0.1.0" → (0, 1, 0, 0); a pre-release tail ("0.2.0rc1") is dropped."""
    numbers = [int(m.group()) if (m := re.match(r"\d+", part)) else 0 for part in version.split(".")[:4]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_info(file_name: str, version: str, description: str) -> Any:
    """A PyInstaller VSVersionInfo for ``file_name`` (``hsb-desk.exe``, ``HSB Desk.exe``)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_tuple(version)
    dotted = ".".join(str(n) for n in numbers)
    strings = [
        StringStruct("CompanyName", PRODUCT),
        StringStruct("FileDescription", description),
        StringStruct("FileVersion", dotted),
        StringStruct("InternalName", file_name.removesuffix(".exe")),
        StringStruct("OriginalFilename", file_name),
        StringStruct("ProductName", PRODUCT),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            StringFileInfo([StringTable("080904B0", strings)]),  # English (United Kingdom), Unicode
            VarFileInfo([VarStruct("Translation", [0x0809, 1200])]),
        ],
    )
