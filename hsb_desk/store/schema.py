"""The workbook schema, built by numbered migrations. Never edit a released migration: add one.

``PRAGMA user_version`` holds the schema version. Opening an older workbook applies the missing
migrations in one transaction; a newer one is refused. A migration that SQL alone cannot say
also has a Python step, run after its SQL in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3

from hsb_desk.errors import WorkbookTooNew
from hsb_desk.store.connection import Connection
from hsb_desk.store.migrations import load_migrations, load_steps

MIGRATIONS: tuple[str, ...] = load_migrations()
STEPS: dict[int, Callable[[Connection], None]] = load_steps()
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Connection,
    target: int = CURRENT_VERSION,
    before: Callable[[int], None] | None = None,
) -> int:
    """Bring the schema to ``target`` in one transaction; returns the version found.

    ``before(found)`` runs first when there is work to do (the app backs the workbook up there).
    """
    found = schema_version(conn)
    if found > CURRENT_VERSION:
        raise WorkbookTooNew()
    if found >= target:
        return found
    if before is not None and found > 0:
        before(found)
    pending = list(range(found + 1, target + 1))
    # The SQL up to the first Python step runs as one script: a script's statements do not go
    # through the connection's statement cache (100 statements, the most used kept: filled by
    # statements run once, it would turn away the statements of every save after them).
    # ``executescript`` commits only a transaction already open, and there is none: the
    # script's own BEGIN opens the one transaction that the rest runs in.
    first = next((i for i, version in enumerate(pending) if version in STEPS), len(pending) - 1)
    try:
        conn.executescript("BEGIN IMMEDIATE;\n" + "\n".join(MIGRATIONS[v - 1] for v in pending[: first + 1]))
        for number, version in enumerate(pending):
            if number > first:
                for statement in _statements(MIGRATIONS[version - 1]):
                    conn.execute(statement)
            step = STEPS.get(version)
            if step is not None:
                step(conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


def _statements(script: str) -> list[str]:
    """Split a migration into whole statements, as SQLite itself judges them complete."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if buffer.strip() and sqlcipher3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements
