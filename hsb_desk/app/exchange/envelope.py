"""The encrypted exchange file (hand-out and hand-back), byte by byte in docs/exchange.md.

A fixed 76-byte header (format, direction, key-derivation parameters, hand-out id, file id, salt,
nonce) followed by AES-256-GCM ciphertext and its 16-byte tag. The key comes from the one-time
passphrase through scrypt. The whole header is the GCM associated data and everything else is
ciphertext, so any altered, added or missing byte fails authentication before anything is read.
Nothing in this module touches a workbook.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import struct
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hsb_desk.app.form_versions import migrated_payload
from hsb_desk.app.interchange import check_reference, parse_json
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.errors import ImportRejected, InvalidInput, ValidationFailed
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.formspec.values import check_value

MAGIC = b"HSBDXCHG"
FORMAT_VERSION = 1
PAYLOAD_FORMAT = "hsb-desk.exchange/1"
KINDS = {"handout": 1, "handback": 2}
KDF_SCRYPT = 1
CIPHER_AES_256_GCM = 1
HEADER = struct.Struct(">8sBBBBBBBB16s16s16s12s")  # 76 bytes, big-endian, no padding
TAG_SIZE = 16
MAX_FILE_SIZE = 64 * 1024 * 1024

NOT_EXCHANGE = "This is not an HSB Desk exchange file; nothing was changed."
DAMAGED = "The exchange passphrase is not correct, or the file was damaged or altered on the way; nothing was changed."
TOO_NEW = "This exchange file was made by a newer version of HSB Desk; nothing was changed."


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost: N = 2**log2_n, block size r, parallelism p. The default uses 128 MiB."""

    log2_n: int = 17
    r: int = 8
    p: int = 1

    def acceptable(self) -> bool:
        """Within what HSB Desk will spend on one file (a limit on memory and time, so an
        altered header cannot make an import hang or exhaust memory)."""
        memory = 128 * self.r * (1 << self.log2_n) if 1 <= self.log2_n <= 20 else 1 << 40
        return 10 <= self.log2_n <= 20 and 1 <= self.r <= 16 and 1 <= self.p <= 4 and memory * self.p <= 1 << 30


DEFAULT_SCRYPT = ScryptParams()


@dataclass(frozen=True)
class ExchangeFile:
    """An opened, authenticated exchange file. ``digest`` is the SHA-256 of the whole file."""

    kind: str
    handout_id: str
    file_id: str
    digest: str
    payload: dict[str, Any]


def normalise_passphrase(passphrase: str) -> str:
    """Words as the user may type them: any case, separated by spaces, hyphens or dots."""
    text = unicodedata.normalize("NFC", passphrase).casefold()
    return " ".join(part for part in re.split(r"[\s\-_.,;:/]+", text) if part)


def _key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    words = normalise_passphrase(passphrase)
    if not words:
        raise InvalidInput("No exchange passphrase was given; nothing was changed.")
    kdf = Scrypt(salt=salt, length=32, n=1 << params.log2_n, r=params.r, p=params.p)
    return kdf.derive(words.encode("utf-8", "surrogatepass"))


def new_handout_id() -> str:
    return secrets.token_hex(16)


def seal(
    kind: str,
    handout_id: str,
    payload: dict[str, Any],
    passphrase: str,
    params: ScryptParams = DEFAULT_SCRYPT,
) -> bytes:
    """The bytes of an exchange file holding ``payload``, bound to ``kind`` and ``handout_id``."""
    if kind not in KINDS or not params.acceptable():
        raise ValueError("unknown exchange kind or unacceptable scrypt parameters")
    body = dict(payload, format=PAYLOAD_FORMAT, kind=kind, handout_id=handout_id)
    plaintext = json.dumps(body, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")
    salt, nonce, file_id = secrets.token_bytes(16), secrets.token_bytes(12), secrets.token_bytes(16)
    header = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        KINDS[kind],
        KDF_SCRYPT,
        CIPHER_AES_256_GCM,
        params.log2_n,
        params.r,
        params.p,
        0,
        bytes.fromhex(handout_id),
        file_id,
        salt,
        nonce,
    )
    ciphertext = AESGCM(_key(passphrase, salt, params)).encrypt(nonce, plaintext, header)
    return header + ciphertext


def unseal(data: bytes, passphrase: str) -> ExchangeFile:
    """Authenticate and decrypt; raise ImportRejected (plain message) on anything wrong."""
    if not data.startswith(MAGIC):
        truncated_magic = bool(data) and MAGIC.startswith(data)
        raise ImportRejected(DAMAGED if truncated_magic else NOT_EXCHANGE)
    if len(data) < HEADER.size + TAG_SIZE:
        raise ImportRejected(DAMAGED)  # cut short
    (_, version, kind_code, kdf, cipher, log2_n, r, p, reserved, handout, file_id, salt, nonce) = HEADER.unpack(
        data[: HEADER.size]
    )
    if version != FORMAT_VERSION:
        raise ImportRejected(TOO_NEW if version > FORMAT_VERSION else DAMAGED)
    kinds = {code: name for name, code in KINDS.items()}
    params = ScryptParams(log2_n, r, p)
    if (
        kind_code not in kinds
        or kdf != KDF_SCRYPT
        or cipher != CIPHER_AES_256_GCM
        or reserved != 0
        or not params.acceptable()
    ):
        raise ImportRejected(DAMAGED)
    header = data[: HEADER.size]
    try:
        plaintext = AESGCM(_key(passphrase, salt, params)).decrypt(nonce, data[HEADER.size :], header)
        payload = parse_json(plaintext.decode("ascii"), DAMAGED)
    except (InvalidTag, UnicodeDecodeError, ValueError) as exc:
        raise ImportRejected(DAMAGED) from exc
    kind, handout_id = kinds[kind_code], handout.hex()
    if (
        not isinstance(payload, dict)
        or payload.get("format") != PAYLOAD_FORMAT
        or payload.get("kind") != kind
        or payload.get("handout_id") != handout_id
    ):
        raise ImportRejected(DAMAGED)
    return ExchangeFile(kind, handout_id, file_id.hex(), hashlib.sha256(data).hexdigest(), payload)


