"""One source of truth for a case's values while it is edited: stored, pending and refused.

The assessment window renders this and keeps no copy of its own. *Stored* is what the workbook
holds (what the service accepted); *pending* is what the practitioner has typed and autosave is
about to store; *refused* is what the service (or the editor) would not accept, with the reason.
Conditions and what is shown follow stored and pending; progress, and so "done", counts only what
is stored: a refused value never counts. Undo steps back one saved change at a time.

Qt-free, so it is tested without a display; the window calls it on the UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hsb_desk.formspec.model import FormDefinition
from hsb_desk.formspec.values import normalise_value, rows_of, section_progress, with_computed

UNDO_LIMIT = 200


@dataclass(frozen=True)
class Refused:
    """A value that was not stored, and why."""

    value: Any
    reason: str


@dataclass(frozen=True)
class Step:
    """One saved change of one field: what undo puts back (``old``) and redo again (``new``)."""

    key: str
    old: Any
    new: Any
    label: str


class CaseEditState:
    """The values of the case open for editing, kept apart by what has become of them."""

    def __init__(
        self, form: FormDefinition, reference: str, stored: Mapping[str, Any], today: Callable[[], date]
    ) -> None:
        self.form, self.reference, self.today = form, reference, today
        self.stored: dict[str, Any] = dict(stored)
        self.pending: dict[str, Any] = {}  # key -> value typed, not yet stored (None: clearing it)
        self.refused: dict[str, Refused] = {}
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._spell: str | None = None  # the field whose saves merge into one undo step
        self._replaying: dict[str, tuple[Step, bool]] = {}  # key -> (step, is it an undo)
        self._rearranged: set[str] = set()  # groups whose next saved change is a step of its own

    # -- what is shown and what counts ----------------------------------------------------
    def shown(self) -> dict[str, Any]:
        """What the page shows and its conditions follow: stored, then what is waiting to be
        stored, with computed values worked out from them."""
        values = dict(self.stored)
        for key, value in self.pending.items():
            if value is None:
                values.pop(key, None)
            else:
                values[key] = value
        return with_computed(self.form, values, self.today())

    def recorded(self) -> dict[str, Any]:
        """What the workbook holds, with computed values: what progress and the title read."""
        return with_computed(self.form, self.stored, self.today())

    def progress(self) -> dict[str, tuple[int, int]]:
        """Each section's (required answers stored, required answers shown)."""
        return section_progress(self.form, self.recorded())

    # -- the life of an edit ----------------------------------------------------------------
    def edit(self, key: str, value: Any) -> bool:
        """The practitioner changed ``key``; returns whether it is a change of structure (a row
        removed or moved), which ends the editing spell so undo can take it back on its own."""
        spec = self.form.get_field(key)
        value = normalise_value(spec, value) if spec is not None else value
        before = self.pending[key] if key in self.pending else self.stored.get(key)
        structural = spec is not None and spec.type == "group" and _rows_rearranged(before, value)
        if structural:
            self._spell = None
            self._rearranged.add(key)
        self.pending[key] = value
        self.refused.pop(key, None)
        self._redo.clear()
        return structural

    def refuse(self, key: str, value: Any, reason: str) -> None:
        """``value`` was not stored (or could not be read from the editor): shown as refused."""
        if key in self.pending and self.pending[key] == value:
            del self.pending[key]
        self.refused[key] = Refused(value, reason)
        replay = self._replaying.pop(key, None)
        if replay is not None:  # undoing could not be stored: the step stays where it was
            step, was_undo = replay
            (self._undo if was_undo else self._redo).append(step)

    def saved(self, key: str, value: Any) -> None:
        """The service stored ``value`` for ``key``."""
        spec = self.form.get_field(key)
        value = normalise_value(spec, value) if spec is not None else value
        old = self.stored.get(key)
        if value is None:
            self.stored.pop(key, None)
        else:
            self.stored[key] = value
        if key in self.pending and self.pending[key] == value:
            del self.pending[key]  # a newer edit typed meanwhile stays pending
        self.refused.pop(key, None)
        replay = self._replaying.pop(key, None)
        if replay is not None:
            step, was_undo = replay
            (self._redo if was_undo else self._undo).append(step)
            return
        rearranging = key in self._rearranged
        if old != value:
            self._record(Step(key, old, value, spec.label if spec is not None else key), merge=not rearranging)
        if rearranging and key not in self.pending:  # the rearranged rows themselves are stored
            self._rearranged.discard(key)
            self._spell = None  # typing after a row was removed or moved is a new step

    def end_spell(self) -> None:
        """The practitioner left the field (or the section, or locked): the next change of the
        same field is a new undo step."""
        self._spell = None

    def _record(self, step: Step, merge: bool = True) -> None:
        top = self._undo[-1] if self._undo else None
        if merge and top is not None and self._spell == step.key and top.key == step.key:
            self._undo[-1] = Step(step.key, top.old, step.new, step.label)
        else:
            self._undo.append(step)
            del self._undo[:-UNDO_LIMIT]
        self._spell = step.key

    # -- undo and redo ------------------------------------------------------------------------
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Step | None:
        """The step to take back; its ``old`` value is now pending (the caller saves it)."""
        return self._replay(self._undo, True)

    def redo(self) -> Step | None:
        return self._replay(self._redo, False)

    def _replay(self, steps: list[Step], is_undo: bool) -> Step | None:
        if not steps:
            return None
        step = steps.pop()
        self._spell = None
        self.pending[step.key] = step.old if is_undo else step.new
        self.refused.pop(step.key, None)
        self._replaying[step.key] = (step, is_undo)
        return step


def _rows_rearranged(before: Any, after: Any) -> bool:
    """A row was removed, added with something in it at once (an undo), or moved."""
    old, new = rows_of(before), rows_of(after)
    if len(old) != len(new):
        return len(new) < len(old) or abs(len(new) - len(old)) > 1
    return old != new and sorted(map(repr, old)) == sorted(map(repr, new))
