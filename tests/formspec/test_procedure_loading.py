"""Loading a pack's procedure profiles: the folder, the default, the option lists a profile
puts in place of the form's, and every mistake located by file and line, changing nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import pack_problems

from hsb_desk.formspec import load_form

FORMS = Path(__file__).resolve().parents[2] / "forms"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_profile_replaces_the_forms_option_list_only_under_that_profile() -> None:
    form = load_form(FORMS)
    durham = form.with_procedure("durham").get_field("referral.police_involvement")
    nel = form.with_procedure("north_east_lincolnshire").get_field("referral.police_involvement")
    assert durham is not None and nel is not None
    assert "diversion" in {o.value for o in nel.options}
    assert "diversion" not in {o.value for o in durham.options}
    back = form.with_procedure("north_east_lincolnshire").with_procedure("durham").get_field(durham.key)
    assert back is not None and back.options == durham.options  # the form's own list comes back


def test_an_unknown_duty_aspect_is_located(pack: Path) -> None:
    _edit(pack / "procedures" / "leeds.yaml", "duties:\n", "duties:\n  weather: {text: Sunny, source: None}\n")
    lines = pack_problems(pack)
    assert any(
        line.startswith("forms/procedures/leeds.yaml: line") and "duties 'weather': unknown aspect" in line
        for line in lines
    )


def test_a_list_the_form_does_not_have_is_located(pack: Path) -> None:
    _edit(
        pack / "procedures" / "leeds.yaml",
        "duties:\n",
        "option_lists:\n  colours: [{value: red, label: Red}]\nduties:\n",
    )
    lines = pack_problems(pack)
    assert any("option list 'colours': the form has no option list called 'colours'" in line for line in lines)


def test_a_list_that_drops_a_value_the_form_reads_is_refused(pack: Path) -> None:
    path = pack / "procedures" / "north_east_lincolnshire.yaml"
    text = path.read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if "value: no_further_action" not in line) + "\n"
    path.write_text(kept, encoding="utf-8")
    lines = pack_problems(pack)
    assert any(
        "option list 'police_outcome': must keep the value 'no_further_action'" in line
        and "referral.officer_in_charge" in line
        for line in lines
    )


def test_profiles_need_their_own_ids_and_the_default_must_be_one(pack: Path) -> None:
    _edit(pack / "procedures" / "leeds.yaml", "id: leeds\n", "id: durham\n")
    assert any("another profile has the id 'durham'" in line for line in pack_problems(pack))
    _edit(pack / "procedures" / "leeds.yaml", "id: durham\n", "")
    assert any(
        "forms/procedures/leeds.yaml: top level: a profile needs an 'id'" in line for line in pack_problems(pack)
    )
    _edit(pack / "procedures" / "leeds.yaml", "name: Leeds", "id: leeds\nname: Leeds")
    _edit(pack / "form.yaml", "default: durham", "default: gotham")
    assert any("the default 'gotham' is not one of the profiles" in line for line in pack_problems(pack))


def test_a_condition_on_a_value_the_field_does_not_offer_is_located(pack: Path) -> None:
    path = pack / "procedures" / "durham.yaml"
    _edit(path, "values: [not_needed]", "values: [not_wanted]")
    lines = pack_problems(pack)
    assert any("'unless' value 'not_wanted' is not an option of 'referral.meeting_decision'" in line for line in lines)
