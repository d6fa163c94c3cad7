"""``hsb-desk procedures`` (the authorities' profiles in the pack), ``hsb-desk procedure`` (the
one a workbook follows, and changing it) and ``hsb-desk rules`` / ``rule-off`` / ``rule-on``
(the rules of a case, and switching one off for it with a reason)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hsb_desk.app.procedures import (
    check_procedure_id,
    set_procedure,
    switch_off_rule,
    switch_on_rule,
    switched_off_rules,
    workbook_procedure,
)
from hsb_desk.app.workbooks import default_form
from hsb_desk.cli.cmd_core import add_command, opened_session
from hsb_desk.cli.terminal import terminal_text
from hsb_desk.domain.procedure import ChangeRule, DeadlineRule, ProcedureProfile
from hsb_desk.formspec.model import FormDefinition

FOLLOWS = "This workbook follows {name} ({id}): {authority}."
NOT_CHOSEN = (
    "No profile was chosen for this workbook yet, so it follows the pack's default. "
    "Give --set ID to record one (hsb-desk procedures lists them)."
)
CHANGED = "This workbook now follows {name} ({id}). Nothing recorded was changed; dates are worked out again."
UNCHANGED = "This workbook already follows {name} ({id}); nothing was changed."
SWITCHED_OFF = "Switched off for {case}: {label}."
SWITCHED_ON = "Switched on again for {case}: {label}."
WAS_ON = "{label} was not switched off for {case}; nothing was changed."
UNITS = {"working_days": "working days", "days": "days", "hours": "hours", "months": "months"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = add_command(
        sub, "procedures", "List the authorities' procedure profiles in the form pack.", cmd_procedures, workbook=False
    )
    listing.add_argument("--json", action="store_true", help="print JSON: every profile with its rules")
    one = add_command(sub, "procedure", "Show or change the procedure profile a workbook follows.", cmd_procedure)
    one.add_argument("--set", metavar="ID", help="follow this profile from now on (audited)")
    one.add_argument("--reason", default="", help="why the profile is changed (kept in the audit trail)")
    rules = add_command(sub, "rules", "List the procedure rules of a case, and any switched off.", cmd_rules)
    rules.add_argument("case", metavar="CASE", help="case reference")
    rules.add_argument("--json", action="store_true", help="print JSON: key, label, kind, off, reason, by, at")
    off = add_command(sub, "rule-off", "Switch a procedure rule off for one case, with the reason.", cmd_rule_off)
    off.add_argument("case", metavar="CASE", help="case reference")
    off.add_argument("rule", metavar="RULE", help="the rule's key (hsb-desk rules lists them)")
    off.add_argument("--reason", required=True, help="why the rule does not apply to this case")
    on = add_command(sub, "rule-on", "Let a procedure rule switched off for a case apply again.", cmd_rule_on)
    on.add_argument("case", metavar="CASE", help="case reference")
    on.add_argument("rule", metavar="RULE", help="the rule's key")


def cmd_procedures(args: argparse.Namespace) -> int:
    form = default_form()
    if args.json:
        rows = [profile_json(p, p.id == form.default_procedure) for p in form.procedures]
        print(json.dumps(rows, indent=2))  # \u escapes: exact, and safe on a terminal
        return 0
    for profile in form.procedures:
        mark = "  (default for new workbooks)" if profile.id == form.default_procedure else ""
        print(f"{profile.id}: {profile.name}{mark}")
        if profile.authority:
            print(f"    {profile.authority}")
        for rule in profile.deadlines:
            print(f"    - {rule.label}: {_timing(rule, form)}")
        for change in profile.changes:
            spec = form.get_field(change.field)
            print(f"    - {change.label}: {_change_timing(change, spec.label.lower() if spec else change.field)}")
        if not profile.deadlines and not profile.changes:
            print("    - no time limit is published")
    print("Choose one with 'hsb-desk init WORKBOOK --procedure ID', or 'hsb-desk procedure WORKBOOK --set ID'.")
    return 0


def profile_json(profile: ProcedureProfile, default: bool) -> dict[str, Any]:
    return {
        "id": profile.id,
        "name": profile.name,
        "authority": profile.authority,
        "source": profile.source,
        "summary": profile.summary,
        "default": default,
        "duties": [{"aspect": d.aspect, "text": d.text, "source": d.source} for d in profile.duties],
        "meetings": [{"key": m.key, "label": m.label, "chair": m.chair} for m in profile.meeting_types],
        "deadlines": [
            {
                "key": r.key,
                "label": r.label,
                "from": r.from_field or None,
                "within": {r.unit: r.amount} if r.amount else None,
                "repeat": r.repeat,
                "due_on": r.on_field or None,
                "interval_field": r.interval_field or None,
                "until_status": list(r.until_status),
                "met_by": list(r.met_by),
                "source": r.source,
            }
            for r in profile.deadlines
        ],
        "changes": [
            {
                "key": r.key,
                "label": r.label,
                "field": r.field,
                "to": list(r.to),
                "within": {r.unit: r.amount} if r.amount else None,
                "met_by": list(r.met_by),
                "level": r.level,
                "source": r.source,
            }
            for r in profile.changes
        ],
        "age_rules": [
            {"key": r.key, "kind": r.kind, "age": r.age, "until": r.until, "level": r.level, "source": r.source}
            for r in profile.age_rules
        ],
        "reminders": [{"key": r.key, "label": r.label, "source": r.source} for r in profile.reminders],
        "notices": [{"key": r.key, "label": r.label, "level": r.level, "source": r.source} for r in profile.notices],
    }


def _timing(rule: DeadlineRule, form: FormDefinition) -> str:
    """How a limit is timed, in words: "within 10 working days of the date of ...", "on the date
    ...", "every 3 months (or the case's interval) from ..."."""

    def label(key: str) -> str:
        spec = form.get_field(key)
        return spec.label.lower() if spec is not None else key

    if rule.on_field:
        return f"on the {label(rule.on_field)}"
    units = UNITS.get(rule.unit, rule.unit)
    if not rule.repeat:
        return f"within {rule.amount} {units} of the {label(rule.from_field)}"
    every = f"every {rule.amount} {units}" if rule.amount else "at the case's review interval"
    if rule.amount and rule.interval_field:
        every += " (or the case's shorter interval)"
    if rule.met_by:
        every += ", or on the date the last meeting agreed"
    start = "from the latest meeting held" if not rule.amount else f"from the {label(rule.from_field)}"
    return f"{every}, {start}" if rule.met_by else f"{every} from the {label(rule.from_field)}"


def _change_timing(rule: ChangeRule, field: str) -> str:
    changed = f"a change of the {field} to {' or '.join(rule.to).replace('_', ' ')}"
    if rule.amount:
        return f"within {rule.amount} {UNITS.get(rule.unit, rule.unit)} of {changed}"
    return f"after {changed} (no time limit)"


def cmd_procedure(args: argparse.Namespace) -> int:
    if args.set is not None:
        check_procedure_id(default_form(), args.set)  # before the passphrase is asked
    with opened_session(args) as session:
        if args.set is not None:
            change = set_procedure(session, args.set, args.reason)
            profile = session.form.procedure
            assert profile is not None
            text = UNCHANGED if change.detail.get("unchanged") else CHANGED
            print(text.format(name=profile.name, id=profile.id))
            return 0
        found = workbook_procedure(session)
    if found is None:
        print("This form pack has no procedure profiles.")
        return 0
    profile = found.profile
    print(FOLLOWS.format(name=profile.name, id=profile.id, authority=profile.authority or profile.source))
    if not found.chosen:
        print(NOT_CHOSEN)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        off = switched_off_rules(session, args.case)
        profile = session.form.procedure
    rules = _kinds(profile) if profile is not None else []
    if args.json:
        rows = []
        for key, label, kind in rules:
            switch = off.get(key)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "kind": kind,
                    "off": switch is not None,
                    "reason": switch.reason if switch else None,
                    "by": switch.switched_by if switch else None,
                    "at": switch.switched_at if switch else None,
                }
            )
        print(json.dumps(rows, indent=2))
        return 0
    width = max((len(key) for key, _label, _kind in rules), default=0)
    for key, label, kind in rules:
        switch = off.get(key)
        state = (
            f"  OFF: {terminal_text(switch.reason)} ({terminal_text(switch.switched_by)}, {switch.switched_at[:10]})"
            if switch
            else ""
        )
        print(f"{key:<{width}}  {kind:<8}  {label}{state}")
    return 0


def _kinds(profile: ProcedureProfile) -> list[tuple[str, str, str]]:
    labels = profile.rule_keys()
    kinds = (
        [(r.key, "deadline") for r in profile.deadlines]
        + [(r.key, "change") for r in profile.changes]
        + [(r.key, "age") for r in profile.age_rules]
        + [(r.key, "reminder") for r in profile.reminders]
        + [(r.key, "notice") for r in profile.notices]
    )
    return [(key, labels[key], kind) for key, kind in kinds]


def cmd_rule_off(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        switch_off_rule(session, args.case, args.rule, args.reason)
        label = _label(session.form.procedure, args.rule)
    print(SWITCHED_OFF.format(case=args.case, label=label))
    return 0


def cmd_rule_on(args: argparse.Namespace) -> int:
    with opened_session(args) as session:
        change = switch_on_rule(session, args.case, args.rule)
        label = _label(session.form.procedure, args.rule)
    text = WAS_ON if change.detail.get("unchanged") else SWITCHED_ON
    print(text.format(case=args.case, label=label))
    return 0


def _label(profile: ProcedureProfile | None, key: str) -> str:
    return (profile.rule_keys().get(key) if profile is not None else None) or key
