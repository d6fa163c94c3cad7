"""Version 5: the case pathway (meetings, who was there, actions, manual chronology entries) and
an index that makes one field's values across every case quick to read (what is due, case lists).
See docs/pathway.md."""

from __future__ import annotations

SQL = """
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    held_on TEXT NOT NULL,
    decisions TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_case ON meetings(case_id, type, held_on);

CREATE TABLE meeting_attendees (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    attendance TEXT NOT NULL CHECK (attendance IN ('attended', 'apologies', 'invited'))
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id, position);

CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_actions_case ON meeting_actions(case_id);
CREATE INDEX meeting_actions_open ON meeting_actions(done_on, due_on);

CREATE TABLE chronology_entries (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    what TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX chronology_entries_case ON chronology_entries(case_id, on_date);

CREATE INDEX field_values_key ON field_values(field_key);
"""
