"""The issue's own case, with the real form pack: the co-worker sends an early hand-back of their
empty sections, then the full one; the lead imports the full one, then finds the early one. It
used to take every field back to 'not recorded', silently; it is refused and changes nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import PASSPHRASE, TODAY
from coworking.sequence_support import held, refused
from coworking.signing_support import Today, example_document, example_session, real_form
from coworking.test_exchange import FAST

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import ExchangeFile, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.store.records import Profile


def _hand_back(coworker: WorkbookSession, reference: str, out: Path) -> ExchangeFile:
    result = exchange.export_handback(coworker, reference, out, kdf=FAST)
    return unseal(result.path.read_bytes(), result.passphrase)


def test_an_early_empty_handback_after_the_full_one_is_refused(tmp_path: Path) -> None:
    form, today = real_form(), Today(TODAY)
    theirs = form.stored_keys([s.key for s in form.sections if s.owner == "coworker"])
    filled = {k: v for k, v in example_document()["values"].items() if k in theirs}
    assert len(filled) >= 35  # every field of the co-worker's sections, as in the issue

    (tmp_path / "lead").mkdir()
    with example_session(tmp_path / "lead" / "lead.hsbdesk", "Jo Example", today) as (lead, reference):
        for key in filled:  # the co-worker's sections start empty
            lead.set_value(reference, key, None)
        out = exchange.export_handout(lead, reference, tmp_path / "out.hsbx", kdf=FAST)
        profile = Profile("Sam Coworker", "Youth justice worker", "Example YOS", "")
        coworker = create_workbook(tmp_path / "coworker.hsbdesk", PASSPHRASE, profile, form, today=today)
        try:
            exchange.import_handout(coworker, unseal(out.path.read_bytes(), out.passphrase))
            early = _hand_back(coworker, reference, tmp_path / "early.hsbx")
            for key, value in filled.items():
                coworker.set_value(reference, key, value)
            full = _hand_back(coworker, reference, tmp_path / "full.hsbx")
        finally:
            coworker.close()

        assert len(exchange.apply_handback(lead, full).fields) == len(filled)
        before = held(lead, reference)
        for call in (exchange.preview_handback, exchange.apply_handback):
            assert "is number 1" in refused(call, lead, early)
        assert held(lead, reference) == before
        assert {k: lead.values(reference).get(k) for k in filled} == filled
