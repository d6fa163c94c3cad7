"""A workbook, a JSON document and a hand-out made by release 1.0 (form version 1.0), opened and
imported with the current code and pack (form version 1.1): tests/data/release-1.0/README.md."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from coworking.signing_support import document_text

from hsb_desk import paths
from hsb_desk.app import signoff
from hsb_desk.app.exchange import apply_handback, export_handback, import_handout, preview_handback
from hsb_desk.app.exchange.envelope import ScryptParams, unseal
from hsb_desk.app.form_migration import MOVED
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.records import FORM_VERSION_CHANGED, Profile

FIXTURE = Path(__file__).parent.parent / "data" / "release-1.0"
PASSPHRASE = "release fixture only 1.0"  # fictional, test-only (README.md there)
EXCHANGE_PASSPHRASE = "fixture handout passphrase only"
FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost
TODAY = date(2026, 11, 22)
EXAMPLE, SIGNED = "HSB-2026-0001", "HSB-2025-0007"
OLD = json.loads((FIXTURE / "example-case.json").read_text(encoding="utf-8"))["values"]


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def opened(tmp_path: Path, form: FormDefinition) -> Any:
    path = tmp_path / "workbook.hsbdesk"
    shutil.copyfile(FIXTURE / "workbook.hsbdesk", path)
    session = open_workbook(path, PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)
    yield session
    session.close()


def _moved_as_written(form: FormDefinition, values: dict[str, Any]) -> None:
    """Every value renamed shows its old text under its new key; no old key is left."""
    step = form.migrations[0]
    for old, new in step.rename:
        assert values.get(new) == OLD[old], new
        assert old not in values
    assert values["family.concerns"] == OLD["family.concerns"] + "\n\n" + OLD["parenting.concerns"]
    assert values["family.concern_rating"] == "medium"  # both old ratings were medium
    assert not any(key.startswith("parenting.") for key in values)


def test_opening_the_workbook_moves_the_values_to_their_new_keys(opened: WorkbookSession, form: FormDefinition) -> None:
    _moved_as_written(form, opened.values(EXAMPLE))
    assert opened.case(EXAMPLE).form_version == form.version == "1.1"
    assert opened.case(SIGNED).form_version == "1.1"
    problems, audit = opened.check()  # what `hsb-desk check` reports, with the signed versions
    assert problems == [] and audit.ok
    assert signoff.signed_version_problems(opened) == []


def test_each_move_is_audited_and_the_audit_still_verifies(opened: WorkbookSession) -> None:
    entries = opened.workbook.audit.entries(EXAMPLE)
    moved = {e.field_key for e in entries if e.action == MOVED}
    assert {"non_sexual.other_behaviour", "development.other_behaviour", "family.concerns"} <= moved
    changed = [e for e in entries if e.action == FORM_VERSION_CHANGED]
    assert len(changed) == 1 and json.loads(changed[0].old_json or "") == "1.0"
    assert "parenting.concerns" in json.loads(changed[0].new_json or "")["moved"]


def test_opening_again_moves_nothing(opened: WorkbookSession, form: FormDefinition, tmp_path: Path) -> None:
    count = len(opened.workbook.audit.entries())
    opened.close()
    again = open_workbook(tmp_path / "workbook.hsbdesk", PASSPHRASE, form, today=lambda: TODAY, daily_backup=False)
    try:
        later = again.workbook.audit.entries()[count:]
        assert not [e for e in later if e.action in (MOVED, FORM_VERSION_CHANGED)]
        _moved_as_written(form, again.values(EXAMPLE))
    finally:
        again.close()


def test_the_signed_version_re_exports_exactly_as_release_1_0_wrote_it(opened: WorkbookSession, tmp_path: Path) -> None:
    out = export_case_report(opened, SIGNED, tmp_path / "signed.docx", signed_version=1)
    assert document_text(out) == document_text(FIXTURE / "signed-version-1.docx")
    # The frozen values are not rewritten: still the keys they were signed with.
    assert "parenting.concerns" in signoff.signed_values(opened, SIGNED, 1)


def test_the_json_document_of_release_1_0_imports(tmp_path: Path, form: FormDefinition) -> None:
    session = create_workbook(
        tmp_path / "new.hsbdesk", PASSPHRASE, Profile("Jo Example", "", "", ""), form, today=lambda: TODAY
    )
    try:
        document = json.loads((FIXTURE / "example-case.json").read_text(encoding="utf-8"))
        session.import_case(document)
        _moved_as_written(form, session.values(EXAMPLE))
        assert session.case(EXAMPLE).form_version == "1.1"
    finally:
        session.close()


def test_the_hand_out_of_release_1_0_imports_into_a_co_workers_workbook(tmp_path: Path, form: FormDefinition) -> None:
    session = create_workbook(
        tmp_path / "co.hsbdesk", PASSPHRASE, Profile("Robin Placeholder", "", "", ""), form, today=lambda: TODAY
    )
    try:
        package = unseal((FIXTURE / "example-handout.hsbx").read_bytes(), EXCHANGE_PASSPHRASE)
        import_handout(session, package)
        values = session.values(EXAMPLE)
        assert values["non_sexual.other_behaviour"] == OLD["development.other_behaviour"]
        assert values["environment.housing"] == OLD["family.housing"]
        assert values["self_regulation.managing"] == OLD["development.self_regulation"]
        restriction = CoworkingStore.of(session.workbook).restriction(session.case(EXAMPLE))
        assert restriction is not None
        assert {"non_sexual", "self_regulation", "environment"} <= set(restriction.sections)
        problems, audit = session.check()
        assert problems == [] and audit.ok
    finally:
        session.close()


def test_a_hand_back_answering_the_release_1_0_hand_out_merges_into_the_updated_workbook(
    opened: WorkbookSession, tmp_path: Path, form: FormDefinition
) -> None:
    """The co-worker (current release) fills the hand-out made by release 1.0; the lead's
    workbook, brought up to 1.1 when opened, takes back only what the co-worker changed."""
    co = create_workbook(
        tmp_path / "co.hsbdesk", PASSPHRASE, Profile("Robin Placeholder", "", "", ""), form, today=lambda: TODAY
    )
    try:
        import_handout(co, unseal((FIXTURE / "example-handout.hsbx").read_bytes(), EXCHANGE_PASSPHRASE))
        co.set_value(EXAMPLE, "environment.housing", "A changed housing note.")
        co.set_value(EXAMPLE, "non_sexual.concerns", "New non-sexual concerns.")
        export_handback(co, EXAMPLE, tmp_path / "back.hsbx", EXCHANGE_PASSPHRASE, FAST)
    finally:
        co.close()
    package = unseal((tmp_path / "back.hsbx").read_bytes(), EXCHANGE_PASSPHRASE)
    preview = preview_handback(opened, package)
    assert set(preview.incoming) == {"environment.housing", "non_sexual.concerns"} and not preview.conflicts
    apply_handback(opened, package)
    values = opened.values(EXAMPLE)
    assert values["environment.housing"] == "A changed housing note."
    assert values["family.basic_care"] == OLD["parenting.basic_care"]  # the lead's own, untouched
    problems, audit = opened.check()
    assert problems == [] and audit.ok
