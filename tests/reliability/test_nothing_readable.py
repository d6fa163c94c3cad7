"""Nothing readable on disk: after a whole workflow with HOME and TMPDIR inside one folder, no file
anywhere under it holds case content, except an export the user chose (while it exists), and no
database file (workbook, -wal, backup) is a plain SQLite file.

To cover a new feature, add a step: a function taking the ``Workflow`` and appending it to
``STEPS``. A step that writes a plaintext file the user chose adds it to ``wf.chosen_plaintext``
(and should delete it again, as the test expects of exports).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from reliability_support import files_under, holds_any

from hsb_desk import paths
from hsb_desk.app.backups import backup_now
from hsb_desk.app.files import write_private_file
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook, open_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.backup import PLAIN_SQLITE_HEADER
from hsb_desk.store.records import Profile

CANARIES = {
    "child.full_name": "Ottoline Canaryfield",
    "child.notes": "Notes-Canary-Wibblethorpe said the garden shed",
    "child.officer": "PC Canary-Fernsby",
    "sibling": "Sibling-Canary-Harrowgate",
    "findings.harmed_name": "Harmed-Canary-Mulberry",
    "profile": "Worker-Canary-Pemberton",
}
REFERENCE = "REF-CANARY-8812"


@dataclass
class Workflow:
    root: Path
    form: FormDefinition
    workbook: Path
    session: WorkbookSession | None = None
    chosen_plaintext: set[Path] = field(default_factory=set)

    def open(self) -> WorkbookSession:
        if self.session is None:
            self.session = open_workbook(self.workbook, PASSPHRASE, self.form, today=lambda: TODAY)
        return self.session

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None


def create_and_fill(wf: Workflow) -> None:
    profile = Profile(CANARIES["profile"], "Social worker", "Example Council", "w@example.org")
    wf.session = create_workbook(wf.workbook, PASSPHRASE, profile, wf.form, today=lambda: TODAY)
    s = wf.session
    s.create_case(REFERENCE)
    values = {
        "child.full_name": CANARIES["child.full_name"],
        "child.date_of_birth": "2011-07-29",
        "child.notes": CANARIES["child.notes"] + "\n\nSecond paragraph 🦔 \u202eright-to-left",
        "child.height": 151.5,
        "child.siblings_count": 1,
        "child.route": "criminal_justice",
        "child.officer": CANARIES["child.officer"],
        "child.interpreter": "yes",
        "child.siblings": [{"name": CANARIES["sibling"], "date_of_birth": "2014-01-02", "lives_with": "yes"}],
        "findings.elements": ["coercion", "planning"],
        "findings.harmed_name": CANARIES["findings.harmed_name"],
        "findings.continuum": "abusive",
        "findings.concern_level": "high",
        "findings.strength_level": "low",
    }
    for key, value in values.items():
        s.set_value(REFERENCE, key, value)
    covered = {spec.type for _, spec in wf.form.iter_fields() if spec.key in values or spec.type == "computed"}
    assert covered == {spec.type for _, spec in wf.form.iter_fields()}  # every field type is exercised


def back_up(wf: Workflow) -> None:
    backup_now(wf.open())
    stick = wf.root / "home" / "usb-stick"
    stick.mkdir()
    backup_now(wf.open(), dest=stick)


def export_json_then_delete(wf: Workflow) -> None:
    target = wf.root / "home" / "Documents" / "case-export.json"
    document = wf.open().export_case(REFERENCE)
    write_private_file(target, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    wf.chosen_plaintext.add(target)
    assert holds_any(target.read_bytes(), CANARIES.values())  # the export really holds the case
    scan(wf)
    target.unlink()
    wf.chosen_plaintext.discard(target)


def hand_out_and_back(wf: Workflow) -> None:
    """Exchange files are encrypted whole: the case reference and every value included."""
    from hsb_desk.app import exchange
    from hsb_desk.app.exchange.envelope import ScryptParams, read_exchange_file, unseal

    fast = ScryptParams(log2_n=12)
    out = wf.root / "home" / "Desktop" / "handout.hsbx"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = exchange.export_handout(wf.open(), REFERENCE, out, passphrase="one two three four five six", kdf=fast)
    coworker_book = wf.root / "home" / "coworker.hsbdesk"
    profile = Profile("Co-worker", "Case manager", "YJS", "c@example.org")
    coworker = create_workbook(coworker_book, PASSPHRASE, profile, wf.form, today=lambda: TODAY)
    try:
        exchange.import_handout(coworker, unseal(read_exchange_file(result.path), result.passphrase))
        back = exchange.export_handback(
            coworker,
            REFERENCE,
            wf.root / "home" / "Desktop" / "handback.hsbx",
            passphrase="six five four three two one",
            kdf=fast,
        )
    finally:
        coworker.close()
    exchange.apply_handback(wf.open(), unseal(read_exchange_file(back.path), back.passphrase), {})


def export_reports_then_delete(wf: Workflow) -> None:
    """The report is the one plaintext the user chooses; a protected one holds nothing readable."""
    from hsb_desk.app.reports.case_report import export_case_report

    folder = wf.root / "home" / "Documents"
    folder.mkdir(parents=True, exist_ok=True)
    plain = export_case_report(wf.open(), REFERENCE, folder / "report.docx")
    protected = export_case_report(wf.open(), REFERENCE, folder / "protected.docx", password="a long report password")
    wf.chosen_plaintext.add(plain)
    scan(wf)  # the protected report is scanned like any other file: it must hold no canary
    plain.unlink()
    protected.unlink()
    wf.chosen_plaintext.discard(plain)


def check(wf: Workflow) -> None:
    problems, audit = wf.open().check()
    assert problems == [] and audit.ok


def close_and_reopen(wf: Workflow) -> None:
    wf.close()
    wf.open()


STEPS: list[Callable[[Workflow], None]] = [
    create_and_fill,
    back_up,
    export_json_then_delete,
    hand_out_and_back,
    export_reports_then_delete,
    check,
    close_and_reopen,
]


def scan(wf: Workflow) -> None:
    created = files_under(wf.root)
    assert created, "the workflow wrote nothing?"
    for path in created:
        data = path.read_bytes()
        assert not data.startswith(PLAIN_SQLITE_HEADER), f"{path.relative_to(wf.root)} is a plain SQLite file"
        if path in wf.chosen_plaintext:
            continue
        found = holds_any(data, [*CANARIES.values(), REFERENCE])
        assert found == [], f"{path.relative_to(wf.root)} holds case content"


def test_no_file_holds_case_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_form: FormDefinition, mini_data_dir: Path
) -> None:
    root = tmp_path / "machine"
    home = root / "home"
    for name in ("tmp", "home/.config", "home/.cache", "home/.local/share", "home/Documents"):
        (root / name).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(root / "tmp"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("HSB_DESK_HOME", str(home / ".local" / "share" / "hsb-desk"))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    wf = Workflow(root, mini_form, home / "Documents" / "cases.hsbdesk")
    try:
        for step in STEPS:
            step(wf)
            scan(wf)  # while open: the -wal is scanned too
        wf.close()
        scan(wf)
    finally:
        wf.close()
    names = {p.name for p in files_under(root)}
    assert "cases.hsbdesk" in names
    backups = [p for p in files_under(root) if p.name.endswith(".hsbdesk-backup")]
    assert {p.parent.name for p in backups} == {paths.backups_dir().name, "usb-stick"}  # both were scanned
