"""The workbook schema, built by numbered migrations. Never edit a released migration: add one.

``PRAGMA user_version`` holds the schema version. Opening an older workbook applies the missing
migrations in one transaction; a newer one is refused.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3

from hsb_desk.errors import WorkbookTooNew
from hsb_desk.store.connection import Connection

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE field_values (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, field_key)
) WITHOUT ROWID;

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    case_ref TEXT,
    action TEXT NOT NULL,
    field_key TEXT,
    old_json TEXT,
    new_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
"""

# Version 2: the practitioner profile, archiving, and an append-only audit log enforced by the
# database itself (so no code path can quietly rewrite history).
_V2 = """
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    email TEXT NOT NULL
);

ALTER TABLE cases ADD COLUMN archived_at TEXT;
CREATE INDEX cases_status ON cases(status);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(found + 1, target + 1):
            for statement in _statements(MIGRATIONS[version - 1]):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
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
