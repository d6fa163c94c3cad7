"""What the audit trail recorded when each version of a case was signed, and whether the version
kept in the workbook is still that one.

A signed version is kept with the SHA-256 digests of its values and its frame
(``assessment_versions``); someone who holds the passphrase can rewrite a version and its
digest columns together, and the version would still match itself. The "version signed" entry
written in the same transaction names both digests, and each sign-off has its own entry, all in
the hash-chained log, which ``hsb-desk check`` proves. So a signed version is what was signed
only when its values and frame have the digests that entry names, and its sign-off records are
the ones their entries name. Only the case's current life counts: a case replaced by an import
starts again after its new "case created" entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hsb_desk.store.audit_format import CREATED, AuditEntry
from hsb_desk.store.coworking import SignoffRecord, VersionRecord, authorisation_seal, values_digest

VERSION_SIGNED = "version signed"
SIGNOFF_ACTIONS = frozenset(
    {
        "co-worker sections confirmed",
        "co-worker confirmation imported from hand-back",
        "assessment signed off",
        "assessment countersigned",
    }
)
VALUES_DIFFER = "its values are not those signed"
FRAME_DIFFERS = "its status, label, date or chronology are not those signed"
SIGNOFFS_DIFFER = "its sign-offs (or a manager's agreement or comments) are not those recorded"
NOT_RECORDED = "no audit entry records its signing"
NO_LONGER_SIGNED = "the audit trail records it as signed, but it is no longer kept as signed"
# (what, who, role, date, on whose behalf, a manager's agreement and comments digest) of one sign-off
_Signoff = tuple[Any, Any, Any, Any, Any, dict[str, Any]]


@dataclass
class AtSigning:
    """From the audit entries of one case's current life: what each "version signed" entry named
    (by version), and each version's sign-offs in the order they were made."""

    signed: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    signoffs: dict[int, list[_Signoff]] = field(default_factory=dict)


def recorded(entries: Iterable[AuditEntry]) -> AtSigning:
    """What the entries of one case (oldest first) recorded about its versions."""
    found = AtSigning()
    for entry in entries:
        if entry.action == CREATED and entry.field_key is None:
            found = AtSigning()  # a new life of the reference: what came before was another case's
            continue
        if entry.action != VERSION_SIGNED and entry.action not in SIGNOFF_ACTIONS:
            continue
        payload = _payload(entry.new_json)
        version = payload.get("version") if payload is not None else None
        if payload is None or type(version) is not int:
            version = -1  # unreadable: it belongs to no version, so every version it names lacks it
            payload = {}
        if entry.action == VERSION_SIGNED:
            found.signed.setdefault(version, []).append(payload)
        else:
            item = (payload.get("what"), payload.get("who"), payload.get("role"), payload.get("date"))
            seal: dict[str, Any] = {k: payload[k] for k in ("agrees", "comments_sha256") if k in payload}
            found.signoffs.setdefault(version, []).append((*item, payload.get("on_behalf_of", ""), seal))
    return found


def mismatch(
    number: int, version: VersionRecord | None, signoffs: Iterable[SignoffRecord], at: AtSigning
) -> str | None:
    """Why version ``number`` as kept (None: not kept at all), with its sign-off records, is not
    what its entries recorded; None when it is (or when it is open and none says it was signed)."""
    named = at.signed.get(number, [])
    if version is None or version.status != "signed" or version.snapshot is None:
        return NO_LONGER_SIGNED if named else None
    if not named:
        return NOT_RECORDED
    digest = values_digest(version.snapshot)
    frame = values_digest(version.frame) if version.frame is not None else None
    for payload in named:
        if not digest == version.snapshot_digest == payload.get("digest"):
            return VALUES_DIFFER
        # Signed since schema version 6, the frame was kept and its digest recorded: one kept
        # without its entry's digest, or one removed, is not the one signed.
        since_6 = "frame" in payload or version.frame is not None or version.frame_digest is not None
        if since_6 and not frame == version.frame_digest == payload.get("frame"):
            return FRAME_DIFFERS
    rows = [
        (r.what, r.who, r.role, r.signed_on, r.on_behalf_of, authorisation_seal(r.agrees, r.comments)) for r in signoffs
    ]
    if rows != at.signoffs.get(number, []):
        return SIGNOFFS_DIFFER
    return None


def _payload(text: str | None) -> dict[str, Any] | None:
    try:
        found = json.loads(text or "")
    except ValueError:
        return None
    return found if isinstance(found, dict) else None
