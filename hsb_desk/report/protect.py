"""Password protection of a finished report (for sending by e-mail).

The whole .docx is encrypted with the ECMA-376 "agile" scheme Word itself uses (AES-256, key
from SHA-512 over 100,000 rounds), through ``msoffcrypto-tool``. Word, LibreOffice and other
Office suites ask for the password before they show anything. This is encryption, not Word's
"restrict editing", which anyone can remove.
"""

from __future__ import annotations

import io

import msoffcrypto
from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

from hsb_desk.errors import ExportFailed


def protect_docx(data: bytes, password: str) -> bytes:
    """``data`` (a .docx) encrypted so that it opens only with ``password``."""
    if not password:
        raise ValueError("an empty password protects nothing")
    out = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    except (ValueError, FileFormatError, UnicodeEncodeError) as exc:
        raise ExportFailed("The report could not be protected with that password.") from exc
    return out.getvalue()


def unprotect_docx(data: bytes, password: str) -> bytes:
    """The .docx inside a protected file; raises ``ValueError`` if the password is wrong."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
    except (DecryptionError, InvalidKeyError, FileFormatError) as exc:
        raise ValueError("wrong password or not a protected document") from exc
    return out.getvalue()
