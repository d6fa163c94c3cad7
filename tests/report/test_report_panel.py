"""What a multi-agency panel reads in the report (issue 17, items 1-7): the summary first, how the
assessment was made, the young person's voice in one place, a chronology of their life in date
order kept apart from the workbook's own steps, a plan with actions still to do, who wrote it and
its versions, a glossary, the missing answers named on a draft's cover, and a case closed before
assessment said once, not "Not yet recorded" on every line. The real form pack and templates,
and the report read back from Word."""

from __future__ import annotations

import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coworking.signing_support import example_session
from test_report_model import body_text, make_model, render
from test_report_model import example_values as example_values  # fixtures
from test_report_model import real_form as real_form
from test_report_model import templates as templates

from hsb_desk.app import pathway, signoff
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.formspec import FormDefinition
from hsb_desk.report import CaseDetails, ReportTemplates, build_report_model
from hsb_desk.report.model import Author, Authorisation, Grid, Part, Records, Table, Value

LEAD = "Jo Example"  # the example case's lead practitioner


def _part(parts: tuple[Part, ...], key: str) -> Part:
    return next(p for p in parts if p.key == key)


def _labels(part: Part) -> list[str]:
    return [getattr(i, "label", "") for i in part.items]


def test_the_summary_gathers_the_decision_with_its_own_wording(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    (summary,) = model.front
    assert summary.title == "Summary and recommendation"
    labels = _labels(summary)
    assert labels[:3] == ["Why this assessment was done", "Place on the continuum", "Overall concern"]
    assert "Why that place on the continuum" in labels
    why = next(i for i in summary.items if i.label == "Why that place on the continuum")
    first = example_values["behaviour.continuum_rationale"].split(". ")[0]
    assert why.paragraphs == (f"{first}. […]",)  # a line of reasoning, as written
    behaviour = next(s for s in model.sections if s.key == "behaviour")
    assert any(
        getattr(i, "paragraphs", ()) == (example_values["behaviour.continuum_rationale"],) for i in behaviour.items
    )
    placed = next(i for i in summary.items if i.label == "Place on the continuum")
    assert isinstance(placed, Value) and placed.note == ""  # the description is in the section
    assert "The response decided instead" in labels and "Why a different response" in labels  # override chosen
    response = next(i for i in summary.items if i.label == "The response the outcome grid indicates")
    assert isinstance(response, Value) and response.text  # the response in words, not the whole grid
    assert "The young person's view, in their own words" in labels
    agreed = make_model(real_form, {**example_values, "conclusion.judgement": "agree"}, templates)
    assert "The response decided instead" not in _labels(agreed.front[0])  # hidden by its condition
    assert model.missing_count == make_model(real_form, example_values, templates).missing_count


def test_the_summary_comes_straight_after_the_cover_in_word(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    text = body_text(render(make_model(real_form, example_values, templates), templates))
    summary, contents = text.index("Summary and recommendation"), text.index("Contents")
    assert summary < contents < text.index("1. Referral and route")
    assert text.index("Why this assessment was done") < contents


SESSIONS = [
    {"date": "2026-10-20", "seen": "Riley and his mother", "alone": "no", "where": "Home"},
    {"date": "2026-10-06", "seen": "Riley", "alone": "yes", "where": "School"},
]
LIFE = [
    {"date": "2019-03-01", "event": "About this time: parents separated.", "source": "Mother"},
    {"date": "2016-06-01", "event": "Moved to the area.", "source": "School records"},
    {"date": "2024-01-15", "event": "Excluded for a fixed term.", "source": "School", "significance": "Began"},
]


def test_how_the_assessment_was_made_and_the_life_chronology_are_parts_in_date_order(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    values = {**example_values, "sources.sessions": SESSIONS, "sources.life_events": LIFE, "sources.records": ""}
    values["sources.agencies"] = [{"agency": "Health visiting", "contributed": "no", "why_not": "No reply"}]
    model = make_model(real_form, values, templates)
    how = _part(model.opening, "how_made")
    assert how.title == "How this assessment was made"
    assert _labels(how) == ["Sessions", "Agencies asked to contribute"]
    sessions = how.items[0]
    assert isinstance(sessions, Records | Table)
    assert str(sessions).index("2026") and str(sessions).index("School") < str(sessions).index("Home")  # by date
    life = _part(model.parts, "life_events")
    assert life.title == "Chronology of significant events"
    shown = str(life.items[0])
    assert shown.index("Moved to the area") < shown.index("parents separated") < shown.index("Excluded")
    assert "sources" not in [s.key for s in model.sections]  # all its fields are in parts: not repeated, empty
    text = body_text(render(model, templates))
    assert text.count("Moved to the area.") == 1 and "No reply" in text
    assert text.index("How this assessment was made") < text.index("1. Referral and route")


def test_the_young_persons_voice_is_in_one_place(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    values = {
        **example_values,
        "sharing.young_person_wishes": "To stay at his school and keep playing football.",
        "sharing.shared_with_young_person": "2026-11-25",
    }
    model = make_model(real_form, values, templates)
    voice = _part(model.opening, "voice")
    labels = _labels(voice)
    assert labels[0] == "The young person's account"
    assert "What the young person wants to happen" in labels
    assert "Date the report was shared with the young person" in str(voice)
    behaviour = next(s for s in model.sections if s.key == "behaviour")
    assert "The young person's account" not in [getattr(i, "label", "") for i in behaviour.items]
    text = body_text(render(model, templates))
    listed = text.index("The young person's voice")  # in the contents, then as the part's heading
    voice_at = text.index("The young person's voice", listed + 1)
    assert (
        voice_at
        < text.index("To stay at his school and keep playing football.")
        < text.index("1. Referral and route", voice_at)
    )
    assert text.count("To stay at his school and keep playing football.") == 1


def test_the_plan_says_who_by_when_and_what_if_it_breaks_down(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    values = copy.deepcopy(example_values)
    values["conclusion.safety_plan"][0].update({"by_when": "2026-12-01", "review": "At the first review"})
    values["conclusion.contingency"] = "The school's safeguarding lead calls the social worker the same day."
    text = body_text(render(make_model(real_form, values, templates), templates))
    assert "By when" in text and "1 December 2026" in text and "At the first review" in text
    assert "If the plan breaks down or there is another incident" in text
    assert "calls the social worker the same day" in text


def test_a_draft_cover_names_what_is_missing(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    values = {k: v for k, v in example_values.items() if k not in ("referral.reason", "sharing.meeting_date")}
    model = make_model(real_form, values, templates)
    draft = next(n for n in model.notices if n.kind == "draft")
    listed = "\n".join(draft.paragraphs)
    assert "1. Referral and route: Reason for referral." in listed
    assert "13. Sharing: Date of the meeting that agreed the sharing." in listed
    cover = body_text(render(model, templates))
    assert cover.index("1. Referral and route: Reason for referral.") < cover.index("Summary and recommendation")
    signed = make_model(real_form, example_values, templates, signoffs=[], status="draft")
    assert "Still to be recorded" not in "\n".join(next(n for n in signed.notices if n.kind == "draft").paragraphs)


def test_a_case_closed_before_assessment_says_so_once(real_form: FormDefinition, templates: ReportTemplates) -> None:
    values = {"referral.route": "concern", "referral.date": "2026-09-14", "child.full_name": "Sam Placeholder"}
    model = make_model(real_form, values, templates, status="archived")
    text = body_text(render(model, templates))
    assert "Not yet recorded" not in text
    assert "closed before an assessment was completed" in text
    assert text.count("Not assessed") >= 5  # each section with nothing in it, once
    assert "Sam Placeholder" in text and "Concern route" in text  # what was recorded is shown
    draft = make_model(real_form, values, templates)
    assert "Not yet recorded" in body_text(render(draft, templates))


def test_identity_culture_and_faith_is_part_of_the_analysis(real_form: FormDefinition) -> None:
    conclusion = next(s for s in real_form.sections if s.key == "conclusion")
    identity = next(f for f in conclusion.fields if f.label == "Identity, culture and faith")
    assert identity.type == "longtext" and "faith" in identity.guidance
    keys = [f.key for f in conclusion.fields]
    assert keys.index(identity.key) < keys.index("conclusion.risk_to_others")


def test_the_glossary_explains_the_terms_a_school_reader_does_not_know(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    glossary = _part(model.parts, "glossary")
    assert model.parts[-1] is glossary
    (table,) = glossary.items
    assert isinstance(table, Table)
    terms = [row[0][0] for row in table.rows]
    assert {"AIM", "Concern route", "MAPPA", "Section 47", "Continuum"} <= set(terms)
    text = body_text(render(model, templates))
    assert text.rindex("Glossary") > text.rindex("Distribution") and "Multi-Agency Public Protection" in text


def test_an_export_has_the_author_version_history_and_actions_still_to_do(tmp_path: Path) -> None:
    today = date(2026, 11, 22)
    with example_session(tmp_path / "w.hsbdesk", LEAD, lambda: today) as (session, reference):
        people = [pathway.Attendee("Sam Chair", "Children's social care", "Chair", "attended")]
        pathway.record_meeting(
            session,
            reference,
            pathway.MeetingDraft("risk_management_meeting", "2026-10-01", "Agreed.", "", tuple(people)),
        )
        meeting = pathway.list_meetings(session, reference)[-1].id
        pathway.add_action(
            session, reference, meeting, "Share the safety plan with the school", "Jo Example", "2026-12-05"
        )
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, "Morgan Manager", "Team manager")
        signoff.amend(session, reference, "New information from school")
        text = body_text(export_case_report(session, reference, tmp_path / "r.docx").read_bytes())
        signed = body_text(export_case_report(session, reference, tmp_path / "v1.docx", signed_version=1).read_bytes())
    assert "About this report" in text and "Social worker" in text and "Example Council" in text
    history = text[text.index("Version history") :]
    assert "New information from school" in history and "Morgan Manager" in history and LEAD in history
    assert "Actions still to be done" in text and "Share the safety plan with the school" in text
    assert "5 December 2026" in text or "05/12/2026" in text
    for report in (text, signed):
        assert "Case opened in HSB Desk" not in report  # the workbook's own steps: the audit trail
        assert "Risk Management Meeting" in report  # the meetings stay
    assert "Actions still to be done" not in signed  # a signed version does not change with later actions
    assert "New information from school" not in signed  # its history ends at that version


def test_the_managers_authorisation_says_whether_they_agree_with_their_comments(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    case = CaseDetails(
        "HSB-2026-0042",
        "signed_off",
        Author("Jo Example", "Social worker", "Children's social care", "jo@example.org"),
        authorisations=(
            Authorisation("Morgan Manager", "Team manager", date(2026, 11, 24), False, "Supervision should be closer."),
        ),
    )
    model = build_report_model(real_form, example_values, case, templates, today=date(2026, 11, 24))
    text = body_text(render(model, templates))
    block = text[text.index("Management authorisation") :]
    assert "Does not agree with the outcome" in block and "Supervision should be closer." in block
    assert "Morgan Manager, Team manager" in block and "24 November 2026" in block
    about = text[text.index("About this report") :]
    assert "jo@example.org" in about and "Children's social care" in about


def test_the_report_speaks_in_statements_not_the_screens_questions_and_instructions(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    model = make_model(real_form, example_values, templates)
    text = body_text(render(model, templates))
    for screen_wording in (
        "Decide on a different response",
        "Considered: done",
        "Considered: not needed",
        "Does the young person deny the behaviour?",
        "Is an interpreter needed?",
    ):
        assert screen_wording not in text
    assert "Considered, and not needed" in text and "A different response was decided" in text
    assert "The young person denies the behaviour" in text
    grid = next(i for s in model.sections for i in s.items if isinstance(i, Grid))
    cells = [cell for row in grid.cells for cell in row]
    assert "Multi-agency plan; safety plan in every setting; review every 3 months" in cells
    assert not [c for c in cells if "concern," in c]  # a cell's response, not a copy of its headings
    plan = next(i for s in model.sections for i in s.items if getattr(i, "label", "") == "Safety plan")
    assert isinstance(plan, Table) and plan.columns[-2:] == ("By when", "Review point")  # read across, as a table


def test_a_meeting_reads_who_attended_and_who_sent_apologies(tmp_path: Path) -> None:
    today = date(2026, 11, 22)
    with example_session(tmp_path / "w.hsbdesk", LEAD, lambda: today) as (session, reference):
        people = (
            pathway.Attendee("Sam Chair", "Children's social care", "Chair", "attended"),
            pathway.Attendee("Robin Placeholder", "Youth justice service", "Case manager", "apologies"),
        )
        pathway.record_meeting(
            session, reference, pathway.MeetingDraft("risk_management_review", "2026-11-01", "", "", people)
        )
        text = body_text(export_case_report(session, reference, tmp_path / "r.docx").read_bytes())
    assert "(1 attended; 1 sent apologies)" in text
    assert "1 apologies" not in text and "0 apologies" not in text


def test_incidents_are_listed_in_date_order_whatever_order_they_were_typed(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    values = copy.deepcopy(example_values)
    incidents = values["behaviour.incidents"]
    assert len(incidents) >= 2
    values["behaviour.incidents"] = sorted(incidents, key=lambda r: r["date"], reverse=True)  # newest typed first
    behaviour = next(s for s in make_model(real_form, values, templates).sections if s.key == "behaviour")
    listed = next(i for i in behaviour.items if isinstance(i, Records))
    shown = [datetime.strptime(dict(record)["Date"][0], "%d %B %Y") for record in listed.records]
    assert shown == sorted(shown) and len(shown) == len(incidents)


def test_the_intervention_plan_says_who_does_each_piece_of_work_by_when(
    real_form: FormDefinition, example_values: dict[str, Any], templates: ReportTemplates
) -> None:
    conclusion = next(s for s in make_model(real_form, example_values, templates).sections if s.key == "conclusion")
    plan = next(i for i in conclusion.items if getattr(i, "label", "") == "Intervention plan")
    assert isinstance(plan, Table)
    assert plan.columns == ("Work and its aim", "Target drawn from", "Who does it", "By when", "Review point")
    assert len(plan.rows) == len(example_values["conclusion.intervention_plan"])
