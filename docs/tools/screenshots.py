"""Render the main screens of HSB Desk to docs/screenshots/ (run by `make screenshots`).

Uses the demo workbook (fictional cases only) in a temporary folder, offscreen. Pass
``--scale 1.5`` or ``--dark`` to check other display settings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--scale", default="1")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    home = tempfile.mkdtemp(prefix="hsb-desk-shots-")
    os.environ["HSB_DESK_HOME"] = home

    from PySide6.QtWidgets import QApplication

    from hsb_desk.app.demo import DEMO_PASSPHRASE, ensure_demo_workbook
    from hsb_desk.app.workbooks import default_form
    from hsb_desk.ui.app import build_window
    from hsb_desk.ui.style import apply_style, dark_palette

    app = QApplication(sys.argv[:1])
    if args.dark:  # as a system in dark mode gives it (the offscreen platform has no dark theme)
        app.setPalette(dark_palette())
    apply_style(app)
    form = default_form()
    window = build_window(form, ensure_demo_workbook(form=form), demo=True)
    window.resize(1280, 860)
    window.show()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = ("-dark" if args.dark else "") + (f"-{args.scale}x" if args.scale != "1" else "")

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or window.bridge.pending:
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    shot("01-unlock")
    window.unlock(DEMO_PASSPHRASE)
    settle(1.0)
    shot("02-case-list")
    window.open_case("HSB-2026-0001")
    settle(0.5)
    for row, section in enumerate(form.sections):
        window.assessment.navigator.setCurrentRow(row)
        shot(f"section-{section.number:02d}-{section.key}")
    signed = next(c.reference for c in window.bridge.db.call(lambda s: s.list_cases()) if c.status == "signed_off")
    window.open_case(signed)
    settle(0.5)
    shot("22-signed-read-only")
    window.open_case("HSB-2026-0001")
    settle(0.5)
    dialogs(window, form, out, suffix, settle)
    window.lock()
    shot("24-locked")
    window.close()
    return 0


def dialogs(window: Any, form: Any, out: Path, suffix: str, settle: Any) -> None:
    """The undo menu after an edit, the sign-off checklist (not ready, and ready on the lead's
    behalf), the export dialog, then the File menu's dialogs."""
    from PySide6.QtCore import QPoint

    from hsb_desk.app.demo import demo_documents
    from hsb_desk.app.signoff.readiness import readiness
    from hsb_desk.ui.actions.export_dialog import ExportDialog
    from hsb_desk.ui.actions.signoff_dialog import SignOffDialog

    def save(widget: Any, name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    window.assessment.navigator.setCurrentRow(0)
    page = window.assessment.page()
    editor = next(e for k, e in page.editors.items() if form.get_field(k).type == "longtext")
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    editor.text.insertPlainText(" Reviewed with the team manager.")
    window.assessment.autosaver.flush()
    settle(0.5)
    menu = window.menus.edit
    menu.popup(window.mapToGlobal(QPoint(40, 30)))
    save(menu, "14-undo-menu")
    menu.hide()
    window.assessment.undo()
    settle(0.5)
    partial = demo_documents()[1]["case"]["reference"]
    dialog = SignOffDialog(window.bridge.db.call(lambda s: readiness(s, partial)), form, window)
    dialog.show()
    save(dialog, "13-signoff-checklist")
    dialog.close()
    complete = window.bridge.db.call(lambda s: readiness(s, "HSB-2026-0001"))
    signing = SignOffDialog(complete, form, window)
    signing.show()
    save(signing, "15-signoff-ready")
    signing.close()
    export = ExportDialog(window.bridge, partial, Path.home(), "OFFICIAL-SENSITIVE", window, None, lambda _t: False)
    export.show()
    settle(0.5)
    export.shared.setChecked(True)
    save(export, "16-export-dialog")
    export.close()
    more_dialogs(window, save, settle)


def more_dialogs(window: Any, save: Any, settle: Any) -> None:
    """Restore from a backup, Preferences, Change passphrase, Your profile, New case, the meetings
    window and the countersign dialog."""
    from hsb_desk.app.backups import places
    from hsb_desk.app.demo import SIGNED_REFERENCE
    from hsb_desk.app.policy import current_policy
    from hsb_desk.ui.actions.countersign_dialog import CountersignDialog
    from hsb_desk.ui.actions.restore_dialog import RestoreDialog
    from hsb_desk.ui.window.account_dialogs import ChangePassphraseDialog, ProfileDialog
    from hsb_desk.ui.window.preferences import PreferencesDialog

    window.bridge.db.call(lambda s: places.backup_everywhere(s))
    found = places.every_backup(window.workbook_path)
    shown = [
        (RestoreDialog(window.workbook_path, found, lambda *_: None, lambda: None, window), "17-restore"),
        (PreferencesDialog(window.settings, window, current_policy()), "18-preferences"),
        (ChangePassphraseDialog(window), "19-change-passphrase"),
        (ProfileDialog(window.bridge.db.call(lambda s: s.profile()), window), "20-profile"),
    ]
    for dialog, name in shown:
        dialog.show()
        save(dialog, name)
        dialog.close()
    window.new_case()
    save(window.new_case_dialog, "21-new-case")
    window.new_case_dialog.close()
    window.pathway_windows.show_case("meetings")  # the case open: its meetings, the first one open
    pathway = window.pathway_windows.pathway
    save(pathway, "23-meetings")  # read first: the list is filled once the workbook answers
    meetings = pathway.meetings
    meetings.table.selectRow(meetings.table.rowCount() - 1)  # a click opens it
    save(pathway, "23-meetings")
    pathway.close()
    countersign = CountersignDialog(SIGNED_REFERENCE, lambda *_: None, window)
    countersign.show()
    save(countersign, "25-countersign")
    countersign.close()
    procedures(window, save, settle)


def procedures(window: Any, save: Any, settle: Any) -> None:
    """File ▸ Procedure profile…, and a case's due strip with one rule switched off."""
    from hsb_desk.app.procedures import switch_off_rule, switch_on_rule, workbook_procedure
    from hsb_desk.ui.window.procedure_dialog import ProcedureDialog

    current = window.bridge.db.call(workbook_procedure)
    dialog = ProcedureDialog(window.form, current, window)
    dialog.show()
    save(dialog, "26-procedure-profile")
    dialog.close()
    reason = "Agreed at the child protection conference on 20 November instead"
    window.bridge.db.call(lambda s: switch_off_rule(s, "HSB-2026-0002", "risk_management_meeting", reason))
    window.open_case("HSB-2026-0002")
    save(window, "27-rule-switched-off")
    window.bridge.db.call(lambda s: switch_on_rule(s, "HSB-2026-0002", "risk_management_meeting"))
    case_over_time(window, save, settle)


def case_over_time(window: Any, save: Any, settle: Any) -> None:
    """Case ▸ Case timeline… of the demo's case that has run for eight months (app/demo.py): its
    timeline, its plan and the progress at each review, and its change over time."""
    from hsb_desk.app.demo import SIGNED_REFERENCE  # the case that has run for eight months

    window.open_case(SIGNED_REFERENCE)
    settle(0.5)  # the case is open before the timeline asks which case it is
    window.pathway_windows.show_timeline()
    timeline = window.pathway_windows.timeline
    save(timeline, "28-case-timeline")  # read first: the tables fill once the workbook answers
    save(timeline, "28-case-timeline")
    timeline.tabs.setCurrentIndex(1)
    save(timeline, "30-plan-and-progress")
    timeline.tabs.setCurrentIndex(2)
    save(timeline, "29-change-over-time")
    timeline.record_review()  # Record review…: the form of a review, filled from the latest one
    settle(0.5)
    save(timeline.review_dialog, "31-record-review")
    timeline.review_dialog.close()
    timeline.close_case()
    save(timeline.closure_dialog, "32-close-case")
    timeline.closure_dialog.close()
    timeline.hide()


if __name__ == "__main__":
    sys.exit(main())
