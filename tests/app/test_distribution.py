"""The window's warning when a distribution row's "date sent" precedes the sign-off, on the real
form pack (roles distribution and distribution_sent), and for a case as it stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import TODAY
from coworking.signing_support import LEAD, example_document, example_session, real_form

from hsb_desk.app import signoff
from hsb_desk.app.distribution import case_distribution_warnings, distribution_warnings
from hsb_desk.formspec import FormDefinition

SIGNED = date(2026, 11, 22)


def _values(*dates: str | None) -> dict[str, object]:
    rows = [{"name": f"Recipient {n}", "version": "full", "date_sent": d} for n, d in enumerate(dates, start=1)]
    return {"sharing.recipients": [{k: v for k, v in row.items() if v is not None} for row in rows]}


def test_a_date_sent_before_the_sign_off_is_warned_about_by_row() -> None:
    form = real_form()
    warnings = distribution_warnings(form, _values("2026-10-14", "2026-11-22", None, "2026-12-01"), SIGNED)
    assert len(warnings) == 1
    assert warnings[0].startswith("Recipient 1: the date sent, 14 October 2026, is before the sign-off on 22 November")


def test_any_date_sent_on_a_case_not_signed_off_is_warned_about() -> None:
    warnings = distribution_warnings(real_form(), _values(None, "2026-11-22"), None)
    assert len(warnings) == 1 and warnings[0].startswith("Recipient 2: a date sent (22 November 2026)")
    assert "not yet signed off" in warnings[0]


def test_no_dates_sent_rows_that_are_not_rows_and_a_form_without_the_role_give_no_warning(
    mini_form: FormDefinition,
) -> None:
    form = real_form()
    assert distribution_warnings(form, _values(None, None), None) == []
    assert distribution_warnings(form, {"sharing.recipients": ["not a row", {"date_sent": "not a date"}]}, None) == []
    assert distribution_warnings(form, {}, SIGNED) == []
    assert distribution_warnings(mini_form, example_document()["values"], None) == []


def test_a_case_is_warned_about_as_it_stands(workbook_path: Path) -> None:
    with example_session(workbook_path, LEAD, lambda: TODAY) as (session, reference):
        rows = session.values(reference)["sharing.recipients"]
        rows[0]["date_sent"] = "2026-10-14"
        session.set_value(reference, "sharing.recipients", rows)
        assert "not yet signed off" in case_distribution_warnings(session, reference)[0]
        signoff.sign_off(session, reference)
        assert "before the sign-off on 22 November 2026" in case_distribution_warnings(session, reference)[0]
