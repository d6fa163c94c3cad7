"""Every piece of UI text in one place, so a later translation is one step."""

from __future__ import annotations

APP_TITLE = "HSB Desk"
STATUS_LABELS = {
    "draft": "Draft",
    "with_coworker": "With co-worker",
    "awaiting_signoff": "Awaiting sign-off",
    "signed_off": "Signed off",
    "archived": "Archived",
    "closed": "Closed",
}
OWNER_LABELS = {"lead": "Lead practitioner", "coworker": "Co-worker"}

UNLOCK_TITLE = "Unlock your workbook"
UNLOCK_LOCKED_TITLE = "Workbook locked"
UNLOCK_LOCKED_NOTE = "HSB Desk locked the workbook to keep it safe. Your work is saved."
UNLOCK_LOCKING = "Locking: saving your work and closing the workbook…"
UNLOCK_LOCKED_PENDING = (
    "HSB Desk locked the workbook to keep it safe. Some changes could not be saved yet; "
    "they are kept and will be saved when you unlock."
)
CLOSING = "Saving your work and closing the workbook…"
CLOSE_UNSAVED = (
    "{count} change(s) could not be saved: the workbook could not be written. "
    "Close anyway and lose them? Choose No to keep HSB Desk open and try again."
)
UNLOCK_PROMPT = "Passphrase"
UNLOCK_BUTTON = "Unlock"
UNLOCK_OTHER = "Open another workbook…"
UNLOCK_RESTORE = "Restore from backup…"
DAILY_BACKUP_BUSY = "Making today's backup (you can go on working)…"
DAILY_BACKUP_DONE = "Today's backup has been made and checked."
DAILY_BACKUP_FAILED = "Today's backup was not made. {reason} Try File ▸ Back up now."
UNLOCK_WAIT = "Too many attempts. Try again in {seconds} s."
UNLOCK_DELAYED = "Too many wrong passphrases for this workbook."
OLDER_COPY = (
    "This workbook is older than the copy last closed on this computer: {detail}. Someone may have put an "
    "older copy (a backup, say) in its place, and what was done since is not in it. If you did not restore "
    "it yourself, close it and ask your IT service: the newer copy may still be found.\n\n"
    "Keep working on this copy, and stop warning about it on this computer? Choose No to be warned again "
    "at the next unlock."
)
UNLOCK_DEMO_HINT = "This is the demo workbook (fictional cases only). Its passphrase is: demo workbook only"

FIRST_RUN_TITLE = "Create your workbook"
FIRST_RUN_INTRO = (
    "Your cases are kept in one encrypted workbook on this computer. Choose where it lives and a "
    "passphrase only you know. There is no way to recover a lost passphrase: keep it in your "
    "organisation's password manager."
)
FIRST_RUN_LOCATION = "Workbook file"
FIRST_RUN_CHOOSE = "Choose…"
FIRST_RUN_PASSPHRASE = "Passphrase"
FIRST_RUN_REPEAT = "Type it again"
FIRST_RUN_MISMATCH = "The two passphrases are not the same."
FIRST_RUN_PROFILE = "About you (recorded against every change you make)"
FIRST_RUN_CREATE = "Create workbook"
REKEY_TITLE = "Change passphrase"
REKEY_INTRO = (
    "The workbook is encrypted again under the new passphrase; the old one stops opening it. A backup is "
    "made first (under the old passphrase) and another after (under the new one). Older backups still "
    "open with the passphrase they were made with."
)
REKEY_CURRENT = "Current passphrase"
REKEY_NEW = "New passphrase"
REKEY_BUTTON = "Change passphrase"
REKEY_DONE = "The passphrase was changed. The old one no longer opens this workbook."
PROFILE_TITLE = "Your profile"
PROFILE_INTRO = (
    "Recorded against every change you make from now on, and as the signer when you sign off. "
    "Changes already recorded keep the name they were made under."
)
PROFILE_SAVED = "Profile saved."
OPEN_OTHER_PENDING = (
    "An edit in this workbook could not be stored yet, so it stays open: unlock it again to store the edit, "
    "then open the other workbook."
)
STRENGTH_LABELS = ("Not acceptable", "Weak", "Fair", "Strong", "Very strong")

