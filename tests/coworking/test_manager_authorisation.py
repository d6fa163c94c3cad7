"""Issue 17, item 6: a team manager's countersignature is their authorisation of the signed
version: besides name, role and date, whether they agree with the outcome of the assessment and
their comments (required when they do not agree). Kept in the encrypted workbook, shown in the
report's "Management authorisation" block, given on the command line."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import LEAD, Today, example_session, reopen

from hsb_desk.app import signoff
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff.signed_versions import MAX_COMMENTS
from hsb_desk.cli.main import main
from hsb_desk.errors import InvalidInput
from hsb_desk.report.model import Authorisation
from hsb_desk.store.coworking import CoworkingStore

MANAGER, ROLE = "Morgan Manager", "Team manager"
# Fictional comments: two paragraphs, an emoji, a right-to-left name, and control characters
# (a bell, a carriage return) that are not kept.
TYPED = "The plan needs a review date.\r\nSpeak to Dalia \u202bدليلة\u202c's school first \U0001f4da\x07 "
KEPT = "The plan needs a review date.\nSpeak to Dalia \u202bدليلة\u202c's school first \U0001f4da"
# The report drops the embedding controls, as it does from every text (report/text.py).
SHOWN = "The plan needs a review date.\nSpeak to Dalia دليلة's school first \U0001f4da"
DOES_NOT_AGREE = "Does not agree with the outcome of the assessment (see the comments)"
AGREES = "Agrees with the outcome of the assessment"


def _held(session: WorkbookSession, reference: str) -> tuple[int, list[Any], str]:
    """What a refused countersignature must leave as it was."""
    case = session.case(reference)
    return len(session.workbook.audit.entries()), CoworkingStore.of(session.workbook).signoffs(case), case.status


def authorisation_block(path: Path) -> list[tuple[str, str]]:
    """The rows of the table that follows the "Management authorisation" heading, as (label, text)."""
    document = docx.Document(str(path))
    body = list(document.element.body.iterchildren())
    tables = {table._tbl: table for table in document.tables}
    heading = next(i for i, e in enumerate(body) if e.tag.endswith("}p") and _text(e) == "Management authorisation")
    table = tables[next(e for e in body[heading + 1 :] if e.tag.endswith("}tbl"))]
    return [(row.cells[0].text, row.cells[1].text) for row in table.rows if row.cells[0].text]


def _text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))


def test_the_agreement_and_comments_are_kept_in_the_encrypted_workbook(workbook_path: Path) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, MANAGER, ROLE, on="2026-11-20", agrees=False, comments=TYPED)
    for file in workbook_path.parent.iterdir():  # encrypted at rest: the workbook and anything beside it
        assert not file.is_file() or b"review date" not in file.read_bytes(), file.name

    session = reopen(workbook_path, lambda: TODAY)
    try:
        assert signoff.authorisations_for_report(session, reference) == [
            Authorisation(MANAGER, ROLE, date(2026, 11, 20), False, KEPT)
        ]
        assert signoff.authorisations_for_report(session, reference, 1) == signoff.authorisations_for_report(
            session, reference
        )
        row = CoworkingStore.of(session.workbook).signoffs(session.case(reference))[-1]
        assert (row.what, row.agrees, row.comments) == ("manager_countersign", False, KEPT)
        assert row.agrees is False  # a yes or no, not the 0 the column holds
        # The audit entry seals the agreement and the comments' digest; their text is kept once, in the record.
        entry = next(e for e in session.workbook.audit.entries(reference) if e.action == "assessment countersigned")
        assert json.loads(entry.new_json or "{}") == {
            "version": 1,
            "what": "manager_countersign",
            "who": MANAGER,
            "role": ROLE,
            "date": "2026-11-20",
            "agrees": False,
            "comments_sha256": hashlib.sha256(KEPT.encode("utf-8")).hexdigest(),
        }
        assert not [e for e in session.workbook.audit.entries() if "review date" in f"{e.old_json}{e.new_json}"]
        assert session.workbook.verify_audit().ok
        assert signoff.signed_version_problems(session) == []
    finally:
        session.close()


@pytest.mark.parametrize("comments", ["", "   \n\t ", "\x07\x1b\r"], ids=["empty", "blank", "control characters"])
def test_not_agreeing_without_comments_is_refused_and_nothing_is_recorded(workbook_path: Path, comments: str) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        before = _held(session, reference)
        with pytest.raises(InvalidInput) as refused:
            signoff.countersign(session, reference, MANAGER, ROLE, agrees=False, comments=comments)
        assert "does not agree with the outcome" in refused.value.user_message
        assert "write their comments" in refused.value.user_message
        assert _held(session, reference) == before
        assert signoff.authorisations_for_report(session, reference) == []


def test_agreeing_needs_no_comments_and_the_existing_call_still_works(tmp_path: Path) -> None:
    with example_session(tmp_path / "agrees.hsbdesk", LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, MANAGER, ROLE, agrees=True)
        assert signoff.authorisations_for_report(session, reference) == [Authorisation(MANAGER, ROLE, TODAY, True, "")]
    with example_session(tmp_path / "not said.hsbdesk", LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, MANAGER, ROLE)  # as every caller did before
        assert signoff.authorisations_for_report(session, reference) == [Authorisation(MANAGER, ROLE, TODAY, None, "")]


@pytest.mark.parametrize(
    ("agrees", "comments", "words"),
    [
        (False, "x" * (MAX_COMMENTS + 1), f"at most {MAX_COMMENTS:,} characters"),
        ("no", "Not convinced.", "agrees with the outcome"),
        (False, ["Not convinced."], "must be text"),
    ],
    ids=["too long", "agreement not a yes or no", "comments not text"],
)
def test_bad_agreement_or_comments_are_refused_and_change_nothing(
    workbook_path: Path, agrees: Any, comments: Any, words: str
) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        before = _held(session, reference)
        with pytest.raises(InvalidInput) as refused:
            signoff.countersign(session, reference, MANAGER, ROLE, agrees=agrees, comments=comments)
        assert words in refused.value.user_message
        assert _held(session, reference) == before
        signoff.countersign(session, reference, MANAGER, ROLE, agrees=False, comments="y" * MAX_COMMENTS)
        assert signoff.authorisations_for_report(session, reference)[0].comments == "y" * MAX_COMMENTS


def test_the_report_shows_each_versions_authorisation(workbook_path: Path, tmp_path: Path) -> None:
    today = Today(TODAY)
    with example_session(workbook_path, LEAD, today) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, MANAGER, ROLE, agrees=False, comments=TYPED)
        current = export_case_report(session, reference, tmp_path / "current.docx")
        assert authorisation_block(current) == [
            ("The manager", DOES_NOT_AGREE),
            ("Comments", SHOWN),
            ("Authorised by", f"{MANAGER}, {ROLE}"),
            ("Date", "22 November 2026"),
        ]

        today.day = date(2026, 12, 10)
        signoff.amend(session, reference, "New information from school")
        draft = export_case_report(session, reference, tmp_path / "draft.docx")
        assert "Management authorisation" not in [p.text for p in docx.Document(str(draft)).paragraphs]
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, "Jamie Senior", "Service manager", agrees=True)
        second = export_case_report(session, reference, tmp_path / "v2.docx")
        first = export_case_report(session, reference, tmp_path / "v1.docx", signed_version=1)
    assert authorisation_block(second) == [
        ("The manager", AGREES),
        ("Comments", ""),
        ("Authorised by", "Jamie Senior, Service manager"),
        ("Date", "10 December 2026"),
    ]
    # Version 1, exported after version 2 was signed, still shows its own manager's disagreement.
    assert authorisation_block(first)[:2] == [("The manager", DOES_NOT_AGREE), ("Comments", SHOWN)]


# -- the command line --------------------------------------------------------------------------
@pytest.fixture
def signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """A closed workbook holding the example case, signed off by its lead; the passphrase set."""
    path = tmp_path / "cases.hsbdesk"
    with example_session(path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    return path, reference


def _recorded(path: Path, reference: str) -> tuple[int, list[Any], str]:
    session = reopen(path, lambda: TODAY)
    try:
        return _held(session, reference)
    finally:
        session.close()


def _manager(path: Path, reference: str, *more: str) -> list[str]:
    return ["signoff", str(path), reference, "--as", "manager", "--name", MANAGER, "--role", ROLE, *more]


def test_the_command_line_records_the_agreement_and_comments_from_a_file(
    signed: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, reference = signed
    comments = tmp_path / "comments.txt"
    comments.write_bytes(b"\xef\xbb\xbf" + TYPED.encode("utf-8"))  # as Notepad saves it, with a BOM
    assert main(_manager(path, reference, "--does-not-agree", "--comments-file", str(comments))) == 0
    assert "Recorded the manager's countersignature: does not agree with the outcome." in capsys.readouterr().out
    session = reopen(path, lambda: TODAY)
    try:
        [found] = signoff.authorisations_for_report(session, reference)
        assert (found.name, found.role, found.agrees, found.comments) == (MANAGER, ROLE, False, KEPT)
    finally:
        session.close()


def test_the_command_line_takes_comments_as_text_and_agreement_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    for name, extra, agrees, said in (
        ("agrees", ["--agrees"], True, ""),
        ("comments", ["--agrees", "--comments", "Well evidenced."], True, "Well evidenced."),
        ("not said", [], None, ""),
    ):
        path = tmp_path / f"{name}.hsbdesk"
        with example_session(path, LEAD, lambda: TODAY) as (session, reference):
            signoff.sign_off(session, reference)
        capsys.readouterr()
        assert main(_manager(path, reference, *extra)) == 0, name
        session = reopen(path, lambda: TODAY)
        try:
            [found] = signoff.authorisations_for_report(session, reference)
            assert (found.agrees, found.comments) == (agrees, said), name
        finally:
            session.close()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--does-not-agree"], "write their comments"),
        (["--does-not-agree", "--comments", "  "], "write their comments"),
        (["--agrees", "--does-not-agree"], "--agrees or --does-not-agree, not both"),
        (["--agrees", "--comments", "a", "--comments-file", "comments.txt"], "--comments or --comments-file, not both"),
        (["--does-not-agree", "--comments-file", "no such file.txt"], "could not be read"),
        (["--does-not-agree", "--comments-file", "latin-1.txt"], "is not UTF-8 text"),
        (["--does-not-agree", "--comments-file", "long.txt"], f"at most {MAX_COMMENTS:,} characters"),
    ],
    ids=["no comments", "blank comments", "both answers", "both comments", "missing file", "not utf-8", "too long"],
)
def test_bad_combinations_exit_2_and_record_nothing(
    signed: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    words: str,
) -> None:
    path, reference = signed
    monkeypatch.chdir(tmp_path)
    (tmp_path / "comments.txt").write_text("Well evidenced.", encoding="utf-8")
    (tmp_path / "latin-1.txt").write_bytes("Pas d'accord: révisé".encode("latin-1"))
    # Never read further than the longest comments could take, even when most of it is blank.
    (tmp_path / "long.txt").write_text(" " * MAX_COMMENTS * 4 + "Not convinced.", encoding="utf-8")
    before = _recorded(path, reference)
    assert main(_manager(path, reference, *extra)) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert _recorded(path, reference) == before


def test_the_managers_options_never_sign_off_as_the_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --as manager, --agrees would otherwise be ignored and the lead's sign-off made."""
    path = tmp_path / "draft.hsbdesk"
    with example_session(path, LEAD, lambda: TODAY) as (_session, reference):
        pass
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    before = _recorded(path, reference)
    capsys.readouterr()
    assert main(["signoff", str(path), reference, "--agrees"]) == 2
    assert "add --as manager" in capsys.readouterr().err
    assert main(["signoff", str(path), reference, "--as", "coworker", "--name", "Sam", "--comments", "Fine."]) == 2
    assert _recorded(path, reference) == before
    assert before[2] == "draft"


