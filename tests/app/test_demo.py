"""The demo workbook: fictional cases in every state, made through the real services."""

from __future__ import annotations

from pathlib import Path

from hsb_desk.app import pathway, signoff
from hsb_desk.app.demo import DEMO_PASSPHRASE, SIGNED_REFERENCE, ensure_demo_workbook
from hsb_desk.app.workbooks import open_workbook


def test_demo_workbook_holds_cases_in_every_state(tmp_path: Path) -> None:
    path = ensure_demo_workbook(tmp_path / "demo.hsbdesk")
    session = open_workbook(path, DEMO_PASSPHRASE)
    try:
        statuses = {c.status for c in session.list_cases()}
        assert statuses == {"draft", "with_coworker", "awaiting_signoff", "signed_off", "archived"}
        assert signoff.versions(session, SIGNED_REFERENCE)[0].status == "signed"
        assert [m.type for m in pathway.list_meetings(session, "HSB-2026-0001")] == [
            "strategy_meeting",
            "risk_management_meeting",
        ]
        assert session.missing_for_signoff("HSB-2026-0001") == []  # the example is fully filled
    finally:
        session.close()
    before = path.read_bytes()
    assert ensure_demo_workbook(path) == path  # made once, then left alone
    assert path.read_bytes() == before
