"""What the numbering tests share: everything an import could change, files as the previous
version of HSB Desk wrote them, and a time as the refusal shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from coworking.test_exchange import CASE, FAST

from hsb_desk.app import exchange
from hsb_desk.app.exchange.envelope import ExchangeFile, seal, unseal
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import ImportRejected

TABLES = ("handouts", "exchange_imports", "case_restrictions", "signoffs", "field_values")


def held(session: WorkbookSession, reference: str = CASE) -> tuple[Any, ...]:
    """Everything an import could change: the case's values and status, every co-working
    record, and the audit trail."""
    conn = session.workbook.conn
    case = session.workbook.cases.find(reference)
    rows = tuple(tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()) for table in TABLES)
    entries = len(session.workbook.audit.entries())
    return (session.values(reference) if case else None, case.status if case else None, rows, entries)


def without_number(job: exchange.SealJob, made: str | None = None) -> bytes:
    """The file the previous version of HSB Desk wrote for ``job``: the same payload, without
    a number (and made at ``made``, if given)."""
    payload = {key: value for key, value in job.payload.items() if key != "sequence"}
    if made is not None:
        payload["created_at"] = made
    return seal(job.kind, job.file_id, payload, job.passphrase, FAST)


def old_handout(lead: WorkbookSession, tmp_path: Path, made: str | None = None) -> ExchangeFile:
    """A hand-out the previous version exported (the lead's workbook records it)."""
    job = exchange.prepare_handout(lead, CASE, tmp_path / "old.handout", kdf=FAST)
    data = without_number(job, made)
    exchange.record_handout(lead, job, data)
    return unseal(data, job.passphrase)


def old_handback(coworker: WorkbookSession, tmp_path: Path, made: str | None = None) -> ExchangeFile:
    """A hand-back the previous version exported."""
    job = exchange.prepare_handback(coworker, CASE, tmp_path / "old.handback", kdf=FAST)
    return unseal(without_number(job, made), job.passphrase)


def shown(made: str) -> str:
    """A file's time as a refusal names it: local time, to the minute."""
    return datetime.fromisoformat(made).astimezone().strftime("%Y-%m-%d %H:%M")


def refused(call: Callable[..., object], *args: object) -> str:
    """The plain message of the ImportRejected that ``call(*args)`` raises."""
    with pytest.raises(ImportRejected) as raised:
        call(*args)
    return raised.value.user_message
