"""The window follows the workbook's procedure profile: chosen on first run, changed in File ▸
Procedure profile…, with the due strip, the route options and rules switched off for a case
following it (app/procedures.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from ui.ui_support import FakePrompts, add_window, close_window, settle, unlock

from hsb_desk import paths
from hsb_desk.app.procedures import switched_off_rules, workbook_procedure
from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.records import Profile
from hsb_desk.ui.pathway import due as due_module
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.procedure_dialog import ProcedureDialog

CASE = "HSB-T-1"
RMM = "Risk Management Meeting"


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


def real_window(form: FormDefinition, path: Path, prompts: FakePrompts) -> MainWindow:
    """The window as the app builds it: the pack's form, unbound; the creator takes a profile."""

    def opener(workbook: Path, passphrase: str) -> Any:
        return open_workbook(workbook, passphrase, form, today=lambda: TODAY)

    def creator(workbook: Path, passphrase: str, profile: Profile, procedure: str = "") -> Any:
        return create_workbook(workbook, passphrase, profile, form, today=lambda: TODAY, procedure=procedure or None)

    window = MainWindow(form, Settings(), path, opener, creator, prompts=prompts)
    window.assessment.today = lambda: TODAY
    return window


def make_workbook(path: Path, form: FormDefinition, procedure: str, values: dict[str, Any]) -> None:
    session = create_workbook(
        path,
        PASSPHRASE,
        Profile("Alex Example", "Social worker", "Example Council", "a@example.org"),
        form,
        today=lambda: TODAY,
        procedure=procedure,
    )
    try:
        session.create_case(CASE)
        for key, value in values.items():
            session.set_value(CASE, key, value)
    finally:
        session.close()


@pytest.fixture
def durham_window(
    qtbot: Any, workbook_path: Path, real_form: FormDefinition, prompts: FakePrompts
) -> Iterator[MainWindow]:
    make_workbook(workbook_path, real_form, "durham", {"referral.date": "2026-11-16"})
    win = real_window(real_form, workbook_path, prompts)
    add_window(qtbot, win)
    win.show()
    unlock(qtbot, win)
    win.open_case(CASE, "referral")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.assessment)
    settle(qtbot, win)
    yield win
    close_window(qtbot, win)


def choose_in_dialog(procedure: str, reason: str = "") -> Any:
    def work(dialog: ProcedureDialog) -> bool:
        dialog.choice.choose(procedure)
        dialog.reason.setText(reason)
        return True

    return work


def test_the_first_run_page_records_the_profile_chosen(
    qtbot: Any, tmp_path: Path, real_form: FormDefinition, prompts: FakePrompts
) -> None:
    path = tmp_path / "mine.hsbdesk"
    win = real_window(real_form, path, prompts)
    add_window(qtbot, win)
    win.show_first_run()
    view = win.first_run
    assert view is not None and view.procedure is not None
    assert view.procedure.chosen() == real_form.default_procedure  # Durham, unless told otherwise
    assert "Risk Management" in view.procedure.summary.text() or view.procedure.summary.text()
    view.procedure.choose("north_east_lincolnshire")
    assert "AIM Pathway Panel" in view.procedure.summary.text()
    view.path.setText(str(path))
    view.first.setText(PASSPHRASE)
    view.second.setText(PASSPHRASE)
    view.name.setText("Alex Example")
    view.create_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.cases_view)
    settle(qtbot, win)
    chosen = win.bridge.db.call(workbook_procedure)
    assert chosen is not None and chosen.chosen and chosen.profile.id == "north_east_lincolnshire"
    assert win.form.procedure is not None and win.form.procedure.id == "north_east_lincolnshire"
    close_window(qtbot, win)


def test_changing_the_profile_changes_what_is_due(qtbot: Any, durham_window: MainWindow, prompts: FakePrompts) -> None:
    win = durham_window
    strip = win.assessment.due_strip
    qtbot.waitUntil(lambda: any(RMM in t for t in strip.texts()))
    prompts.dialog_answers.append(choose_in_dialog("darlington", "The case moved to Darlington"))
    win.edit_procedure()
    qtbot.waitUntil(lambda: bool(prompts.told) and win.form.procedure == win.form.profile("darlington"))
    settle(qtbot, win)
    assert prompts.told[-1] == "This workbook now follows Darlington."
    qtbot.waitUntil(lambda: not any(RMM in t for t in strip.texts()))
    assert not any("Strategy meeting" in t for t in strip.texts())  # no allegation date yet
    win.bridge.db.call(lambda s: s.set_value(CASE, "referral.allegation_date", "2026-11-20"))
    strip.refresh()
    qtbot.waitUntil(lambda: any("Strategy meeting" in t for t in strip.texts()))
    assert win.assessment.page().form is win.form  # the pages were built again, with the bound form