CASES_TITLE = "Cases"
CASES_SEARCH = "Search by reference or name"
CASES_SEARCH_CLEAR = "Clear the search"
CASES_ALL_STATUSES = "All statuses"
CASES_NEW = "New case…"
CASES_OPEN = "Open"
CASES_ARCHIVE = "Archive"
CASES_HEADERS = ("Reference", "Child or young person", "Status", "Next due")
CASES_ARCHIVE_CONFIRM = (
    "Archive case {reference}? It leaves the active list but is kept, with all its history, "
    "until your retention rules allow it to be deleted."
)
CASES_OVERDUE = "Overdue"
CASES_NAME_MISSING = "(name not recorded)"
CASES_EMPTY = "No cases match."
CASES_FIRST = "This workbook has no cases yet. Choose New case… to record the first referral."
NEW_CASE_TITLE = "New case"
NEW_CASE_REFERENCE = "Case reference"
NEW_CASE_CREATE = "Create case"
NEW_CASE_PROBLEM = "Why the case was not created"
NEW_CASE_FAILED = "The case could not be created; nothing was changed."

ASSESSMENT_BACK = "← Cases"
SAVED_AT = "Saved {time}"
ALL_SAVED = "Everything is saved. HSB Desk saves as you type: there is no need to press Ctrl+S."
SAVING = "Saving…"
NOT_STORED = "Not saved: {reason}. The workbook keeps what it held before."
UNDO_ACTION = "&Undo: {label}"
UNDO_NOTHING = "&Undo (nothing to undo)"
REDO_ACTION = "&Redo: {label}"
REDO_NOTHING = "&Redo (nothing to redo)"
NOT_SAVED_BANNER = (
    "Some changes could not be saved ({reason}). They are still on screen and HSB Desk keeps "
    "trying. Free some disk space or check the drive."
)
REQUIRED_MARK = " *"
SECTION_PROGRESS = "{done} of {total} required"
SECTION_OWNER = "Filled by: {owner}"
NOT_RECORDED = "— not recorded —"
CLEAR = "Clear"
GROUP_ADD = "Add {item}"
GROUP_REMOVE = "Remove"
GROUP_UP = "Move up"
GROUP_DOWN = "Move down"
GROUP_REMOVE_CONFIRM = "Remove this {item}? Its details will be deleted from the assessment."
DATE_PLACEHOLDER = "dd/mm/yyyy"
DATE_INVALID = "Not a date HSB Desk can read: write the day, the month and the year, as 1/9/2026 or 1 Sept 2026."
DATE_NO_SUCH_DAY = "There is no {day} {month} {year}: {month} {year} has {days} days."
DATE_NO_SUCH_MONTH = "There is no month {month}: write the day first, then the month, as 1/9/2026."
NUMBER_INVALID = "Not a number."
TOO_LONG = "Not added: that would make this answer {length:,} characters long, and it holds at most {limit:,}."
GROUP_FULL = "Not added: this list holds at most {rows:,} entries."
COMPUTED_AGE = "{age} years (born {born})"
COMPUTED_NOT_YET = "Worked out when the details it needs are recorded."
GRID_TITLE = "Outcome grid: level of concern against level of strengths"
GRID_CONCERN = "Concern"
GRID_STRENGTH = "Strengths"
GRID_SELECTED = "✔ Selected"
GRID_RESPONSE = "Indicated response: {response}"
GRID_NONE = "Choose the cell that matches your overall ratings of concern and strengths."

GUIDANCE_TITLE = "Guidance"
LOCK_ACTION = "Lock"
ABOUT_TITLE = "About HSB Desk"
POLICY_LOCKED = "Set by your organisation"
POLICY_LOCKED_TIP = "Your organisation's policy sets this for everyone; ask your IT service to change it."
POLICY_BROKEN_PREFERENCES = (
    "Your organisation's policy file could not be used, so these settings are held at HSB Desk's defaults "
    "until your IT service corrects it."
)
POLICY_BROKEN_TITLE = "Your organisation's policy"
ABOUT_TEXT = (
    "<h3>HSB Desk {version}</h3>"
    "<p>An offline, encrypted workbook for AIM-style assessments of children and young people "
    "who have displayed harmful sexual behaviour.</p>"
    "<p>Workbook: <code>{path}</code><br>Form: {form} (version {form_version})</p>"
    "<p>HSB Desk never uses the network. It supports professional judgement and never replaces it.</p>"
)
UNEXPECTED_ERROR = (
    "HSB Desk met an unexpected problem. Your saved work is safe. If it happens again, "
    "tell your IT service what you were doing (do not send case details)."
)

