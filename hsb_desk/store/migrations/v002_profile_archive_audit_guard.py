"""Version 2: the practitioner profile, archiving, and an append-only audit log enforced by the
database itself (so no code path can quietly rewrite history)."""

from __future__ import annotations

SQL = """
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
