"""A file and its record go together: when the transaction that records a hand-out, a hand-back
or a report cannot commit (a full disk at COMMIT), the file just written is taken back, so no
file is left that the workbook does not know it sent (issue 16, item 17)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from coworking.test_exchange import CASE, FAST, coworker_workbook, hand_out, prepare_lead

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import unseal
from hsb_desk.app.reports import export_report
from hsb_desk.app.reports.sharing import sharing_record
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import SaveFailed
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.workbook import Workbook


def _fail_commits(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """From now on every transaction fails at its end and is rolled back, as a disk full at
    COMMIT makes it; returns what gives the disk its room back."""
    real = Workbook.transaction

    @contextmanager
    def failing(self: Workbook) -> Iterator[None]:
        with real(self):
            yield
            raise SaveFailed()  # inside the real one: it rolls back and passes the error on

    monkeypatch.setattr(Workbook, "transaction", failing)
    return lambda: monkeypatch.setattr(Workbook, "transaction", real)


def test_a_hand_out_that_cannot_be_recorded_leaves_no_file(
    session: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = prepare_lead(session)
    out = tmp_path / "handout.hsbx"
    job = exchange.prepare_handout(lead, CASE, out, kdf=FAST)
    data = job.seal()
    room_again = _fail_commits(monkeypatch)
    with pytest.raises(SaveFailed):
        exchange.record_handout(lead, job, data)
    room_again()
    assert not out.exists()
    assert lead.case(CASE).status == "draft" and CoworkingStore.of(lead.workbook).handout(job.file_id) is None
    exchange.record_handout(lead, job, data)  # with room on the disk: the file and its record
    assert out.is_file() and lead.case(CASE).status == "with_coworker"


def test_a_hand_back_that_cannot_be_recorded_leaves_no_file(
    session: WorkbookSession, tmp_path: Path, mini_form: FormDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, words = hand_out(prepare_lead(session), tmp_path)
    with coworker_workbook(tmp_path, mini_form) as coworker:
        exchange.import_handout(coworker, unseal(data, words))
        out = tmp_path / "handback.hsbx"
        job = exchange.prepare_handback(coworker, CASE, out, kdf=FAST)
        sealed = job.seal()
        room_again = _fail_commits(monkeypatch)
        with pytest.raises(SaveFailed):
            exchange.record_handback(coworker, job, sealed)
        room_again()
        assert not out.exists()


def test_a_report_that_cannot_be_recorded_leaves_no_file(
    session: WorkbookSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = prepare_lead(session)
    out = tmp_path / "report.docx"
    room_again = _fail_commits(monkeypatch)
    with pytest.raises(SaveFailed):
        export_report(lead, CASE, out)
    room_again()
    assert not out.exists() and sharing_record(lead, CASE) == []