@pytest.mark.parametrize(
    ("column", "value"), [("agrees", 1), ("comments", "Agreed in full.")], ids=["agreement", "comments"]
)
def test_an_authorisation_changed_behind_the_app_is_found_by_the_check(
    workbook_path: Path, column: str, value: Any
) -> None:
    """Someone with the passphrase who drops the trigger and turns "does not agree" into "agrees"
    (or rewrites the comments) is found: the audit entry sealed what the manager recorded."""
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        signoff.sign_off(session, reference)
        signoff.countersign(session, reference, MANAGER, ROLE, agrees=False, comments="Closer supervision needed.")
        assert signoff.signed_version_problems(session) == []
        conn = session.workbook.conn
        conn.execute("DROP TRIGGER signoffs_no_update")
        conn.execute(f"UPDATE signoffs SET {column} = ? WHERE what = 'manager_countersign'", (value,))
        (problem,) = signoff.signed_version_problems(session)
        assert "manager's agreement or comments" in problem and "version 1" in problem


def test_the_versions_list_says_who_authorised_and_whether_they_agree(
    signed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`hsb-desk versions` and the Versions dialog (its rows are these) show the authorisation."""
    path, reference = signed
    assert main(_manager(path, reference, "--does-not-agree", "--comments", "Supervision must be closer.")) == 0
    capsys.readouterr()
    assert main(["versions", str(path), reference]) == 0
    out = capsys.readouterr().out
    assert "Does not agree with the outcome." in out and "Supervision must be closer." in out
    session = reopen(path, lambda: TODAY)
    try:
        (version,) = signoff.versions(session, reference)
        assert version.authorised == f"{MANAGER}, does not agree with the outcome"
    finally:
        session.close()
