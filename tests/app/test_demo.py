"""The demo workbook: fictional cases in every state, made through the real services.

Each case is one fictional child throughout, every case is led by the workbook's own
practitioner (so the signed-off case is signed by its lead), and every date moves with the day
the demo is made. The demo is made twice per module (today, and as if 200 days later) and read once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from hsb_desk import paths
from hsb_desk.app import pathway, signoff
from hsb_desk.app.backups import backup_now, backups_for, purge_case
from hsb_desk.app.demo import (
    DEMO_PASSPHRASE,
    DEMO_PROFILE,
    SIGNED_REFERENCE,
    demo_documents,
    ensure_demo_workbook,
    reset_demo_workbook,
)
from hsb_desk.app.pathway import due as pathway_due
from hsb_desk.app.workbooks import default_form, open_workbook
from hsb_desk.errors import WorkbookLocked
from hsb_desk.formspec import FormDefinition
from hsb_desk.formspec.model import FieldSpec

EXAMPLE = "HSB-2026-0001"
ARCHIVED = "HSB-2025-0019"
LATER = 200  # days: the second demo is made as if this long after today
# resources/demo/case-over-time.json: the signed case was signed on 8 June for a demo of 22 November.
SIGNED_BEFORE_TODAY = date(2026, 11, 22) - date(2026, 6, 8)
CLOSED = "HSB-2026-0004"
PREFERRED_NAME = "child.preferred_name"
INCIDENTS, HARMED_NAME = "behaviour.incidents", "harmed_name"


@dataclass
class Made:
    """What one demo workbook holds, read once while it was open."""

    today: date
    profile_name: str
    statuses: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    computed: dict[str, dict[str, Any]] = field(default_factory=dict)
    pathway_dates: dict[str, list[str | None]] = field(default_factory=dict)
    due: list[pathway_due.DueEntry] = field(default_factory=list)
    versions: list[signoff.VersionInfo] = field(default_factory=list)


def _make(folder: Path, today: date) -> Made:
    path = ensure_demo_workbook(folder / "demo.hsbdesk", default_form(), today=lambda: today)
    session = open_workbook(path, DEMO_PASSPHRASE, default_form(), today=lambda: today)
    try:
        profile = session.profile()
        made = Made(today, profile.name if profile else "")
        for case in session.list_cases():
            ref = case.reference
            made.statuses[ref] = case.status
            made.values[ref] = session.values(ref)
            made.computed[ref] = session.values_with_computed(ref)
            meetings: list[str | None] = [m.held_on for m in pathway.list_meetings(session, ref)]
            actions = [d for a in pathway.list_actions(session, ref) for d in (a.due_on, a.done_on)]
            made.pathway_dates[ref] = meetings + actions
        made.due = pathway_due.workbook_due(session, days=pathway_due.MAX_DAYS)
        made.versions = signoff.versions(session, SIGNED_REFERENCE)
    finally:
        session.close()
    return made


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Made, Made]]:
    with pytest.MonkeyPatch.context() as patch:  # backups of the demos go to a home of their own
        patch.setenv("HSB_DESK_HOME", str(tmp_path_factory.mktemp("demo-home")))
        today = date.today()
        yield (
            _make(tmp_path_factory.mktemp("today"), today),
            _make(tmp_path_factory.mktemp("later"), today + timedelta(days=LATER)),
        )


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return default_form()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _dated(form: FormDefinition, values: dict[str, Any]) -> Iterator[tuple[str, FieldSpec, str]]:
    """(where, spec, text) of every date in ``values``, inside group rows too."""
    for _, spec in form.iter_fields():
        value = values.get(spec.key)
        if spec.type == "date" and isinstance(value, str):
            yield spec.key, spec, value
        for number, row in enumerate(value if spec.type == "group" and isinstance(value, list) else []):
            for sub in spec.fields:
                if sub.type == "date" and isinstance(row.get(sub.key), str):
                    yield f"{spec.key}[{number}].{sub.key}", sub, row[sub.key]


def _names_of_child(form: FormDefinition, values: dict[str, Any]) -> set[str]:
    key = form.role_key("child_name")
    assert key is not None
    return {values[key].split()[0], *([values[PREFERRED_NAME]] if values.get(PREFERRED_NAME) else [])}


def _mentions(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def test_demo_workbook_holds_cases_in_every_state(demos: tuple[Made, Made], tmp_path: Path) -> None:
    made = demos[0]
    statuses = {"draft", "with_coworker", "awaiting_signoff", "signed_off", "closed", "archived"}
    assert set(made.statuses.values()) == statuses
    assert made.statuses[SIGNED_REFERENCE] == "signed_off"
    assert made.versions[0].status == "signed"
    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk")
    session = open_workbook(path, DEMO_PASSPHRASE)
    try:
        assert [m.type for m in pathway.list_meetings(session, EXAMPLE)] == [
            "other",  # a strategy discussion: County Durham's procedures name no strategy meeting
            "risk_management_meeting",
        ]
        assert session.form.procedure is not None and session.form.procedure.id == "durham"
        assert session.missing_for_signoff(EXAMPLE) == []  # the example is fully filled
    finally:
        session.close()
    before = path.read_bytes()
    assert ensure_demo_workbook(path) == path  # made once, then left alone
    assert path.read_bytes() == before


def test_each_demo_case_names_only_its_own_child(demos: tuple[Made, Made], form: FormDefinition) -> None:
    values = demos[0].values
    names = {ref: _names_of_child(form, v) for ref, v in values.items()}
    assert len({n for found in names.values() for n in found}) >= len(values)  # six children, six names
    for ref, case_values in values.items():
        others = {n for other, found in names.items() if other != ref for n in found} - names[ref]
        for text in _strings(case_values):
            named = [n for n in others if _mentions(n, text)]
            assert not named, f"{ref} names another demo child ({named}) in: {text[:60]}"
    for ref in (EXAMPLE, SIGNED_REFERENCE):  # the two full cases are about their own child
        assert any(_mentions(min(names[ref]), text) for text in _strings(values[ref]))


def test_children_harmed_are_named_only_in_sensitive_fields(demos: tuple[Made, Made], form: FormDefinition) -> None:
    for ref, values in demos[0].values.items():
        harmed = {row[HARMED_NAME].split()[0] for row in values.get(INCIDENTS, []) if row.get(HARMED_NAME)}
        for _, spec in form.iter_fields():
            value = values.get(spec.key)
            rows = value if spec.type == "group" and isinstance(value, list) else []
            open_texts = [] if spec.sensitive else [value] if not rows else []
            open_texts += [row.get(sub.key) for row in rows for sub in spec.fields if not sub.sensitive]
            for text in _strings(open_texts):
                assert not [n for n in harmed if _mentions(n, text)], f"{ref} {spec.key} names a child harmed"


def test_every_case_is_led_by_the_demo_practitioner_who_signs_it(
    demos: tuple[Made, Made], form: FormDefinition
) -> None:
    made = demos[0]
    lead = form.role_key("lead_practitioner")
    assert lead is not None and made.profile_name == DEMO_PROFILE.name
    assert {v[lead] for v in made.values.values()} == {made.profile_name}
    signed = made.versions[0]
    assert signed.signed_by == made.values[SIGNED_REFERENCE][lead]
    assert signed.signed_on == (made.today - SIGNED_BEFORE_TODAY).isoformat()


def test_dates_move_with_the_day_the_demo_is_made(demos: tuple[Made, Made], form: FormDefinition) -> None:
    today, later = demos
    assert today.values.keys() == later.values.keys()
    moved = 0
    for ref, values in today.values.items():
        after = dict((where, text) for where, _, text in _dated(form, later.values[ref]))
        for where, _, text in _dated(form, values):
            assert date.fromisoformat(after[where]) - date.fromisoformat(text) == timedelta(days=LATER), where
            moved += 1
        for now_on, then_on in zip(today.pathway_dates[ref], later.pathway_dates[ref], strict=True):
            assert (now_on is None) == (then_on is None)
            if now_on and then_on:
                assert date.fromisoformat(then_on) - date.fromisoformat(now_on) == timedelta(days=LATER)
        assert _computed(form, today.computed[ref]) == _computed(form, later.computed[ref])  # ages stay right
    assert moved > 40 and _computed(form, today.computed[EXAMPLE])
    assert later.versions[0].signed_on == (later.today - SIGNED_BEFORE_TODAY).isoformat()


def _computed(form: FormDefinition, values: dict[str, Any]) -> dict[str, Any]:
    """The computed fields (age, ratings, outcome) of one case, to compare across demos."""
    keys = {spec.key for _, spec in form.iter_fields() if spec.type == "computed"}
    return {k: v for k, v in values.items() if k in keys}


def test_no_not_future_date_is_in_the_future(demos: tuple[Made, Made], form: FormDefinition) -> None:
    checked = 0
    for made in demos:
        for ref, values in made.values.items():
            for where, spec, text in _dated(form, values):
                if spec.not_future:
                    assert date.fromisoformat(text) <= made.today, f"{ref} {where}"
                    checked += 1
    assert checked >= 2 * 6  # every child's date of birth at least


def test_due_list_reads_as_a_live_caseload(demos: tuple[Made, Made]) -> None:
    for made in demos:
        overdue = [e for e in made.due if e.overdue]
        soon = [e for e in made.due if not e.overdue and e.due <= made.today + timedelta(days=14)]
        assert len(overdue) <= 1, overdue
        assert len(soon) >= 2, made.due
        assert len(made.due) >= 5


def test_no_case_lists_a_report_as_sent(demos: tuple[Made, Made], form: FormDefinition) -> None:
    column = form.role_column("distribution_sent")
    assert column is not None
    group, sent = column
    rows = [row for values in demos[0].values.values() for row in values.get(group.key, [])]
    assert rows and all(sent.key not in row for row in rows)  # what was sent is the sharing record's


def test_stored_documents_keep_an_anchor_beside_the_document() -> None:
    documents = demo_documents()
    assert documents[0]["case"]["reference"] == EXAMPLE
    assert all(date.fromisoformat(d["demo_anchor"]) for d in documents)


# -- reset ----------------------------------------------------------------------------------------


def test_reset_makes_a_changed_demo_afresh_and_removes_its_backups(tmp_path: Path, form: FormDefinition) -> None:
    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk", form)
    name = form.role_key("child_name")
    assert name is not None
    session = open_workbook(path, DEMO_PASSPHRASE, form)
    try:
        original = session.values(EXAMPLE)[name]
        session.set_value(EXAMPLE, name, "Changed Name Example")
        purge_case(session, ARCHIVED, "a test of the demo reset")
        backup_now(session, reason="manual")
    finally:
        session.close()
    Path(f"{path}-wal").write_bytes(b"left over")
    assert any(info.reason == "manual" for info in backups_for(path))

    done = reset_demo_workbook(path, form)

    assert done.path == path and done.backups_removed >= 1
    assert not any(info.reason == "manual" for info in backups_for(path))
    session = open_workbook(path, DEMO_PASSPHRASE, form)
    try:
        assert session.values(EXAMPLE)[name] == original
        assert {c.reference for c in session.list_cases()} >= {ARCHIVED, SIGNED_REFERENCE}
        assert signoff.versions(session, SIGNED_REFERENCE)[0].status == "signed"
    finally:
        session.close()


def test_reset_makes_the_demo_where_there_was_none(tmp_path: Path, form: FormDefinition) -> None:
    done = reset_demo_workbook(tmp_path / "new" / "demo.hsbdesk", form)
    assert done.path.exists() and done.backups_removed == 0


def test_reset_is_refused_while_a_window_holds_the_demo(tmp_path: Path, form: FormDefinition) -> None:
    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk", form)
    name = form.role_key("child_name")
    assert name is not None
    session = open_workbook(path, DEMO_PASSPHRASE, form)
    try:
        session.set_value(EXAMPLE, name, "Kept Name Example")
        backups = backups_for(path)
        with pytest.raises(WorkbookLocked) as refused:
            reset_demo_workbook(path, form)
        assert "open in an HSB Desk window" in refused.value.user_message
        assert backups_for(path) == backups
        assert session.values(EXAMPLE)[name] == "Kept Name Example"  # the open workbook is untouched
    finally:
        session.close()
    session = open_workbook(path, DEMO_PASSPHRASE, form)
    try:
        assert session.values(EXAMPLE)[name] == "Kept Name Example"
    finally:
        session.close()


def test_one_case_has_run_for_eight_months_and_one_is_closed(tmp_path: Path) -> None:
    """The signed case: referral, meetings, safety plan, assessment, plan, and two reviews whose
    ratings change; and a closed case, read-only, with its closure on the timeline."""
    from hsb_desk.app.change_over_time import change_over_time
    from hsb_desk.app.closure import closure_of
    from hsb_desk.app.pathway.reviews import list_reviews
    from hsb_desk.app.timeline import case_timeline

    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk")
    session = open_workbook(path, DEMO_PASSPHRASE)
    try:
        timeline = case_timeline(session, SIGNED_REFERENCE)
        first, last = timeline[0].date, max(e.date for e in timeline)
        assert (last - first).days >= 8 * 30, (first, last)
        reviews = list_reviews(session, SIGNED_REFERENCE)
        assert len(reviews) == 2 and all(r.progress for r in reviews)
        view = change_over_time(session, SIGNED_REFERENCE)
        assert [c.kind for c in view.columns] == ["assessment", "review", "review"]
        behaviour = [c.ratings["behaviour"].concern for c in view.columns]
        assert behaviour == ["medium", "medium", "low"]  # the concern falls over the reviews
        assert session.values(SIGNED_REFERENCE)[session.form.role_key("safety_plan")]
        assert session.case(CLOSED).status == "closed"
        closure = closure_of(session, CLOSED)
        assert closure is not None and closure.summary
        assert any(e.what.startswith("Case closed: ") for e in case_timeline(session, CLOSED))
    finally:
        session.close()


def test_no_date_is_written_into_the_demo_s_free_text() -> None:
    """Every date field moves with the day the demo is made; a date written into a sentence would
    not, and the safety plan would say it was agreed at a meeting weeks before the meeting."""
    month = "January|February|March|April|May|June|July|August|September|October|November|December"
    dated = re.compile(rf"\b(\d{{1,2}} ({month})|({month}) \d{{4}})\b")

    def texts(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)

    stored = [json.loads(path.read_text(encoding="utf-8")) for path in (paths.resources_dir() / "demo").glob("*.json")]
    assert len(stored) >= 5  # the cases, the meetings, the case over time
    assert [text for document in stored for text in texts(document) if dated.search(text)] == []
