"""The co-worker copy and the sent hand-out an exchange file is about, found and checked
(docs/exchange.md).

On the co-worker's side: whether a hand-out may refresh an existing copy, the restricted copy a
hand-back is made from and how many hand-backs of it were written. On the lead's side: the case
and sent hand-out an incoming hand-back answers. Kept apart from the services in ``__init__``
because the reading and recording steps of an export, and the preview and apply steps of an
import, each look the same thing up and must refuse for the same reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hsb_desk.app.exchange.envelope import ExchangeFile, check_payload
from hsb_desk.app.form_migration import migrated_handout
from hsb_desk.errors import CaseReadOnly, ImportRejected, InvalidInput
from hsb_desk.store.coworking import CoworkingStore, Handout, Restriction
from hsb_desk.store.records import CaseRecord, encode

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

NOT_OURS = (
    "This hand-back does not answer a hand-out made from this workbook, or is for another case; nothing was changed."
)


def refuse_unless_refreshable(session: WorkbookSession, store: CoworkingStore, case: CaseRecord) -> None:
    """Refuse (``ImportRejected``) a hand-out for a case already here unless the case is a
    co-worker copy holding nothing the co-worker has not handed back yet."""
    restriction = store.restriction(case)
    if restriction is None:
        raise ImportRejected(
            "A case with this reference already exists in this workbook and is not a co-worker copy; "
            "nothing was changed."
        )
    held = session.workbook.values.values(case)
    if encode({k: held.get(k) for k in restriction.synced}) != encode(restriction.synced) or any(
        held.get(k) is not None for k in session.form.stored_keys(restriction.sections) if k not in restriction.synced
    ):
        raise ImportRejected(
            "You have changes to this case that you have not handed back yet: export a hand-back "
            "first. Nothing was changed."
        )


def coworker_restriction(store: CoworkingStore, case: CaseRecord) -> Restriction:
    """The restriction of a co-worker copy, or ``InvalidInput`` if the case is not one."""
    restriction = store.restriction(case)
    if restriction is None:
        raise InvalidInput("This case was not handed out to you: a hand-back is made from a co-worker copy.")
    return restriction


def handbacks_exported(store: CoworkingStore, restriction: Restriction) -> int:
    """How many hand-backs of the co-worker copy's hand-out this workbook has written."""
    received = store.handout(restriction.handout_id)
    return received.handbacks if received is not None else 0


def handback_target(session: WorkbookSession, package: ExchangeFile) -> tuple[CaseRecord, Handout, dict[str, Any]]:
    """The case, the sent hand-out (brought up to the case's form) and the checked payload of a
    hand-back, or ``ImportRejected`` / ``CaseReadOnly`` saying why it cannot be taken."""
    if package.kind != "handback":
        raise ImportRejected("This file is a hand-out: the co-worker imports it. Nothing was changed.")
    payload = check_payload(session.form, package, session.today())
    store = CoworkingStore.of(session.workbook)
    handout = store.handout(package.handout_id)
    case = session.workbook.cases.find(payload["case"]["reference"])
    if handout is None or handout.direction != "sent" or case is None or case.id != handout.case_id:
        raise ImportRejected(NOT_OURS)
    handout = migrated_handout(session, case, handout)  # made before the case's form was brought up
    if tuple(payload["sections"]) != handout.sections or not set(payload["values"]) <= set(handout.base):
        raise ImportRejected(NOT_OURS)
    if case.status == "signed_off":
        raise CaseReadOnly("This assessment is signed off: start an amendment before importing a hand-back.")
    if case.status in ("closed", "archived"):
        raise CaseReadOnly(f"This case is {case.status}: reopen it before importing a hand-back.")
    return case, handout, payload
