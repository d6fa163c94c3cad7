"""The shared version, minimised for real (issue 17, items 9-11): sensitivity levels in the form
pack, withheld values looked for and replaced in every text shown, and "[withheld from the shared
version]" where something was left out. On the real form pack, a real encrypted workbook holding
the example case with names typed into its narratives, through the export service; every test
reads the .docx back.

Also the fixtures and the search the recipient, command-line and window tests share."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PASSPHRASE, TODAY, pack_problems
from coworking.signing_support import example_document

from hsb_desk import paths
from hsb_desk.app.reports import record_report
from hsb_desk.app.reports.case_report import export_case_report, prepare_case_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.report import CaseDetails, build_report_model, load_templates
from hsb_desk.report.redact import minimise_report, withheld_terms
from hsb_desk.store.records import Profile

MARK = "[withheld from the shared version]"
# Names typed into narratives everyone may read (all fictional): each must be replaced.
IN_THE_TEXT = {
    "referral.reason": " Mia told her mother first; mia fictional's mother then rang the school.",
    "family.relationships": (
        " Theo Sample shares a bedroom wall with Riley; Lee Placeholder walks Theo to school."
        " Will is 11 and Riley will help him."
    ),
    "environment.housing": " The house at 14 Example Terrace has three bedrooms.",
    "environment.support": " His mother can be reached on 07700 900 214.",
    "family.other_children_safety": " Theo was born on 11/02/2018.",
}
# Every withheld value of the case, written out by hand (not by the code under test). Names that
# are also ordinary words are searched as written ("Will", never "will").
WITHHELD = [
    "Mia Fictional",
    "Mia",
    "Zoe Placeholder",
    "Zoe",
    "Theo Sample",
    "Theo",
    "Erin Example",
    "Erin",
    "Lee Placeholder",
    "Will Sample",
    "14 Example Terrace",
    "ZZ1 1ZZ",
    "07700 900 214",
    "07700 900 587",
    "11 February 2018",
    "11/02/2018",
    "30 July 2006",
    "1 March 2015",
    "Pupil in the year below at the same school",
    "Signed consent form",  # never withheld: a control, found in both versions (see below)
]
EXACT_CASE = ["Will", "Lee"]
NOT_WITHHELD = {"Signed consent form"}


def case_document() -> dict[str, Any]:
    """The example case with a third sibling and names, an address, a phone number and a date of
    birth typed into narratives the shared version keeps."""
    document = example_document()
    values = document["values"]
    for key, added in IN_THE_TEXT.items():
        values[key] += added
    values["child.siblings"].append({"name": "Will Sample", "date_of_birth": "2015-03-01", "lives_with_child": "yes"})
    return document


def withheld_narratives(values: dict[str, Any]) -> list[str]:
    """The first line of each withheld narrative: never repeated elsewhere, so searchable."""
    keys = ["family.carer_needs", "family.domestic_abuse", "family.other_children"]
    return [str(values[key]).split("\n")[0] for key in keys]


@pytest.fixture
def real_session(tmp_path: Path) -> Iterator[tuple[WorkbookSession, str, dict[str, Any]]]:
    """A real encrypted workbook over the real form pack holding ``case_document()``."""
    form = load_form(paths.forms_dir())
    session = create_workbook(
        tmp_path / "cases.hsbdesk",
        PASSPHRASE,
        Profile("Jo Example", "Social worker", "Sampleshire Children's Social Care", ""),
        form,
        today=lambda: TODAY,
    )
    document = case_document()
    session.import_case(document)
    try:
        yield session, document["case"]["reference"], document["values"]
    finally:
        session.close()


# -- reading the document back ------------------------------------------------------------------
def _tables(tables: Any) -> Iterator[list[str]]:
    for table in tables:
        for row in table.rows:
            yield [cell.text for cell in row.cells]
            for cell in row.cells:
                yield from _tables(cell.tables)


def document_lines(data: bytes) -> list[str]:
    """Every paragraph, every table cell (nested too), every header and footer of the document."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [cell for row in _tables(document.tables) for cell in row]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            lines += [p.text for p in part.paragraphs]
            lines += [cell for row in _tables(part.tables) for cell in row]
    return lines


