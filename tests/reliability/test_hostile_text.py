"""Hostile text is stored exactly and survives the interchange, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.values import LONGEST_LONGTEXT

PIECES = ["\x00", "\x0b", "\ufffe", "\uffff", "\ud800", "\udfff", "\u202e", "\u200b", "🦔", "مرحبا", "\t", "\r\n"]
HOSTILE = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=12).map("".join)


def as_stored(text: str) -> str | None:
    """``text`` as the workbook keeps it: exactly, except that a high surrogate followed by a low
    one is the single character they make. JSON's escapes cannot tell the two apart, and nor can
    UTF-16, which is used here as the independent reference."""
    if not text or not text.strip():  # only spaces or line breaks: no answer, so nothing is stored
        return None
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def test_a_split_surrogate_pair_is_read_back_as_its_character(session: WorkbookSession) -> None:
    session.create_case("P-1")
    session.set_value("P-1", "child.full_name", "\ud800\udfff")
    session.set_value("P-1", "child.notes", "\ud800 \udfff")
    assert session.values("P-1") == {"child.full_name": "\U000103ff", "child.notes": "\ud800 \udfff"}
    # Stored again as the character it is read back as, it is no change.
    assert session.set_value("P-1", "child.full_name", "\U000103ff").fields == ()


def test_any_text_is_stored_exactly_and_round_trips_through_interchange(
    tmp_path: Path, mini_form: FormDefinition
) -> None:
    lead = create_workbook(tmp_path / "a.hsbdesk", PASSPHRASE, form=mini_form, today=lambda: TODAY)
    other = create_workbook(tmp_path / "b.hsbdesk", PASSPHRASE, form=mini_form, today=lambda: TODAY)
    lead.create_case("H-1")
    counter = iter(range(10_000))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=HOSTILE, notes=HOSTILE)
    def check(name: str, notes: str) -> None:
        lead.set_value("H-1", "child.full_name", name or None)
        lead.set_value("H-1", "child.notes", notes or None)
        stored = lead.values("H-1")
        assert stored.get("child.full_name") == as_stored(name)
        assert stored.get("child.notes") == as_stored(notes)
        document = json.loads(json.dumps(lead.export_case("H-1")))
        document["case"]["reference"] = f"H-{next(counter)}"
        other.import_case(document)
        assert other.values(document["case"]["reference"]) == stored

    try:
        check()
    finally:
        lead.close()
        other.close()


def test_the_longest_narrative_is_stored_and_reread_and_a_longer_one_refused(
    tmp_path: Path, mini_form: FormDefinition
) -> None:
    path = tmp_path / "big.hsbdesk"
    session = create_workbook(path, PASSPHRASE, form=mini_form, today=lambda: TODAY)
    text = ("A long pasted narrative line with ‘quotes’ and 🦔.\n" * 20_000)[:LONGEST_LONGTEXT]
    session.create_case("B-1")
    session.set_value("B-1", "child.notes", text)
    with pytest.raises(InvalidInput) as refused:
        session.set_value("B-1", "child.notes", text + "!")
    assert f"at most {LONGEST_LONGTEXT:,}" in refused.value.user_message
    session.close()
    again = open_workbook(path, PASSPHRASE, mini_form, today=lambda: TODAY)
    assert again.values("B-1")["child.notes"] == text
    again.close()


@pytest.mark.usefixtures("mini_data_dir")
def test_export_json_of_lone_surrogates_can_be_imported_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    first, second = tmp_path / "one.hsbdesk", tmp_path / "two.hsbdesk"
    assert main(["init", str(first), "--name", "Alex"]) == 0
    assert main(["init", str(second), "--name", "Alex"]) == 0
    session = open_workbook(first, PASSPHRASE)
    session.create_case("S-1")
    session.set_value("S-1", "child.notes", "half a pair \ud800 and a NUL \x00 and Zoë")
    session.close()
    out = tmp_path / "s1.json"
    assert main(["export-json", str(first), "S-1", "--out", str(out)]) == 0
    assert main(["import", str(second), str(out)]) == 0
    session = open_workbook(second, PASSPHRASE)
    assert session.values("S-1")["child.notes"] == "half a pair \ud800 and a NUL \x00 and Zoë"
    session.close()
