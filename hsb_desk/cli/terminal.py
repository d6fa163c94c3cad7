"""What the command line prints is safe on a terminal.

Case text can come from an imported file or a hand-back, so it may hold escape sequences that a
terminal would act on (move the cursor, retitle the window, hide what follows), a carriage
return that writes over the line, or bidirectional overrides that show text in another order.
Everything written to standard output and standard error passes through ``SafeStream``, which
drops those characters; tabs and line feeds stay. JSON printed to standard output escapes every
non-ASCII character instead (app/case_json.py), so it reads back exactly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# Whole escape sequences first, so that none leaves its parameters behind: control sequences
# (ESC [ or CSI … final byte), operating system commands (ESC ] or OSC … BEL or ST) and the other
# two-character escapes.
_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?|\x1b[@-Z\\\\-_]"
)
# Then every C0 control but tab and line feed (ESC, CR and BEL among them), DEL, the C1 controls
# and the bidirectional embedding, override and isolate controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    return _UNSAFE.sub("", _SEQUENCE.sub("", text))


class SafeStream:
    """A text stream that writes ``terminal_text`` of whatever it is given."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno…: the stream's own
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Standard output and error pass through ``SafeStream`` while the command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