def table_rows(data: bytes) -> list[list[str]]:
    return list(_tables(docx.Document(io.BytesIO(data)).tables))


def found_in(lines: list[str], texts: list[str], exact_case: bool = False) -> list[str]:
    """Which of ``texts`` appear in ``lines`` as whole words (line breaks and runs of spaces
    count as one space)."""
    joined = "\n".join(" ".join(line.split()) for line in lines)
    flags = 0 if exact_case else re.IGNORECASE
    pattern = r"(?<!\w){}(?!\w)"
    return [t for t in texts if re.search(pattern.format(r"\s+".join(map(re.escape, t.split()))), joined, flags)]


def withheld_found(data: bytes, values: dict[str, Any]) -> list[str]:
    lines = document_lines(data)
    return found_in(lines, [*WITHHELD, *withheld_narratives(values)]) + found_in(lines, EXACT_CASE, exact_case=True)


def export(session: WorkbookSession, reference: str, folder: Path, version: str, **options: Any) -> Any:
    """Prepare, write and record the report: (the job, the document's bytes)."""
    folder.mkdir(exist_ok=True)
    job = prepare_case_report(session, reference, folder, version, **options)
    written = record_report(session, job, job.render())
    return job, written.path.read_bytes()


# -- item 9: sensitivity levels --------------------------------------------------------------
def test_the_real_pack_gives_each_sensitive_field_its_level() -> None:
    form = load_form(paths.forms_dir())

    def level(key: str, column: str | None = None) -> str:
        spec = form.get_field(key)
        assert spec is not None
        target = spec.sub_field(column) if column else spec
        assert target is not None
        return target.sensitivity

    assert level("child.address") == "household_contact"
    assert level("child.parents_carers", "contact") == "household_contact"
    assert level("family.carer_needs") == "adult_health"
    assert level("family.domestic_abuse") == "adult_health"
    assert level("child.siblings", "name") == "other_child" and level("behaviour.incidents", "harmed_name")
    # What keeps other children safe is shared: relationship, age, living at home.
    assert level("child.siblings") == level("child.household_members") == ""
    assert level("child.household_members", "relationship") == level("child.household_members", "age") == ""
    assert level("child.siblings", "lives_with_child") == "" and level("child.parents_carers", "name") == ""


def test_sensitive_true_still_means_identifies_another_child(mini_form: FormDefinition) -> None:
    """Packs and exchange files written before the levels keep working."""
    spec = mini_form.get_field("findings.harmed_name")
    assert spec is not None and spec.sensitive and spec.sensitivity == "other_child"


