"""Starting the desktop app: the one place that creates the QApplication.

Start-up order matters to how soon the window appears: only Qt and the unlock page are loaded
before it is painted. The form, the services and the other pages follow at once
(``MainWindow(defer_pages=True)``), then the word list on a thread, all while the passphrase
is typed.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hsb_desk import paths
from hsb_desk.app.hardening import harden_process
from hsb_desk.app.policy import current_settings
from hsb_desk.errors import HsbDeskError
from hsb_desk.ui import strings
from hsb_desk.ui.errors import install_excepthook
from hsb_desk.ui.style import apply_style
from hsb_desk.ui.window.frame import FirstPaint
from hsb_desk.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from hsb_desk.app.session import WorkbookSession
    from hsb_desk.formspec import FormDefinition
    from hsb_desk.store.records import Profile
    from hsb_desk.ui.editors import FieldEditor


#: Set to 1, the window quits once its first frame is painted: how packaging/smoke.py checks
#: that a built bundle starts its window. It reads and writes nothing.
SMOKE_QUIT = "HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME"


def load_form() -> FormDefinition:
    """The installed form pack (imported here, after the unlock page has been painted)."""
    from hsb_desk.app.workbooks import default_form

    return default_form()


def check_spelling(editor: FieldEditor) -> None:
    """Adds British spell checking to a narrative editor (the pages call it for every editor)."""
    from hsb_desk.app.spelling import british_checker
    from hsb_desk.ui.assessment.spell import spell_decorator

    spell_decorator(british_checker)(editor)


def build_window(
    form: FormDefinition | Callable[[], FormDefinition], path: Path, demo: bool = False, defer_pages: bool = False
) -> MainWindow:
    """The main window over ``path`` with the real services (tests build it the same way). The
    workbook is opened with the form the pages are built with; with ``defer_pages`` that form is
    loaded just after the first frame (see MainWindow)."""
    settings = current_settings()
    loaded: list[FormDefinition] = []

    def pages_form() -> FormDefinition:
        loaded.append(form() if callable(form) else form)
        return loaded[-1]

    def opener(workbook: Path, passphrase: str) -> WorkbookSession:
        from hsb_desk.app.workbooks import open_workbook

        # The damage check runs after the window shows (MainWindow._unlocked), and the day's
        # backup after that, on its own thread.
        session = open_workbook(workbook, passphrase, loaded[-1], daily_backup=False, health_check=False)
        session.prepare_daily_backup(passphrase)
        return session

    def creator(workbook: Path, passphrase: str, profile: Profile, procedure: str = "") -> WorkbookSession:
        from hsb_desk.app.workbooks import create_workbook

        session = create_workbook(workbook, passphrase, profile, loaded[-1], procedure=procedure or None)
        session.prepare_daily_backup(passphrase)
        return session

    decorate = check_spelling if settings.spell_check else None
    window = MainWindow(
        pages_form, settings, path, opener, creator, demo=demo, decorate=decorate, defer_pages=defer_pages
    )
    if not path.exists():
        window.show_first_run()
    return window


def install_quit_handlers(app: QApplication, window: MainWindow) -> None:
    """Quitting, logging out and SIGTERM all save whatever is waiting first."""
    app.commitDataRequest.connect(lambda _manager: window.save_now())
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    heartbeat = QTimer(window)  # lets Python run its signal handlers while Qt waits for events
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)


def _load_word_list() -> None:
    from hsb_desk.app.spelling import british_checker

    british_checker()


def after_first_frame(app: QApplication) -> None:
    """What waits for the unlock page to be painted (start-up, bench/), and comes before the
    user can type a passphrase or meet a value widget."""
    from hsb_desk.ui.assessment.wheel import install_wheel_guard

    harden_process()  # now unreadable by other processes too (app/hardening.py)
    install_wheel_guard(app)  # the wheel scrolls, never changes an answer
    if os.environ.get(SMOKE_QUIT) == "1":  # a built bundle's smoke run (packaging/smoke.py)
        print("first frame painted", flush=True)
        QTimer.singleShot(0, app.quit)


def launch(path: Path | None = None, demo: bool = False) -> int:
    harden_process(not_dumpable=False)  # private files, no core dump (the command line did it too)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(strings.APP_TITLE)
    app.setApplicationDisplayName(strings.APP_TITLE)
    apply_style(app)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_excepthook()
    if demo:
        try:
            from hsb_desk.app.demo import ensure_demo_workbook

            path = ensure_demo_workbook(form=load_form())
        except HsbDeskError as error:
            QMessageBox.critical(None, strings.APP_TITLE, error.user_message)
            return error.exit_code

    def load_form_then_words() -> FormDefinition:
        form = load_form()
        # The word list loads while the passphrase is typed, not when a narrative first shows.
        threading.Thread(target=_load_word_list, name="hsb-spelling", daemon=True).start()
        return form

    window = build_window(load_form_then_words, path or paths.default_workbook_path(), demo, defer_pages=True)
    install_quit_handlers(app, window)

    def first_frame() -> None:
        after_first_frame(app)
        window.warn_of_broken_policy()

    FirstPaint(window, first_frame)  # whichever page is shown first
    window.show()
    code = int(app.exec())
    return window.exit_code or code
