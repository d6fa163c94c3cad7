"""Forms are data: rename every section, field and column key of the real pack and every feature
that reads a role still works, on a real encrypted workbook holding the example case.

The pack (and the report settings, which name fields of the pack) is copied to ``tmp_path`` and
rewritten with new keys that share nothing with the old ones: section files, conditions, computed
sources, roles, the outcome grid, the procedure profile, ``templates/report.yaml``. If the
renaming missed a reference the loader refuses the pack; if the code still read a key, the
feature that reads it would come back empty here.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from conftest import PASSPHRASE
from coworking.signing_support import LEAD, OTHER, document_text, example_document
from docx.table import Table
from docx.text.paragraph import Paragraph

from hsb_desk import paths
from hsb_desk.app import exchange, pathway, signoff
from hsb_desk.app.exchange.envelope import ScryptParams, read_exchange_file, unseal
from hsb_desk.app.reports import export_report
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import InvalidInput
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.formspec.model import ROLES
from hsb_desk.store.records import Profile

TODAY = date(2026, 11, 22)
FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost
CHILD = "Riley James Sample"  # the example case's child (fictional)
OTHER_CASE = "HSB-2026-0099"


class Renaming:
    """New keys for the real pack: sections ``partNx``, fields ``partNx.itemMM``, columns ``colJ``."""

    def __init__(self, form: FormDefinition) -> None:
        self.sections = {s.key: f"part{n}x" for n, s in enumerate(form.sections, start=1)}
        self.fields: dict[str, str] = {}
        self.columns: dict[str, dict[str, str]] = {}  # old group key -> old column -> new column
        for section in form.sections:
            for number, spec in enumerate(section.fields, start=1):
                self.fields[spec.key] = f"{self.sections[section.key]}.item{number:02d}"
                if spec.type == "group":
                    self.columns[spec.key] = {sub.key: f"col{j}" for j, sub in enumerate(spec.fields, start=1)}

    def data(self, node: Any) -> Any:
        """Any YAML data: every text that is a field key renamed, and the column of every
        ``{field: GROUP, column: SUB}`` (roles, procedure reminders)."""
        if isinstance(node, dict):
            group = node.get("field")
            if isinstance(group, str) and group in self.columns and isinstance(node.get("column"), str):
                node = {**node, "column": self.columns[group][node["column"]]}
            return {self.fields.get(k, k) if isinstance(k, str) else k: self.data(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.data(v) for v in node]
        return self.fields.get(node, node) if isinstance(node, str) else node

    def section_file(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A section: its key, and each group's columns with the conditions between them."""
        fields = []
        for spec in raw["fields"]:
            if spec.get("type") == "group":
                columns = self.columns[spec["key"]]
                subs = []
                for sub in spec["fields"]:
                    sub = {**sub, "key": columns[sub["key"]]}
                    condition = sub.get("condition")
                    if isinstance(condition, dict) and condition.get("field") in columns:
                        sub["condition"] = {**condition, "field": columns[condition["field"]]}
                    subs.append(sub)
                spec = {**spec, "fields": subs}
            fields.append(spec)
        return self.data({**raw, "key": self.sections[raw["key"]], "fields": fields})

    def migrations(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``forms/migrations.yaml``: the new keys it names, and the sections old ones are in now."""
        steps = [
            {**step, "sections": {old: [self.sections[s] for s in new] for old, new in step["sections"].items()}}
            if step.get("sections")
            else step
            for step in raw["migrations"]
        ]
        return self.data({**raw, "migrations": steps})

    def report_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``templates/report.yaml``: the sections it names (recap, new page) and its field keys."""
        recap = {self.sections[k]: v for k, v in (raw.get("recap") or {}).items()}
        new_page = [self.sections[k] for k in raw.get("new_page_before") or []]
        return self.data({**raw, "recap": recap, "new_page_before": new_page})

    def values(self, values: dict[str, Any]) -> dict[str, Any]:
        renamed = {}
        for key, value in values.items():
            if key in self.columns and isinstance(value, list):
                value = [{self.columns[key][column]: v for column, v in row.items()} for row in value]
            renamed[self.fields[key]] = value
        return renamed


def _rewrite(path: Path, change: Any) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(raw), allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def original() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory, original: FormDefinition) -> tuple[Path, Renaming]:
    """A data root (forms, templates, resources) whose pack and report settings use new keys."""
    root = tmp_path_factory.mktemp("renamed")
    renaming = Renaming(original)
    forms, templates = root / "forms", root / "templates"
    shutil.copytree(paths.forms_dir(), forms)
    shutil.copytree(paths.templates_dir(), templates)
    (root / "resources").symlink_to(paths.resources_dir(), target_is_directory=True)
    section_files = set(yaml.safe_load((forms / "form.yaml").read_text(encoding="utf-8"))["sections"])
    for path in sorted(forms.rglob("*.yaml")):
        name = path.relative_to(forms).as_posix()
        if name.startswith("earlier/"):
            continue  # an earlier version of the pack, kept as it was (its own keys)
        is_section = name in section_files
        rewrite = renaming.migrations if name == "migrations.yaml" else renaming.data
        _rewrite(path, renaming.section_file if is_section else rewrite)
    _rewrite(templates / "report.yaml", renaming.report_settings)
    return root, renaming


