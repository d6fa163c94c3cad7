"""The parts an exchange file is made of, whichever side writes it (docs/exchange.md).

What its payload holds (a hand-out's or a hand-back's: the case, who sent it, the values), the
passphrase it is sealed with (generated, or the user's own once checked) and the key-derivation
settings. Hand-outs and hand-backs share these, so they live apart from either export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hsb_desk.app.exchange import envelope as exchange_format
from hsb_desk.app.exchange.envelope import ScryptParams
from hsb_desk.app.exchange.wordlist import generate_passphrase
from hsb_desk.domain.passphrase import check_passphrase
from hsb_desk.errors import InvalidInput
from hsb_desk.store.coworking import SignoffRecord
from hsb_desk.store.records import CaseRecord

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession


def exchange_passphrase(given: str | None) -> str:
    """A new generated passphrase, or ``given`` if it is strong enough (``InvalidInput`` if not)."""
    if given is None:
        return generate_passphrase()
    verdict = check_passphrase(given)
    if not verdict.acceptable:
        raise InvalidInput(f"That exchange passphrase cannot be used. {verdict.reason}")
    return given


def scrypt_params(kdf: ScryptParams | None) -> ScryptParams:
    """``kdf``, or the default settings as they are when the file is sealed."""
    # Looked up on the module at each call, not bound at import: tests lower the default.
    return kdf or exchange_format.DEFAULT_SCRYPT


def sender(session: WorkbookSession) -> dict[str, str]:
    """Who made the file: shown to the other side and named in their audit trail."""
    profile = session.profile()
    return {"name": session.actor, "role": profile.role if profile else "", "agency": profile.agency if profile else ""}


def case_details(case: CaseRecord) -> dict[str, str]:
    """The case a file is about, as the file names it."""
    return {"reference": case.reference, "form_id": case.form_id, "form_version": case.form_version}


def handout_payload(
    session: WorkbookSession,
    case: CaseRecord,
    sections: tuple[str, ...],
    base: dict[str, tuple[int, Any]],
    details: dict[str, Any],
    created: str,
    numbering: dict[str, Any],
) -> dict[str, Any]:
    """What a hand-out carries: the co-worker's sections with the lead's values and revisions
    (``base``), the case's basic details, who sent it, when, and its number."""
    return {
        "case": case_details(case),
        "sections": list(sections),
        "values": {k: v for k, (_, v) in base.items() if v is not None},
        "revisions": {k: rev for k, (rev, _) in base.items()},
        "details": details,
        "from": sender(session),
        "created_at": created,
        "sequence": numbering,
    }


def handback_payload(
    session: WorkbookSession,
    case: CaseRecord,
    sections: tuple[str, ...],
    values: dict[str, Any],
    confirmed: list[SignoffRecord],
    created: str,
    numbering: dict[str, Any],
) -> dict[str, Any]:
    """What a hand-back carries: the co-worker's sections and values, their latest confirmation
    of exactly these values (if any), who sent it, when, and its number."""
    return {
        "case": case_details(case),
        "sections": list(sections),
        "values": values,
        "from": sender(session),
        "created_at": created,
        "confirmation": (
            {"who": confirmed[-1].who, "role": confirmed[-1].role, "date": confirmed[-1].signed_on}
            if confirmed
            else None
        ),
        "sequence": numbering,
    }
