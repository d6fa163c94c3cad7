"""Version 9: every workbook carries an id of its own (128 random bits, hex), kept in ``meta``.

Backups are named and matched by it, so two workbooks that share a file name in different
folders never prune, offer or accept each other's backups (docs/storage.md). A copy of a
workbook keeps its id: it is the same record, and its backups are its own."""

from __future__ import annotations

SQL = """
INSERT OR IGNORE INTO meta (key, value) VALUES ('workbook_id', lower(hex(randomblob(16))));
"""
