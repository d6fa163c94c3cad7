"""Warnings about the report's distribution list (the group with role ``distribution``).

A report is sent once it is signed off. A "date sent" (the column with role ``distribution_sent``)
before the sign-off, or on a case not yet signed off, contradicts the record: the report shows
such a row as planned, and the window shows these warnings under the field so the practitioner
can correct it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.app.signoff import versions
from hsb_desk.domain.dates import format_uk_date, parse_iso_date
from hsb_desk.formspec.model import FormDefinition

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession

SENT_ROLE = "distribution_sent"
BEFORE_SIGNOFF = (
    "{item} {number}: the date sent, {sent}, is before the sign-off on {signed}. "
    "A report is sent once it is signed off; the report shows this one as planned."
)
NOT_SIGNED = (
    "{item} {number}: a date sent ({sent}) is recorded, but the assessment is not yet signed off. "
    "The report shows this one as planned until it is signed off and sent."
)


def distribution_warnings(form: FormDefinition, values: Mapping[str, Any], signed_on: date | None) -> list[str]:
    """One warning per distribution row whose date sent precedes ``signed_on`` (the current
    version's sign-off date), or, with ``signed_on`` None (not signed off), has any date sent."""
    found = form.role_column(SENT_ROLE)
    if found is None:
        return []
    group, column = found
    rows = values.get(group.key)
    if not isinstance(rows, list):
        return []
    noun = (group.item_label or "recipient").strip()
    item = noun[:1].upper() + noun[1:]
    warnings = []
    for number, row in enumerate(rows, start=1):
        raw = row.get(column.key) if isinstance(row, Mapping) else None
        sent = parse_iso_date(raw) if isinstance(raw, str) else None
        if sent is None:
            continue
        if signed_on is None:
            warnings.append(NOT_SIGNED.format(item=item, number=number, sent=format_uk_date(sent)))
        elif sent < signed_on:
            text = BEFORE_SIGNOFF.format(
                item=item, number=number, sent=format_uk_date(sent), signed=format_uk_date(signed_on)
            )
            warnings.append(text)
    return warnings


def case_distribution_warnings(session: WorkbookSession, reference: str) -> list[str]:
    """The warnings for a case as it stands: against the current version's sign-off date when
    the case is signed off, else as a draft."""
    latest = versions(session, reference)[-1]
    signed = parse_iso_date(latest.signed_on) if latest.status == "signed" and latest.signed_on else None
    return distribution_warnings(session.form, session.values(reference), signed)
