"""The case list's summaries read the child's name from whichever field the app names (the form's
``child_name`` role), through a covering index when the schema has one for that key, else through
the primary key: one query either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk.store.workbook import Workbook


@pytest.fixture
def workbook(workbook_path: Path) -> Iterator[Workbook]:
    workbook = Workbook.create(workbook_path, PASSPHRASE)
    with workbook.transaction():
        for reference, key, name in (
            ("C-1", "child.full_name", "Robin Fictional"),
            ("C-2", "young_person.called", 'Sam "Sammy" Example'),
            ("C-3", "child.full_name", "Jo Example"),
        ):
            case = workbook.cases.create(reference, "mini-form", "1.0", "Alex")
            workbook.values.set(case, key, name, "Alex")
    yield workbook
    workbook.close()


def _plan(workbook: Workbook, key: str | None) -> tuple[list[tuple[str, str]], str]:
    """The summaries' (reference, name), and the query plan of the one statement that read them."""
    statements: list[str] = []
    workbook.conn.set_trace_callback(statements.append)
    try:
        names = [(reference, name) for reference, _, _, _, name in workbook.cases.summaries(key)]
    finally:
        workbook.conn.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().startswith("SELECT c.reference")]
    assert len(reads) == 1
    plan = " | ".join(row[-1] for row in workbook.conn.execute(f"EXPLAIN QUERY PLAN {reads[0]}"))
    return names, plan


def test_names_come_from_the_key_given_through_its_covering_index(workbook: Workbook) -> None:
    names, plan = _plan(workbook, "child.full_name")
    assert names == [("C-1", "Robin Fictional"), ("C-2", ""), ("C-3", "Jo Example")]
    assert "COVERING INDEX field_values_child_full_name" in plan  # schema version 5's index


def test_any_other_key_is_read_through_the_primary_key(workbook: Workbook) -> None:
    names, plan = _plan(workbook, "young_person.called")
    assert names == [("C-1", ""), ("C-2", 'Sam "Sammy" Example'), ("C-3", "")]
    assert "PRIMARY KEY (case_id=? AND field_key=?)" in plan
    assert "SCAN field_values" not in plan  # never a scan of every value


def test_a_form_without_a_name_role_lists_every_case_without_a_name(workbook: Workbook) -> None:
    names, _ = _plan(workbook, None)
    assert names == [("C-1", ""), ("C-2", ""), ("C-3", "")]


@pytest.mark.parametrize("key", ["child.full_name'; DROP TABLE cases; --", "Child.Name", ""])
def test_a_key_that_is_not_a_field_key_is_refused(workbook: Workbook, key: str) -> None:
    with pytest.raises(ValueError):
        workbook.cases.summaries(key)
