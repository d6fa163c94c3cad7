"""Where the command line gets passphrases: a file, the environment, or a no-echo prompt."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from hsb_desk.errors import InvalidInput


def _from_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"The passphrase file cannot be read ({exc.__class__.__name__}).") from exc
    # A trailing newline is how editors end files; it is never part of the passphrase.
    return text[:-1] if text.endswith("\n") else text


def read_secret(file_option: str | None, env_name: str, prompt: str, confirm: bool = False) -> str:
    """From ``--...-file``, then ``$env_name``, then a prompt on a terminal (asked twice when
    ``confirm``). Without any of them on a non-terminal, a usage error."""
    if file_option:
        return _from_file(file_option)
    value = os.environ.get(env_name)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise InvalidInput("The two passphrases are not the same; nothing was changed.")
        return first
    raise InvalidInput(f"No passphrase given: set {env_name}, use a passphrase file, or run in a terminal.")
