"""Version 3: co-working (section owners, hand-outs, imported exchange files, the co-worker's
restricted copy), sign-offs and assessment versions. See docs/exchange.md."""

from __future__ import annotations

SQL = """
CREATE TABLE section_owners (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    section_key TEXT NOT NULL,
    owner TEXT NOT NULL CHECK (owner IN ('lead', 'coworker')),
    PRIMARY KEY (case_id, section_key)
) WITHOUT ROWID;

CREATE TABLE handouts (
    id TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    sections_json TEXT NOT NULL,
    base_json TEXT NOT NULL,
    theirs_json TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    merged_at TEXT
);
CREATE INDEX handouts_case ON handouts(case_id);

CREATE TABLE exchange_imports (
    file_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('handout', 'handback')),
    handout_id TEXT NOT NULL,
    case_ref TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE case_restrictions (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    handout_id TEXT NOT NULL,
    sections_json TEXT NOT NULL,
    synced_json TEXT NOT NULL,
    lead_name TEXT NOT NULL
);

CREATE TABLE assessment_versions (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'signed')),
    started_at TEXT NOT NULL,
    signed_at TEXT,
    snapshot_json TEXT,
    snapshot_digest TEXT,
    PRIMARY KEY (case_id, version)
) WITHOUT ROWID;

CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    what TEXT NOT NULL CHECK (what IN ('coworker_confirmation', 'lead_signoff', 'manager_countersign')),
    who TEXT NOT NULL,
    role TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    covers_digest TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signoffs_case ON signoffs(case_id, version);

CREATE TRIGGER signed_version_frozen BEFORE UPDATE ON assessment_versions
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed version cannot be changed'); END;

CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
BEGIN SELECT RAISE(ABORT, 'sign-off records cannot be changed'); END;
"""
