"""The case over time: what each review re-rated and how far each target had got, the case's
closure, and the versions that started a reassessment. Every change is audited in the caller's
transaction (``CaseStore._log``); a review's rows go with its meeting when that is removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hsb_desk.store.case_store import CaseStore
from hsb_desk.store.records import CaseRecord, decode, encode


@dataclass(frozen=True)
class RatingRow:
    area: str
    concern: str | None
    strength: str | None


@dataclass(frozen=True)
class ProgressRow:
    target: str
    status: str
    note: str


@dataclass(frozen=True)
class ReviewRows:
    meeting_id: int
    ratings: tuple[RatingRow, ...]
    progress: tuple[ProgressRow, ...]


@dataclass(frozen=True)
class ClosureRow:
    closed_on: str
    reason: str
    outcomes: dict[str, str]
    summary: str
    told: str
    previous_status: str
    closed_by: str
    closed_at: str


@dataclass(frozen=True)
class ReassessmentRow:
    version: int
    reason: str
    started_by: str
    started_at: str


class CaseOverTimeStore(CaseStore):
    # -- reviews ---------------------------------------------------------------------------
    def reviews(self, case: CaseRecord) -> dict[int, ReviewRows]:
        """meeting id -> what the review at that meeting recorded, for the case's meetings that
        have any (two queries, however many reviews)."""
        ratings: dict[int, list[RatingRow]] = {}
        for meeting_id, *row in self._conn.execute(
            "SELECT r.meeting_id, r.area, r.concern, r.strength FROM review_ratings r"
            " JOIN meetings m ON m.id = r.meeting_id WHERE m.case_id = ? ORDER BY r.meeting_id, r.area",
            (case.id,),
        ):
            ratings.setdefault(meeting_id, []).append(RatingRow(*row))
        progress: dict[int, list[ProgressRow]] = {}
        for meeting_id, *row in self._conn.execute(
            "SELECT p.meeting_id, p.target, p.status, p.note FROM target_progress p"
            " JOIN meetings m ON m.id = p.meeting_id WHERE m.case_id = ? ORDER BY p.meeting_id, p.position",
            (case.id,),
        ):
            progress.setdefault(meeting_id, []).append(ProgressRow(*row))
        return {
            meeting_id: ReviewRows(meeting_id, tuple(ratings.get(meeting_id, ())), tuple(progress.get(meeting_id, ())))
            for meeting_id in sorted(ratings.keys() | progress.keys())
        }

    def set_review(self, case: CaseRecord, review: ReviewRows, actor: str) -> bool:
        """Replace what the review at ``review.meeting_id`` recorded; False when nothing changed."""
        old = self.reviews(case).get(review.meeting_id)
        if old == review:
            return False
        self._conn.execute("DELETE FROM review_ratings WHERE meeting_id = ?", (review.meeting_id,))
        self._conn.execute("DELETE FROM target_progress WHERE meeting_id = ?", (review.meeting_id,))
        self._conn.executemany(
            "INSERT INTO review_ratings (meeting_id, area, concern, strength) VALUES (?, ?, ?, ?)",
            [(review.meeting_id, r.area, r.concern, r.strength) for r in review.ratings],
        )
        self._conn.executemany(
            "INSERT INTO target_progress (meeting_id, position, target, status, note) VALUES (?, ?, ?, ?, ?)",
            [(review.meeting_id, n, p.target, p.status, p.note) for n, p in enumerate(review.progress)],
        )
        action = "review recorded" if old is None else "review changed"
        self._log(case, actor, action, asdict(review), None if old is None else asdict(old))
        return True

    # -- closure ---------------------------------------------------------------------------
    def closure(self, case: CaseRecord) -> ClosureRow | None:
        row = self._conn.execute(
            "SELECT closed_on, reason, outcomes_json, summary, told, previous_status, closed_by, closed_at"
            " FROM closures WHERE case_id = ?",
            (case.id,),
        ).fetchone()
        if row is None:
            return None
        closed_on, reason, outcomes, *rest = row
        return ClosureRow(closed_on, reason, decode(outcomes), *rest)

    def close(self, case: CaseRecord, closure: ClosureRow, actor: str) -> None:
        self._conn.execute(
            "INSERT INTO closures (case_id, closed_on, reason, outcomes_json, summary, told, previous_status,"
            " closed_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                closure.closed_on,
                closure.reason,
                encode(closure.outcomes),
                closure.summary,
                closure.told,
                closure.previous_status,
                closure.closed_by,
                closure.closed_at,
            ),
        )
        self._log(case, actor, "case closed", _closure_json(closure))

    def reopen(self, case: CaseRecord, reason: str, actor: str) -> ClosureRow:
        """Remove the closure record (the audit trail keeps it) and return it."""
        old = self.closure(case)
        if old is None:
            raise KeyError("the case is not closed")
        self._conn.execute("DELETE FROM closures WHERE case_id = ?", (case.id,))
        self._log(case, actor, "case reopened", {"reason": reason}, _closure_json(old))
        return old

    # -- reassessments ---------------------------------------------------------------------
    def reassessments(self, case: CaseRecord) -> list[ReassessmentRow]:
        rows = self._conn.execute(
            "SELECT version, reason, started_by, started_at FROM reassessments WHERE case_id = ? ORDER BY version",
            (case.id,),
        )
        return [ReassessmentRow(*row) for row in rows]

    def add_reassessment(self, case: CaseRecord, row: ReassessmentRow) -> None:
        """Mark version ``row.version`` (just started, and audited as "reassessment started"
        by ``CoworkingStore.start_version``) as the start of a new assessment."""
        self._conn.execute(
            "INSERT INTO reassessments (case_id, version, reason, started_by, started_at) VALUES (?, ?, ?, ?, ?)",
            (case.id, row.version, row.reason, row.started_by, row.started_at),
        )


def _closure_json(closure: ClosureRow) -> dict[str, Any]:
    return asdict(closure)
