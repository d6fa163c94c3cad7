"""Helpers for the reliability tests: raw page decryption, byte scans, child processes.

``decrypted_pages`` reads a SQLCipher 4 file (and its -wal) the way SQLCipher does, so a test can
look at every page as SQLite sees it, including free space and stale page images that no SQL
query can reach. This build of SQLCipher has no ``sqlite_dbpage`` table, and the backup API refuses
a plaintext target, so the pages are decrypted here with a small AES-256 (FIPS-197) in Python.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

PAGE_SIZE = 4096
RESERVE = 80  # 16-byte IV + 64-byte HMAC-SHA512 at the end of every page
SALT_SIZE = 16
KDF_ITER = 256_000
REPO = Path(__file__).resolve().parents[2]


# -- AES-256 decryption (the equivalent inverse cipher with lookup tables) -------------------
def _build_tables() -> tuple[list[int], list[int], list[list[int]]]:
    sbox = [0] * 256
    p = q = 1
    while True:  # walk the multiplicative group with generator 3, as FIPS-197 derives the S-box
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09
        x = q ^ ((q << 1 | q >> 7) & 0xFF) ^ ((q << 2 | q >> 6) & 0xFF) ^ ((q << 3 | q >> 5) & 0xFF)
        x ^= (q << 4 | q >> 4) & 0xFF
        sbox[p] = x ^ 0x63
        if p == 1:
            break
    sbox[0] = 0x63
    inv = [0] * 256
    for i, v in enumerate(sbox):
        inv[v] = i

    def mul(a: int, b: int) -> int:
        result = 0
        while b:
            if b & 1:
                result ^= a
            a = ((a << 1) ^ 0x11B) if a & 0x80 else a << 1
            b >>= 1
        return result

    td0 = [
        (mul(inv[x], 14) << 24) | (mul(inv[x], 9) << 16) | (mul(inv[x], 13) << 8) | mul(inv[x], 11) for x in range(256)
    ]
    tds = [td0]
    for _ in range(3):
        tds.append([((v >> 8) | (v << 24)) & 0xFFFFFFFF for v in tds[-1]])
    return sbox, inv, tds


_SBOX, _INV, (_TD0, _TD1, _TD2, _TD3) = _build_tables()


def _decryption_keys(key: bytes) -> list[list[int]]:
    words = [int.from_bytes(key[i : i + 4], "big") for i in range(0, 32, 4)]
    rcon = 1
    for i in range(8, 60):
        t = words[i - 1]
        if i % 8 == 0:
            t = ((t << 8) | (t >> 24)) & 0xFFFFFFFF
            t = (_SBOX[t >> 24] << 24) | (_SBOX[(t >> 16) & 255] << 16) | (_SBOX[(t >> 8) & 255] << 8) | _SBOX[t & 255]
            t ^= rcon << 24
            rcon = ((rcon << 1) ^ 0x11B) if rcon & 0x80 else rcon << 1
        elif i % 8 == 4:
            t = (_SBOX[t >> 24] << 24) | (_SBOX[(t >> 16) & 255] << 16) | (_SBOX[(t >> 8) & 255] << 8) | _SBOX[t & 255]
        words.append(words[i - 8] ^ t)
    rounds = [words[4 * r : 4 * r + 4] for r in range(15)]

    def inv_mix(w: int) -> int:
        return _TD0[_SBOX[w >> 24]] ^ _TD1[_SBOX[(w >> 16) & 255]] ^ _TD2[_SBOX[(w >> 8) & 255]] ^ _TD3[_SBOX[w & 255]]

    return [rounds[14]] + [[inv_mix(w) for w in rounds[14 - r]] for r in range(1, 14)] + [rounds[0]]


def _decrypt_block(dk: list[list[int]], block: bytes) -> bytes:
    k = dk[0]
    s0, s1, s2, s3 = (int.from_bytes(block[i : i + 4], "big") ^ k[i // 4] for i in range(0, 16, 4))
    for r in range(1, 14):
        k = dk[r]
        s0, s1, s2, s3 = (
            _TD0[s0 >> 24] ^ _TD1[(s3 >> 16) & 255] ^ _TD2[(s2 >> 8) & 255] ^ _TD3[s1 & 255] ^ k[0],
            _TD0[s1 >> 24] ^ _TD1[(s0 >> 16) & 255] ^ _TD2[(s3 >> 8) & 255] ^ _TD3[s2 & 255] ^ k[1],
            _TD0[s2 >> 24] ^ _TD1[(s1 >> 16) & 255] ^ _TD2[(s0 >> 8) & 255] ^ _TD3[s3 & 255] ^ k[2],
            _TD0[s3 >> 24] ^ _TD1[(s2 >> 16) & 255] ^ _TD2[(s1 >> 8) & 255] ^ _TD3[s0 & 255] ^ k[3],
        )
    k = dk[14]
    out = bytearray()
    for i, (a, b, c, d) in enumerate(((s0, s3, s2, s1), (s1, s0, s3, s2), (s2, s1, s0, s3), (s3, s2, s1, s0))):
        word = (_INV[a >> 24] << 24) | (_INV[(b >> 16) & 255] << 16) | (_INV[(c >> 8) & 255] << 8) | _INV[d & 255]
        out += (word ^ k[i]).to_bytes(4, "big")
    return bytes(out)


def aes256_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    dk = _decryption_keys(key)
    out, previous = bytearray(), iv
    for i in range(0, len(data), 16):
        block = data[i : i + 16]
        out += bytes(x ^ y for x, y in zip(_decrypt_block(dk, block), previous, strict=True))
        previous = block
    return bytes(out)


# -- SQLCipher 4 pages ------------------------------------------------------------------------
def sqlcipher_key(passphrase: str, salt: bytes) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")
    return hashlib.pbkdf2_hmac("sha512", secret, salt, KDF_ITER, 32)


def decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = SALT_SIZE if first else 0
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    plain = aes256_cbc_decrypt(key, iv, page[start : PAGE_SIZE - RESERVE])
    return (b"SQLite format 3\x00" if first else b"") + plain


def decrypted_pages(path: Path, passphrase: str) -> Iterator[bytes]:
    """Every page of the database file, then every frame of its -wal, decrypted."""
    data = path.read_bytes()
    key = sqlcipher_key(passphrase, data[:SALT_SIZE])
    for number, offset in enumerate(range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE), start=1):
        yield decrypt_page(key, data[offset : offset + PAGE_SIZE], number == 1)
    wal = Path(f"{path}-wal")
    log = wal.read_bytes() if wal.exists() else b""
    for offset in range(32, len(log) - (24 + PAGE_SIZE) + 1, 24 + PAGE_SIZE):
        number = int.from_bytes(log[offset : offset + 4], "big")
        yield decrypt_page(key, log[offset + 24 : offset + 24 + PAGE_SIZE], number == 1)


# -- scans and processes ----------------------------------------------------------------------
def encodings_of(text: str) -> list[bytes]:
    return [text.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


def holds_any(data: bytes, canaries: Iterable[str]) -> list[str]:
    return [c for c in canaries if any(form in data for form in encodings_of(c))]


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HSB_DESK_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(Path(__file__).parent)])
    env.update(extra)
    return env


def start_child(script: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """``python -c script args`` with line-buffered pipes; the script reports on stdout."""
    return subprocess.Popen(
        [sys.executable, "-u", "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**env),
    )


def kill_and_read_rest(child: subprocess.Popen[str]) -> str:
    """SIGKILL the child, then return everything it printed that has not been read yet.

    ``communicate()`` would read the pipe's file descriptor directly and miss lines that an earlier
    ``readline()`` had already pulled into the text wrapper's buffer, so the rest is read through
    that same wrapper.
    """
    assert child.stdout is not None and child.stderr is not None
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()
    return rest
