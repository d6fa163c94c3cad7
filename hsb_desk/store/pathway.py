"""The case pathway: meetings and who attended, actions, manual chronology entries.

Every change appends its audit entry in the caller's transaction. The bulk reads at the end serve
"what is due" across the workbook: each is one query over the cases still in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from hsb_desk.store.audit import AuditEntry
from hsb_desk.store.audit_format import sha
from hsb_desk.store.case_store import CaseStore
from hsb_desk.store.records import CaseRecord, decode

ATTENDANCE = ("attended", "apologies", "invited")
_ACTIVE = "c.status NOT IN ('archived', 'closed')"  # the cases in use: what is due is theirs


@dataclass(frozen=True)
class AttendeeRecord:
    name: str
    agency: str
    role: str
    attendance: str


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    type: str
    held_on: str
    decisions: str
    notes: str
    attendees: tuple[AttendeeRecord, ...] = ()
    next_on: str | None = None  # the date the meeting agreed for the next one (YYYY-MM-DD)


class MeetingMark(NamedTuple):
    """What the due list needs of the latest meeting of a type: when it was held, and the date
    it agreed for the next one (None: not agreed)."""

    held_on: str
    next_on: str | None = None


@dataclass(frozen=True)
class ActionRecord:
    id: int
    meeting_id: int | None
    what: str
    who: str
    due_on: str | None
    done_on: str | None


@dataclass(frozen=True)
class ChronologyRecord:
    id: int
    on_date: str
    what: str
    recorded_by: str


class PathwayStore(CaseStore):
    # -- meetings ------------------------------------------------------------------------
    def meetings(self, case: CaseRecord) -> list[MeetingRecord]:
        """In date order (then in the order recorded), each with its attendees."""
        rows = self._conn.execute(
            "SELECT id, type, held_on, decisions, notes, next_on FROM meetings WHERE case_id = ? ORDER BY held_on, id",
            (case.id,),
        ).fetchall()
        people: dict[int, list[AttendeeRecord]] = {}
        for meeting_id, *person in self._conn.execute(
            "SELECT a.meeting_id, a.name, a.agency, a.role, a.attendance FROM meeting_attendees a"
            " JOIN meetings m ON m.id = a.meeting_id WHERE m.case_id = ? ORDER BY a.meeting_id, a.position",
            (case.id,),
        ):
            people.setdefault(meeting_id, []).append(AttendeeRecord(*person))
        return [
            MeetingRecord(mid, kind, held_on, decisions, notes, tuple(people.get(mid, ())), next_on)
            for mid, kind, held_on, decisions, notes, next_on in rows
        ]

    def meeting(self, case: CaseRecord, meeting_id: int) -> MeetingRecord | None:
        return next((m for m in self.meetings(case) if m.id == meeting_id), None)

    def add_meeting(self, case: CaseRecord, meeting: MeetingRecord, actor: str) -> int:
        now = self._clock()
        cursor = self._conn.execute(
            "INSERT INTO meetings (case_id, type, held_on, decisions, notes, next_on, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (case.id, meeting.type, meeting.held_on, meeting.decisions, meeting.notes, meeting.next_on, now, now),
        )
        meeting_id = int(cursor.lastrowid)
        self._put_attendees(meeting_id, meeting.attendees)
        self._log(case, actor, "meeting recorded", _meeting_json(meeting, meeting_id))
        return meeting_id

    def update_meeting(self, case: CaseRecord, meeting: MeetingRecord, actor: str) -> bool:
        """Replace a meeting's details and attendees; False when nothing changed."""
        old = self.meeting(case, meeting.id)
        if old is None:
            raise KeyError("no such meeting")
        if old == meeting:
            return False
        self._conn.execute(
            "UPDATE meetings SET type = ?, held_on = ?, decisions = ?, notes = ?, next_on = ?, updated_at = ?"
            " WHERE id = ?",
            (
                meeting.type,
                meeting.held_on,
                meeting.decisions,
                meeting.notes,
                meeting.next_on,
                self._clock(),
                meeting.id,
            ),
        )
        self._conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (meeting.id,))
        self._put_attendees(meeting.id, meeting.attendees)
        before, after = _meeting_change(old, meeting)
        self._log(case, actor, "meeting changed", after, before)
        return True

    def remove_meeting(self, case: CaseRecord, meeting_id: int, actor: str) -> None:
        """The meeting, its attendees and its actions."""
        old = self.meeting(case, meeting_id)
        if old is None:
            raise KeyError("no such meeting")
        self._conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        self._log(case, actor, "meeting removed", old=_meeting_json(old, meeting_id))

    def _put_attendees(self, meeting_id: int, attendees: Sequence[AttendeeRecord]) -> None:
        self._conn.executemany(
            "INSERT INTO meeting_attendees (meeting_id, position, name, agency, role, attendance)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(meeting_id, n, a.name, a.agency, a.role, a.attendance) for n, a in enumerate(attendees)],
        )

    # -- actions -------------------------------------------------------------------------
    def actions(self, case: CaseRecord) -> list[ActionRecord]:
        rows = self._conn.execute(
            "SELECT id, meeting_id, what, who, due_on, done_on FROM meeting_actions WHERE case_id = ? ORDER BY id",
            (case.id,),
        )
        return [ActionRecord(*row) for row in rows]

    def action(self, case: CaseRecord, action_id: int) -> ActionRecord | None:
        return next((a for a in self.actions(case) if a.id == action_id), None)

    def add_action(self, case: CaseRecord, action: ActionRecord, actor: str) -> int:
        cursor = self._conn.execute(
            "INSERT INTO meeting_actions (case_id, meeting_id, what, who, due_on, done_on, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case.id, action.meeting_id, action.what, action.who, action.due_on, action.done_on, self._clock()),
        )
        action_id = int(cursor.lastrowid)
        self._log(case, actor, "action added", {**asdict(action), "id": action_id})
        return action_id

    def update_action(self, case: CaseRecord, action: ActionRecord, actor: str, what: str = "action changed") -> bool:
        old = self.action(case, action.id)
        if old is None:
            raise KeyError("no such action")
        if old == action:
            return False
        self._conn.execute(
            "UPDATE meeting_actions SET what = ?, who = ?, due_on = ?, done_on = ? WHERE id = ?",
            (action.what, action.who, action.due_on, action.done_on, action.id),
        )
        self._log(case, actor, what, asdict(action), asdict(old))
        return True

    def remove_action(self, case: CaseRecord, action_id: int, actor: str) -> None:
        old = self.action(case, action_id)
        if old is None:
            raise KeyError("no such action")
        self._conn.execute("DELETE FROM meeting_actions WHERE id = ?", (action_id,))
        self._log(case, actor, "action removed", old=asdict(old))

    # -- manual chronology entries ---------------------------------------------------------
    def entries(self, case: CaseRecord) -> list[ChronologyRecord]:
        rows = self._conn.execute(
            "SELECT id, on_date, what, recorded_by FROM chronology_entries WHERE case_id = ? ORDER BY on_date, id",
            (case.id,),
        )
        return [ChronologyRecord(*row) for row in rows]

    def add_entry(self, case: CaseRecord, on_date: str, what: str, actor: str) -> int:
        cursor = self._conn.execute(
            "INSERT INTO chronology_entries (case_id, on_date, what, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)",
            (case.id, on_date, what, actor, self._clock()),
        )
        entry_id = int(cursor.lastrowid)
        self._log(case, actor, "chronology entry added", {"id": entry_id, "date": on_date, "what": what})
        return entry_id

    def remove_entry(self, case: CaseRecord, entry_id: int, actor: str) -> None:
        old = next((e for e in self.entries(case) if e.id == entry_id), None)
        if old is None:
            raise KeyError("no such entry")
        self._conn.execute("DELETE FROM chronology_entries WHERE id = ?", (entry_id,))
        self._log(case, actor, "chronology entry removed", old=asdict(old))

    def audit_events(self, case: CaseRecord, actions: Iterable[str]) -> list[AuditEntry]:
        """The case's audit entries with one of ``actions`` (an index-free scan of one case's
        entries is fine: it runs for one case at a time)."""
        wanted = tuple(actions)
        marks = ", ".join("?" for _ in wanted)
        rows = self._conn.execute(
            "SELECT seq, at, actor, case_ref, action, field_key, old_json, new_json FROM audit_log"
            f" WHERE case_ref = ? AND action IN ({marks}) ORDER BY seq",
            (case.reference, *wanted),
        )
        return [AuditEntry(*row) for row in rows]

    # -- bulk reads over the cases in use (not archived) -----------------------------------
    def change_stamp(self) -> str:
        """Changes whenever anything in the workbook does (the audit log's newest entry)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        return str(row[0]) if row else ""

    def values_of(self, keys: Iterable[str]) -> dict[int, dict[str, Any]]:
        """Only the named fields, for every case in use: case id -> {field key: value}."""
        wanted = sorted(set(keys))
        found: dict[int, dict[str, Any]] = {}
        if not wanted:
            return found
        marks = ", ".join("?" for _ in wanted)
        rows = self._conn.execute(
            "SELECT v.case_id, v.field_key, v.value_json FROM field_values v JOIN cases c ON c.id = v.case_id"
            f" WHERE v.field_key IN ({marks}) AND {_ACTIVE}",
            wanted,
        )
        for case_id, key, text in rows:
            found.setdefault(case_id, {})[key] = decode(text)
        return found

    def active_statuses(self) -> dict[int, tuple[str, str]]:
        """case id -> (reference, status), for every case in use."""
        rows = self._conn.execute(f"SELECT c.id, c.reference, c.status FROM cases c WHERE {_ACTIVE}")
        return {case_id: (reference, status) for case_id, reference, status in rows}

    def set_before_signing(self, keys: Iterable[str], case: CaseRecord | None = None) -> dict[int, set[str]]:
        """case id -> those of ``keys`` whose value was last set no later than the case's latest
        sign-off by the lead (every case in use, or ``case``): a date agreed for the assessment
        that a sign-off has since met. Both times are the workbook's clock."""
        wanted = tuple(keys)
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        only = " AND v.case_id = ?" if case is not None else ""
        rows = self._conn.execute(
            "SELECT v.case_id, v.field_key FROM field_values v JOIN (SELECT case_id, MAX(recorded_at) AS signed"
            " FROM signoffs WHERE what = 'lead_signoff' GROUP BY case_id) s ON s.case_id = v.case_id"
            f" WHERE v.field_key IN ({marks}) AND v.updated_at <= s.signed{only}",
            (*wanted, *((case.id,) if case is not None else ())),
        )
        found: dict[int, set[str]] = {}
        for case_id, key in rows:
            found.setdefault(case_id, set()).add(key)
        return found

    def latest_meetings(self) -> dict[int, dict[str, MeetingMark]]:
        """case id -> {meeting type: the latest meeting of that type (its date and the next date it
        agreed)}. The latest is the one ``meetings`` lists last: by date, then as recorded. SQLite
        takes a bare column (``next_on``) from the row that gives the MAX."""
        rows = self._conn.execute(
            "SELECT m.case_id, m.type, MAX(m.held_on || printf('#%012d', m.id)), m.next_on FROM meetings m"
            f" JOIN cases c ON c.id = m.case_id WHERE {_ACTIVE} GROUP BY m.case_id, m.type"
        )
        found: dict[int, dict[str, MeetingMark]] = {}
        for case_id, kind, latest, next_on in rows:
            found.setdefault(case_id, {})[kind] = MeetingMark(latest.split("#", 1)[0], next_on)
        return found

    def open_actions(self) -> dict[int, list[ActionRecord]]:
        """case id -> its actions not yet done that have a due date."""
        rows = self._conn.execute(
            "SELECT a.case_id, a.id, a.meeting_id, a.what, a.who, a.due_on, a.done_on FROM meeting_actions a"
            f" JOIN cases c ON c.id = a.case_id WHERE a.done_on IS NULL AND a.due_on IS NOT NULL AND {_ACTIVE}"
            " ORDER BY a.id"
        )
        found: dict[int, list[ActionRecord]] = {}
        for case_id, *action in rows:
            found.setdefault(case_id, []).append(ActionRecord(*action))
        return found


def _meeting_json(meeting: MeetingRecord, meeting_id: int) -> dict[str, Any]:
    data = asdict(meeting)
    data["id"] = meeting_id
    return data


#: A meeting's narratives: a change to one is recorded by digest, never by its text.
_NARRATIVES = ("decisions", "notes")


def _meeting_change(old: MeetingRecord, new: MeetingRecord) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a "meeting changed" entry records: each detail that changed, before and after; the
    decisions and notes by their SHA-256 and length. A meeting saves itself as it is typed, so a
    copy of its notes in every entry would grow the workbook with each pause, not with the notes
    (as value entries do for fields: store/audit.py)."""
    before: dict[str, Any] = {"id": old.id}
    after: dict[str, Any] = {"id": new.id}
    for name in ("type", "held_on", "next_on", *_NARRATIVES, "attendees"):
        was, now = getattr(old, name), getattr(new, name)
        if was == now:
            continue
        if name in _NARRATIVES:
            was, now = _digest(was), _digest(now)
        elif name == "attendees":
            was, now = [asdict(a) for a in was], [asdict(a) for a in now]
        before[name], after[name] = was, now
    return before, after


def _digest(text: str) -> dict[str, Any]:
    return {"sha256": sha(text), "length": len(text)}
