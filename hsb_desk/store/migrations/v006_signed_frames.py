"""Version 6: who signed on whose behalf, and each signed version's frame.

``signoffs.on_behalf_of`` names the lead practitioner when someone else signed for them (empty
when the lead signed themself, and for every sign-off recorded before this version).
``assessment_versions.frame_json`` keeps what the signed version's report shows besides its
values, as at signing (status, label, sign-off date, chronology); ``frame_digest`` is its
SHA-256, checked on every read. Versions signed before this version have no frame: the app
builds one from what was stored (see app/signoff/__init__.py and docs/report.md). The trigger that
refuses changes to a signed version (version 3) covers the new columns too.
"""

from __future__ import annotations

SQL = """
ALTER TABLE signoffs ADD COLUMN on_behalf_of TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment_versions ADD COLUMN frame_json TEXT;
ALTER TABLE assessment_versions ADD COLUMN frame_digest TEXT;
"""
