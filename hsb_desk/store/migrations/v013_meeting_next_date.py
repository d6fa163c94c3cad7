"""Version 13: a meeting keeps the date it agreed for the next meeting (``next_on``, YYYY-MM-DD,
NULL when none was agreed). A review cycle's next date follows it (docs/pathway.md, "Next
meeting")."""

from __future__ import annotations

SQL = """
ALTER TABLE meetings ADD COLUMN next_on TEXT;
"""
