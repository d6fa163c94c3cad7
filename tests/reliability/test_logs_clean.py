"""Logs and error output never hold case content or passphrases, in success or in failure."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY
from reliability_support import holds_any

from hsb_desk.app.backups import backup_now, purge_case
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.cli.main import main
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec import FormDefinition

CONTENT = ["Log-Canary-Thistlewood", "Bad-Date-Canary-Quenby", "Import-Canary-Ravenglass"]
SECRET = "Secret-Canary-Passphrase-Ormskirk"


def test_no_canary_in_logs_or_stderr(
    session: WorkbookSession,
    workbook_path: Path,
    tmp_path: Path,
    mini_form: FormDefinition,
    mini_data_dir: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("hsb_desk").setLevel(logging.DEBUG)
    session.create_case("L-1")
    session.set_value("L-1", "child.full_name", CONTENT[0])
    failures = [
        lambda: session.set_value("L-1", "child.height", CONTENT[1]),
        lambda: session.import_case({"format": "x", "case": {"reference": CONTENT[2]}, "values": {"a": CONTENT[2]}}),
        lambda: session.rekey(SECRET[:5], SECRET),
        lambda: purge_case(session, "L-1", CONTENT[2]),  # not archived
        lambda: backup_now(session, dest=workbook_path),  # refuses to overwrite
        lambda: open_workbook(workbook_path, SECRET, mini_form, today=lambda: TODAY),  # locked
    ]
    for failing in failures:
        with pytest.raises(HsbDeskError) as raised:
            failing()
        assert holds_any(raised.value.user_message.encode(), [*CONTENT, SECRET]) == []
    backup_now(session)
    session.close()
    with pytest.raises(HsbDeskError):
        open_workbook(workbook_path, SECRET, mini_form, today=lambda: TODAY)

    bad_import = tmp_path / "bad.json"
    bad_import.write_text(json.dumps({"format": "hsb-desk.case/1", "values": {"x": CONTENT[2]}}), encoding="utf-8")
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", SECRET)
    assert main(["cases", str(workbook_path)]) == 3
    monkeypatch.setenv("HSB_DESK_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(workbook_path), str(bad_import)]) == 2
    assert main(["purge", str(workbook_path), "L-1", "--reason", CONTENT[2], "--yes"]) == 2
    assert main(["backup", str(workbook_path), str(tmp_path / "b.hsbdesk-backup")]) == 0

    out, err = capfd.readouterr()
    logged = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert holds_any(logged.encode(), [*CONTENT, SECRET]) == []
    assert holds_any(err.encode(), [*CONTENT, SECRET]) == []
    assert SECRET not in out


@pytest.mark.parametrize(("key", "value"), [("child.date_of_birth", CONTENT[1]), ("findings.elements", [CONTENT[1]])])
def test_rejected_value_is_not_quoted_in_the_message(session: WorkbookSession, key: str, value: object) -> None:
    session.create_case("L-2")
    with pytest.raises(HsbDeskError) as raised:
        session.set_value("L-2", key, value)
    problems = getattr(raised.value, "problems", [])
    assert CONTENT[1] not in raised.value.user_message + repr(problems)
