"""The demo workbook: fictional cases only, for trying HSB Desk and for training."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from hsb_desk import paths
from hsb_desk.app import pathway
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.signoff import sign_off
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile

DEMO_PASSPHRASE = "demo workbook only"
SIGNED_REFERENCE = "HSB-2025-0007"
DEMO_PROFILE = Profile("Demo Practitioner", "Social worker (demo)", "Example Council (demo)", "demo@example.org")


def demo_documents() -> list[dict[str, Any]]:
    """The fully filled example case first, then the partial ones in other states."""
    folder = paths.resources_dir() / "demo"
    example = json.loads((folder / "example-case.json").read_text(encoding="utf-8"))
    others = json.loads((folder / "other-cases.json").read_text(encoding="utf-8"))
    return [example, *others]


def _add_signed_off_case(session: WorkbookSession, example: dict[str, Any]) -> None:
    """A signed-off case made the real way: imported complete, then signed off here."""
    document = copy.deepcopy(example)
    document["case"] = {"reference": SIGNED_REFERENCE, "status": "awaiting_signoff"}
    document["values"]["child.full_name"] = "Jordan Lee Example"
    document["values"]["child.preferred_name"] = "Jordan"
    session.import_case(document)
    sign_off(session, SIGNED_REFERENCE)


def _add_example_meetings(session: WorkbookSession, reference: str) -> None:
    """The meetings the example case has had, so its deadlines read as a kept case's do."""
    people = (
        pathway.Attendee("Sam Chair", "Children's social care", "Team manager (chair)"),
        pathway.Attendee("Jo Example", "Children's social care", "Social worker"),
        pathway.Attendee("DC Alex Placeholder", "Police", "Officer in charge"),
        pathway.Attendee("Priya Example", "Northgate Academy (fictional)", "Designated safeguarding lead"),
        pathway.Attendee("Robin Placeholder", "Youth justice service", "Case manager", "apologies"),
    )
    pathway.record_meeting(
        session,
        reference,
        pathway.MeetingDraft(
            "strategy_meeting", "2026-09-11", "Concern route agreed; no further police action.", "", people[:4]
        ),
    )
    meeting = pathway.record_meeting(
        session,
        reference,
        pathway.MeetingDraft(
            "risk_management_meeting",
            "2026-09-25",
            "AIM assessment agreed, lead and co-worker named; interim safety plan at school.",
            "",
            people,
        ),
    )
    meeting_id = int(meeting.detail["meeting"])
    pathway.add_action(
        session, reference, meeting_id, "Share the interim safety plan with school", "Jo Example", "2026-09-30"
    )
    done = pathway.list_actions(session, reference)[-1]
    pathway.set_action_done(session, reference, done.id, True, "2026-09-29")
    pathway.add_action(
        session, reference, meeting_id, "Book the first AIM session with the family", "Robin Placeholder", "2027-01-15"
    )


def ensure_demo_workbook(path: Path | None = None, form: FormDefinition | None = None) -> Path:
    """Create the demo workbook with its fictional cases if it does not exist yet."""
    path = path or paths.demo_workbook_path()
    if path.exists():
        return path
    session = create_workbook(path, DEMO_PASSPHRASE, DEMO_PROFILE, form, today=date.today)
    try:
        for document in demo_documents():
            session.import_case(document)
        _add_signed_off_case(session, demo_documents()[0])
        for reference in (demo_documents()[0]["case"]["reference"], SIGNED_REFERENCE):
            _add_example_meetings(session, reference)
    except BaseException:
        session.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    session.close()
    return path