EXPORT_PASSWORDS_DIFFER = "The two passwords are not the same: type it again in both. Nothing was exported."
EXCHANGE_PASSPHRASE_NOTED = "I have noted it"
EXCHANGE_PASSPHRASE_COPY = "Copy"
EXCHANGE_PASSPHRASE_COPIED = "Copied. The clipboard is emptied in {seconds} seconds if it still holds it."
EXCHANGE_PASSPHRASE_CLOSE = (
    "Close without noting the passphrase? It is not shown again: a new hand-out would be needed."
)
EXCHANGE_PASSPHRASE_TITLE = "One-time passphrase"
EXCHANGE_PASSPHRASE_INTRO = "{file} is encrypted with this one-time passphrase:"
EXCHANGE_PASSPHRASE_NOTE = (
    "It is shown only now. Pass it on by phone or in person, never in the same message as the "
    "file. Capitals, spaces and hyphens do not matter when it is typed."
)
EXCHANGE_FILES = "HSB Desk exchange file (*.hsbx)"
EXCHANGE_ASK = "One-time passphrase for this file:"
HANDOUT_DONE = "Hand-out for {reference} imported. Fill your sections, then use Case ▸ Hand back to lead."
HANDBACK_DONE = "The co-worker's sections of {reference} were merged ({count} fields)."
HANDBACK_ALREADY = "This hand-back was already imported; nothing was changed."
CONFLICTS_TITLE = "Choose which version to keep"
CONFLICTS_INTRO = (
    "You and {coworker} both changed these fields since the hand-out. Nothing has been changed yet: "
    "choose which version to keep for each."
)
CONFLICTS_APPLY = "Merge with these choices"
MISSING_TITLE = "Not ready to sign off"
MISSING_INTRO = "{count} required field(s) are not yet recorded. Choose one to go to it."
MISSING_GO = "Go to field"
SIGNED_OFF = "Signed off. The assessment is now read-only; an amendment starts a new version."
CONFIRMED = "Your sections are confirmed."
COUNTERSIGN_NAME = "Manager's name:"
COUNTERSIGN_ROLE = "Manager's role:"
COUNTERSIGN_TITLE = "Countersign {reference}"
COUNTERSIGN_INTRO = (
    "The team manager's authorisation of the signed-off assessment: whether they agree with its outcome, "
    "their comments, their name and role. It is recorded with today's date and shown in the report."
)
COUNTERSIGN_OUTCOME = "The outcome of the assessment"
COUNTERSIGN_AGREES = "I agree with the outcome"
COUNTERSIGN_DISAGREES = "I do not agree with the outcome"
COUNTERSIGN_COMMENTS = "Comments:"
COUNTERSIGN_COMMENTS_NAME = "Manager's comments"
COUNTERSIGN_COMMENTS_HINT = "Comments are required if you do not agree with the outcome (up to {limit:,} characters)."
COUNTERSIGN_COMMENTS_REQUIRED = "Comments (required: say why you do not agree):"
COUNTERSIGN_NEEDS_NAME = "Write the manager's name and role."
COUNTERSIGN_NEEDS_COMMENTS = "You do not agree with the outcome: write your comments, saying why, then countersign."
COUNTERSIGN_TOO_LONG = "The comments are too long: at most {limit:,} characters (now {count:,})."
COUNTERSIGN_PROBLEM = "Why the countersignature was not recorded"
COUNTERSIGN_BUTTON = "Countersign"
COUNTERSIGN_FAILED = "The countersignature could not be recorded."
COUNTERSIGNED = "Countersigned. The manager's authorisation is recorded and shown in the report."
AMEND_REASON = "Reason for the amendment (shown with the new version):"
VERSIONS_TITLE = "Versions"
OWNERS_TITLE = "Who fills each section"
PURGE_REASON = (
    "Why is {reference} being deleted permanently? (kept in the audit log, e.g. the retention period has ended)"
)
PURGE_CONFIRM = (
    "Delete {reference} permanently? Its content is removed from this workbook and cannot be brought "
    "back from it. Older backups keep it until they are replaced."
)
RESTORE_OTHER_WORKBOOK = (
    "{problem}\n\nReplace {workbook} with this backup all the same? The current file is kept beside it."
)
RESTORE_TITLE = "Restore from a backup"
RESTORE_INTRO = (
    "Backups of {workbook}, newest first. Each was checked when it was made. Choose one, type the passphrase "
    "that was in use when it was made, and Check it or Restore it. The workbook it replaces is kept beside it."
)
RESTORE_NONE = (
    "No backups of this workbook were found in the backups folder or the second location. Type the backup's "
    "passphrase, then choose Another file… to restore one brought from elsewhere."
)
RESTORE_COLUMNS = ("Made", "Why", "Size", "Where", "Check")
RESTORE_MAIN = "Backups folder"
RESTORE_SECOND = "Second location"
RESTORE_CHECKED_WHEN_MADE = "Checked when made"
RESTORE_CHECKING = "Checking…"
RESTORE_PASSPHRASE = "Passphrase of the backup"
RESTORE_CHECK = "Check"
RESTORE_OTHER_FILE = "Another file…"
RESTORE_BUTTON = "Restore"
BACKED_UP = "Backed up and checked: {path}"
BACKED_UP_SECOND = "A second copy was made and checked: {path}"
BACKED_UP_SECOND_FAILED = "The second copy was not made in {folder}: {problem}"
BACKED_UP_SUGGEST = (
    "Keep a second copy away from this laptop: choose a removable drive or your team's share in "
    "Preferences (Also copy backups to), and Back up now will copy there too."
)
BACKUP_SECOND = "Also copy backups to"
BACKUP_SECOND_CHOOSE = "Choose…"
RESTORE_NOT_DONE = "Nothing was restored: {workbook} was left as it was."
# -- export and the sharing record ----------------------------------------------------------
EXPORT_REPLACE = "Replace {name}? A file with that name is already in this folder; it will be written over."
EXPORT_NOT_REPLACED = "Nothing was written: {name} was kept as it was. Choose another name to export."
EXPORT_SAVED = "Saved {name} ({note})."
EXPORT_NOTE_PROTECTED = "protected by its password"
EXPORT_NOTE_PLAIN = "not encrypted: keep it safe"
SHARING_TITLE = "Sharing record: {reference}"
SHARING_INTRO = "Every report and file exported from this case, oldest first. The folder is never recorded."
SHARING_EMPTY = "Nothing has been exported from this case yet."
SHARING_COLUMNS = ("When (UTC)", "Who", "What", "File")
# -- sign-off on the lead practitioner's behalf -------------------------------------------------
SIGNOFF_CONFIRM = "Sign off {reference}? The assessment becomes read-only; changes then need an amendment."
SIGNOFF_TITLE = "Sign off {reference}"
SIGNOFF_NOT_LEAD = (
    "This case's lead practitioner is {lead}. You are signing as {signer} (this workbook's profile). "
    "Sign off only if you are signing for {lead}: the sign-off and the report will say so."
)
SIGNOFF_ON_BEHALF = "I am signing on behalf of {lead}"
SIGNOFF_BUTTON = "Sign off"
# -- the readiness checklist shown before sign-off ----------------------------------------------
READY_INTRO = "Every required answer is recorded. " + SIGNOFF_CONFIRM
READY_NOT_YET = (
    "Not ready to sign off: {count} required answer(s) are not yet recorded. Choose one and press Go to "
    "field (or Enter) to go to it."
)
READY_BLOCKED = "Not ready to sign off:"
READY_SECTION_DONE = "✓  {number}. {title}{owner}: complete ({recorded} of {required})"
READY_SECTION_NONE = "✓  {number}. {title}{owner}: nothing required"
READY_SECTION_MISSING = "✗  {number}. {title}{owner}: {missing} to record ({recorded} of {required} recorded)"
READY_COWORKER_OWNER = " (co-worker's)"
READY_COWORKER_CONFIRMED = "The co-worker has confirmed their sections for this version."
READY_COWORKER_UNCONFIRMED = (
    "The co-worker has not confirmed their sections for this version (they confirm them in their copy "
    "before handing back; sign-off does not need it)."
)
READY_GO = "Go to field"
READY_CHECKLIST = "Sign-off checklist, by section"

