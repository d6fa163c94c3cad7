"""Meetings save themselves: the meeting in the editor is stored shortly after typing stops, and at
once when asked (focus leaves a field, another meeting is chosen, the window is hidden).

The assessment's autosave (ui/assessment/autosave.py) stores one field at a time; a meeting is one
record, stored whole by ``record_meeting`` or ``update_meeting``, so this saver reads the editor's
draft when it sends and the newest text always wins. It waits ``DELAY_MS`` after the last change,
and at most ``LONGEST_MS`` while typing goes on without a pause. A new meeting is created as soon
as its draft can be stored (it has its date); what is typed while it is being created is stored
into it once its id is known. Writes go through ``Bridge.apply``, which flushes this saver first
(``before_writes``): adding an action, or a sign-off, never overtakes what was typed. A draft the
service refuses stays on screen and is sent again once changed; a write that fails (a full disk)
is tried again every ``RETRY_MS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from hsb_desk.app.changes import Change
from hsb_desk.app.pathway import MeetingDraft, record_meeting, update_meeting
from hsb_desk.app.session import WorkbookSession
from hsb_desk.errors import HsbDeskError, InvalidInput
from hsb_desk.ui.bridge import Bridge
from hsb_desk.ui.errors import log_unexpected, message_for
from hsb_desk.ui.pathway.meeting_editor import MeetingEditor

DELAY_MS = 400
LONGEST_MS = 2000
RETRY_MS = 3000


@dataclass(eq=False)
class HeldMeeting:
    """The meeting the editor shows, of a case: ``meeting_id`` is None until a new one is created."""

    reference: str
    meeting_id: int | None
    creating: bool = False
    refused: bool = False  # the service refused what was sent: kept on screen, sent again once changed
    waiting: MeetingDraft | None = None  # typed while it was being created


class MeetingAutosaver(QObject):
    saving = Signal()
    saved = Signal(object)  # the HeldMeeting just stored (its id known once created)
    needs = Signal(str)  # why the editor's draft cannot be stored yet, in words
    refused = Signal(object, str)  # HeldMeeting, the service's reason: nothing was stored
    failed = Signal(str)  # the write failed and is tried again

    def __init__(
        self, bridge: Bridge, editor: MeetingEditor, delay_ms: int = DELAY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge, self.editor = bridge, editor
        self.held: HeldMeeting | None = None
        self._due = False  # the editor holds changes not sent yet
        self._unsent: list[tuple[HeldMeeting, MeetingDraft]] = []  # writes that failed, to try again
        self._delay = self._timer(delay_ms)
        self._longest = self._timer(LONGEST_MS)
        self._retry = self._timer(RETRY_MS)
        bridge.before_writes(self._before_writes)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.flush)
        return timer

    def _before_writes(self) -> None:
        if isValid(self):  # the bridge outlives a window closed in a test
            self.flush()

    # -- what the editor shows ---------------------------------------------------------------
    def open(self, reference: str, meeting_id: int | None, unsaved: bool = False) -> None:
        """The editor now shows this meeting (None: a new one); ``unsaved``: what it shows was
        never stored (a new meeting kept aside and shown again). Flush before loading the editor."""
        self._delay.stop()
        self._longest.stop()
        self.held = HeldMeeting(reference, meeting_id)
        self._due = unsaved

    def forget(self) -> None:
        """What the editor shows is no longer to be stored (it is being removed, or locking)."""
        self._delay.stop()
        self._longest.stop()
        self.held, self._due = None, False

    def edited(self) -> None:
        if self.held is None:
            return
        self._due = True
        self.held.refused = False
        self._delay.start()  # restarted by each change: stored once typing stops
        if not self._longest.isActive():
            self._longest.start()

    @property
    def unsaved(self) -> bool:
        """The editor shows something that is not stored and not on its way."""
        return self.held is not None and not self.held.creating and (self._due or self.held.refused)

    @property
    def has_pending(self) -> bool:
        return self._due or bool(self._unsent) or (self.held is not None and self.held.creating)

    # -- storing -------------------------------------------------------------------------------
    def flush(self) -> None:
        """Send what the editor holds now (and any write that failed); if it cannot be stored
        yet, ``needs`` says why and it waits for the next change."""
        self._delay.stop()
        self._longest.stop()
        self._retry.stop()
        unsent, self._unsent = self._unsent, []
        for earlier, sent_before in unsent:
            self._send(earlier, sent_before)
        held = self.held
        if held is None or not self._due:
            return
        problem = self.editor.input_problem()
        draft = None if problem else self.editor.draft()
        if draft is None:
            self.needs.emit(problem)
            return
        self._due = False  # before sending: ``apply`` calls this again first (before_writes)
        if held.creating:
            held.waiting = draft
            return
        self._send(held, draft)

    def _send(self, held: HeldMeeting, draft: MeetingDraft) -> None:
        reference, meeting_id = held.reference, held.meeting_id
        if meeting_id is None:
            held.creating = True

            def run(session: WorkbookSession) -> Change:
                return record_meeting(session, reference, draft)

        else:

            def run(session: WorkbookSession) -> Change:
                return update_meeting(session, reference, meeting_id, draft)

        self.saving.emit()
        self.bridge.apply(run, partial(self._done, held), partial(self._error, held, draft))

    def _done(self, held: HeldMeeting, change: Change) -> None:
        if held.creating:
            held.creating = False
            held.meeting_id = change.detail.get("meeting")
        self._unsent = [(h, d) for h, d in self._unsent if h is not held]  # older than what was stored
        self.saved.emit(held)
        if held.waiting is not None and held.meeting_id is not None:
            draft, held.waiting = held.waiting, None
            self._send(held, draft)

    def _error(self, held: HeldMeeting, draft: MeetingDraft, error: BaseException) -> None:
        if held.creating:
            held.creating = False
            draft, held.waiting = held.waiting or draft, None  # the newest, to create it with
        if isinstance(error, InvalidInput):
            held.refused = True
            self.refused.emit(held, error.user_message)
            return
        if not isinstance(error, HsbDeskError):
            log_unexpected(error)
        self._unsent.append((held, draft))
        self.failed.emit(message_for(error))
        self._retry.start()
