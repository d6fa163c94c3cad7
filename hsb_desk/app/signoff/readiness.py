"""Is a case ready to sign off: section by section, what is recorded and what is still needed,
and anything that stops sign-off whatever is filled in. The window shows it before it asks for
confirmation; ``sign_off`` makes the same checks again when it signs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hsb_desk.formspec.values import Missing, required_answers
from hsb_desk.store.coworking import CoworkingStore

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

SIGNED = "This assessment is already signed off. Start an amendment to change it."
COWORKER_COPY = "This is a co-worker copy of the case: only the lead can sign it off, in the lead's workbook."
WITH_COWORKER = "The co-worker still has sections of this case: import their hand-back first."


@dataclass(frozen=True)
class SectionReadiness:
    key: str
    number: int
    title: str
    owner: str  # "lead" or "coworker"
    recorded: int  # required answers recorded
    required: int  # required answers shown
    missing: tuple[Missing, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Readiness:
    reference: str
    sections: tuple[SectionReadiness, ...]
    blockers: tuple[str, ...]  # what stops sign-off however complete the sections are
    coworker_confirmed: bool | None  # None: no section is the co-worker's
    mismatch: tuple[str, str] | None  # (signer, lead) when the profile is not the case's lead

    @property
    def ready(self) -> bool:
        return not self.blockers and all(section.ready for section in self.sections)

    @property
    def missing_count(self) -> int:
        return sum(len(section.missing) for section in self.sections)


def readiness(session: WorkbookSession, reference: str) -> Readiness:
    from hsb_desk.app.signoff import _current_version, lead_mismatch, section_owners

    store = CoworkingStore.of(session.workbook)
    case = session.workbook.cases.get(reference)
    values = session.workbook.values.values(case)
    owners = section_owners(session, reference)
    found: dict[str, tuple[int, int, list[Missing]]] = {s.key: (0, 0, []) for s in session.form.sections}
    for answer, recorded in required_answers(session.form, values):
        done, total, missing = found[answer.section]
        if not recorded:
            missing.append(answer)
        found[answer.section] = (done + recorded, total + 1, missing)
    sections = tuple(
        SectionReadiness(
            s.key, s.number, s.title, owners.get(s.key, s.owner), *found[s.key][:2], tuple(found[s.key][2])
        )
        for s in session.form.sections
    )
    blockers = []
    if case.status == "signed_off":
        blockers.append(SIGNED)
    if store.restriction(case) is not None:
        blockers.append(COWORKER_COPY)
    elif case.status == "with_coworker":
        blockers.append(WITH_COWORKER)
    confirmed = None
    if any(section.owner == "coworker" for section in sections):
        this_version = store.signoffs(case, _current_version(store, case))
        confirmed = any(record.what == "coworker_confirmation" for record in this_version)
    return Readiness(reference, sections, tuple(blockers), confirmed, lead_mismatch(session, reference))
