"""The unlock screen: passphrase, a plain message when it is wrong, a growing wait after
repeated failures (never a wipe), and a way to open another workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from hsb_desk.ui import strings
from hsb_desk.ui.style import colour, set_role


class UnlockView(QWidget):
    """``unlock_requested(passphrase)``; the owner answers with ``failed(message)`` or by moving
    on. The passphrase field is emptied as soon as it has been handed over."""

    unlock_requested = Signal(str)
    other_requested = Signal()
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failures = 0
        self._wait_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame(self)
        set_role(card, "unlockCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        layout = QVBoxLayout(card)
        self.heading = QLabel(strings.UNLOCK_TITLE, card)
        set_role(self.heading, "pageHeading")
        self.note = QLabel(card)
        self.note.setWordWrap(True)
        self.note.hide()
        self.path_label = QLabel(card)
        # Qt.TextFormat.PlainText by name: the first use of any Qt.* enum builds all of them in
        # Python (about 60 ms), and this page must show before anything else (bench/).
        self.path_label.setProperty("textFormat", "PlainText")
        self.path_label.setWordWrap(True)
        self.path_label.setObjectName("workbookPath")
        self.hint = QLabel(card)
        self.hint.setWordWrap(True)
        self.hint.hide()
        prompt = QLabel(strings.UNLOCK_PROMPT, card)
        self.passphrase = QLineEdit(card)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(strings.UNLOCK_PROMPT)
        prompt.setBuddy(self.passphrase)
        self.message = QLabel(card)
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Unlock message")
        self.message.hide()
        buttons = QHBoxLayout()
        self.other_button = QPushButton(strings.UNLOCK_OTHER, card)
        # Always on offer: a wrong passphrase and a damaged file cannot be told apart.
        self.restore_button = QPushButton(strings.UNLOCK_RESTORE, card)
        self.unlock_button = QPushButton(strings.UNLOCK_BUTTON, card)
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        for widget in (self.heading, self.note, self.path_label, self.hint, prompt, self.passphrase, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.passphrase.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)
        self.other_button.clicked.connect(self.other_requested.emit)
        self.restore_button.clicked.connect(self.restore_requested.emit)
        self.setFocusProxy(self.passphrase)

    def prepare(self, path: Path, locked: bool = False, demo: bool = False) -> None:
        self.heading.setText(strings.UNLOCK_LOCKED_TITLE if locked else strings.UNLOCK_TITLE)
        self.note.setText(strings.UNLOCK_LOCKED_NOTE)
        self.note.setVisible(locked)
        self.path_label.setText(str(path))
        self.hint.setText(strings.UNLOCK_DEMO_HINT)
        self.hint.setVisible(demo)
        self.passphrase.clear()
        self.message.hide()
        self.set_busy(False)

    def _submit(self) -> None:
        if self._wait_left > 0 or not self.passphrase.text():
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.set_busy(True)
        self.unlock_requested.emit(passphrase)

    def set_busy(self, busy: bool) -> None:
        waiting = self._wait_left > 0
        self.unlock_button.setEnabled(not busy and not waiting)
        self.passphrase.setEnabled(not busy and not waiting)
        self.other_button.setEnabled(not busy)

    def failed(self, message: str, wait: float = 0.0) -> None:
        """Say why, and take no passphrase for ``wait`` seconds (the workbook's own count of
        wrong passphrases, kept for every front end: app/attempts.py)."""
        self.failures += 1
        # Styled when first needed: a style sheet costs start-up time before the page shows.
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.message.setText(message)
        self.message.show()
        self._wait_left = max(0, round(wait + 0.49))
        if self._wait_left > 0:
            self.message.setText(f"{message}\n{strings.UNLOCK_WAIT.format(seconds=self._wait_left)}")
            self._timer.start()
        self.set_busy(False)
        if self._wait_left == 0:
            self.passphrase.setFocus()

    def succeeded(self) -> None:
        self.failures = 0
        self.message.hide()
        self.set_busy(False)

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_left = 0
            self._timer.stop()
            self.message.setText(self.message.text().split("\n")[0])
            self.set_busy(False)
            self.passphrase.setFocus()
        else:
            first = self.message.text().split("\n")[0]
            self.message.setText(f"{first}\n{strings.UNLOCK_WAIT.format(seconds=self._wait_left)}")