@pytest.fixture
def form(renamed: tuple[Path, Renaming], monkeypatch: pytest.MonkeyPatch) -> FormDefinition:
    """The renamed pack, loaded; its data root is the one HSB Desk reads (templates too)."""
    monkeypatch.setenv("HSB_DESK_DATA_DIR", str(renamed[0]))
    return load_form(paths.forms_dir())


def _document(renaming: Renaming) -> dict[str, Any]:
    document = example_document()  # the example case, led by LEAD
    document["values"] = renaming.values(document["values"])
    return document


def _session(path: Path, form: FormDefinition, profile_name: str) -> WorkbookSession:
    profile = Profile(profile_name, "Social worker", "Example Council", "")
    return create_workbook(path, PASSPHRASE, profile, form, today=lambda: TODAY)


@pytest.fixture
def session(tmp_path: Path, form: FormDefinition, renamed: tuple[Path, Renaming]) -> Iterator[WorkbookSession]:
    """A workbook over the renamed pack, kept by OTHER (not the example's lead): the example case
    and an empty one."""
    session = _session(tmp_path / "renamed.hsbdesk", form, OTHER)
    session.import_case(_document(renamed[1]))
    session.create_case(OTHER_CASE)
    yield session
    session.close()


def _reference() -> str:
    return str(example_document()["case"]["reference"])


def _chronology(session: WorkbookSession) -> list[tuple[str, str, str]]:
    return [
        (e.date.isoformat(), e.what, e.source)
        for e in pathway.chronology(session, _reference())
        if e.source != "Audit trail"
    ]


def test_every_key_is_new_and_every_role_still_names_its_field(
    form: FormDefinition, original: FormDefinition, renamed: tuple[Path, Renaming]
) -> None:
    root, renaming = renamed
    old_fields = {spec.key for _, spec in original.iter_fields()}
    assert {s.key for s in form.sections}.isdisjoint(s.key for s in original.sections)
    assert {spec.key for _, spec in form.iter_fields()}.isdisjoint(old_fields)
    old_columns = {column for columns in renaming.columns.values() for column in columns}
    assert all({sub.key for sub in spec.fields}.isdisjoint(old_columns) for _, spec in form.iter_fields())
    # No old field key is left anywhere in the renamed pack or report settings.
    old = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, old_fields)) + r")(?![\w.])")
    current = [p for p in (root / "forms").rglob("*.yaml") if "earlier" not in p.relative_to(root / "forms").parts]
    for path in [*current, root / "templates" / "report.yaml"]:
        assert old.search(path.read_text(encoding="utf-8")) is None, path.name
    assert set(form.roles) == set(original.roles) == set(ROLES)  # the real pack gives every role
    for role, ref in original.roles.items():
        assert form.roles[role].field == renaming.fields[ref.field]
        if ref.column is not None:
            assert form.roles[role].column == renaming.columns[ref.field][ref.column]


def test_the_case_list_shows_the_childs_name_and_finds_the_case_by_it(session: WorkbookSession) -> None:
    assert {c.reference: c.child_name for c in session.list_cases()} == {_reference(): CHILD, OTHER_CASE: ""}
    for query in ("riley", "JAMES SAM", "Sample"):
        assert [c.reference for c in session.list_cases(query)] == [_reference()]
    assert session.list_cases("Robin") == []
    name_key = session.form.role_key("child_name")
    assert name_key is not None and name_key.startswith("part")
    session.set_value(OTHER_CASE, name_key, "Robin Fictional")
    assert [c.child_name for c in session.list_cases("robin")] == ["Robin Fictional"]


def test_the_chronology_has_the_dated_fields_the_incidents_and_the_consent(
    session: WorkbookSession, tmp_path: Path, original: FormDefinition
) -> None:
    lines = _chronology(session)
    assert [(day, what) for day, what, _ in lines] == [
        ("2026-06-01", "Incident 2 (Non-contact), PE changing area at school; date approximate"),
        ("2026-09-08", "Incident 1 (Technology-assisted), Online, on a messaging app, in the evenings at home"),
        ("2026-09-10", "Allegation or disclosure"),
        ("2026-09-10", "Licensed screening tool used"),
        ("2026-09-14", "Notification or referral received"),
        ("2026-09-15", "Decision: A multi-agency meeting is needed"),  # by the roles of section 1's decisions
        ("2026-09-24", "Young person's consent given"),
        ("2026-09-24", "Consent of Dana Sample given"),
        ("2026-09-25", "Decision: An assessment is needed"),
        ("2026-09-25", "Immediate safety plan agreed"),
        ("2026-09-28", "Consent of Sam Sample given"),
        ("2026-10-02", "Decision: The panel accepted the referral"),
        ("2026-10-21", "Plan agreed"),
        ("2026-10-21", "Meeting agreed who receives the report"),
    ]
    with closing(_session(tmp_path / "original.hsbdesk", original, OTHER)) as before:
        before.import_case(example_document())
        assert _chronology(before) == lines  # the same entries, from the same sections, as with the old keys