def test_the_dialog_shows_the_current_profile_its_summary_and_duties(qtbot: Any, durham_window: MainWindow) -> None:
    win = durham_window
    current = win.bridge.db.call(workbook_procedure)
    dialog = ProcedureDialog(win.form, current, win)
    qtbot.addWidget(dialog)
    assert "Durham" in dialog.current.text()
    assert dialog.choice.chosen() == "durham"
    assert "Lead agency" in dialog.duties.toPlainText()
    dialog.choice.choose("leeds")
    profile = win.form.profile("leeds")
    assert profile is not None and profile.duties
    assert " ".join(profile.duties[0].text.split())[:40] in " ".join(dialog.duties.toPlainText().split())


def test_a_rule_switched_off_with_a_reason_leaves_the_strip_and_can_be_switched_on(
    qtbot: Any, durham_window: MainWindow, prompts: FakePrompts
) -> None:
    win = durham_window
    strip = win.assessment.due_strip
    qtbot.waitUntil(lambda: any(RMM in t for t in strip.texts()))
    index = next(i for i, t in enumerate(strip.texts()) if RMM in t)
    button = strip.switch_buttons[index]
    assert button.isVisible() and button.focusPolicy() & button.focusPolicy().TabFocus
    prompts.text_answers.append("Held under the neighbouring authority's procedures")
    button.click()
    qtbot.waitUntil(lambda: not any(RMM in t for t in strip.texts()))
    qtbot.waitUntil(lambda: bool(strip.off_texts()))
    (line,) = strip.off_texts()
    assert line == (
        f"Switched off: {RMM} — Held under the neighbouring authority's procedures (Alex Example, "
        f"{date.today():%d/%m/%Y})"  # the workbook's own clock records when
    )
    assert strip.off_lines[0].isVisible() and strip.switch_on_buttons[0].isVisible()
    strip.switch_on_buttons[0].click()
    qtbot.waitUntil(lambda: any(RMM in t for t in strip.texts()) and not strip.off_texts())


def test_an_empty_reason_is_refused_with_a_message_and_changes_nothing(
    qtbot: Any, durham_window: MainWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = durham_window
    shown: list[str] = []
    monkeypatch.setattr(due_module, "show_error", lambda _parent, error: shown.append(error.user_message))
    strip = win.assessment.due_strip
    qtbot.waitUntil(lambda: any(RMM in t for t in strip.texts()))
    index = next(i for i, t in enumerate(strip.texts()) if RMM in t)
    prompts.text_answers.append("   ")
    strip.switch_buttons[index].click()
    qtbot.waitUntil(lambda: bool(shown))
    settle(qtbot, win)
    assert shown == ["Give the reason for switching this rule off: it is kept with the case."]
    assert win.bridge.db.call(lambda s: switched_off_rules(s, CASE)) == {}
    assert any(RMM in t for t in strip.texts()) and not strip.off_texts()


def test_the_referral_page_offers_the_profiles_own_police_outcomes(
    qtbot: Any, durham_window: MainWindow, prompts: FakePrompts
) -> None:
    win = durham_window
    key = "referral.police_involvement"

    def offered() -> list[str]:
        spec = win.assessment.page().editors[key].spec
        return [option.value for option in spec.options]

    assert "diversion" not in offered()
    prompts.dialog_answers.append(choose_in_dialog("north_east_lincolnshire"))
    win.edit_procedure()
    qtbot.waitUntil(lambda: win.form.procedure is not None and win.form.procedure.id == "north_east_lincolnshire")
    qtbot.waitUntil(lambda: win.assessment.reference == CASE and key in win.assessment.page().editors)
    settle(qtbot, win)
    assert "diversion" in offered()
    assert win.actions_.form is win.form
