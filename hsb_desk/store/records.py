"""Cases, per-field values and the practitioner profile, each change audited in its transaction."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hsb_desk.domain.procedure import CASE_STATUSES as CASE_STATUSES  # one list: the rules read it too
from hsb_desk.errors import CaseExists, CaseNotFound
from hsb_desk.store.audit import AuditLog
from hsb_desk.store.connection import Connection
from hsb_desk.store.history import Revision, ValueHistory

_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
# A covering index of one field's values, as schema version 5 made for the child's name.
_NAME_INDEX = re.compile(
    r"\bON\s+field_values\s*\(\s*field_key\s*,\s*case_id\s*,\s*value_json\s*\)\s*"
    r"WHERE\s+field_key\s*=\s*'([^']*)'\s*$",
    re.IGNORECASE,
)
FORM_VERSION_CHANGED = "form version changed"  # the audit action of set_form_version
#: Statuses in which nothing of the assessment changes (an amendment, a reopening or nothing undoes them).
LOCKED_STATUSES = ("signed_off", "closed", "archived")
# Built once: json.dumps with these arguments would build the same encoder for every value.
_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def encode(value: Any) -> str:
    """Values as JSON text. ASCII escapes keep NUL, lone surrogates and any Unicode exact; a high
    surrogate followed by a low one is read back as the one character they make (JSON, like
    UTF-16 and so Qt and Word, cannot tell the two apart)."""
    return _ENCODER.encode(value)


def decode(text: str) -> Any:
    return json.loads(text)


def decode_object(text: str | None) -> dict[str, Any]:
    """A JSON object (an audit entry's detail), or {} for none, for text that is not JSON (a
    redacted entry) and for JSON that is not an object."""
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


@dataclass(frozen=True)
class CaseRecord:
    id: int
    reference: str
    form_id: str
    form_version: str
    status: str
    created_at: str
    updated_at: str
    archived_at: str | None


@dataclass(frozen=True)
class ValueRecord:
    value: Any
    revision: int
    updated_by: str
    updated_at: str


@dataclass(frozen=True)
class Profile:
    name: str
    role: str
    agency: str
    email: str


_CASE_COLUMNS = "id, reference, form_id, form_version, status, created_at, updated_at, archived_at"


class CaseRepository:
    def __init__(self, conn: Connection, audit: AuditLog, clock: Callable[[], str]) -> None:
        self._conn, self._audit, self._clock = conn, audit, clock

    def create(self, reference: str, form_id: str, form_version: str, actor: str, status: str = "draft") -> CaseRecord:
        if self.find(reference) is not None:
            raise CaseExists()
        now = self._clock()
        self._conn.execute(
            "INSERT INTO cases (reference, form_id, form_version, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (reference, form_id, form_version, status, now, now),
        )
        self._audit.append(
            at=now,
            actor=actor,
            action="case created",
            case_ref=reference,
            new_json=encode({"form": form_id, "version": form_version, "status": status}),
        )
        return self.get(reference)

    def find(self, reference: str) -> CaseRecord | None:
        row = self._conn.execute(f"SELECT {_CASE_COLUMNS} FROM cases WHERE reference = ?", (reference,)).fetchone()
        return CaseRecord(*row) if row else None

    def get(self, reference: str) -> CaseRecord:
        record = self.find(reference)
        if record is None:
            raise CaseNotFound()
        return record

    def summaries(self, name_key: str | None) -> list[tuple[str, str, str, bool, str]]:
        """(reference, status, updated at, archived, child's name) of every case, in one query.

        ``name_key`` is the field holding the child's name, which the app layer reads from the
        form's ``child_name`` role (None: the form has none, and every name is empty). Names are
        read through a covering index when the schema has one for that key (schema version 5
        made them for the keys the packs then used: a few ms for 5,000 cases), otherwise through
        the primary key, one lookup per case (about ten times slower, still one query)."""
        if name_key is not None and not _FIELD_KEY.match(name_key):
            raise ValueError("not a field key")
        index = self._name_index(name_key) if name_key is not None else None
        args: tuple[str, ...] = ()
        if name_key is None:
            names = "(SELECT NULL AS case_id, NULL AS value_json WHERE 0)"
        elif index is not None:
            # A literal, not a parameter: only then does SQLite use the partial index. The key is
            # the one in the index's own definition, and matches the field-key pattern.
            names = f"(SELECT case_id, value_json FROM field_values INDEXED BY {index} WHERE field_key = '{name_key}')"
        else:
            names, args = "(SELECT case_id, value_json FROM field_values WHERE field_key = ?)", (name_key,)
        rows = self._conn.execute(
            "SELECT c.reference, c.status, c.updated_at, c.archived_at IS NOT NULL, n.value_json"
            f" FROM cases AS c LEFT JOIN {names} AS n ON n.case_id = c.id ORDER BY c.reference",
            args,
        )
        result = []
        for reference, status, updated_at, archived, name_json in rows:
            if name_json is None:
                name = ""
            elif name_json[:1] == '"' and "\\" not in name_json:
                name = name_json[1:-1]  # a plain JSON string: nothing to unescape
            else:
                name = decode(name_json)
            result.append((reference, status, updated_at, bool(archived), name if isinstance(name, str) else ""))
        return result

    def _name_index(self, key: str) -> str | None:
        """The quoted name of a partial index holding exactly ``key``'s (field_key, case_id,
        value_json), if the schema has one."""
        rows = self._conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'field_values' AND sql IS NOT NULL"
        )
        for name, sql in rows:
            found = _NAME_INDEX.search(sql)
            if found is not None and found.group(1) == key:
                return '"' + name.replace('"', '""') + '"'
        return None

    def set_status(self, case: CaseRecord, status: str, actor: str) -> CaseRecord:
        if status not in CASE_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = self._clock()
        archived_at = now if status == "archived" else None
        self._conn.execute(
            "UPDATE cases SET status = ?, updated_at = ?, archived_at = ? WHERE id = ?",
            (status, now, archived_at, case.id),
        )
        self._audit.append(
            at=now,
            actor=actor,
            action="status changed",
            case_ref=case.reference,
            old_json=encode(case.status),
            new_json=encode(status),
        )
        return self.get(case.reference)

    def delete(self, case: CaseRecord, actor: str, reason: str) -> None:
        """Remove a case and its values (used when an import replaces it). The "case removed"
        entry lists the digest of each value removed, against the entry of the spell that left it:
        the log names those values nowhere else once they are gone."""
        final = self._audit.final_values(case.reference)
        self._conn.execute("DELETE FROM cases WHERE id = ?", (case.id,))
        self._audit.append(
            at=self._clock(),
            actor=actor,
            action="case removed",
            case_ref=case.reference,
            new_json=encode({"reason": reason, "final": final}),
        )

    def on_form_version(self, versions: tuple[str, ...]) -> list[str]:
        """The references of the cases started on (or last brought up to) one of ``versions``."""
        marks = ", ".join("?" for _ in versions)
        query = f"SELECT reference FROM cases WHERE form_version IN ({marks}) ORDER BY reference"
        rows = self._conn.execute(query, versions)
        return [row[0] for row in rows]

    def form_versions(self) -> set[str]:
        """Every form version a case in the workbook is on (one query, however many cases)."""
        return {row[0] for row in self._conn.execute("SELECT DISTINCT form_version FROM cases")}

    def set_form_version(self, case: CaseRecord, version: str, actor: str, detail: dict[str, Any]) -> CaseRecord:
        """The case is now on form ``version`` (its values were moved by a form migration, in the
        same transaction); ``detail`` (the keys moved) goes in the audit entry."""
        now = self._clock()
        self._conn.execute("UPDATE cases SET form_version = ?, updated_at = ? WHERE id = ?", (version, now, case.id))
        self._audit.append(
            at=now,
            actor=actor,
            action=FORM_VERSION_CHANGED,
            case_ref=case.reference,
            old_json=encode(case.form_version),
            new_json=encode({"version": version, **detail}),
        )
        return self.get(case.reference)

    def touch(self, case: CaseRecord, now: str) -> None:
        self._conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (now, case.id))


class ValueRepository:
    """Per-field values. A save writes the value, the audit entry of its editing spell (digests,
    no text) and, when the spell removed or replaced text, how to undo it in the value history."""

    def __init__(self, conn: Connection, audit: AuditLog, clock: Callable[[], str]) -> None:
        self._conn, self._audit, self._clock = conn, audit, clock
        self.history = ValueHistory(conn, audit)

    def records(self, case: CaseRecord) -> dict[str, ValueRecord]:
        rows = self._conn.execute(
            "SELECT field_key, value_json, revision, updated_by, updated_at FROM field_values WHERE case_id = ?",
            (case.id,),
        )
        return {key: ValueRecord(decode(text), rev, by, at) for key, text, rev, by, at in rows}

    def values(self, case: CaseRecord) -> dict[str, Any]:
        rows = self._conn.execute("SELECT field_key, value_json FROM field_values WHERE case_id = ?", (case.id,))
        return {key: decode(text) for key, text in rows}

    def revisions(self, case: CaseRecord, key: str) -> list[Revision]:
        """The field's value at the end of each editing spell, oldest first."""
        row = self._conn.execute(
            "SELECT value_json FROM field_values WHERE case_id = ? AND field_key = ?", (case.id, key)
        ).fetchone()
        return self.history.revisions(case.id, case.reference, key, row[0] if row else "")

    def set(
        self, case: CaseRecord, key: str, value: Any, actor: str, action: str = "value set", at: str | None = None
    ) -> bool:
        """Store one value (None clears it), its audit entry and its revision; False when nothing
        changed.

        ``at`` is the time to record (the clock's now when not given), so a caller that also
        touches the case can give both the same time."""
        row = self._conn.execute(
            "SELECT value_json, revision FROM field_values WHERE case_id = ? AND field_key = ?",
            (case.id, key),
        ).fetchone()
        old_json, revision = (row[0], row[1]) if row else (None, 0)
        new_json = None if value is None else encode(value)
        if new_json == old_json:
            return False
        now = self._clock() if at is None else at
        if new_json is None:
            self._conn.execute("DELETE FROM field_values WHERE case_id = ? AND field_key = ?", (case.id, key))
        else:
            self._conn.execute(
                "INSERT INTO field_values (case_id, field_key, value_json, revision, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, field_key) DO UPDATE SET"
                " value_json = excluded.value_json, revision = excluded.revision,"
                " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                (case.id, key, new_json, revision + 1, actor, now),
            )
        old_text, new_text = old_json or "", new_json or ""
        entry, continued = self._audit.record_value(
            at=now,
            actor=actor,
            action=action,
            case_ref=case.reference,
            field_key=key,
            old_text=old_text,
            new_text=new_text,
        )
        self.history.record(case_id=case.id, entry=entry, old_text=old_text, new_text=new_text, continued=continued)
        return True


