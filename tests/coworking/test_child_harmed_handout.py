"""The child who has been harmed (issue 18, item 2) and co-worker hand-outs: the section the form
keeps out of hand-outs (``handout: lead_chooses``) goes with one only when the lead chooses.
Real encrypted workbooks over the real form pack, the example case, the payload decrypted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from coworking.signing_support import Today, example_session, real_form
from coworking.test_exchange import FAST

from hsb_desk.app import exchange, signoff
from hsb_desk.app.exchange.envelope import BAD_CONTENT, ExchangeFile, seal, unseal
from hsb_desk.app.exchange.sections import KEPT_OUT_INCLUDED, KEPT_OUT_LEFT
from hsb_desk.app.exchange.targets import NOT_OURS
from hsb_desk.app.session import WorkbookSession
from hsb_desk.app.workbooks import create_workbook
from hsb_desk.errors import ImportRejected, InvalidInput
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile

CHILDREN = "harmed.children"
#: Fictional rows; the texts looked for where they must not be.
ROWS: list[dict[str, Any]] = [
    {
        "identified_as": "R.T.",
        "referred": "yes",
        "referred_to": "Hollybrook Young People's Support Service (fictional)",
        "referred_on": "2026-10-02",
        "worker": "Morgan Fictional",
        "worker_agency": "Example Children's Social Care, Team Wrenfield (fictional), 01234 000111",
        "support_plan": "Weekly sessions at Larkspur House (fictional); a trusted adult at home.",
        "same_setting": "yes",
        "school_arrangements": "Separate form groups and lunch times agreed with Ashgrove Academy (fictional).",
        "notes": "Mother asked for updates by telephone only.",
    },
    {"identified_as": "K.P.", "referred": "not_known", "worker": "Quinn Madeup", "same_setting": "no"},
]
SECRETS = ("R.T.", "K.P.", "Morgan Fictional", "Quinn Madeup", "Hollybrook", "Larkspur", "Wrenfield", "Ashgrove")


def harmed_section(form: FormDefinition) -> str:
    """The key of the section the pack keeps out of hand-outs: the child who has been harmed."""
    (key,) = [s.key for s in form.sections if s.handout == "lead_chooses"]
    return key


def harmed_keys(form: FormDefinition) -> list[str]:
    return form.stored_keys([harmed_section(form)])


@contextmanager
def lead_case(tmp_path: Path, give_to_coworker: bool = True) -> Iterator[tuple[WorkbookSession, str]]:
    """The lead's workbook with the example case and its child-harmed rows."""
    (tmp_path / "lead").mkdir(exist_ok=True)
    with example_session(tmp_path / "lead" / "lead.hsbdesk", "Jo Example", Today(TODAY)) as (lead, reference):
        lead.set_value(reference, CHILDREN, ROWS)
        if give_to_coworker:
            signoff.set_section_owner(lead, reference, harmed_section(lead.form), "coworker")
        yield lead, reference


@contextmanager
def coworker_workbook(tmp_path: Path) -> Iterator[WorkbookSession]:
    profile = Profile("Sam Coworker", "Youth justice worker", "Example YOS", "")
    session = create_workbook(tmp_path / "coworker.hsbdesk", PASSPHRASE, profile, real_form(), today=Today(TODAY))
    try:
        yield session
    finally:
        session.close()


def hand_out(lead: WorkbookSession, reference: str, out: Path, **options: Any) -> tuple[Any, ExchangeFile]:
    result = exchange.export_handout(lead, reference, out, kdf=FAST, **options)
    return result, unseal(out.read_bytes(), result.passphrase)


def plaintext(package: ExchangeFile) -> str:
    return json.dumps(package.payload, ensure_ascii=False)


def kept_out_entries(lead: WorkbookSession, reference: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.action, json.loads(e.new_json or "{}"))
        for e in lead.workbook.audit.entries(reference)
        if e.action in (KEPT_OUT_INCLUDED, KEPT_OUT_LEFT)
    ]


def test_a_handout_keeps_the_child_harmed_record_out_by_default(tmp_path: Path) -> None:
    with lead_case(tmp_path) as (lead, reference), coworker_workbook(tmp_path) as coworker:
        section = harmed_section(lead.form)
        assert exchange.kept_out_sections(lead, reference) == (section,)
        result, package = hand_out(lead, reference, tmp_path / "out.hsbx")

        assert result.kept_out == (section,)
        assert section not in package.payload["sections"] and package.payload["sections"]
        for part in ("values", "revisions", "details"):
            assert not set(package.payload[part]) & set(harmed_keys(lead.form))
        text = plaintext(package)
        assert not [secret for secret in SECRETS if secret in text]
        assert kept_out_entries(lead, reference) == [
            (KEPT_OUT_LEFT, {"handout": result.handout_id, "included": [], "kept_out": [section]})
        ]

        exchange.import_handout(coworker, package)
        held = coworker.values(reference)
        assert held.get(CHILDREN) is None
        assert not [secret for secret in SECRETS if secret in json.dumps(held, ensure_ascii=False)]
        assert section not in signoff.editable_sections(coworker, reference)


