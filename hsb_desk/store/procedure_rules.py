"""The workbook's procedure profile and the rules switched off for a case, each change audited
in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from hsb_desk.store.case_store import CaseStore
from hsb_desk.store.records import CaseRecord, encode

PROCEDURE_KEY = "procedure"  # a meta key: the id of the workbook's procedure profile


@dataclass(frozen=True)
class RuleSwitch:
    """A rule of the profile switched off for one case."""

    rule_key: str
    reason: str
    switched_by: str
    switched_at: str


class ProcedureRules(CaseStore):
    # -- the workbook's profile ------------------------------------------------------------
    def procedure_id(self) -> str:
        """The id recorded for the workbook, or "" for one made before profiles were chosen."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (PROCEDURE_KEY,)).fetchone()
        return str(row[0]) if row else ""

    def set_procedure_id(self, procedure_id: str, actor: str, reason: str = "") -> None:
        old = self.procedure_id()
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (PROCEDURE_KEY, procedure_id),
        )
        detail = {"procedure": procedure_id, **({"reason": reason} if reason else {})}
        self._audit.append(
            at=self._clock(),
            actor=actor,
            action="procedure profile set" if not old else "procedure profile changed",
            old_json=encode({"procedure": old}) if old else None,
            new_json=encode(detail),
        )

    # -- rules switched off for a case -----------------------------------------------------
    def switched_off(self, case: CaseRecord) -> dict[str, RuleSwitch]:
        rows = self._conn.execute(
            "SELECT rule_key, reason, switched_by, switched_at FROM rule_switches WHERE case_id = ? ORDER BY rule_key",
            (case.id,),
        )
        return {row[0]: RuleSwitch(*row) for row in rows}

    def all_switched_off(self) -> dict[int, frozenset[str]]:
        """case id -> the rule keys switched off, for every case with any (what is due, in bulk)."""
        found: dict[int, set[str]] = {}
        for case_id, key in self._conn.execute("SELECT case_id, rule_key FROM rule_switches"):
            found.setdefault(case_id, set()).add(key)
        return {case_id: frozenset(keys) for case_id, keys in found.items()}

    def switch_off(self, case: CaseRecord, rule_key: str, reason: str, actor: str) -> None:
        self._conn.execute(
            "INSERT INTO rule_switches (case_id, rule_key, reason, switched_by, switched_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (case_id, rule_key) DO UPDATE SET reason = excluded.reason,"
            " switched_by = excluded.switched_by, switched_at = excluded.switched_at",
            (case.id, rule_key, reason, actor, self._clock()),
        )
        self._log(case, actor, "procedure rule switched off", {"rule": rule_key, "reason": reason})

    def switch_on(self, case: CaseRecord, rule_key: str, actor: str) -> bool:
        cursor = self._conn.execute("DELETE FROM rule_switches WHERE case_id = ? AND rule_key = ?", (case.id, rule_key))
        if cursor.rowcount:
            self._log(case, actor, "procedure rule switched on", {"rule": rule_key})
        return bool(cursor.rowcount)
