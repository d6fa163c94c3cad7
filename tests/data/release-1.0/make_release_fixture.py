"""Make the release-1.0 fixture with the code and form pack of that release (README.md here).

Run from a checkout of the release, e.g.::

    git worktree add --detach /tmp/release-1.0 646b9ec
    PYTHONPATH=/tmp/release-1.0 python tests/data/release-1.0/make_release_fixture.py OUT_FOLDER

Fictional cases only (resources/demo/), dated as their files are (no shift from the anchor).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from hsb_desk.app.demo import DEMO_PROFILE, SIGNED_REFERENCE, dated_document, demo_documents
from hsb_desk.app.exchange import export_handout
from hsb_desk.app.exchange.envelope import ScryptParams
from hsb_desk.app.reports.case_report import export_case_report
from hsb_desk.app.signoff import sign_off
from hsb_desk.app.workbooks import create_workbook, default_form

PASSPHRASE = "release fixture only 1.0"  # fictional, test-only
EXCHANGE_PASSPHRASE = "fixture handout passphrase only"  # fictional, test-only
FAST = ScryptParams(log2_n=10, r=8, p=1)  # test-only cost
TODAY = date(2026, 11, 22)  # the demo files' anchor: their dates stay as written
EXAMPLE = "HSB-2026-0001"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    form = default_form()
    session = create_workbook(out / "workbook.hsbdesk", PASSPHRASE, DEMO_PROFILE, form, today=lambda: TODAY)
    try:
        documents = demo_documents()
        for document in (documents[0], documents[-1]):  # the example case and the case signed off
            session.import_case(dated_document(form, document, TODAY))
        sign_off(session, SIGNED_REFERENCE, on=TODAY.isoformat())
        export_case_report(session, SIGNED_REFERENCE, out / "signed-version-1.docx", signed_version=1)
        document = session.export_case(EXAMPLE)
        (out / "example-case.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        export_handout(session, EXAMPLE, out / "example-handout.hsbx", EXCHANGE_PASSPHRASE, FAST)
    finally:
        session.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
