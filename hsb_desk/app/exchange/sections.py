"""Which of a case's sections a hand-out carries (docs/exchange.md).

A hand-out holds the sections given to the co-worker, less those the form keeps out of
hand-outs (``handout: lead_chooses``) unless the lead chooses to include them; the audit trail
records which way the lead chose. Kept apart from the export steps in ``__init__`` because both
the reading step and the recording step ask the same question and must get the same answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hsb_desk.app.signoff import section_owners
from hsb_desk.errors import CaseReadOnly, InvalidInput
from hsb_desk.store.coworking import CoworkingStore, Handout
from hsb_desk.store.records import CaseRecord, encode

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

#: The audit entry beside a hand-out's own, for a form with sections kept out of hand-outs.
KEPT_OUT_INCLUDED = "hand-out included sections kept out unless the lead chooses"
KEPT_OUT_LEFT = "hand-out left out the sections kept out unless the lead chooses"


def lead_chooses(session: WorkbookSession, section_key: str) -> bool:
    """Whether the form keeps the section out of hand-outs unless the lead includes it."""
    section = session.form.section(section_key)
    return section is not None and section.handout == "lead_chooses"


def handout_sections(session: WorkbookSession, case: CaseRecord, include_kept_out: bool = False) -> tuple[str, ...]:
    """The co-worker's sections of a case a hand-out may be made from: without those the form
    keeps out of hand-outs, unless the lead chose to include them."""
    if CoworkingStore.of(session.workbook).restriction(case) is not None:
        raise InvalidInput("This is a co-worker copy of the case: export a hand-back instead.")
    if case.status == "signed_off":
        raise CaseReadOnly()
    if case.status in ("closed", "archived"):
        raise CaseReadOnly(f"This case is {case.status} and read-only: it cannot be handed out.")
    given = tuple(k for k, owner in section_owners(session, case.reference).items() if owner == "coworker")
    if not given:
        raise InvalidInput("No section of this case is given to the co-worker; assign one first.")
    sections = given if include_kept_out else tuple(k for k in given if not lead_chooses(session, k))
    if not sections:
        raise InvalidInput(
            "The only sections given to the co-worker are kept out of hand-outs unless you choose to include "
            "them; include them, or give the co-worker another section."
        )
    return sections


def audit_kept_out(session: WorkbookSession, case: CaseRecord, handout: Handout) -> tuple[str, ...]:
    """Beside the hand-out's own entry: whether each section the form keeps out of hand-outs went
    with it (included at the lead's choice) or stayed behind. Returns the co-worker's sections
    kept out."""
    guarded = [s.key for s in session.form.sections if s.handout == "lead_chooses"]
    if not guarded:
        return ()
    owners = section_owners(session, case.reference)
    included = [k for k in guarded if k in handout.sections]
    withheld = [k for k in guarded if k not in handout.sections]
    session.workbook.audit.append(
        at=session.workbook.clock(),
        actor=session.actor,
        case_ref=case.reference,
        action=KEPT_OUT_INCLUDED if included else KEPT_OUT_LEFT,
        new_json=encode({"handout": handout.id, "included": included, "kept_out": withheld}),
    )
    return tuple(k for k in withheld if owners.get(k) == "coworker")
