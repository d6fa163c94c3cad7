"""Workbooks that imported exchange files before files were numbered (schema version 9) are
upgraded in place, and what they imported then still guards against older files."""

from __future__ import annotations

from pathlib import Path

from conftest import PASSPHRASE, TODAY
from coworking.sequence_support import held, old_handback, old_handout, refused
from coworking.test_exchange import CASE, coworker_workbook, hand_back, hand_out, prepare_lead

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.connection import connect

#: The migration that numbers exchange files, found by what it adds (not by its number).
OURS = next(n for n, sql in enumerate(schema.MIGRATIONS, start=1) if "exchange_imports ADD COLUMN sequence" in sql)
ADDED = {"handouts": ("sequence", "handbacks"), "exchange_imports": ("sequence", "source", "created_at")}
LATER = {"signoffs": ("agrees", "comments")}  # added after numbering: version 11


def _as_before_numbering(path: Path) -> None:
    """Take a closed workbook back to the schema before numbering: its columns gone."""
    conn = connect(path, PASSPHRASE)
    for table, columns in (*ADDED.items(), *LATER.items()):
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DROP TABLE rule_switches")  # version 12
    conn.execute("ALTER TABLE meetings DROP COLUMN next_on")  # version 13
    for table in ("review_ratings", "target_progress", "closures", "reassessments"):  # version 14
        conn.execute(f"DROP TABLE {table}")
    conn.execute(f"PRAGMA user_version = {OURS - 1}")
    conn.close()


def _reopen(session: WorkbookSession, form: FormDefinition) -> WorkbookSession:
    path = session.workbook.path
    session.close()
    _as_before_numbering(path)
    return open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)


def test_imports_from_before_numbering_still_guard_against_older_files(
    session: WorkbookSession, tmp_path: Path, mini_form: FormDefinition
) -> None:
    lead = prepare_lead(session)
    with coworker_workbook(tmp_path, mini_form) as coworker:
        handout = unseal(*hand_out(lead, tmp_path))
        exchange.import_handout(coworker, handout)
        coworker.set_value(CASE, "findings.continuum", "abusive")
        exchange.apply_handback(lead, unseal(*hand_back(coworker, tmp_path)))
        lead, coworker = _reopen(lead, mini_form), _reopen(coworker, mini_form)
        try:
            assert schema.schema_version(lead.workbook.conn) == schema.CURRENT_VERSION
            imported = "SELECT sequence, source, created_at FROM exchange_imports"
            # A hand-out's import keeps its date (the received hand-out holds it); a hand-back's has none.
            assert coworker.workbook.conn.execute(imported).fetchall() == [(None, None, handout.payload["created_at"])]
            assert lead.workbook.conn.execute(imported).fetchall() == [(None, None, None)]

            # The lead, upgraded, cannot tell whether an unnumbered hand-back is older than the
            # one imported before the upgrade: refused, with what to do.
            coworker.set_value(CASE, "findings.concern_level", "high")
            before = held(lead)
            message = refused(exchange.apply_handback, lead, old_handback(coworker, tmp_path, "2099-01-01T00:00:00Z"))
            assert "before hand-backs were numbered, may be newer" in message and "update HSB Desk" in message
            assert held(lead) == before
            numbered = unseal(*hand_back(coworker, tmp_path))  # the co-worker, upgraded, numbers it
            assert numbered.payload["sequence"]["number"] == 1
            exchange.apply_handback(lead, numbered)
            assert lead.values(CASE)["findings.concern_level"] == "high"

            # The co-worker compares an unnumbered hand-out by the date kept for the old import.
            before = held(coworker)
            earlier = old_handout(lead, tmp_path, "2020-01-01T00:00:00.000+00:00")
            assert "a hand-out made" in refused(exchange.import_handout, coworker, earlier)
            assert held(coworker) == before
            exchange.import_handout(coworker, old_handout(lead, tmp_path, "2099-01-01T00:00:00.000+00:00"))
            assert lead.workbook.verify_audit().ok and coworker.workbook.verify_audit().ok
        finally:
            lead.close()
            coworker.close()
