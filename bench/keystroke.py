"""Typing latency (issue 15, item 3): keystroke to repaint in a 100,000-character narrative.

The real narrative editor (``hsb_desk.ui.editors.text.NarrativeEditor``), with the spell checker
the app adds (``hsb_desk.ui.app.check_spelling``: ``ui/assessment/spell.py`` over the British word list) and
without it, each in a window the size of the app's, offscreen. For each key: ``QTest.keyClick``
on the editor, then the event loop runs until the editor's viewport has received a Paint event
and that paint has finished (an event filter counts them); the time from just before the key
to then is one sample. Typed at the end of the text and in the middle of its middle paragraph,
a sentence of ordinary words with one misspelt, spaces and a full stop; the two editors take
turns in blocks of keys so that both share the machine's load.

With ``--window WORKBOOK``, also the same typing in the real main window (``gui.open_window``)
over a copy of that workbook whose example case's analysis holds the 100,000 characters, spell
checking and autosave on, a key every ``PACE_MS`` as a fast typist types: what the page, the
edit state and autosave add to each key (information: the target is on the editor).

Usage: keystroke.py OUT.json [--keys N] [--window WORKBOOK PASSPHRASE REFERENCE] (offscreen,
HSB_DESK_HOME set for --window). Writes every sample, in seconds.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtGui import QPaintEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from timing import now_ns

from hsb_desk.app.demo import demo_documents
from hsb_desk.app.spelling import british_checker
from hsb_desk.app.workbooks import default_form
from hsb_desk.ui.app import check_spelling
from hsb_desk.ui.editors.text import NarrativeEditor
from hsb_desk.ui.style import apply_style

CHARS = 100_000
FIELD = "conclusion.analysis"  # any narrative of the pack: the editor is the same for all
TYPED = "The family agreed to the plan and Riley said he wanted to keep to it becuase it helped. "
BLOCK = 40  # keys typed in one editor before the other takes its turn
TIMEOUT_NS = 2_000_000_000


def narrative(chars: int = CHARS) -> str:
    """About ``chars`` characters of the example case's own (fictional) narratives, two to a
    paragraph (200-900 characters each), as a long assessment reads."""
    values = demo_documents()[0]["values"]
    texts = [v for _, v in sorted(values.items()) if isinstance(v, str) and len(v) > 150]
    paragraphs: list[str] = []
    total, i = 0, 0
    while total < chars:
        paragraph = f"{texts[i % len(texts)]} {texts[(i * 7 + 3) % len(texts)]}"
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
        i += 1
    return "\n".join(paragraphs)[:chars]


class PaintSeen(QObject):
    """Counts Paint events reaching one widget (the editor's viewport)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.count += 1
        return False


class Typist:
    """One narrative editor in its own window, holding the long text, cursor placed."""

    def __init__(self, text: str, spell: bool, where: str) -> None:
        spec = default_form().get_field(FIELD)
        assert spec is not None and spec.type == "longtext", FIELD
        self.window = QWidget()
        self.window.resize(1280, 860)
        layout = QVBoxLayout(self.window)
        self.editor = NarrativeEditor(spec, self.window)
        if spell:
            check_spelling(self.editor)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        self.editor.set_value(text)
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        self.edit = self.editor.text
        self.edit.setFocus()
        cursor = self.edit.textCursor()
        if where == "end":
            cursor.movePosition(QTextCursor.MoveOperation.End)
        else:  # the start of a word in the middle of the middle paragraph
            block = self.edit.document().findBlock(len(text) // 2)
            middle = block.position() + block.length() // 2
            cursor.setPosition(middle)
            cursor.movePosition(QTextCursor.MoveOperation.StartOfWord)
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()
        self.paints = PaintSeen(self.edit.viewport())
        self.typed = 0
        idle()

    def key(self) -> float:
        """One key typed, in seconds from just before the key to its repaint finished."""
        char = TYPED[self.typed % len(TYPED)]
        self.typed += 1
        app = QApplication.instance()
        seen = self.paints.count
        started = now_ns()
        QTest.keyClick(self.edit, char)
        while self.paints.count == seen:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            if now_ns() - started > TIMEOUT_NS:
                raise TimeoutError("the key was never painted")
        finished = now_ns()
        idle()
        return (finished - started) / 1e9

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()


def idle() -> None:
    """Let whatever the key left queued (timers due, deferred deletes) run before the next."""
    app = QApplication.instance()
    for _ in range(3):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def measure(keys: int) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)  # type: ignore[arg-type]
    british_checker()  # the app loads it on a thread while the passphrase is typed
    text = narrative()
    found: dict[str, Any] = {"chars": len(text), "paragraphs": text.count("\n") + 1}
    for where in ("end", "middle"):
        typists = {spell: Typist(text, spell, where) for spell in (True, False)}
        for typist in typists.values():  # warm-up: first layout of the lines around the cursor
            for _ in range(5):
                typist.key()
        samples: dict[bool, list[float]] = {True: [], False: []}
        order = [True, False]
        while len(samples[True]) < keys:
            for spell in order:
                samples[spell].extend(typists[spell].key() for _ in range(BLOCK))
            order.reverse()
        for spell, typist in typists.items():
            found[f"{where}_{'spell' if spell else 'plain'}"] = samples[spell]
            typist.close()
        idle()
    return found


class WindowTypist(Typist):
    """The same typing in the real main window, at a typist's pace (autosave runs between keys)."""

    def __init__(self, workbook: Path, passphrase: str, reference: str, text: str) -> None:
        import gui

        from hsb_desk.app.workbooks import open_workbook

        session = open_workbook(workbook, passphrase, default_form(), daily_backup=False, health_check=False)
        try:
            session.set_value(reference, FIELD, text)
        finally:
            session.close()
        self.main = gui.open_window(default_form(), workbook, passphrase)
        self.main.open_case(reference, field=FIELD)
        gui.wait_until(lambda: self.main.assessment.reference == reference)
        page = self.main.assessment.page()
        self.editor = page.editors[FIELD]  # type: ignore[assignment]
        self.edit = self.editor.text  # type: ignore[attr-defined]
        gui.settle(self.main, 0.3)
        self.main.activateWindow()  # the closed editors' windows had it; offscreen keeps no focus order
        self.edit.setFocus()
        cursor = self.edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()
        self.paints = PaintSeen(self.edit.viewport())
        self.typed = 0
        self.window = self.main  # type: ignore[assignment]
        gui.settle(self.main, 0.3)

    def paced_key(self) -> float:
        elapsed = self.key()
        pause_until = now_ns() + PACE_MS * 1_000_000
        app = QApplication.instance()
        while now_ns() < pause_until:  # the loop runs as it would between two keys: autosave, timers
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        return elapsed


PACE_MS = 80


def measure_window(workbook: Path, passphrase: str, reference: str, keys: int) -> list[float]:
    typist = WindowTypist(workbook, passphrase, reference, narrative())
    for _ in range(5):
        typist.paced_key()
    samples = [typist.paced_key() for _ in range(keys)]
    typist.main.save_now()
    return samples


def main() -> None:
    out = Path(sys.argv[1])
    keys = int(sys.argv[sys.argv.index("--keys") + 1]) if "--keys" in sys.argv else 400
    found = measure(keys)
    if "--window" in sys.argv:
        at = sys.argv.index("--window")
        workbook, passphrase, reference = sys.argv[at + 1 : at + 4]
        found["window_spell"] = measure_window(Path(workbook), passphrase, reference, max(100, keys // 2))
    out.write_text(json.dumps(found), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
