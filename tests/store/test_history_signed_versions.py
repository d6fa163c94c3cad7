"""The coalesced value history (schema version 8: an undo row only for a spell that removed or
replaced text) still gives back exactly what each field said when each version was signed: the
example case signed three times, with narratives typed on, rewritten, cut, cleared and set again
between the sign-offs, in editing spells of many saves."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from coworking.signing_support import Today, example_session

from hsb_desk.app import signoff
from hsb_desk.app.session import WorkbookSession
from hsb_desk.store.audit import AuditEntry

APPENDED = " The family agreed to meet again before the review."
PER_SAVE = 6


def _type(session: WorkbookSession, reference: str, key: str, end: str) -> None:
    """From the field's value to ``end``, as a person types: the common start kept, the rest
    deleted a few characters a save, then typed a few characters a save."""
    text = str(session.values(reference).get(key) or "")
    common = next((i for i, (a, b) in enumerate(zip(text, end, strict=False)) if a != b), min(len(text), len(end)))
    for cut in range(len(text), common, -PER_SAVE):
        session.set_value(reference, key, text[:cut] or None)
    for length in range(common + PER_SAVE, len(end) + PER_SAVE, PER_SAVE):
        session.set_value(reference, key, end[:length] or None)


def _edits(number: int, values: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Between sign-offs: typed on at the end, a sentence rewritten mid-text, cut short, cleared."""
    first, second, third, fourth = keys
    if number == 1:
        return {first: values[first] + APPENDED, second: values[second].replace(" ", "  ", 3), third: None}
    return {
        first: values[first][: len(values[first]) // 2],
        third: "Set again after it was cleared, then typed on.",
        fourth: values[fourth].upper(),
    }


def _spells(session: WorkbookSession, reference: str, key: str) -> list[AuditEntry]:
    entries, spells = session.workbook.audit.entries(reference), []
    for entry in entries:
        if entry.action == "case created":
            spells = []
        elif entry.field_key == key and (entry.new_json or "").startswith('{"sha256":'):
            spells.append(entry)
    return spells


def test_every_signed_version_is_rebuilt_exactly_from_the_coalesced_history(tmp_path: Path) -> None:
    today = Today(date(2026, 11, 2))
    with example_session(tmp_path / "signed.hsbdesk", "Jo Example", today) as (session, reference):
        values = session.values(reference)
        keys = [k for k, v in sorted(values.items(), key=lambda kv: -len(str(kv[1]))) if isinstance(v, str)][:4]
        signed: list[tuple[int, dict[str, Any]]] = []
        for number in (1, 2, 3):
            change = signoff.sign_off(session, reference)
            signed.append((int(change.detail["version"]), session.values(reference)))
            if number == 3:
                break
            signoff.amend(session, reference, f"Amendment {number}")
            for key, end in _edits(number, session.values(reference), keys).items():
                _type(session, reference, key, end or "")
            today.day = date(2026, 11, 2 + 7 * number)
        assert [v for v, _ in signed] == [1, 2, 3]
        case = session.case(reference)
        signing = [e.seq for e in session.workbook.audit.entries(reference) if e.action == "version signed"]
        rows = session.workbook.conn.execute("SELECT count(*) FROM value_history").fetchone()[0]
        assert 0 < rows < 8  # only the spells that deleted or replaced text
        for key in values:
            spells = _spells(session, reference, key)
            revisions = session.workbook.values.revisions(case, key)
            assert len(spells) == len(revisions)
            for (version, stored), seq in zip(signed, signing, strict=True):
                before = [r for r, s in zip(revisions, spells, strict=True) if s.seq < seq]
                assert (before[-1].value if before else None) == stored.get(key), (key, version)
                assert signoff.signed_values(session, reference, version).get(key) == stored.get(key)
        assert session.workbook.verify_audit().ok
