"""Co-working records: section owners, hand-outs, imported exchange files, the co-worker's
restricted copy, sign-offs and assessment versions (schema version 3, docs/exchange.md); who
signed on whose behalf and each signed version's frame (schema version 6); the numbers exchange
files carry, so an older one is never imported over a newer one (schema version 10); a manager's
agreement with the outcome and comments with their countersignature (schema version 11).

Every change appends an audit entry in the caller's transaction, so it commits with the change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hsb_desk.store.case_store import CaseStore
from hsb_desk.store.records import CaseRecord, decode, encode

SIGNOFF_KINDS = ("coworker_confirmation", "lead_signoff", "manager_countersign")


def values_digest(values: Mapping[str, Any]) -> str:
    """SHA-256 of values in a canonical JSON form: equal values give equal digests."""
    text = encode({key: values[key] for key in sorted(values)})
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Handout:
    """A hand-out sent (lead) or received (co-worker). ``base`` is the lead's (revision, value)
    per field when last in step; ``theirs`` is the co-worker's values as last seen."""

    id: str
    case_id: int
    direction: str
    sections: tuple[str, ...]
    base: dict[str, tuple[int, Any]]
    theirs: dict[str, Any]
    counterpart: str
    created_at: str
    merged_at: str | None
    sequence: int | None = None  # its number among the case's hand-outs from the lead's workbook
    handbacks: int = 0  # received: how many hand-backs of it this workbook has exported


@dataclass(frozen=True)
class ImportedFile:
    """An exchange file imported here: its number, the id of the workbook that wrote it and when
    it was made (None where the file, or its import, came before schema version 10)."""

    sequence: int | None
    source: str | None
    created_at: str | None
    imported_at: str


@dataclass(frozen=True)
class Restriction:
    """A co-worker's copy of a case: only ``sections`` may be edited here."""

    case_id: int
    handout_id: str
    sections: tuple[str, ...]
    synced: dict[str, Any]
    lead_name: str


@dataclass(frozen=True)
class SignoffRecord:
    version: int
    what: str
    who: str
    role: str
    signed_on: str
    recorded_at: str
    covers_digest: str
    on_behalf_of: str = ""  # the lead practitioner, when someone else signed for them
    agrees: bool | None = None  # a countersignature: the manager agrees with the outcome (None: not said)
    comments: str = ""  # a countersignature: the manager's comments


@dataclass(frozen=True)
class VersionRecord:
    version: int
    reason: str
    status: str
    started_at: str
    signed_at: str | None
    snapshot: dict[str, Any] | None
    snapshot_digest: str | None
    frame: dict[str, Any] | None = None  # what its report shows besides values, as at signing
    frame_digest: str | None = None


def _json(text: str | None) -> Any:
    return decode(text) if text else None


def authorisation_seal(agrees: bool | None, comments: str) -> dict[str, Any]:
    """What a sign-off's audit entry records of a manager's agreement and comments: nothing for a
    sign-off without them (every one made before schema version 11)."""
    if agrees is None and not comments:
        return {}
    return {"agrees": agrees, "comments_sha256": hashlib.sha256(comments.encode("utf-8")).hexdigest()}