def _cover(path: Path) -> dict[str, str]:
    table = docx.Document(str(path)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def _part_table(path: Path, heading: str) -> list[list[str]]:
    """The first table after the Heading 1 ``heading``."""
    document = docx.Document(str(path))
    seen = False
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, document)
            if paragraph.style is not None and paragraph.style.name == "Heading 1":
                seen = paragraph.text == heading
        elif element.tag.endswith("}tbl") and seen:
            return [[cell.text for cell in row.cells] for row in Table(element, document).rows]
    raise AssertionError(f"no table under {heading!r}")


RECIPIENTS = [
    ["Name", "Agency", "Version", "Date sent"],
    [
        "Team manager, Sampleshire Children's Social Care",
        "Sampleshire Children's Social Care",
        "Full report",
        "Planned",
    ],
    ["Robin Placeholder", "Sampleshire Youth Justice Service", "Full report", "Planned"],
]


def test_the_report_names_the_child_on_its_cover_and_lists_the_distribution(
    session: WorkbookSession, tmp_path: Path
) -> None:
    out = export_case_report(session, _reference(), tmp_path / "report.docx")
    cover = _cover(out)
    assert cover["Name"] == CHILD and cover["Date of birth"] == "19 May 2012 (aged 14)"
    assert cover["Lead practitioner"] == LEAD
    assert _part_table(out, "Distribution")[: len(RECIPIENTS)] == RECIPIENTS
    chronology = _part_table(out, "Appendix: chronology of meetings and decisions")
    assert ["10 September 2026", "Allegation or disclosure"] in chronology
    assert "Incident 1 (Technology-assisted)" in " ".join(document_text(out))


def test_the_distribution_list_follows_its_role_not_the_report_settings(
    session: WorkbookSession, tmp_path: Path
) -> None:
    """The shipped report settings name the old key of the distribution list: the pack's role wins."""
    shipped = Path(__file__).resolve().parents[2] / "templates"
    assert "sharing.recipients" in (shipped / "report.yaml").read_text(encoding="utf-8")
    out = export_report(session, _reference(), tmp_path / "shipped.docx", templates=shipped)
    assert _part_table(out, "Distribution")[: len(RECIPIENTS)] == RECIPIENTS


def test_a_hand_out_carries_the_childs_name_and_date_of_birth(
    session: WorkbookSession, form: FormDefinition, tmp_path: Path
) -> None:
    reference = _reference()
    handout = exchange.export_handout(session, reference, tmp_path / "case.handout", kdf=FAST)
    package = unseal(read_exchange_file(handout.path), handout.passphrase)
    name, born = form.role_key("child_name"), form.role_key("child_date_of_birth")
    assert name is not None and born is not None
    assert package.payload["details"] == {name: CHILD, born: "2012-05-19"}
    (tmp_path / "coworker").mkdir()
    with closing(_session(tmp_path / "coworker" / "coworker.hsbdesk", form, "Sam Coworker")) as coworker:
        exchange.import_handout(coworker, package)
        copied = coworker.values(reference)
        assert copied[name] == CHILD and copied[born] == "2012-05-19"
        assert [c.child_name for c in coworker.list_cases()] == [CHILD]


def test_sign_off_checks_the_signer_against_the_lead_practitioner(
    session: WorkbookSession, form: FormDefinition, renamed: tuple[Path, Renaming], tmp_path: Path
) -> None:
    reference = _reference()
    assert signoff.lead_mismatch(session, reference) == (OTHER, LEAD)
    with pytest.raises(InvalidInput) as refused:
        signoff.sign_off(session, reference)
    assert LEAD in refused.value.user_message
    signoff.sign_off(session, reference, on_behalf_of_lead=True)
    (record,) = signoff.signoffs_for_report(session, reference)
    assert (record.who, record.on_behalf_of) == (OTHER, LEAD)
    out = export_case_report(session, reference, tmp_path / "signed.docx")
    assert _part_table(out, "Sign-off")[1][0] == f"{OTHER} on behalf of {LEAD}"
    with closing(_session(tmp_path / "lead.hsbdesk", form, LEAD)) as lead:
        lead.import_case(copy.deepcopy(_document(renamed[1])))
        assert signoff.lead_mismatch(lead, reference) is None
