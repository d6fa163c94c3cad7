"""The section setting ``handout: lead_chooses`` (issue 18, item 2): read from the form data, and a
bad value reported with its file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pack_problems

from hsb_desk.formspec import load_form

SECTION_FILE = "sections/15-child-harmed.yaml"


def _set_handout(pack: Path, value: str | None) -> int:
    """Rewrites the section's ``handout:`` line (or removes it); returns its line number."""
    path = pack / SECTION_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith("handout:"))
    if value is None:
        del lines[number]
    else:
        lines[number] = f"handout: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_the_shipped_pack_keeps_only_the_child_harmed_section_out_of_handouts(pack: Path) -> None:
    form = load_form(pack)
    kept = [s for s in form.sections if s.handout == "lead_chooses"]
    assert [(s.title, s.owner) for s in kept] == [("The child who has been harmed", "lead")]
    assert kept[0].number == len(form.sections)  # the last section, after the others were numbered


@pytest.mark.parametrize("value", ["sometimes", "3", "[lead_chooses]", "true"])
def test_a_bad_value_is_reported_with_its_file_and_line(pack: Path, value: str) -> None:
    line = _set_handout(pack, value)
    problems = pack_problems(pack)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"forms/{SECTION_FILE}: line {line}, section 'harmed': unknown hand-out setting")
    assert problems[0].endswith("'handout' must be lead_chooses (or left out)")


def test_without_the_setting_the_section_is_handed_out_like_any_other(pack: Path) -> None:
    _set_handout(pack, None)
    form = load_form(pack)
    assert all(section.handout == "" for section in form.sections)
