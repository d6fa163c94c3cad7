"""The workbook's procedure profile (which authority's procedures it follows) and the rules a
caseworker switches off for one case, with the reason.

A workbook records the id of its profile when it is made (``create_workbook(procedure=...)``,
``hsb-desk init --procedure``); one made before profiles existed follows the pack's default
until one is chosen. ``bound_form`` gives the form as used under the workbook's profile: its time
limits and notices, and its own route and police-outcome options.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hsb_desk.app.changes import Change, ChangeKind
from hsb_desk.domain.procedure import ProcedureProfile
from hsb_desk.errors import CaseReadOnly, InvalidInput
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.procedure_rules import ProcedureRules, RuleSwitch
from hsb_desk.store.records import CaseRecord
from hsb_desk.store.workbook import Workbook

if TYPE_CHECKING:
    from hsb_desk.app.session_state import SessionState

MAX_REASON = 2_000
UNKNOWN_PROCEDURE = "There is no procedure profile called {id!r}. The profiles are: {ids}."
NO_PROFILES = "This form pack has no procedure profiles."
REASON_NEEDED = "Give the reason for switching this rule off: it is kept with the case."
UNKNOWN_RULE = "The procedure profile has no rule {key!r}. Its rules are: {keys}."
ARCHIVED = "This case is archived: its rules can no longer be changed."
NOT_IN_COWORKER_COPY = "Rules are switched on and off in the lead practitioner's workbook, not in a co-worker's copy."


@dataclass(frozen=True)
class WorkbookProcedure:
    """The profile a workbook follows; ``chosen`` is False while it follows the default only
    because none was recorded (a workbook made before profiles existed)."""

    profile: ProcedureProfile
    chosen: bool


def check_procedure_id(form: FormDefinition, procedure_id: str) -> ProcedureProfile:
    """The profile called ``procedure_id``, or ``InvalidInput`` naming the ones there are."""
    if not form.procedures:
        raise InvalidInput(NO_PROFILES)
    profile = form.profile(procedure_id) if isinstance(procedure_id, str) else None
    if profile is None:
        ids = ", ".join(p.id for p in form.procedures)
        raise InvalidInput(UNKNOWN_PROCEDURE.format(id=str(procedure_id)[:60], ids=ids))
    return profile


def bound_form(form: FormDefinition, workbook: Workbook) -> FormDefinition:
    """``form`` under the workbook's profile (the pack's default when none is recorded, or when
    the one recorded is no longer in the pack: ``workbook_procedure`` says so)."""
    recorded = ProcedureRules.of(workbook).procedure_id()
    if recorded and form.profile(recorded) is not None:
        return form.with_procedure(recorded)
    if form.default_procedure:
        return form.with_procedure(form.default_procedure)
    return form


def workbook_procedure(session: SessionState) -> WorkbookProcedure | None:
    """The workbook's profile and whether it was chosen; None for a pack without profiles."""
    profile = session.form.procedure
    if profile is None:
        return None
    recorded = ProcedureRules.of(session.workbook).procedure_id()
    return WorkbookProcedure(profile, chosen=recorded == profile.id)


def record_procedure(workbook: Workbook, form: FormDefinition, procedure_id: str, actor: str) -> None:
    """Record the profile of a new workbook (in the caller's transaction)."""
    check_procedure_id(form, procedure_id)
    ProcedureRules.of(workbook).set_procedure_id(procedure_id, actor)


def set_procedure(session: SessionState, procedure_id: str, reason: str = "") -> Change:
    """Follow another authority's procedures from now on (audited, with the reason given).

    Nothing already recorded changes: the time limits, notices and route options of every case
    are worked out under the new profile; a route no longer offered is kept and shown as it was.
    """
    check_procedure_id(session.form, procedure_id)
    reason = _reason(reason, required=False)
    rules = ProcedureRules.of(session.workbook)
    if rules.procedure_id() == procedure_id:
        return Change(ChangeKind.PROCEDURE, detail={"procedure": procedure_id, "unchanged": True})
    with session.workbook.transaction():
        rules.set_procedure_id(procedure_id, session.actor, reason)
    session.form = session.form.with_procedure(procedure_id)  # type: ignore[misc]
    session.remembered.clear()
    return Change(ChangeKind.PROCEDURE, detail={"procedure": procedure_id})


# -- rules switched off for a case ------------------------------------------------------------
def switched_off_rules(session: SessionState, reference: str) -> dict[str, RuleSwitch]:
    """rule key -> who switched it off for the case, when and why."""
    case = session.workbook.cases.get(reference)
    return ProcedureRules.of(session.workbook).switched_off(case)


def switch_off_rule(session: SessionState, reference: str, rule_key: str, reason: str) -> Change:
    """Stop a rule of the profile applying to one case: its time limit or notice is no longer
    shown as due. The reason is required and kept with the case."""
    key = _rule_key(session, rule_key)
    reason = _reason(reason, required=True)
    case = _writable(session, reference)
    with session.workbook.transaction():
        ProcedureRules.of(session.workbook).switch_off(case, key, reason, session.actor)
    return Change(ChangeKind.RULE, reference, detail={"rule": key, "off": True})


def switch_on_rule(session: SessionState, reference: str, rule_key: str) -> Change:
    """Let a rule switched off for the case apply again."""
    key = _rule_key(session, rule_key, known_only=False)
    case = _writable(session, reference)
    with session.workbook.transaction():
        changed = ProcedureRules.of(session.workbook).switch_on(case, key, session.actor)
    return Change(ChangeKind.RULE, reference, detail={"rule": key, "off": False, "unchanged": not changed})


def _rule_key(session: SessionState, rule_key: str, known_only: bool = True) -> str:
    profile = session.form.procedure
    keys = profile.rule_keys() if profile is not None else {}
    if not isinstance(rule_key, str) or (known_only and rule_key not in keys):
        shown = rule_key[:60] if isinstance(rule_key, str) else ""
        raise InvalidInput(UNKNOWN_RULE.format(key=shown, keys=", ".join(keys) or "none"))
    return rule_key


def _reason(reason: str, required: bool) -> str:
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        raise InvalidInput(REASON_NEEDED)
    kept = " ".join("".join(ch for ch in reason if ch.isprintable() or ch in "\n\t").split())
    if required and not kept:
        raise InvalidInput(REASON_NEEDED)
    if len(kept) > MAX_REASON:
        raise InvalidInput(f"The reason is too long: at most {MAX_REASON:,} characters.")
    return kept


def _writable(session: SessionState, reference: str) -> CaseRecord:
    case = session.workbook.cases.get(reference)
    if case.status == "archived":
        raise CaseReadOnly(ARCHIVED)
    if CoworkingStore.of(session.workbook).restriction(case) is not None:
        raise CaseReadOnly(NOT_IN_COWORKER_COPY)
    return case
