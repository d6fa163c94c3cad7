"""The case list's rows: every case's summary, remembered until the workbook changes.

Reading 5,000 cases' summaries and next due dates takes about 60 ms, which the list paid on every
showing and every keystroke in its search box (bench/). Every change appends to the audit log,
so its head says whether anything changed, as for the due dates (app/pathway/due.py); a search
then filters the remembered rows.
"""

from __future__ import annotations

from hsb_desk.app.changes import CaseSummary
from hsb_desk.app.pathway.due import next_due_by_case
from hsb_desk.app.session_state import SessionState
from hsb_desk.store.pathway import PathwayStore

NAME_ROLE = "child_name"  # the form role of the field holding the child's name
_Row = tuple[CaseSummary, str, str]  # the summary, its reference and child's name case-folded


def matching_cases(session: SessionState, query: str = "", status: str | None = None) -> list[CaseSummary]:
    """The cases whose reference or child's name contains ``query`` (ignoring case), with
    ``status`` if given, in reference order."""
    needle = query.casefold().strip()
    return [
        summary
        for summary, reference, name in _rows(session)
        if (not status or summary.status == status) and (not needle or needle in reference or needle in name)
    ]


def _rows(session: SessionState) -> list[_Row]:
    stamp = (PathwayStore.of(session.workbook).change_stamp(), session.today(), id(session.form))
    remembered = session.remembered.get("case rows")
    if remembered is not None and remembered[0] == stamp:
        rows: list[_Row] = remembered[1]
        return rows
    rows = _read_rows(session)
    session.remembered["case rows"] = (stamp, rows)
    return rows


def _read_rows(session: SessionState) -> list[_Row]:
    due = next_due_by_case(session)
    summaries = session.workbook.cases.summaries(session.form.role_key(NAME_ROLE))
    rows = []
    for reference, case_status, updated_at, archived, name in summaries:
        item = due.get(reference)
        if item is not None and item.due is not None:
            summary = CaseSummary(
                reference, name, case_status, updated_at, archived, item.due.isoformat(), item.what, item.overdue
            )
        else:
            summary = CaseSummary(reference, name, case_status, updated_at, archived)
        rows.append((summary, reference.casefold(), name.casefold()))
    return rows
