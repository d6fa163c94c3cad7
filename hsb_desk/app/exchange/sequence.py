"""Where an exchange file stands among those its sender wrote (docs/exchange.md, "Older files").

Every hand-out carries its number among the hand-outs of its case from the lead's workbook, and
every hand-back its number among the hand-backs of its hand-out from the co-worker's workbook,
with the id of the workbook that wrote it. Both travel inside the encrypted payload, so they are
authenticated with everything else and cannot be edited. The receiving workbook refuses a file
that is not newer than one it has already imported: an older file would put older values back.

Files written by the previous version carry no number. One is taken only if nothing newer can
have been imported: no numbered file for the same case or hand-out (its sender has moved on),
and no unnumbered one made at the same time or later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hsb_desk.app.exchange.envelope import ExchangeFile
from hsb_desk.errors import ImportRejected
from hsb_desk.store.coworking import CoworkingStore, ImportedFile
from hsb_desk.store.records import CaseRecord

_NOUN = {"handout": "hand-out", "handback": "hand-back"}
_SENDER = {"handout": "the lead", "handback": "the co-worker"}


@dataclass(frozen=True)
class Stamp:
    """A file's number and the workbook that wrote it (both None: the previous version wrote
    it), and when it was made, as the file says."""

    number: int | None
    source: str | None
    made: str


def numbered(number: int, workbook_id: str) -> dict[str, Any]:
    """What a payload's ``sequence`` holds."""
    return {"number": number, "workbook": workbook_id}


def stamp_of(payload: dict[str, Any]) -> Stamp:
    """The stamp of a payload already checked (``envelope.check_payload``)."""
    sequence = payload.get("sequence")
    if sequence is None:
        return Stamp(None, None, payload["created_at"])
    return Stamp(sequence["number"], sequence["workbook"], payload["created_at"])


def scope_of(package: ExchangeFile, reference: str) -> str:
    """What a file is numbered within: its case (a hand-out) or its hand-out (a hand-back)."""
    return reference if package.kind == "handout" else package.handout_id


def refuse_unless_newer(store: CoworkingStore, package: ExchangeFile, reference: str, stamp: Stamp) -> None:
    """Raise ImportRejected, naming both files' numbers and dates (and no case content beyond
    the reference), if a file at least as new as this one has been imported here."""
    held = not_older_than(stamp, store.imported_files(package.kind, scope_of(package, reference)))
    if held is not None:
        raise ImportRejected(refusal(package.kind, reference, stamp, held))


def record_import(store: CoworkingStore, case: CaseRecord, package: ExchangeFile, stamp: Stamp, actor: str) -> None:
    """Remember the file (its id and digest) and where it stands, for the next one to be compared."""
    store.record_import(
        case,
        package.file_id,
        package.digest,
        package.kind,
        package.handout_id,
        actor,
        sequence=stamp.number,
        source=stamp.source,
        created_at=stamp.made,
    )


def not_older_than(stamp: Stamp, imported: Sequence[ImportedFile]) -> ImportedFile | None:
    """The imported file that ``stamp``'s file is not newer than, if there is one."""
    if stamp.number is not None:
        # Numbers count one workbook's files; an unnumbered file was written before its sender
        # numbered them, so before every numbered one.
        same = [f for f in imported if f.sequence is not None and f.source == stamp.source]
        top = max(same, key=lambda f: f.sequence or 0, default=None)
        return top if top is not None and (top.sequence or 0) >= stamp.number else None
    made = _moment(stamp.made)
    blocking = [f for f in imported if f.sequence is not None or _not_before(f, made)]
    numbered_ones = [f for f in blocking if f.sequence is not None]
    if numbered_ones:
        return max(numbered_ones, key=lambda f: f.sequence or 0)
    return blocking[-1] if blocking else None


def _not_before(held: ImportedFile, made: datetime | None) -> bool:
    """Can ``held`` (unnumbered) be as new as a file made at ``made``? Yes when either time is
    unknown: an import recorded before schema version 10 kept no date for a hand-back."""
    moment = _moment(held.created_at)
    return made is None or moment is None or moment >= made


def refusal(kind: str, reference: str, stamp: Stamp, held: ImportedFile) -> str:
    noun, sender = _NOUN[kind], _SENDER[kind]
    if stamp.number is not None:
        this = f"This {noun} of case {reference} is number {stamp.number}, made {_when(stamp.made)}"
        remedy = f"If it is the latest, ask {sender} to export a new {noun}."
    else:
        this = (
            f"This {noun} of case {reference} was made {_when(stamp.made)} by an earlier version of HSB Desk, "
            f"which did not number {noun}s"
        )
        remedy = f"If it is the latest, ask {sender} to update HSB Desk and export a new {noun}."
    imported = _when(held.imported_at)
    if held.sequence is not None:
        that = f"{noun} number {held.sequence}, made {_when(held.created_at)}, was imported here on {imported}"
    elif held.created_at is not None:
        that = f"a {noun} made {_when(held.created_at)} was imported here on {imported}"
    else:
        that = f"a {noun} imported here on {imported}, before {noun}s were numbered, may be newer"
    return f"{this}; {that}. Importing it could put older values back, so nothing was changed. {remedy}"


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _when(text: str | None) -> str:
    """A time as the user reads it (local time, to the minute); never the file's raw text."""
    moment = _moment(text)
    return "at a time not recorded" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")