def test_details_of_the_family_and_adults_health_are_not_in_the_shared_version(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, values = real_session
    _, full = export(session, reference, tmp_path / "full", "full")
    _, shared = export(session, reference, tmp_path / "shared", "shared")
    expected = [*WITHHELD, *withheld_narratives(values)]
    assert found_in(document_lines(full), expected) == expected  # the search finds each one
    assert found_in(document_lines(full), EXACT_CASE, exact_case=True) == EXACT_CASE
    assert withheld_found(shared, values) == sorted(NOT_WITHHELD)  # only the control is left


def test_the_shared_version_keeps_relationship_and_age_and_withholds_the_name(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, _ = real_session
    _, shared = export(session, reference, tmp_path, "shared")
    rows = table_rows(shared)
    siblings = rows[rows.index(["Name", "Age", "Lives with the young person"]) + 1 :][:3]
    assert siblings == [[MARK, "8", "Yes"], [MARK, "20", "No"], [MARK, "11", "Yes"]]  # 22 November 2026
    household = rows[rows.index(["Name", "Relationship to the young person", "Age"]) + 1]
    assert household == [MARK, "Mother's partner", "38"]
    parents = rows[
        rows.index(["Name", "Relationship to the young person", "Parental responsibility", "Contact details"]) + 1
    ]
    assert parents == ["Dana Sample", "Mother", "Yes", MARK]


# -- item 10: withheld values in the text ------------------------------------------------------
def test_names_in_the_text_are_replaced_by_the_pseudonym_or_withheld(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, _ = real_session
    job, shared = export(session, reference, tmp_path, "shared")
    text = "\n".join(document_lines(shared))
    assert "Child A told her mother first; Child A's mother then rang the school." in text
    assert "[withheld] shares a bedroom wall with Riley; Mother's partner walks [withheld] to school." in text
    assert "[withheld] is 11 and Riley will help him." in text  # the name, not the word
    assert "The house at [withheld] has three bedrooms." in text and "reached on [withheld]." in text
    assert "[withheld] was born on [withheld]." in text
    assert "Dana Sample; Mother's partner when Dana is at work" in text  # the safety plan, by relationship
    found = {(r.where.split(". ", 1)[-1], r.field, r.replacement): r.count for r in job.replacements}
    assert found[("Referral and route", "Reason for referral", "Child A")] == 2
    assert found[("Family and carers", "Relationships", "[withheld]")] == 3
    assert found[("Family and carers", "Relationships", "Mother's partner")] == 1
    assert found[("Conclusion and analysis", "Safety plan, Who is responsible", "Mother's partner")] == 1
    assert found[("Family and carers", "Arrangements for the safety of other children", "[withheld]")] == 2


def test_the_replacements_never_hold_the_withheld_text(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, values = real_session
    job, _ = export(session, reference, tmp_path, "shared")
    listed = [r.describe() for r in job.replacements] + [repr(job.replacements)]
    assert job.replacements and found_in(listed, [*WITHHELD, *withheld_narratives(values)]) == []
    assert found_in(listed, EXACT_CASE, exact_case=True) == []


def test_the_terms_looked_for_print_no_case_content(
    real_session: tuple[WorkbookSession, str, dict[str, Any]],
) -> None:
    """A term printed by accident (a failing assertion, a traceback's locals) shows no name."""
    session, reference, _ = real_session
    terms = withheld_terms(session.form, session.values(reference))
    assert len(terms) > 10 and found_in([repr(terms), str(terms)], [*WITHHELD, *EXACT_CASE]) == []


def test_the_full_report_replaces_nothing(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, _ = real_session
    job, full = export(session, reference, tmp_path, "full")
    assert job.replacements == ()
    assert "Mia told her mother first" in "\n".join(document_lines(full))


def test_a_pseudonym_holding_a_withheld_name_is_not_used(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, values = real_session
    incidents = values["behaviour.incidents"]
    incidents[0]["harmed_pseudonym"] = "Mia F."  # the practitioner's slip: the pseudonym names her
    session.set_value(reference, "behaviour.incidents", incidents)
    job, shared = export(session, reference, tmp_path, "shared")
    assert withheld_found(shared, values) == sorted(NOT_WITHHELD)
    assert all(r.replacement != "Mia F." for r in job.replacements)


def test_the_check_stays_fast_with_the_most_a_case_can_hold() -> None:
    """500 siblings (a group's limit) and a 150,000-character narrative (a narrative's limit):
    every name is still found, in well under the time a report may take."""
    form = load_form(paths.forms_dir())
    document = case_document()
    values = document["values"]
    values["child.siblings"] = [
        {"name": f"Sib{n:03d} Sample", "date_of_birth": "2015-03-01", "lives_with_child": "yes"} for n in range(500)
    ]
    values["referral.reason"] = ("Riley and his friends met after school. " * 3700)[:149_960] + " Sib499 was there."
    templates = load_templates(paths.templates_dir())
    model = build_report_model(
        form, values, CaseDetails(document["case"]["reference"], "draft"), templates, version="shared", today=TODAY
    )
    started = time.perf_counter()
    minimised = minimise_report(model, form, values)
    assert time.perf_counter() - started < 3  # about 0.1 s; one alternation of 2,000 terms took minutes
    found = {(r.field, r.replacement): r.count for r in minimised.replacements}
    assert found[("Reason for referral", "[withheld]")] == 1


# -- item 11: marked where left out; the cover's notice only when something was withheld ------
def test_what_was_left_out_is_marked_where_it_was(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, reference, _ = real_session
    _, shared = export(session, reference, tmp_path, "shared")
    rows = table_rows(shared)
    for label in ("Address", "Parents' or carers' own needs", "Domestic abuse", "Other children in the household"):
        assert [label, MARK] in rows, label
    assert ["Name of the child who has been harmed", MARK] in rows  # each incident's record
    assert ["How the report refers to the child who has been harmed", "Child A"] in rows
    lines = document_lines(shared)
    # Shown only when a harmed child attends the same setting: even a mark would say so.
    assert found_in(lines, ["Arrangements for the child who has been harmed in the same setting"]) == []
    assert any(line.startswith("Shared version. Details that identify other children") for line in lines)


def test_no_withheld_notice_when_nothing_was_withheld(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    session, _, _ = real_session
    session.create_case("HSB-2026-0100")
    session.set_value("HSB-2026-0100", "child.full_name", "Robin Fictional")
    job, shared = export(session, "HSB-2026-0100", tmp_path, "shared")
    lines = document_lines(shared)
    assert job.replacements == () and "Shared version" in lines  # the cover still says which version
    assert not [line for line in lines if "withheld" in line.lower()]


# -- the form loader: bad settings are refused with file and line ------------------------------
def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``path``; the line the change is on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_an_unknown_sensitivity_level_is_refused_with_file_and_line(pack: Path) -> None:
    section = pack / "sections" / "09-family.yaml"
    carer_needs = "sensitive: adult_health\n    guidance: >\n      Health"
    line = _edit(section, carer_needs, carer_needs.replace("adult_health", "adult_heath"))
    field_line = section.read_text(encoding="utf-8").splitlines().index("  - key: family.carer_needs") + 1
    assert line > field_line
    [problem] = pack_problems(pack)
    assert problem.startswith(f"forms/sections/09-family.yaml: line {field_line}, field 'family.carer_needs': ")
    assert "unknown sensitivity 'adult_heath'" in problem and "other_child, household_contact, adult_health" in problem
    assert "Traceback" not in problem


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("pseudonym: true", "pseudonym: yes please", "'pseudonym' must be true or false"),
        (
            "type: text\n        pseudonym: true",
            "type: text\n        pseudonym: true\n        sensitive: other_child",
            "a 'pseudonym' column is shown in the shared report: it cannot be sensitive",
        ),
        ("key: setting\n", "key: setting\n        pseudonym: true\n", "at most one 'pseudonym' column"),
    ],
)
def test_a_pseudonym_column_is_checked(pack: Path, old: str, new: str, reason: str) -> None:
    _edit(pack / "sections" / "05-behaviour.yaml", old, new)
    problems = pack_problems(pack)
    assert any(p.startswith("forms/sections/05-behaviour.yaml: line ") and reason in p for p in problems), problems


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("shared_as: {kind: age}", "'shared_as' needs the label"),
        ("shared_as: {kind: initials, label: Initials}", "'shared_as' needs a kind (age)"),
        ("shared_as: {kind: age, label: Age, colour: red}", "unknown setting 'colour' in 'shared_as'"),
    ],
)
def test_shared_as_is_checked(pack: Path, new: str, reason: str) -> None:
    _edit(pack / "sections" / "03-child.yaml", "shared_as: {kind: age, label: Age}", new)
    problems = pack_problems(pack)
    assert any(p.startswith("forms/sections/03-child.yaml: line ") and reason in p for p in problems), problems


def test_shared_as_needs_a_sensitive_date(pack: Path) -> None:
    _edit(
        pack / "sections" / "03-child.yaml", "        sensitive: other_child\n        shared_as:", "        shared_as:"
    )
    problems = pack_problems(pack)
    assert any("'shared_as' applies only to a sensitive field" in p for p in problems), problems


def test_export_case_report_minimises_too(
    real_session: tuple[WorkbookSession, str, dict[str, Any]], tmp_path: Path
) -> None:
    """The one-call service (used by make report-preview) writes the same minimised document."""
    session, reference, values = real_session
    written = export_case_report(session, reference, tmp_path, "shared")
    assert withheld_found(written.read_bytes(), values) == sorted(NOT_WITHHELD)
