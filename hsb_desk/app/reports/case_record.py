"""What the report shows of a case's record beyond its answers: the version history, the
actions agreed at meetings and not yet done, and the record of meetings and
decisions (the chronology without the workbook's own steps, which belong to the audit trail).
"""

from __future__ import annotations

from collections.abc import Iterable

from hsb_desk.app import pathway, signoff
from hsb_desk.app.pathway.chronology import is_workbook_step
from hsb_desk.app.session import WorkbookSession
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.report.model import ChronologyEntry, OpenAction, VersionEntry


def history(session: WorkbookSession, reference: str, up_to: int | None = None) -> tuple[VersionEntry, ...]:
    """Each version up to ``up_to`` (default: all): the date it was signed off (or started), the
    reason for an amendment, who signed it off and who countersigned it."""
    entries = []
    for version in signoff.versions(session, reference):
        if up_to is not None and version.number > up_to:
            break
        day = parse_iso_date(version.signed_on or version.started_at[:10])
        reason = "" if version.number == 1 else version.reason
        entries.append(VersionEntry(version.number, day, reason, version.signed_by or "", version.authorised_by))
    return tuple(entries)


def open_actions(session: WorkbookSession, reference: str) -> tuple[OpenAction, ...]:
    """The actions agreed at meetings and not yet done, by due date (undated last)."""
    held = {m.id: m.held_on for m in pathway.list_meetings(session, reference)}
    actions = [a for a in pathway.list_actions(session, reference) if not a.done_on]
    actions.sort(key=lambda a: (a.due_on is None, a.due_on or ""))
    shown = []
    for action in actions:
        meeting = parse_iso_date(held.get(action.meeting_id) or "") if action.meeting_id else None
        shown.append(
            OpenAction(
                action.what, action.who, parse_iso_date(action.due_on or ""), format_uk_date(meeting) if meeting else ""
            )
        )
    return tuple(shown)


def meetings_and_decisions(entries: Iterable[ChronologyEntry]) -> list[ChronologyEntry]:
    """The case's chronology for the report: what happened and what was done about it, without
    the workbook's own steps ("Case opened in HSB Desk"), which the audit trail keeps. A signed
    version's chronology is filtered the same way, so it still exports as it always has."""
    return [e for e in entries if not is_workbook_step(e.what)]