# The subheadings of a section whose fields the form pack marks as historical (fixed) or
# changeable factors (a field's ``factor``), and of the fields after them (``""``).
FACTOR_HEADINGS = {
    "fixed": "Historical factors (fixed)",
    "changeable": "Changeable factors",
    "": "Weighing this area",
}

# -- the workbook's procedure profile (whose procedures it follows) and rules switched off -------
PROCEDURE_MENU = "Proce&dure profile…"
PROCEDURE_TITLE = "Procedure profile"
PROCEDURE_CHOICE = "Procedure profile"
PROCEDURE_CURRENT = "This workbook follows: {name} ({authority})."
PROCEDURE_DEFAULT_ONLY = (
    "This workbook follows {name} ({authority}) because no profile was chosen for it yet: choose one to record it."
)
PROCEDURE_OPTION = "{name} — {authority}"
PROCEDURE_DUTIES = "What these procedures say"
PROCEDURE_REASON = "Reason for the change (optional, kept in the audit trail)"
PROCEDURE_NOTHING_CHANGES = (
    "Changing the profile changes nothing already recorded. Every case's time limits, reminders "
    "and notices are worked out again under the new profile, and its own route and police outcome "
    "lists are offered from now on (a route no longer offered is kept and shown as it was)."
)
PROCEDURE_USE = "Follow this profile"
PROCEDURE_SAVED = "This workbook now follows {name}."
PROCEDURE_UNCHANGED = "This workbook already follows {name}."
PROCEDURE_NONE = "This form pack has no procedure profiles."
#: The headings of a profile's duties (``Duty.aspect``), in the order the pack lists them.
DUTY_HEADINGS = {
    "lead_agency": "Lead agency",
    "chair": "Who chairs",
    "meeting_needed": "When a meeting is needed",
    "invited": "Who is invited",
    "consent": "Consent",
    "review": "Reviews",
    "ages": "Ages",
    "specialist_pathway": "Specialist pathway",
    "investigation": "While the police investigate",
    "child_harmed": "The child who was harmed",
    "distribution": "Who receives the assessment",
}
FIRST_RUN_PROCEDURE = "Procedure profile"
RULE_SWITCH_OFF = "Switch off for this case…"
RULE_SWITCH_OFF_NAMED = "Switch off for this case: {label}"
RULE_SWITCH_ON = "Switch on"
RULE_SWITCH_ON_NAMED = "Switch on again: {label}"
RULE_REASON = "Why does “{label}” not apply to this case? (required: kept with the case)"
RULE_SWITCHED_OFF = "Switched off: {label} — {reason} ({who}, {when})"

