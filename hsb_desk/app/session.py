"""The use cases over one open workbook: the single way anything in it changes.

The GUI and the command line both call these. Each change is validated against the form,
stored as one durable transaction with its audit entry, and returns a ``Change``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from hsb_desk.app.backups import backup_after_rekey, backup_now
from hsb_desk.app.case_index import matching_cases
from hsb_desk.app.case_references import next_reference
from hsb_desk.app.changes import CaseSummary, Change, ChangeKind
from hsb_desk.app.interchange import build_case_document, check_reference, parse_case_document
from hsb_desk.app.interchange_pathway import pathway_document, store_pathway
from hsb_desk.app.procedures import bound_form
from hsb_desk.errors import CASE_CLOSED, CaseExists, CaseReadOnly, InvalidInput, ValidationFailed
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.formspec.values import Missing, check_value, missing_required, normalise_value, with_computed
from hsb_desk.store.audit import AuditVerification
from hsb_desk.store.coworking import CoworkingStore
from hsb_desk.store.records import CASE_STATUSES, LOCKED_STATUSES, CaseRecord, Profile
from hsb_desk.store.workbook import Workbook, require_strong

if TYPE_CHECKING:
    from hsb_desk.app.backups.daily import DailyBackup


class WorkbookSession:
    """An unlocked workbook with its form. Use from one thread only (the database thread)."""

    def __init__(self, workbook: Workbook, form: FormDefinition, today: Callable[[], date] = date.today) -> None:
        self.workbook = workbook
        self.form = bound_form(form, workbook)  # under the workbook's procedure profile
        self.today = today
        # Whole-workbook reads that services keep until the workbook changes, by name: (the
        # stamp they were read at, what was read). Gone with the session when it closes or locks.
        self.remembered: dict[str, tuple[object, Any]] = {}
        self.daily_backup: DailyBackup | None = None

    # -- who is working ------------------------------------------------------------------
    @property
    def actor(self) -> str:
        profile = self.workbook.profile.get()
        return profile.name if profile and profile.name else "Practitioner"

    def profile(self) -> Profile | None:
        return self.workbook.profile.get()

    def set_profile(self, profile: Profile) -> Change:
        cleaned = clean_profile(profile)
        with self.workbook.transaction():
            self.workbook.profile.set(cleaned)
        return Change(ChangeKind.PROFILE)

    # -- cases ---------------------------------------------------------------------------
    def list_cases(self, query: str = "", status: str | None = None) -> list[CaseSummary]:
        """Every case matching ``query`` (reference or child's name) and ``status``, with its next
        due date; read once per change to the workbook (bench/: 5,000 cases)."""
        return matching_cases(self, query, status)

    def case(self, reference: str) -> CaseRecord:
        return self.workbook.cases.get(reference)

    def create_case(self, reference: str, values: dict[str, Any] | None = None) -> Change:
        """A new case, with ``values`` (the New case dialog's first details) stored with it in
        the same transaction: every value is checked first, and a problem stores nothing."""
        reference = reference.strip() if isinstance(reference, str) else reference
        reason = check_reference(reference)
        if reason:
            raise InvalidInput(f"That reference cannot be used: {reason}.")
        if self.workbook.cases.find(reference) is not None:
            raise CaseExists("A case with that reference already exists.")
        checked = self._checked_values(values or {})
        with self.workbook.transaction():
            case = self.workbook.cases.create(reference, self.form.id, self.form.version, self.actor)
            now = self.workbook.clock()
            for key, value in checked.items():
                self.workbook.values.set(case, key, value, self.actor, at=now)
        return Change(ChangeKind.CASE_CREATED, reference)

    def _checked_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values to store (empty ones left out); raises ValidationFailed listing each problem."""
        checked, problems = {}, []
        for key, raw in values.items():
            spec = self.form.get_field(key)
            if spec is None:
                problems.append((key[:80], "is not a field of this form"))
                continue
            value = normalise_value(spec, raw)
            problem = check_value(spec, value, self.today()) if value is not None else ""
            if problem:
                problems.append((key, f"{spec.label}: {problem}"))
            elif value is not None:
                checked[key] = value
        if problems:
            raise ValidationFailed(problems, "; ".join(reason for _key, reason in problems) + ".")
        return checked

    def suggested_reference(self) -> str:
        """The next free reference in the workbook's own pattern (app/case_references.py)."""
        return next_reference([summary[0] for summary in self.workbook.cases.summaries(None)], self.today())

    def set_status(self, reference: str, status: str) -> Change:
        """Draft, with co-worker, awaiting sign-off or archived. Signing off (and leaving it) goes
        through app.signoff, which checks the form and keeps the signed version."""
        if status not in CASE_STATUSES:
            raise InvalidInput(f"Unknown status; use one of: {', '.join(CASE_STATUSES)}.")
        if status == "signed_off":
            raise InvalidInput("Use Sign off: it checks every required field and keeps the signed version.")
        if status == "closed":
            raise InvalidInput("Use Close case: it records the reason, the outcomes and who was told.")
        with self.workbook.transaction():
            case = self.workbook.cases.get(reference)
            if case.status == "closed" and status != "archived":
                raise CaseReadOnly("A closed case keeps its status; reopen it to change it.")
            if case.status in ("signed_off", "archived") and status != "archived":
                raise CaseReadOnly(
                    "A signed-off or archived assessment keeps its status; start an amendment to change it."
                )
            self.workbook.cases.set_status(case, status, self.actor)
        return Change(ChangeKind.STATUS, reference, detail={"status": status})

    # -- values --------------------------------------------------------------------------
    def values(self, reference: str) -> dict[str, Any]:
        return self.workbook.values.values(self.workbook.cases.get(reference))

    def values_with_computed(self, reference: str) -> dict[str, Any]:
        return with_computed(self.form, self.values(reference), self.today())

    def set_value(self, reference: str, key: str, value: Any) -> Change:
        """Validate and store one field (None clears it). Raises ValidationFailed, saving nothing.
        Blank rows of a group are dropped and an empty answer clears the field (``normalise_value``)."""
        spec = self.form.get_field(key)
        if spec is None:
            raise ValidationFailed([(key[:80], "is not a field of this form")])
        value = normalise_value(spec, value)
        problem = check_value(spec, value, self.today())
        if problem:
            raise ValidationFailed([(key, problem)], f"{spec.label}: {problem}.")
        with self.workbook.transaction():
            case = self.workbook.cases.get(reference)
            require_editable(self.workbook, self.form, case, key)
            now = self.workbook.clock()  # the value, its audit entry and the case get the same time
            changed = self.workbook.values.set(case, key, value, self.actor, at=now)
            if changed:
                self.workbook.cases.touch(case, now)
        return Change(ChangeKind.VALUE, reference, (key,) if changed else ())

    def missing_for_signoff(self, reference: str) -> list[Missing]:
        return missing_required(self.form, self.values(reference))

    # -- interchange ---------------------------------------------------------------------
    def export_case(self, reference: str) -> dict[str, Any]:
        case = self.workbook.cases.get(reference)
        values = self.workbook.values.values(case)
        document = build_case_document(case.form_id, case.form_version, case.reference, case.status, values)
        found = pathway_document(self.workbook, case)
        if found:  # a case with nothing recorded over time keeps the plain document
            document["pathway"] = found
        return document

    def import_case(self, document: Any, replace: bool = False) -> Change:
        """All or nothing: every problem is listed and the workbook is left unchanged."""
        details, values, found = parse_case_document(self.form, document, self.today())
        reference = details["reference"]
        existing = self.workbook.cases.find(reference)
        if existing is not None and not replace:
            raise CaseExists()
        if existing is not None and existing.status in LOCKED_STATUSES:
            raise CaseReadOnly(
                "A signed-off, closed or archived case cannot be replaced by an import; nothing was changed."
            )
        # A file cannot carry a sign-off: that is made here, against the form, with its version.
        status = "awaiting_signoff" if details["status"] == "signed_off" else details["status"]
        actor = self.actor
        backup_now(self, reason="before-import")  # only a valid import gets this far
        with self.workbook.transaction():
            if existing is not None:
                self.workbook.cases.delete(existing, actor, "replaced by an imported file")
            case = self.workbook.cases.create(reference, self.form.id, details["form_version"], actor, status)
            for key, value in values.items():
                self.workbook.values.set(case, key, value, actor, action="value imported")
            if found:
                store_pathway(self.workbook, case, found, actor)
                status = self.workbook.cases.get(reference).status
        return Change(ChangeKind.CASE_IMPORTED, reference, tuple(values), detail={"status": status})

    def rekey(self, new_passphrase: str, current_passphrase: str) -> Change:
        """Backed up first (under the old passphrase) and after (under the new one), so the newest
        backup always opens with the passphrase in use. ``current_passphrase`` is the one that
        opened the workbook: a rekey the disk refuses reopens the workbook with it."""
        require_strong(new_passphrase)  # a refused passphrase costs no backup
        if new_passphrase == current_passphrase:
            raise InvalidInput("The new passphrase is the same as the current one; nothing was changed.")
        backup_now(self, reason="before-rekey")
        self.workbook.rekey(new_passphrase, self.actor, current_passphrase)
        backup_after_rekey(self)
        return Change(ChangeKind.PASSPHRASE)

    # -- checks --------------------------------------------------------------------------
    def check(self) -> tuple[list[str], AuditVerification]:
        return self.workbook.integrity_problems(), self.workbook.verify_audit()

    # -- the day's backup, beside the work (app/backups/daily.py) ---------------------------
    def prepare_daily_backup(self, passphrase: str) -> None:
        """Hold what the day's backup needs; ``finish_opening`` starts it once the check passes."""
        from hsb_desk.app.backups.daily import DailyBackup  # local: loaded after the window shows

        self.stop_daily_backup()
        self.daily_backup = DailyBackup(self.workbook.path, passphrase)

    def stop_daily_backup(self) -> None:
        """Cancel the day's backup if it is still being made (before anything that needs the
        workbook to itself); its partial file is removed."""
        if self.daily_backup is not None:
            self.daily_backup.cancel()

    def finish_daily_backup(self) -> None:
        """Wait for the day's backup if it is being made (it is kept); drop it if not begun."""
        if self.daily_backup is not None:
            self.daily_backup.finish()

    def close(self) -> None:
        """Stop the day's backup, record the audit chain's head outside the workbook
        (app/chain_record.py), checkpoint and close, then let another window open the workbook."""
        from hsb_desk.app.chain_record import remember
        from hsb_desk.store.lock import release_held_lock

        try:
            self.stop_daily_backup()
            remember(self.workbook)
            self.workbook.close()
        finally:
            release_held_lock(self.workbook.path)


NOT_HANDED_OUT = (
    "This part of the case was not handed out to you, so it cannot be changed here; the lead keeps it up to date."
)


def require_editable(workbook: Workbook, form: FormDefinition, case: CaseRecord, key: str) -> None:
    """Refuse an edit to a signed-off case, or to a field outside the sections handed out here."""
    if case.status == "signed_off":
        raise CaseReadOnly()
    if case.status == "archived":
        raise CaseReadOnly("This case is archived and read-only.")
    if case.status == "closed":
        raise CaseReadOnly(CASE_CLOSED)
    restriction = CoworkingStore.of(workbook).restriction(case)
    if restriction is not None:
        section = form.section_of(key)
        if section is None or section.key not in restriction.sections:
            raise CaseReadOnly(NOT_HANDED_OUT)


def clean_profile(profile: Profile) -> Profile:
    """The profile with surrounding spaces removed; a name is required."""
    cleaned = Profile(*(str(v).strip() for v in (profile.name, profile.role, profile.agency, profile.email)))
    if not cleaned.name:
        raise InvalidInput("Enter your name: it is recorded against every change you make.")
    return cleaned