class CoworkingStore(CaseStore):
    # -- section owners ------------------------------------------------------------------
    def owners(self, case: CaseRecord) -> dict[str, str]:
        rows = self._conn.execute("SELECT section_key, owner FROM section_owners WHERE case_id = ?", (case.id,))
        return dict(rows.fetchall())

    def set_owner(self, case: CaseRecord, section_key: str, owner: str, previous: str, actor: str) -> None:
        self._conn.execute(
            "INSERT INTO section_owners (case_id, section_key, owner) VALUES (?, ?, ?)"
            " ON CONFLICT (case_id, section_key) DO UPDATE SET owner = excluded.owner",
            (case.id, section_key, owner),
        )
        self._log(case, actor, "section owner set", {"section": section_key, "owner": owner}, previous)

    # -- hand-outs -----------------------------------------------------------------------
    def add_handout(self, case: CaseRecord, handout: Handout, actor: str, file_name: str | None = None) -> None:
        """``file_name``: the exchange file's name (never its folder), kept in the audit entry."""
        self._conn.execute(
            "INSERT INTO handouts (id, case_id, direction, sections_json, base_json, theirs_json, counterpart,"
            " created_at, sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                handout.id,
                case.id,
                handout.direction,
                encode(list(handout.sections)),
                encode({k: list(v) for k, v in handout.base.items()}),
                encode(handout.theirs),
                handout.counterpart,
                handout.created_at,
                handout.sequence,
            ),
        )
        action = "hand-out exported" if handout.direction == "sent" else "hand-out imported"
        entry: dict[str, Any] = {"handout": handout.id, "sections": list(handout.sections)}
        if handout.sequence is not None:
            entry["number"] = handout.sequence
        if file_name is not None:
            entry["file"] = file_name
        self._log(case, actor, action, entry)

    def handout(self, handout_id: str) -> Handout | None:
        row = self._conn.execute(
            "SELECT id, case_id, direction, sections_json, base_json, theirs_json, counterpart, created_at,"
            " merged_at, sequence, handbacks FROM handouts WHERE id = ?",
            (handout_id,),
        ).fetchone()
        if row is None:
            return None
        base = {key: (int(pair[0]), pair[1]) for key, pair in decode(row[4]).items()}
        sections, theirs = tuple(decode(row[3])), decode(row[5])
        return Handout(row[0], row[1], row[2], sections, base, theirs, row[6], row[7], row[8], row[9], row[10])

    def next_handout_number(self, case: CaseRecord) -> int:
        """The number the next hand-out of ``case`` from this workbook carries: one more than
        every hand-out sent before (those sent before schema version 10 count too)."""
        count, top = self._conn.execute(
            "SELECT COUNT(*), MAX(sequence) FROM handouts WHERE case_id = ? AND direction = 'sent'", (case.id,)
        ).fetchone()
        return max(int(count), int(top or 0)) + 1

    def set_handout_sync(self, handout_id: str, base: Mapping[str, tuple[int, Any]], theirs: Mapping[str, Any]) -> None:
        """After a merge: both sides are now in step at these values."""
        self._conn.execute(
            "UPDATE handouts SET base_json = ?, theirs_json = ?, merged_at = ? WHERE id = ?",
            (encode({k: list(v) for k, v in base.items()}), encode(dict(theirs)), self._clock(), handout_id),
        )

    # -- imported exchange files ---------------------------------------------------------
    def was_imported(self, file_id: str, digest: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM exchange_imports WHERE file_id = ? OR digest = ?", (file_id, digest)
        ).fetchone()
        return row is not None

    def record_import(
        self,
        case: CaseRecord,
        file_id: str,
        digest: str,
        kind: str,
        handout_id: str,
        actor: str,
        *,
        sequence: int | None = None,
        source: str | None = None,
        created_at: str | None = None,
    ) -> None:
        """``sequence``, ``source``, ``created_at``: the file's number, the id of the workbook that
        wrote it, and when it was made (no number: a file written by the previous version)."""
        self._conn.execute(
            "INSERT INTO exchange_imports (file_id, digest, kind, handout_id, case_ref, imported_at, sequence,"
            " source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (file_id, digest, kind, handout_id, case.reference, self._clock(), sequence, source, created_at),
        )
        entry: dict[str, Any] = {"file": file_id, "kind": kind, "handout": handout_id}
        if sequence is not None:
            entry["number"] = sequence
        self._log(case, actor, "exchange file recorded", entry)

    def imported_files(self, kind: str, scope: str) -> list[ImportedFile]:
        """The hand-outs imported here for the case ``scope`` (a reference), or the hand-backs
        imported for the hand-out ``scope`` (its id), in the order they were imported."""
        if kind == "handout":
            where = "kind = 'handout' AND case_ref = ?"
        elif kind == "handback":
            where = "kind = 'handback' AND handout_id = ?"
        else:
            raise ValueError(f"unknown exchange kind {kind!r}")
        rows = self._conn.execute(
            "SELECT sequence, source, created_at, imported_at FROM exchange_imports WHERE " + where + " ORDER BY rowid",
            (scope,),
        )
        return [ImportedFile(*row) for row in rows]

    # -- the co-worker's restricted copy -------------------------------------------------
    def copies_and_cases(self) -> tuple[int, int]:
        """(co-worker copies, cases) in the workbook: which menus its cases need."""
        copies = self._conn.execute("SELECT count(*) FROM case_restrictions").fetchone()[0]
        cases = self._conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        return int(copies), int(cases)

    def restriction(self, case: CaseRecord) -> Restriction | None:
        row = self._conn.execute(
            "SELECT case_id, handout_id, sections_json, synced_json, lead_name FROM case_restrictions"
            " WHERE case_id = ?",
            (case.id,),
        ).fetchone()
        if row is None:
            return None
        return Restriction(row[0], row[1], tuple(decode(row[2])), decode(row[3]), row[4])

    def set_restriction(self, case: CaseRecord, restriction: Restriction, actor: str) -> None:
        self._conn.execute(
            "INSERT INTO case_restrictions (case_id, handout_id, sections_json, synced_json, lead_name)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET handout_id = excluded.handout_id,"
            " sections_json = excluded.sections_json, synced_json = excluded.synced_json,"
            " lead_name = excluded.lead_name",
            (
                case.id,
                restriction.handout_id,
                encode(list(restriction.sections)),
                encode(restriction.synced),
                restriction.lead_name,
            ),
        )
        self._log(
            case,
            actor,
            "editing restricted to hand-out",
            {"handout": restriction.handout_id, "sections": list(restriction.sections)},
        )

    def mark_synced(
        self,
        case: CaseRecord,
        synced: Mapping[str, Any],
        handout_id: str,
        actor: str,
        file_name: str | None = None,
        number: int | None = None,
    ) -> None:
        """A hand-back was exported: these values are now the lead's. ``number`` is the hand-back's
        number among those of its hand-out, now the count of them exported."""
        self._conn.execute(
            "UPDATE case_restrictions SET synced_json = ? WHERE case_id = ?", (encode(dict(synced)), case.id)
        )
        entry: dict[str, Any] = {"handout": handout_id}
        if number is not None:
            self._conn.execute(
                "UPDATE handouts SET handbacks = ? WHERE id = ? AND direction = 'received'", (number, handout_id)
            )
            entry["number"] = number
        if file_name is not None:
            entry["file"] = file_name
        self._log(case, actor, "hand-back exported", entry)

    # -- versions ------------------------------------------------------------------------
    def versions(self, case: CaseRecord) -> list[VersionRecord]:
        rows = self._conn.execute(
            "SELECT version, reason, status, started_at, signed_at, snapshot_json, snapshot_digest, frame_json,"
            " frame_digest FROM assessment_versions WHERE case_id = ? ORDER BY version",
            (case.id,),
        )
        return [
            VersionRecord(version, reason, status, started, signed, _json(snap), digest, _json(frame), frame_digest)
            for version, reason, status, started, signed, snap, digest, frame, frame_digest in rows
        ]

    def start_version(
        self, case: CaseRecord, version: int, reason: str, actor: str, action: str = "version started"
    ) -> None:
        """``action``: the audit entry's words ("reassessment started" for a new assessment)."""
        self._conn.execute(
            "INSERT INTO assessment_versions (case_id, version, reason, status, started_at)"
            " VALUES (?, ?, ?, 'open', ?)",
            (case.id, version, reason, self._clock()),
        )
        self._log(case, actor, action, {"version": version, "reason": reason})

    def sign_version(
        self, case: CaseRecord, version: int, snapshot: Mapping[str, Any], frame: Mapping[str, Any], actor: str
    ) -> str:
        """Freeze ``version`` with the values as signed and its ``frame`` (what its report shows
        besides the values, as at signing); returns the snapshot's digest."""
        digest, frame_digest = values_digest(snapshot), values_digest(frame)
        self._conn.execute(
            "UPDATE assessment_versions SET status = 'signed', signed_at = ?, snapshot_json = ?,"
            " snapshot_digest = ?, frame_json = ?, frame_digest = ? WHERE case_id = ? AND version = ?",
            (self._clock(), encode(dict(snapshot)), digest, encode(dict(frame)), frame_digest, case.id, version),
        )
        # The digests in the hash-chained audit log make any later change to either evident.
        self._log(case, actor, "version signed", {"version": version, "digest": digest, "frame": frame_digest})
        return digest

    # -- sign-offs -----------------------------------------------------------------------
    def signoffs(self, case: CaseRecord, version: int | None = None) -> list[SignoffRecord]:
        sql = (
            "SELECT version, what, who, role, signed_on, recorded_at, covers_digest, on_behalf_of, agrees, comments"
            " FROM signoffs WHERE case_id = ?"
        )
        params: tuple[Any, ...] = (case.id,)
        if version is not None:
            sql += " AND version = ?"
            params = (case.id, version)
        rows = self._conn.execute(sql + " ORDER BY id", params)
        return [
            SignoffRecord(
                number, what, who, role, on, at, digest, behalf, None if agrees is None else bool(agrees), said
            )
            for number, what, who, role, on, at, digest, behalf, agrees, said in rows
        ]

    def add_signoff(self, case: CaseRecord, record: SignoffRecord, actor: str, action: str) -> None:
        if record.what not in SIGNOFF_KINDS:
            raise ValueError(f"unknown sign-off kind {record.what!r}")
        self._conn.execute(
            "INSERT INTO signoffs (case_id, version, what, who, role, signed_on, recorded_at, covers_digest,"
            " on_behalf_of, agrees, comments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                record.version,
                record.what,
                record.who,
                record.role,
                record.signed_on,
                record.recorded_at,
                record.covers_digest,
                record.on_behalf_of,
                None if record.agrees is None else int(record.agrees),
                record.comments,
            ),
        )
        # The entry records who signed what, and when; for a manager's authorisation (schema
        # version 11) also whether they agree and the SHA-256 of their comments, so that an edit of
        # either behind the app is found by `hsb-desk check` (app/signoff/at_signing.py) while the
        # comments' own text stays in the sign-off record only.
        entry: dict[str, Any] = {
            "version": record.version,
            "what": record.what,
            "who": record.who,
            "role": record.role,
            "date": record.signed_on,
        }
        if record.on_behalf_of:
            entry["on_behalf_of"] = record.on_behalf_of
        entry.update(authorisation_seal(record.agrees, record.comments))
        self._log(case, actor, action, entry)
