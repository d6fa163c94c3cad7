"""``hsb-desk review``, ``reviews``, ``close``, ``reopen``, ``reassess`` and ``timeline`` on a real
encrypted workbook holding the demo's example case, signed off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY

from hsb_desk.app import pathway, signoff
from hsb_desk.app.demo import DEMO_PROFILE, dated_document, demo_documents
from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.cli.main import main


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.hsbdesk"
    form = default_form()
    session = create_workbook(path, PASSPHRASE, DEMO_PROFILE, form, today=lambda: TODAY)
    try:
        reference = str(session.import_case(dated_document(form, demo_documents()[0], TODAY)).case_reference)
        signoff.sign_off(session, reference)
    finally:
        session.close()
    return path, reference


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def status(path: Path, reference: str) -> str:
    session = open_workbook(path, PASSPHRASE, default_form(), daily_backup=False)
    try:
        return session.case(reference).status
    finally:
        session.close()


def test_a_review_from_the_command_line_re_rates_and_the_change_view_shows_both(
    workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ref = workbook
    code, out, _ = run(capsys, "reviews", str(path), ref, "--json")
    before = json.loads(out)
    assert code == 0 and [c["kind"] for c in before["columns"]] == ["assessment"]
    code, out, _ = run(
        capsys,
        "review",
        str(path),
        ref,
        "--date",
        "2026-12-01",
        "--attended",
        "Sam Example|Youth justice service|Case manager",
        "--rate",
        "behaviour=low/high",
        "--progress",
        "1=achieved:Finished in November",
        "--next",
        "2027-02-26",
    )
    assert code == 0 and "Review recorded" in out
    session = open_workbook(path, PASSPHRASE, default_form(), daily_backup=False)
    try:
        assert pathway.list_meetings(session, ref)[-1].next_on == "2027-02-26"
    finally:
        session.close()
    code, out, _ = run(capsys, "reviews", str(path), ref, "--json")
    after = json.loads(out)
    assert [c["kind"] for c in after["columns"]] == ["assessment", "review"]
    assert after["columns"][1]["ratings"] == {"behaviour": {"concern": "low", "strength": "high"}}
    assert after["columns"][0]["ratings"]["behaviour"] == before["columns"][0]["ratings"]["behaviour"]
    assert after["reviews"][0]["progress"][0]["status"] == "achieved"
    code, out, _ = run(capsys, "reviews", str(path), ref)
    assert "Sexual behaviours: Low / High" in out and "Achieved (Finished in November)" in out
    code, out, _ = run(capsys, "timeline", str(path), ref)
    assert "Review: 1 of 8 areas re-rated; targets: 1 achieved" in out


def test_a_bad_review_says_why_and_records_nothing(
    workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ref = workbook
    code, _, err = run(capsys, "review", str(path), ref, "--date", "2026-12-01", "--rate", "behaviour=awful/low")
    assert code != 0 and "one of the levels" in err
    code, _, err = run(capsys, "review", str(path), ref, "--date", "2026-12-01", "--rate", "nowhere=low/low")
    assert code != 0 and "Unknown area 'nowhere'" in err
    code, _, err = run(capsys, "review", str(path), ref, "--rate", "behaviour=low/low")
    assert code != 0 and "--date" in err
    code, out, _ = run(capsys, "reviews", str(path), ref, "--json")
    assert json.loads(out)["reviews"] == []
    code, out, _ = run(capsys, "timeline", str(path), ref, "--json")
    assert not any(row["what"].startswith("Review") for row in json.loads(out))


def test_close_makes_the_case_read_only_and_reopen_restores_it(
    workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ref = workbook
    closing = ["close", str(path), ref, "--date", "2026-12-02", "--reason", "plan_completed"]
    closing += ["--summary", "Work completed; the school keeps its plan.", "--told", "Young person, mother, school"]
    code, _, err = run(capsys, *closing)
    assert code != 0 and "Answer" in err and status(path, ref) == "signed_off"
    for pair in ("recurrence=none_known", "engagement=full", "education=yes", "placement=family_home"):
        closing += ["--outcome", pair]
    code, out, _ = run(capsys, *closing)
    assert code == 0 and "is closed (Intervention plan completed) and read-only" in out
    assert status(path, ref) == "closed"
    code, _, err = run(capsys, "reassess", str(path), ref, "--reason", "again")
    assert code != 0 and "closed and read-only" in err
    code, _, err = run(capsys, "review", str(path), ref, "--date", "2026-12-03", "--rate", "behaviour=low/low")
    assert code != 0 and "closed and read-only" in err
    code, out, _ = run(capsys, "timeline", str(path), ref)
    assert "Case closed: Intervention plan completed" in out
    code, out, _ = run(capsys, "reopen", str(path), ref, "--reason", "A new referral")
    assert code == 0 and "status is signed_off again" in out and status(path, ref) == "signed_off"


def test_reassess_starts_a_new_assessment(workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, ref = workbook
    code, out, _ = run(capsys, "reassess", str(path), ref, "--reason", "Twelve months on")
    assert code == 0 and "reassessment started (version 2)" in out
    assert status(path, ref) == "draft"


def test_closure_options_lists_the_packs_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "closure-options")
    assert code == 0 and "plan_completed: Intervention plan completed" in out
    assert "(--outcome recurrence=VALUE)" in out


def test_the_report_of_a_review_holds_who_came_the_progress_and_the_change_over_time(
    workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from docx import Document

    path, ref = workbook
    out = tmp_path / "review.docx"
    code, _, err = run(capsys, "review-report", str(path), ref, "--out", str(out))
    assert code != 0 and "No review has been recorded" in err and not out.exists()
    run(
        capsys,
        "review",
        str(path),
        ref,
        "--date",
        "2026-12-01",
        "--attended",
        "Sam Example|Youth justice|Case manager",
        "--decisions",
        "Plan continued for three months.",
        "--rate",
        "behaviour=low/high",
        "--progress",
        "1=achieved:Done",
    )
    code, _, err = run(capsys, "review-report", str(path), ref, "--out", str(out))
    assert code == 0 and "report of the review" in err
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Review of the plan" in text and "Plan continued for three months." in text
    # It goes to the agencies at the review: it says how to handle it, before who came.
    assert text.index("do not copy, forward or share it further") < text.index("Plan continued")
    assert "Sam Example" in cells and "Youth justice, Case manager" in cells and "Attended" in cells
    assert "Achieved" in cells and "Done" in cells
    assert "Sexual behaviours" in cells and "Concern low / strengths high" in cells
    assert any(c.startswith("Assessment, ") for c in cells) and any(c.startswith("Review (") for c in cells)
    code, out_text, _ = run(capsys, "sharing", str(path), ref)
    assert "Report of a review" in out_text
    code, _, err = run(capsys, "review-report", str(path), ref, "--out", str(out))
    assert code != 0 and "--overwrite" in err
