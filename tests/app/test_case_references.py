"""The next free case reference (the New case dialog's suggestion), and a new case created with
its first details in one step: all stored, or, on any problem, nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from hsb_desk import paths
from hsb_desk.app.case_references import next_reference
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import InvalidInput, ValidationFailed
from hsb_desk.formspec import load_form
from hsb_desk.store.records import Profile

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("existing", "suggested"),
    [
        ([], "HSB-2026-0001"),
        (["HSB-2026-0001", "HSB-2026-0007", "C-1"], "HSB-2026-0008"),
        (["HSB-2025-0042"], "HSB-2026-0001"),  # a new year starts again at 1
        (["DUR-2026-12", "DUR-2026-15", "HSB-2026-0003"], "DUR-2026-16"),  # the prefix most used, its width
        (["C-1", "C-2"], "HSB-2026-0001"),
    ],
)
def test_the_next_free_reference_follows_the_workbook_s_pattern(existing: list[str], suggested: str) -> None:
    assert next_reference(existing, TODAY) == suggested
    assert suggested not in existing


def test_a_case_is_created_with_its_first_details_or_not_at_all(tmp_path: Path) -> None:
    form = load_form(paths.forms_dir())
    name, born = form.role_key("child_name"), form.role_key("child_date_of_birth")
    assert name and born
    session = create_workbook(tmp_path / "w.hsbdesk", PASSPHRASE, Profile("Jo Example", "SW", "Council", ""), form)
    try:
        with pytest.raises(ValidationFailed) as refused:
            session.create_case("HSB-2026-0001", {name: "Jordan Fictional", born: "2099-01-01"})
        assert "future" in refused.value.user_message
        assert session.workbook.cases.find("HSB-2026-0001") is None
        with pytest.raises(InvalidInput):
            session.create_case("-bad", {name: "Jordan Fictional"})
        session.create_case("HSB-2026-0001", {name: "Jordan Fictional", born: "2012-03-04"})
        assert session.values("HSB-2026-0001") == {name: "Jordan Fictional", born: "2012-03-04"}
        assert session.suggested_reference().startswith("HSB-")
    finally:
        session.close()