class ProfileRepository:
    """The practitioner's profile, remembered once read: it names the actor of every edit.

    ``set`` is the only code that writes the profile table, and it forgets what was remembered;
    ``Workbook.transaction`` calls ``forget`` when a transaction is rolled back, so a profile that
    was set (and read) in a transaction that did not commit is never served afterwards.
    """

    def __init__(self, conn: Connection, audit: AuditLog, clock: Callable[[], str]) -> None:
        self._conn, self._audit, self._clock = conn, audit, clock
        self._known = False
        self._profile: Profile | None = None

    def get(self) -> Profile | None:
        if not self._known:
            row = self._conn.execute("SELECT name, role, agency, email FROM profile WHERE id = 1").fetchone()
            self._profile, self._known = (Profile(*row) if row else None), True
        return self._profile

    def forget(self) -> None:
        """Read the profile from the workbook again at the next ``get``."""
        self._known, self._profile = False, None

    def set(self, profile: Profile) -> None:
        old = self.get()
        self.forget()
        self._conn.execute(
            "INSERT INTO profile (id, name, role, agency, email) VALUES (1, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,"
            " agency = excluded.agency, email = excluded.email",
            (profile.name, profile.role, profile.agency, profile.email),
        )
        self._audit.append(
            at=self._clock(),
            actor=profile.name or "unknown",
            action="profile set",
            old_json=encode(old.__dict__) if old else None,
            new_json=encode(profile.__dict__),
        )
