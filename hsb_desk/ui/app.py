"""Starting the desktop app: the one place that creates the QApplication."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hsb_desk import paths
from hsb_desk.app.demo import ensure_demo_workbook
from hsb_desk.app.settings import load_settings
from hsb_desk.app.spelling import british_checker
from hsb_desk.app.workbooks import create_workbook, default_form, open_workbook
from hsb_desk.errors import HsbDeskError
from hsb_desk.formspec import FormDefinition
from hsb_desk.store.records import Profile
from hsb_desk.ui import strings
from hsb_desk.ui.errors import install_excepthook
from hsb_desk.ui.main_window import MainWindow
from hsb_desk.ui.spell import spell_decorator
from hsb_desk.ui.style import apply_style


def build_window(form: FormDefinition, path: Path, demo: bool = False) -> MainWindow:
    """The main window over ``path`` with the real services (tests build it the same way)."""
    settings = load_settings()

    def opener(workbook: Path, passphrase: str):  # type: ignore[no-untyped-def]
        # The damage check and daily backup run after the window shows (MainWindow._unlocked).
        return open_workbook(workbook, passphrase, form, daily_backup=False, health_check=False)

    def creator(workbook: Path, passphrase: str, profile: Profile):  # type: ignore[no-untyped-def]
        return create_workbook(workbook, passphrase, profile, form)

    decorate = spell_decorator(british_checker) if settings.spell_check else None
    window = MainWindow(form, settings, path, opener, creator, demo=demo, decorate=decorate)
    if not path.exists():
        window.show_first_run()
    return window


def install_quit_handlers(app: QApplication, window: MainWindow) -> None:
    """Quitting, logging out and SIGTERM all save whatever is waiting first."""
    app.commitDataRequest.connect(lambda _manager: window.save_now())  # type: ignore[attr-defined]
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    heartbeat = QTimer(window)  # lets Python run its signal handlers while Qt waits for events
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)


def launch(path: Path | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(strings.APP_TITLE)
    app.setApplicationDisplayName(strings.APP_TITLE)
    apply_style(app)  # type: ignore[arg-type]
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_excepthook()
    try:
        form = default_form()
        if demo:
            path = ensure_demo_workbook(form=form)
    except HsbDeskError as error:
        QMessageBox.critical(None, strings.APP_TITLE, error.user_message)
        return error.exit_code
    # The word list loads while the user types the passphrase, not when a narrative first shows.
    threading.Thread(target=british_checker, name="hsb-spelling", daemon=True).start()
    window = build_window(form, path or paths.default_workbook_path(), demo)
    install_quit_handlers(app, window)  # type: ignore[arg-type]
    window.show()
    return int(app.exec())