def test_the_lead_can_choose_to_include_it(tmp_path: Path) -> None:
    with lead_case(tmp_path) as (lead, reference), coworker_workbook(tmp_path) as coworker:
        section = harmed_section(lead.form)
        result, package = hand_out(lead, reference, tmp_path / "out.hsbx", include_kept_out=True)

        assert result.kept_out == ()
        assert section in package.payload["sections"]
        assert package.payload["values"][CHILDREN] == ROWS
        assert kept_out_entries(lead, reference) == [
            (KEPT_OUT_INCLUDED, {"handout": result.handout_id, "included": [section], "kept_out": []})
        ]
        exchange.import_handout(coworker, package)
        assert coworker.values(reference)[CHILDREN] == ROWS
        assert section in signoff.editable_sections(coworker, reference)

        # The co-worker adds to a row; the lead takes it in the merge.
        changed = [dict(ROWS[0], notes="Seen at school on 3 November (fictional)."), ROWS[1]]
        coworker.set_value(reference, CHILDREN, changed)
        back = exchange.export_handback(coworker, reference, tmp_path / "back.hsbx", kdf=FAST)
        applied = exchange.apply_handback(lead, unseal(back.path.read_bytes(), back.passphrase))
        assert CHILDREN in applied.fields
        assert lead.values(reference)[CHILDREN] == changed


def test_a_later_handout_without_it_takes_it_out_of_the_coworkers_copy(tmp_path: Path) -> None:
    """Included once, kept out the next time: the refreshed copy no longer holds the rows, and
    the co-worker's audit trail says why each answer went."""
    with lead_case(tmp_path) as (lead, reference), coworker_workbook(tmp_path) as coworker:
        _, first = hand_out(lead, reference, tmp_path / "first.hsbx", include_kept_out=True)
        exchange.import_handout(coworker, first)
        assert coworker.values(reference)[CHILDREN] == ROWS
        given = coworker.values(reference)

        result, second = hand_out(lead, reference, tmp_path / "second.hsbx")
        assert result.kept_out == (harmed_section(lead.form),)
        change = exchange.import_handout(coworker, second)

        held = coworker.values(reference)
        assert CHILDREN not in held and CHILDREN in change.fields
        assert not [secret for secret in SECRETS if secret in json.dumps(held, ensure_ascii=False)]
        assert {k: v for k, v in given.items() if k not in harmed_keys(lead.form)} == held  # the rest stays
        removed = [e for e in coworker.workbook.audit.entries(reference) if e.field_key == CHILDREN][-1]
        assert removed.action == f"value removed: not in hand-out {result.handout_id} from Jo Example"
        assert harmed_section(lead.form) not in signoff.editable_sections(coworker, reference)


def test_a_handback_leaves_the_leads_child_harmed_rows_alone(tmp_path: Path) -> None:
    with lead_case(tmp_path) as (lead, reference), coworker_workbook(tmp_path) as coworker:
        _, package = hand_out(lead, reference, tmp_path / "out.hsbx")
        exchange.import_handout(coworker, package)
        theirs = package.payload["sections"]
        some = next(k for k in lead.form.stored_keys(theirs) if lead.form.get_field(k).type == "longtext")  # type: ignore[union-attr]
        coworker.set_value(reference, some, "Written by the co-worker (fictional).")
        back = exchange.export_handback(coworker, reference, tmp_path / "back.hsbx", kdf=FAST)
        returned = unseal(back.path.read_bytes(), back.passphrase)
        assert not set(returned.payload["values"]) & set(harmed_keys(lead.form))

        exchange.apply_handback(lead, returned)
        assert lead.values(reference)[some] == "Written by the co-worker (fictional)."
        assert lead.values(reference)[CHILDREN] == ROWS


def test_a_handback_carrying_the_kept_out_section_is_refused(tmp_path: Path) -> None:
    """A hand-back made up to carry the section (its sections, or only its values) changes nothing."""
    with lead_case(tmp_path) as (lead, reference):
        result, package = hand_out(lead, reference, tmp_path / "out.hsbx")
        payload = {k: package.payload[k] for k in ("case", "from", "created_at")}
        for sections in (package.payload["sections"], [*package.payload["sections"], harmed_section(lead.form)]):
            forged = dict(payload, sections=sections, values={CHILDREN: []}, confirmation=None)
            data = seal("handback", result.handout_id, forged, "forged words here", FAST)
            with pytest.raises(ImportRejected) as refused:
                exchange.apply_handback(lead, unseal(data, "forged words here"))
            assert refused.value.user_message in (BAD_CONTENT, NOT_OURS)
        assert lead.values(reference)[CHILDREN] == ROWS


def test_a_lead_owned_section_is_never_handed_out_and_the_audit_says_so(tmp_path: Path) -> None:
    with lead_case(tmp_path, give_to_coworker=False) as (lead, reference):
        section = harmed_section(lead.form)
        assert exchange.kept_out_sections(lead, reference) == ()
        result, package = hand_out(lead, reference, tmp_path / "out.hsbx", include_kept_out=True)
        assert section not in package.payload["sections"]
        assert CHILDREN not in package.payload["values"]
        assert result.kept_out == ()
        assert kept_out_entries(lead, reference) == [
            (KEPT_OUT_LEFT, {"handout": result.handout_id, "included": [], "kept_out": [section]})
        ]


def test_a_handout_of_only_the_kept_out_section_needs_the_leads_choice(tmp_path: Path) -> None:
    with lead_case(tmp_path) as (lead, reference):
        section = harmed_section(lead.form)
        for other, owner in signoff.section_owners(lead, reference).items():
            if owner == "coworker" and other != section:
                signoff.set_section_owner(lead, reference, other, "lead")
        with pytest.raises(InvalidInput, match="kept out of hand-outs unless you choose"):
            hand_out(lead, reference, tmp_path / "out.hsbx")
        assert not (tmp_path / "out.hsbx").exists()
        _, package = hand_out(lead, reference, tmp_path / "out.hsbx", include_kept_out=True)
        assert package.payload["sections"] == [section]
