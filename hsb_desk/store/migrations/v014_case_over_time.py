"""Version 14: the case over time (docs/pathway.md, "The case over time"). A review is a meeting
(of a type the procedure profile's review cycle is met by) that also re-rates each area and
records the progress of each target of the intervention plan; a closed case keeps its closure
record; a reassessment is a version of the assessment that starts a new assessment.
"""

from __future__ import annotations

SQL = """
CREATE TABLE review_ratings (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    concern TEXT,
    strength TEXT,
    PRIMARY KEY (meeting_id, area)
) WITHOUT ROWID;

CREATE TABLE target_progress (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, position)
) WITHOUT ROWID;

CREATE TABLE closures (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    closed_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    outcomes_json TEXT NOT NULL,
    summary TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    told TEXT NOT NULL,
    previous_status TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TEXT NOT NULL
);

CREATE TABLE reassessments (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (case_id, version)
) WITHOUT ROWID;
"""
