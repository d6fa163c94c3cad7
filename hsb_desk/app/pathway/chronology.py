"""A case's chronology, built from what is recorded plus the practitioner's own entries.

Order: by date; on the same date by kind (``KIND_ORDER``: what happened before what was done
about it), then in the order recorded (row, meeting, audit entry or manual entry order). So equal
dates always list the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from hsb_desk.app.pathway.meeting_types import meeting_label
from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.store.audit import AuditEntry
from hsb_desk.store.pathway import PathwayStore
from hsb_desk.store.records import decode_object

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState

KIND_ORDER = (
    "incident",
    "allegation",
    "referral",
    "consent",
    "tool",
    "meeting",
    "decision",
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
    "safety_plan_date": ("plan", "Immediate safety plan agreed"),
    "plan_date": ("plan", "Plan agreed"),
    "sharing_meeting_date": ("sharing", "Meeting agreed who receives the report"),
}
#: Decisions recorded in the form, by role: the decision's role -> the role of its date. Each is
#: an entry on that date, worded by the chosen option's report_label (else its label).
DECISION_ROLES = {
    "meeting_decision": "meeting_decision_date",
    "assessment_decision": "assessment_decision_date",
    "panel_decision": "panel_decision_date",
}
DECISION_WHAT = "Decision: {decision}"
POLICE_CHANGE = "Police outcome changed to {new} (was {old})"
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
    "reassessment started": "Reassessment started (version {version}): {reason}",
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
    police = session.form.role_field("police_outcome")
    if police is not None:
        spells = [(r.value, r.ended_at) for r in session.workbook.values.revisions(case, police.key)]
        entries += police_changes(session.form, police, spells)
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
    _add_decisions(entries, form, values)
    _add_incidents(entries, form, values)
    _add_consent(entries, form, values)
    # The distribution list's "date sent" is not an event: it is typed while the assessment is a
    # draft, before any report can have been sent (the report shows such rows as planned). What
    # was sent, and when, is the sharing record of exports (app/reports/sharing.py).
    return entries


def _add_decisions(entries: list[ChronologyEntry], form: FormDefinition, values: Mapping[str, Any]) -> None:
    """Each pathway decision recorded with its date (a meeting, an assessment, a panel's)."""
    for role, date_role in DECISION_ROLES.items():
        spec, on = form.role_field(role), form.role_key(date_role)
        chosen = values.get(spec.key) if spec is not None else None
        if spec is None or on is None or not isinstance(chosen, str) or not chosen:
            continue
        option = next((o for o in spec.options if o.value == chosen), None)
        words = (option.report_label or option.label) if option is not None else chosen
        _add(entries, values.get(on), DECISION_WHAT.format(decision=words), _source(form, spec.key), "decision")


def police_changes(form: FormDefinition, spec: FieldSpec, spells: list[tuple[Any, str]]) -> list[ChronologyEntry]:
    """An entry for each change of the police outcome from one recorded value to another
    (``spells``: each value recorded, oldest first, with when, in UTC); the first value recorded
    is not a change, and clearing the field is not one either."""
    found: list[ChronologyEntry] = []
    before: Any = None
    for number, (value, at) in enumerate(spells, start=1):
        if value is None:
            continue
        if before is not None and value != before:
            try:  # recorded in UTC; the practitioner's calendar day is the local one
                day = datetime.fromisoformat(at).astimezone().date()
            except ValueError:
                continue
            what = POLICE_CHANGE.format(new=spec.option_label(str(value)), old=spec.option_label(str(before)))
            found.append(ChronologyEntry(day, what, _source(form, spec.key), "decision", None, number))
        before = value
    return found


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
    detail = decode_object(event.new_json)
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
