"""Meetings save themselves as the practitioner types (ui/pathway/meeting_autosave.py): a save every
pause, for as long as the notes take. Typed as a person types, a few words per save for
thousands of saves, into a real encrypted workbook: the audit trail records each change without
a copy of the notes, and the workbook grows with the notes, not with the number of saves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pathway.pathway_support import case_with, meeting, real_session, reopen

from hsb_desk.app import pathway

TODAY = date(2027, 1, 4)
CASE = "C-1"
# About 2,500 words, typed five words at a time: 500 saves of the notes alone.
WORDS = ("Mother joined by phone; the school agreed a named adult at break and lunch. " * 200).split()


def test_typing_a_long_meeting_note_keeps_no_copy_of_it_per_save(tmp_path: Path) -> None:
    path = tmp_path / "typing.hsbdesk"
    session = real_session(path, TODAY)
    case_with(session, CASE)
    people = (("PC Lee", "Police", "Officer in charge", "attended"),)
    pathway.record_meeting(session, CASE, meeting("review", "2027-01-03", *people))
    (held,) = pathway.list_meetings(session, CASE)
    before = path.stat().st_size
    typed = ""
    saves = 0
    for start in range(0, len(WORDS), 5):
        typed = " ".join(WORDS[: start + 5])
        draft = pathway.MeetingDraft(held.type, held.held_on, "", typed, held.attendees)
        pathway.update_meeting(session, CASE, held.id, draft)
        saves += 1
    entries = [e for e in session.workbook.audit.entries(CASE) if e.action == "meeting changed"]
    session.close()

    assert saves >= 500 and len(entries) == saves  # who changed the meeting, and when: every save
    for entry in entries:  # never the notes themselves, nor any part of them
        assert "named adult" not in f"{entry.old_json}{entry.new_json}"
    grown = path.stat().st_size - before
    # A small entry per save (digests, under a kilobyte with its index); a copy of the notes in
    # each, as before, made about 19 KB per save here (9.5 MB for 15 KB of notes).
    assert grown < 1_500 * saves

    session = reopen(path, TODAY)
    try:
        (stored,) = pathway.list_meetings(session, CASE)
        assert stored.notes == typed
        assert session.workbook.verify_audit().ok
    finally:
        session.close()
