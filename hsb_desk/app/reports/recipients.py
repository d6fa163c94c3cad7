"""Per-recipient copies of the report: who a copy is for, from the case's distribution list or
typed, and the line every page's footer then carries ("Copy for NAME, AGENCY, 07/12/2026").

A copy made for one person says so on every page, so a copy found where it should not be says
whose it was. The recipient is also in the file's default name and in the sharing record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.errors import InvalidInput
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.report.model import VERSIONS
from hsb_desk.report.text import one_line

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.report.blocks import TextBlocks

DISTRIBUTION = "distribution"  # the form role of the group listing who receives the report
MAX_RECIPIENT = 200  # far more than any name and agency; a footer holds about two lines
COPY_FOR = "Copy for {recipient}, {date}"  # unless templates/blocks/copy_for.j2 rewords it
NO_RECIPIENT = (
    'Name the recipient of this copy (for example "Priya Example, Northgate Academy"), or leave '
    "the recipient out. Nothing was written."
)


@dataclass(frozen=True)
class Recipient:
    """One row of the distribution list: who (its text columns: name, agency) and which version
    the meeting agreed they receive ("" when the list does not say)."""

    text: str
    version: str = ""


def check_recipient(text: str) -> str:
    """The recipient as the copy names it (one line), or InvalidInput when there is none."""
    cleaned = one_line(text)
    if not cleaned:
        raise InvalidInput(NO_RECIPIENT)
    if len(cleaned) > MAX_RECIPIENT:
        raise InvalidInput(
            f"The recipient is {len(cleaned):,} characters long; at most {MAX_RECIPIENT} fit in the "
            "footer of a page. Nothing was written."
        )
    return cleaned


def distribution_recipients(form: FormDefinition, values: Mapping[str, Any]) -> list[Recipient]:
    """The rows of the group with the ``distribution`` role, in order. A row's text columns make
    its recipient ("Name, Agency"); a choice offering ``full`` and ``shared`` is its version."""
    group = form.role_field(DISTRIBUTION)
    rows = values.get(group.key) if group is not None else None
    if group is None or not isinstance(rows, list):
        return []
    texts = [sub.key for sub in group.fields if sub.type == "text"]
    versions = [
        sub.key
        for sub in group.fields
        if sub.type == "choice" and set(VERSIONS) <= {option.value for option in sub.options}
    ]
    found = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        parts = [one_line(row[key]) for key in texts if isinstance(row.get(key), str)]
        version = row.get(versions[0]) if versions else None
        found.append(Recipient(", ".join(p for p in parts if p), version if version in VERSIONS else ""))
    return found


def case_recipients(session: WorkbookSession, reference: str) -> list[Recipient]:
    """The distribution list of case ``reference`` as it stands."""
    return distribution_recipients(session.form, session.values(reference))


def recipient_from_list(session: WorkbookSession, reference: str, number: int) -> Recipient:
    """Row ``number`` (from 1) of the case's distribution list, or InvalidInput saying why not."""
    listed = case_recipients(session, reference)
    if not listed:
        raise InvalidInput("This case's distribution list is empty: name the recipient instead. Nothing was written.")
    if not 1 <= number <= len(listed):
        raise InvalidInput(
            f"The distribution list has {len(listed)} recipient{'s' if len(listed) != 1 else ''}: "
            f"choose a number from 1 to {len(listed)}. Nothing was written."
        )
    chosen = listed[number - 1]
    if not chosen.text:
        raise InvalidInput(f"Recipient {number} of the distribution list has no name or agency. Nothing was written.")
    return chosen


def copy_for_line(blocks: TextBlocks | None, recipient: str, day: date) -> str:
    """'Copy for Priya Example, Northgate Academy, 07/12/2026': in every page's footer."""
    from hsb_desk.report.items import block_or  # the report's text blocks load on first use

    when = day.strftime("%d/%m/%Y")
    default = COPY_FOR.format(recipient=recipient, date=when)
    return one_line(block_or(blocks, "copy_for", default, recipient=recipient, date=when))
