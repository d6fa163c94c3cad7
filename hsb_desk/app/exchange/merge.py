"""The three-way merge of a hand-back, field by field (docs/exchange.md, "Merge rules").

For each field of the handed-out sections: the lead's value when the two sides were last in step
(*base*), the co-worker's value as last seen (*seen*), and the two values now (*mine*, *theirs*).
Only a field both of them changed is a conflict, for the lead to choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hsb_desk.app.signoff import record_imported_confirmation
from hsb_desk.store.coworking import CoworkingStore, Handout, values_digest
from hsb_desk.store.records import CaseRecord, encode

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession


@dataclass(frozen=True)
class MergeConflict:
    field_key: str
    section_key: str
    label: str
    mine: Any
    theirs: Any


def plan(
    session: WorkbookSession, case: CaseRecord, handout: Handout, incoming: Mapping[str, Any]
) -> tuple[dict[str, Any], list[MergeConflict]]:
    """Three-way, per field: the lead's value when in step, the co-worker's as last seen, theirs now."""
    held = session.workbook.values.values(case)
    take: dict[str, Any] = {}
    conflicts: list[MergeConflict] = []
    for key in handout.base:
        theirs, mine = incoming.get(key), held.get(key)
        if same(theirs, mine) or same(theirs, handout.theirs.get(key)):
            continue  # already equal, or the co-worker did not change it: the lead's value stands
        if same(mine, handout.base[key][1]):
            take[key] = theirs  # only the co-worker changed it
            continue
        section = session.form.section_of(key)
        spec = session.form.get_field(key)
        conflicts.append(MergeConflict(key, section.key if section else "", spec.label if spec else key, mine, theirs))
    return take, conflicts


def as_json(value: Any) -> str | None:
    return None if value is None else encode(value)


def same(a: Any, b: Any) -> bool:
    return as_json(a) == as_json(b)


def record_confirmation(
    session: WorkbookSession,
    case: CaseRecord,
    store: CoworkingStore,
    payload: dict[str, Any],
    merged: Mapping[str, tuple[int, Any]],
) -> None:
    """Keep the co-worker's confirmation only if the lead now holds exactly what they confirmed."""
    confirmation = payload.get("confirmation")
    if not confirmation:
        return
    theirs = {k: payload["values"].get(k) for k in merged}
    if values_digest(theirs) == values_digest({k: v for k, (_, v) in merged.items()}):
        record_imported_confirmation(session, case, store, confirmation, values_digest(theirs))
    else:
        session.workbook.audit.append(
            at=session.workbook.clock(),
            actor=session.actor,
            case_ref=case.reference,
            action="co-worker confirmation not recorded: the merged sections differ from what was confirmed",
        )
