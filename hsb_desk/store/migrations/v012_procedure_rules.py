"""Version 12: the rules of the procedure profile a caseworker has switched off for one case,
each with its reason, who and when (docs/pathway.md, "Switching a rule off"). The workbook's
procedure profile itself is a ``meta`` value (``procedure``), set when it is created or changed.
"""

from __future__ import annotations

SQL = """
CREATE TABLE rule_switches (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    rule_key TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    switched_by TEXT NOT NULL,
    switched_at TEXT NOT NULL,
    PRIMARY KEY (case_id, rule_key)
);
"""
