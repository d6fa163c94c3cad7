"""Version 10: exchange files are numbered, so an older one is never imported over a newer one.

Each hand-out carries its number among the hand-outs of its case from the lead's workbook, and
each hand-back its number among the hand-backs of its hand-out from the co-worker's workbook
(docs/exchange.md, "Older files"). ``handouts.sequence`` is the number a hand-out was given
(sent) or carried (received); ``handouts.handbacks`` counts the hand-backs exported for a
received hand-out. ``exchange_imports`` keeps, for each imported file, its number, the id of
the workbook that wrote it and when it was made, so the next file can be compared with it.

Rows written before this version have no number. A hand-out's import keeps its date (the
received hand-out holds it); a hand-back's import has none, and the app treats it as possibly
newer than any unnumbered file (written by the previous version) that comes after it.
"""

from __future__ import annotations

SQL = """
ALTER TABLE handouts ADD COLUMN sequence INTEGER CHECK (sequence >= 1);
ALTER TABLE handouts ADD COLUMN handbacks INTEGER NOT NULL DEFAULT 0 CHECK (handbacks >= 0);
ALTER TABLE exchange_imports ADD COLUMN sequence INTEGER CHECK (sequence >= 1);
ALTER TABLE exchange_imports ADD COLUMN source TEXT;
ALTER TABLE exchange_imports ADD COLUMN created_at TEXT;
UPDATE exchange_imports SET created_at = (
    SELECT h.created_at FROM handouts h WHERE h.id = exchange_imports.handout_id AND h.direction = 'received'
) WHERE kind = 'handout';
"""
