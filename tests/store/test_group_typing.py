"""A row of a repeating group typed as a person types grows the workbook with what was typed, as
a narrative does (test_audit_linear.py): each save stores the whole group, but the log keeps one
small entry per editing spell. The shipped pack's groups of issue 18 are typed: the child who has
been harmed (a support plan in its row) and the immediate safety plan (a measure in its row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from store.test_audit_linear import SPELLS, Clock, _file_size, _session, narrative

from hsb_desk import paths
from hsb_desk.formspec import FormDefinition, load_form

CHARS = 6_000
PER_SAVE = 5


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


def typed_growth(path: Path, form: FormDefinition, key: str, row: dict[str, Any], column: str, chars: int) -> int:
    """Type ``chars`` characters into ``column`` of the group's one row, a few per save with a
    pause after each sixth; the bytes the workbook grew by."""
    clock = Clock()
    session = _session(path, form, clock)
    try:
        session.create_case("T-1")
        session.set_value("T-1", "child.full_name", "Robin Example")
        before = _file_size(session)
        text, spell = narrative(chars), -(-chars // SPELLS)
        for end in range(PER_SAVE, chars + PER_SAVE, PER_SAVE):
            clock.advance(seconds=2)
            session.set_value("T-1", key, [{**row, column: text[:end]}])
            if end % spell < PER_SAVE:
                clock.advance(minutes=20)
        assert session.values("T-1")[key] == [{**row, column: text}]
        entries = [e for e in session.workbook.audit.entries("T-1") if e.field_key == key]
        assert len(entries) <= SPELLS + 1  # one per spell, not one per save
        return _file_size(session) - before
    finally:
        session.close()


@pytest.mark.parametrize(
    ("key", "row", "column"),
    [
        ("harmed.children", {"identified_as": "Child A", "referred": "yes"}, "support_plan"),
        ("safety.measures", {"where": "home", "responsible": "Robin's mother"}, "measure"),
    ],
)
def test_a_typed_row_grows_the_workbook_with_the_text(
    tmp_path: Path, real_form: FormDefinition, key: str, row: dict[str, Any], column: str
) -> None:
    assert real_form.get_field(key) is not None and real_form.get_field(key).type == "group"
    grown = typed_growth(tmp_path / "a.hsbdesk", real_form, key, row, column, CHARS)
    # 6,000 characters in 1,200 saves of the whole group: about the text and a few pages.
    assert grown < CHARS + 6 * 4096, grown
    twice = typed_growth(tmp_path / "b.hsbdesk", real_form, key, row, column, 2 * CHARS)
    assert twice < 2.5 * grown + 4 * 4096, (twice, grown)  # twice the text: about twice, not four times
