"""The meeting types of the procedure profile and whom each suggests inviting.

Read by the pathway's services (app/pathway/__init__.py) and its chronology (app/pathway/chronology.py),
which pathway imports; front ends reach these through app/pathway.
"""

from __future__ import annotations

from hsb_desk.formspec.model import FormDefinition

OTHER = "other"
OTHER_LABEL = "Other meeting"


def meeting_types(form: FormDefinition) -> list[tuple[str, str]]:
    """(key, label) of each meeting type of the procedure profile; "other" is always offered."""
    found = [(t.key, t.label) for t in form.procedure.meeting_types] if form.procedure else []
    if all(key != OTHER for key, _ in found):
        found.append((OTHER, OTHER_LABEL))
    return found


def meeting_label(form: FormDefinition, key: str) -> str:
    return dict(meeting_types(form)).get(key, key)


def suggested_invitees(form: FormDefinition, meeting_type: str) -> list[tuple[str, str]]:
    """(agency, role) of whom the procedure profile suggests inviting to ``meeting_type``."""
    found = form.procedure.meeting_type(meeting_type) if form.procedure else None
    return [(person.agency, person.role) for person in found.invitees] if found else []
