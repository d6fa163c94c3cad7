"""Version 11: a manager's countersignature is their authorisation of the signed version.

``signoffs.agrees`` says whether the manager agrees with the outcome of the assessment (1 they
agree, 0 they do not); ``signoffs.comments`` holds their comments (the app requires them when
the manager does not agree). Both are used by manager countersignatures only. A countersignature
recorded before this version reads NULL (not said) and no comments. The trigger that refuses
changes to sign-off records (version 3) covers the new columns too.
"""

from __future__ import annotations

SQL = """
ALTER TABLE signoffs ADD COLUMN agrees INTEGER CHECK (agrees IN (0, 1));
ALTER TABLE signoffs ADD COLUMN comments TEXT NOT NULL DEFAULT '';
"""