# -- The case over time (issue 18): the Case timeline window, reviews, closure, reassessment ----
TIMELINE_MENU = "Case time&line…"
TIMELINE_TITLE = "Case timeline: {reference}"
TIMELINE_TAB = "Timeline"
TIMELINE_PLAN_TAB = "Plan and progress"
TIMELINE_CHANGE_TAB = "Change over time"
TIMELINE_HEADING = "From referral to closure"
TIMELINE_HEADERS = ("Date", "What happened", "From")
TIMELINE_EMPTY = "Nothing dated is recorded for this case yet."
TIMELINE_STATE = "Status: {status}"
TIMELINE_STATE_CLOSED = "Closed on {date}: {reason}. Read-only until it is reopened (Reopen case…)."
TIMELINE_RECORD_REVIEW = "Record review…"
TIMELINE_CLOSE = "Close case…"
TIMELINE_REOPEN = "Reopen case…"
TIMELINE_REASSESS = "Start a reassessment…"
TIMELINE_REVIEW_TIP = "Record the progress and fresh ratings agreed at a review meeting."
TIMELINE_REVIEW_CLOSED = "A closed case cannot be reviewed: reopen it first."
TIMELINE_CLOSE_TIP = "Record the case's closure: the case becomes read-only."
TIMELINE_CLOSE_NOT_OPEN = "Only an open case can be closed."
TIMELINE_REOPEN_TIP = "Open the closed case again, with a reason (kept with the case)."
TIMELINE_REOPEN_NOT_CLOSED = "Only a closed case can be reopened."
TIMELINE_REASSESS_TIP = "Start a new assessment of the case from the signed one's answers."
TIMELINE_REASSESS_NOT_SIGNED = "A reassessment starts from a signed-off assessment."
TIMELINE_REASSESS_REASON = "Why is the case being reassessed? (required: kept with the case)"
TIMELINE_REASSESSED = "A reassessment has started: the assessment is open for editing as a new version."
TIMELINE_CLOSED_DONE = "The case is closed and read-only."
TIMELINE_REOPENED_DONE = "The case is open again."
TIMELINE_REVIEW_DONE = "The review of {date} is recorded."
PLAN_HEADING = "Intervention plan: targets and their latest progress"
PLAN_HEADERS = ("Target", "Latest progress", "Note", "At the review of")
PLAN_EMPTY = "The intervention plan has no targets yet (section 12, the plan)."
PLAN_NOT_REVIEWED = "Not reviewed yet"
CHANGE_TITLE = "Change over time"
CHANGE_INTRO = "The level of concern and of strengths in each area, at the assessment and at each review, oldest first."
CHANGE_TABLE = "Ratings at the assessment and at each review"
CHANGE_CHART = "Chart of the ratings over time"
CHANGE_CONCERN = "Concern"
CHANGE_STRENGTH = "Strengths"
CHANGE_CONCERN_CELL = "Concern: {level}"
CHANGE_STRENGTH_CELL = "Strength: {level}"
CHANGE_NOT_RATED = "not rated"
CHANGE_EMPTY = "No ratings yet: the assessment's areas are rated in their sections."
REVIEW_TITLE = "Record a review: {reference}"
REVIEW_MEETING = "Review meeting"
REVIEW_NO_MEETING = (
    "There is no review meeting for this case yet: a review is recorded on a {types}. Record that meeting "
    "first in Meetings and actions (Case ▸ Meetings and actions…), then record the review here."
)
REVIEW_ANY_MEETING = "meeting of any kind"
REVIEW_ALL_RECORDED = (
    "Every review meeting here has its review recorded: choose one to correct it. To record a new review, "
    "record its meeting (a {types}) first in Meetings and actions."
)
REVIEW_OPEN_MEETINGS = "Open Meetings and actions…"
REVIEW_PROGRESS = "Progress on each target"
REVIEW_PROGRESS_HEADERS = ("Target", "Progress", "Note")
REVIEW_NO_TARGETS = "The intervention plan has no targets yet."
REVIEW_RATINGS = "Each area rated afresh"
REVIEW_RATINGS_HEADERS = ("Area", "Level of concern", "Level of strengths")
REVIEW_PREFILLED = "Filled in from {source}, {date}: change what the review found."
REVIEW_PREFILLED_THIS = "This meeting's review as recorded: change what needs changing."
REVIEW_NOT_RATED = "Not rated"
REVIEW_NOTE = "Note on the progress"
REVIEW_SAVE = "Record review"
CLOSURE_TITLE = "Close the case: {reference}"
CLOSURE_INTRO = "Once closed, the case is read-only (its assessment, meetings and reviews) until it is reopened."
CLOSURE_DATE = "Closed on (dd/mm/yyyy)"
CLOSURE_REASON = "Reason for closure"
CLOSURE_CHOOSE = "Choose…"
CLOSURE_OUTCOMES = "Outcome at closure"
CLOSURE_SUMMARY = "Closing summary"
CLOSURE_TOLD = "Who was told of the closure"
CLOSURE_TOLD_HINT = "For example: the young person, parents or carers, school, the referrer"
CLOSURE_SAVE = "Close case"
CLOSURE_BAD_DATE = "Write the date of closure as dd/mm/yyyy."
REOPEN_TITLE = "Reopen the case: {reference}"
REOPEN_INTRO = "Closed on {date}. Reopening makes the case editable again; the closure stays in its record."
REOPEN_REASON = "Why is the case being reopened? (required: kept with the case)"
REOPEN_SAVE = "Reopen case"
CLOSED_BANNER = (
    "This case was closed on {date} and is read-only. To change anything, reopen it: "
    "Case ▸ Case timeline… ▸ Reopen case…"
)
CLOSED_BANNER_UNDATED = (
    "This case is closed and read-only. To change anything, reopen it: Case ▸ Case timeline… ▸ Reopen case…"
)

# The case's short Word documents (ui/actions/safety_plan_export.py).
SAFETY_PLAN_MENU = "Export sa&fety plan…"  # &f: free in the Case menu (&s is Sign off)
REVIEW_REPORT_MENU = "Export re&view report…"
MEETINGS_CLOSED = (
    "This case is closed: its meetings and actions can be read, and nothing in them changed. "
    "To change them, reopen the case (Case ▸ Case timeline… ▸ Reopen case…)."
)