def read_exchange_file(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be an exchange file before reading it whole."""
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise ImportRejected(NOT_EXCHANGE)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportRejected("The exchange file does not exist; nothing was changed.") from exc
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ImportRejected(f"The exchange file cannot be read ({reason}); nothing was changed.") from exc


# -- what the encrypted payload must hold ----------------------------------------------------
#: The form roles of the basic details a hand-out carries beside the co-worker's sections, so
#: that the co-worker's copy says whose case it is.
BASIC_DETAIL_ROLES = ("child_name", "child_date_of_birth")
BAD_CONTENT = "The exchange file's content is not what HSB Desk expects; nothing was changed."


def basic_detail_keys(form: FormDefinition) -> list[str]:
    """The keys of the fields that this form gives the basic details' roles."""
    return [key for role in BASIC_DETAIL_ROLES if (key := form.role_key(role)) is not None]


def check_payload(form: FormDefinition, package: ExchangeFile, today: date) -> dict[str, Any]:
    """The payload, checked against the form; refused whole, listing every value problem."""
    data = package.payload
    case, sections, values, sent_by = (data.get(k) for k in ("case", "sections", "values", "from"))
    if (
        not isinstance(case, dict)
        or check_reference(case.get("reference"))
        or not isinstance(case.get("form_version"), str)
        or not isinstance(sections, list)
        or not sections
        or len(set(map(str, sections))) != len(sections)
        or not isinstance(values, dict)
        or not isinstance(sent_by, dict)
        or not _text_ok(sent_by.get("name"), required=True)
        or not all(_text_ok(sent_by.get(k)) for k in ("role", "agency"))
        or not _text_ok(data.get("created_at"), required=True)
    ):
        raise ImportRejected(BAD_CONTENT)
    if case.get("form_id") != form.id:
        raise ImportRejected("This exchange file is for a different assessment form; nothing was changed.")
    # A file written on an earlier version of the form: keyed as this version before it is checked.
    data = migrated_payload(form, data)
    case, sections, values = data["case"], data["sections"], data["values"]
    if not all(isinstance(s, str) and form.section(s) is not None for s in sections):
        raise ImportRejected(BAD_CONTENT)
    allowed = set(form.stored_keys(sections))
    details = data.get("details", {}) if package.kind == "handout" else {}
    if not isinstance(details, dict) or not set(values) <= allowed:
        raise ImportRejected(BAD_CONTENT)
    if not set(details) <= set(basic_detail_keys(form)) - allowed:
        raise ImportRejected(BAD_CONTENT)
    if package.kind == "handback" and not _confirmation_ok(data.get("confirmation")):
        raise ImportRejected(BAD_CONTENT)
    if not _sequence_ok(data.get("sequence")):
        raise ImportRejected(BAD_CONTENT)
    problems: list[tuple[str, str]] = []
    for key, value in [*values.items(), *details.items()]:
        spec = form.get_field(key)
        problem = check_value(spec, value, today) if spec is not None else "is not a field of this form"
        if problem:
            problems.append((key, problem))
    if problems:
        summary = "The exchange file holds values this form does not accept; nothing was changed."
        raise ValidationFailed(problems, summary)
    return data


def _text_ok(text: Any, required: bool = False) -> bool:
    """A name, role or time: short, printable, one line (it is shown and audited on the other side)."""
    if text is None and not required:
        return True
    return isinstance(text, str) and len(text) <= 200 and text.isprintable() and (bool(text.strip()) or not required)


#: The highest number a file may carry (far beyond any real case; kept within SQLite's integers).
MAX_SEQUENCE = 2**31 - 1
_WORKBOOK_ID = re.compile(r"[0-9a-f]{32}")


def _sequence_ok(sequence: Any) -> bool:
    """Absent (a file written before exchange files were numbered), or the file's number and the
    id of the workbook that wrote it."""
    if sequence is None:
        return True
    if not isinstance(sequence, dict) or set(sequence) != {"number", "workbook"}:
        return False
    number, workbook = sequence["number"], sequence["workbook"]
    return (
        isinstance(number, int)
        and not isinstance(number, bool)
        and 1 <= number <= MAX_SEQUENCE
        and isinstance(workbook, str)
        and _WORKBOOK_ID.fullmatch(workbook) is not None
    )


def _confirmation_ok(confirmation: Any) -> bool:
    if confirmation is None:
        return True
    return (
        isinstance(confirmation, dict)
        and _text_ok(confirmation.get("who"), required=True)
        and _text_ok(confirmation.get("role"))
        and isinstance(confirmation.get("date"), str)
        and parse_iso_date(confirmation["date"]) is not None
    )
