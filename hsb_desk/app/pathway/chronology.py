"""A case's chronology, built from what is recorded plus the practitioner's own entries.

Order: by date; on the same date by kind (``KIND_ORDER``: what happened before what was done
about it), then in the order recorded (row, meeting, audit entry or manual entry order). So equal
dates always list the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from hsb_desk.app.pathway.meeting_types import meeting_label
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.store.audit import AuditEntry
from hsb_desk.store.pathway import PathwayStore

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState

KIND_ORDER = (
    "incident",
    "allegation",
    "referral",
    "consent",
    "tool",
    "meeting",
    "plan",
    "action",
    "sharing",
    "record",
    "manual",
)
#: Dated fields that mark an event, by their role in the form pack: role -> (kind, what).
#: A pack without one of these roles has no such entry.
DATED_ROLES = {
    "allegation_date": ("allegation", "Allegation or disclosure"),
    "referral_date": ("referral", "Notification or referral received"),
    "screening_tool_date": ("tool", "Licensed screening tool used"),
    "plan_date": ("plan", "Plan agreed"),
    "sharing_meeting_date": ("sharing", "Meeting agreed who receives the report"),
}
CONSENT_WORDS = {"given": "given", "refused": "refused"}
SOURCE_RECORD = "Audit trail"
SOURCE_MEETINGS = "Meetings"
SOURCE_MANUAL = "Added by {who}"
#: Audit actions that mark a step of the work on the case, with what the chronology says.
AUDIT_EVENTS = {
    "case created": "Case opened in HSB Desk",
    "hand-out exported": "Sections handed out to the co-worker",
    "hand-out imported": "Hand-out from the lead received",
    "hand-back exported": "Sections handed back to the lead",
    "exchange file recorded": "Co-worker's hand-back imported",
    "co-worker sections confirmed": "Co-worker confirmed their sections",
    "co-worker confirmation imported from hand-back": "Co-worker confirmed their sections",
    "assessment signed off": "Assessment signed off (version {version}) by {who}",
    "assessment countersigned": "Assessment countersigned (version {version}) by {who}",
    "version started": "Amendment started (version {version}): {reason}",
}


_STEP_PREFIXES = tuple(wording.split("{", 1)[0] for wording in AUDIT_EVENTS.values())


def is_workbook_step(what: str) -> bool:
    """Whether a chronology line is one of the workbook's own steps (``AUDIT_EVENTS``), as kept in
    a signed version's frame, which holds the lines' words only."""
    return what.startswith(_STEP_PREFIXES)


@dataclass(frozen=True)
class ChronologyEntry:
    date: date
    what: str
    source: str
    kind: str = "record"
    entry_id: int | None = None  # manual entries only: what remove_chronology_entry takes
    order: int = 0

    @property
    def manual(self) -> bool:
        return self.kind == "manual"


def chronology(session: SessionState, reference: str) -> list[ChronologyEntry]:
    """Every dated event of a case, in date order (see the module's note on ties)."""
    case = session.workbook.cases.get(reference)
    store = PathwayStore.of(session.workbook)
    entries = from_values(session.form, session.workbook.values.values(case))
    for meeting in store.meetings(case):
        came = sum(1 for a in meeting.attendees if a.attendance == "attended")
        sorry = sum(1 for a in meeting.attendees if a.attendance == "apologies")
        sent = f"; {sorry} sent apologies" if sorry else ""  # never "1 apologies", nor "0 apologies"
        what = f"{meeting_label(session.form, meeting.type)} ({came} attended{sent})"
        _add(entries, meeting.held_on, what, SOURCE_MEETINGS, "meeting", meeting.id)
    for action in store.actions(case):
        if action.done_on:
            _add(entries, action.done_on, f"Action done: {action.what}", SOURCE_MEETINGS, "action", action.id)
    for event in store.audit_events(case, AUDIT_EVENTS):
        _add_audit(entries, event)
    for manual in store.entries(case):
        who = SOURCE_MANUAL.format(who=manual.recorded_by)
        entries.append(
            ChronologyEntry(date.fromisoformat(manual.on_date), manual.what, who, "manual", manual.id, manual.id)
        )
    return sorted(entries, key=lambda e: (e.date, KIND_ORDER.index(e.kind), e.order))


def from_values(form: FormDefinition, values: Mapping[str, Any]) -> list[ChronologyEntry]:
    """The events the assessment's own fields record, found by their roles (no child who has been
    harmed is named)."""
    entries: list[ChronologyEntry] = []
    for role, (kind, what) in DATED_ROLES.items():
        key = form.role_key(role)
        if key is not None:
            _add(entries, values.get(key), what, _source(form, key), kind)
    _add_incidents(entries, form, values)
    _add_consent(entries, form, values)
    # The distribution list's "date sent" is not an event: it is typed while the assessment is a
    # draft, before any report can have been sent (the report shows such rows as planned). What
    # was sent, and when, is the sharing record of exports (app/reports/sharing.py).
    return entries


def _add_incidents(entries: list[ChronologyEntry], form: FormDefinition, values: Mapping[str, Any]) -> None:
    """One entry per dated row of the group with role ``incidents``."""
    group, on = form.role_key("incidents"), _column(form, "incidents", "incident_date")
    if group is None or on is None:
        return
    kinds = _column(form, "incidents", "incident_type")
    where = _column(form, "incidents", "incident_setting")
    approximate = _column(form, "incidents", "incident_date_approximate")
    for number, row in enumerate(_rows(values, group), start=1):
        types = ", ".join(_labels(kinds, row.get(kinds.key))) if kinds is not None else ""
        what = f"Incident {number}" + (f" ({types})" if types else "")
        setting = row.get(where.key) if where is not None else None
        if isinstance(setting, str) and setting.strip():
            what += f", {setting.strip()}"
        if approximate is not None and row.get(approximate.key) == "yes":
            what += "; date approximate"
        _add(entries, row.get(on.key), what, _source(form, group), "incident", number)


def _add_consent(entries: list[ChronologyEntry], form: FormDefinition, values: Mapping[str, Any]) -> None:
    """The young person's consent, and each parent's or carer's, given or refused on a date."""
    status_key, on_key = form.role_key("consent_young_person"), form.role_key("consent_young_person_date")
    if status_key is not None and on_key is not None:
        status = CONSENT_WORDS.get(str(values.get(status_key)))
        if status:
            what = f"Young person's consent {status}"
            _add(entries, values.get(on_key), what, _source(form, status_key), "consent")
    group = form.role_key("consent_carers")
    column = _column(form, "consent_carers", "consent_carer_status")
    on = _column(form, "consent_carers", "consent_carer_date")
    if group is None or column is None or on is None:
        return
    who = _column(form, "consent_carers", "consent_carer_name")
    for number, row in enumerate(_rows(values, group), start=1):
        status = CONSENT_WORDS.get(str(row.get(column.key)))
        name = row.get(who.key) if who is not None else None
        name = name.strip() if isinstance(name, str) and name.strip() else "a parent or carer"
        if status:
            _add(entries, row.get(on.key), f"Consent of {name} {status}", _source(form, group), "consent", number)


def _add(entries: list[ChronologyEntry], raw: Any, what: str, source: str, kind: str, order: int = 0) -> None:
    day = parse_iso_date(raw) if isinstance(raw, str) else None
    if day is not None:
        entries.append(ChronologyEntry(day, what, source, kind, None, order))


def _add_audit(entries: list[ChronologyEntry], event: AuditEntry) -> None:
    try:
        detail = json.loads(event.new_json) if event.new_json else {}
    except ValueError:
        detail = {}
    detail = detail if isinstance(detail, dict) else {}
    if event.action == "exchange file recorded" and detail.get("kind") != "handback":
        return  # a hand-out received is already listed as "hand-out imported"
    if event.action == "version started" and int(detail.get("version") or 1) < 2:
        return  # version 1 starts with the case: not an amendment
    text = AUDIT_EVENTS[event.action]
    if "{" in text:
        if not detail:
            return  # redacted (case purged): nothing left to say
        text = text.format(
            version=detail.get("version", "?"), who=detail.get("who", ""), reason=detail.get("reason", "")
        )
    day = parse_iso_date(detail.get("date", "")) if isinstance(detail.get("date"), str) else None
    if day is None:
        try:  # recorded in UTC; the practitioner's calendar day is the local one
            day = datetime.fromisoformat(event.at).astimezone().date()
        except ValueError:
            return
    entries.append(ChronologyEntry(day, text, SOURCE_RECORD, "record", None, event.seq))


def _rows(values: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    rows = values.get(key)
    return [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []


def _column(form: FormDefinition, group_role: str, role: str) -> FieldSpec | None:
    """The column given ``role``, when it is a column of the group given ``group_role``."""
    found = form.role_column(role)
    return found[1] if found is not None and found[0].key == form.role_key(group_role) else None


def _labels(spec: FieldSpec, raw: Any) -> list[str]:
    chosen = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    return [spec.option_label(str(v)) for v in chosen]


def _source(form: FormDefinition, key: str) -> str:
    section = form.section_of(key)
    return f"Section {section.number}: {section.title}" if section else ""
