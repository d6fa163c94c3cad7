"""The mouse wheel scrolls and never changes an answer (issue 13): over every editor of the real
form pack, in the dialogs, and in the application as it starts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDial,
    QDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from ui.ui_support import FakePrompts, add_window, close_window, example_workbook, make_window, settle, unlock

from hsb_desk import paths
from hsb_desk.app.settings import Settings
from hsb_desk.app.workbooks import open_workbook
from hsb_desk.formspec import FormDefinition, load_form
from hsb_desk.ui.assessment.wheel import (
    changes_value_on_wheel,
    install_wheel_guard,
    installed_wheel_guard,
    remove_wheel_guard,
)
from hsb_desk.ui.editors import FieldEditor
from hsb_desk.ui.pathway.meeting_editor import MeetingEditor
from hsb_desk.ui.window.main_window import MainWindow
from hsb_desk.ui.window.preferences import PreferencesDialog

NOTCH = 120  # one step of a mouse wheel, in eighths of a degree


@pytest.fixture
def guard(qapp: QApplication) -> Iterator[None]:
    install_wheel_guard(qapp)
    yield
    remove_wheel_guard(qapp)


@pytest.fixture(scope="module")
def real_form() -> FormDefinition:
    return load_form(paths.forms_dir())


@pytest.fixture
def example(workbook_path: Path, real_form: FormDefinition) -> tuple[Path, str, dict[str, Any]]:
    """A workbook holding the fully filled example case: (path, reference, its stored values)."""
    reference, values = example_workbook(workbook_path, real_form)
    return workbook_path, reference, values


# -- a wheel as a person turns it ------------------------------------------------------------
def _under(widget: QWidget, point: QPoint) -> QWidget:
    """The widget a window hands a wheel at ``point`` to, as Qt picks it."""
    top = widget.window()
    return top.childAt(widget.mapTo(top, point)) or top


def _point_over(widget: QWidget) -> QPoint:
    """A point of ``widget`` that the pointer can rest on: the widget's own pixels if any (a spin
    box's arrows rather than its text), else one of its children's."""
    for attempt in range(2):
        rect = widget.rect()
        candidates = [
            rect.center(),
            QPoint(rect.right() - 3, rect.center().y()),
            QPoint(rect.left() + 3, rect.top() + 3),
            QPoint(rect.left() + 3, rect.bottom() - 3),
            QPoint(rect.right() - 3, rect.top() + 3),
        ]
        for point in candidates:
            if _under(widget, point) is widget:
                return point
        for point in candidates:
            if widget.isAncestorOf(_under(widget, point)):
                return point
        if attempt == 0:  # a layout still settling (a row or label just grown): let it, look again
            QApplication.processEvents()
            _bring_into_view(widget)
    raise AssertionError(f"nothing of {type(widget).__name__} is under the pointer")


def _bring_into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
            return
        parent = parent.parentWidget()


def wheel(widget: QWidget, notches: int) -> None:
    """Turns the wheel over ``widget`` as the system delivers it: to the window, at the pointer."""
    _bring_into_view(widget)
    top = widget.window()
    point = _point_over(widget)
    event = QWheelEvent(
        QPointF(widget.mapTo(top, point)),
        QPointF(widget.mapToGlobal(point)),
        QPoint(),
        QPoint(0, notches * NOTCH),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(top.windowHandle(), event)


def wheel_both_ways(widget: QWidget) -> None:
    # Not back and forth alike: whatever the widget held, even at one end of its range, Qt's
    # own handling would leave it changed.
    for notches in (-1, -1, 1):
        wheel(widget, notches)


def page_scroll_bar(widget: QWidget) -> Any:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None, "the widget is in no scroll area"
        parent = parent.parentWidget()
    return parent.verticalScrollBar()


def show_window(qtbot: Any, widget: QWidget) -> None:
    """Shows ``widget`` as a window that has come up in front, as the app's windows do."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()


# -- what a person can point at in a page ----------------------------------------------------
def owner_editor(widget: QWidget) -> FieldEditor | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, FieldEditor):
        parent = parent.parentWidget()
    return parent


def pointable(page: QWidget) -> list[QWidget]:
    """Every control on show in ``page``: inputs, buttons, lists, text, the computed values."""
    found = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        inner = widget.parentWidget()
        if isinstance(inner, QAbstractScrollArea) and widget is inner.viewport():
            continue  # the text edit itself is pointed at
        found.append(widget)
    return found


def click_into(qtbot: Any, widget: QWidget) -> None:
    """Focus as a person gives it without changing anything: a click into text or a drop-down
    (whose list is then closed with Escape); Tab onto a button, since a click would answer."""
    if isinstance(widget, QComboBox):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.view().isVisible())
        qtbot.keyClick(widget.view(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not widget.view().isVisible())
    elif isinstance(widget, (QLineEdit, QTextEdit)):
        target = widget.viewport() if isinstance(widget, QTextEdit) else widget
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=_point_over(target))
    else:
        widget.setFocus(Qt.FocusReason.TabFocusReason)

    def focused() -> bool:
        # Offscreen, a closing drop-down list can leave no window active for a moment; a person's
        # click would activate it again, so do that rather than wait for it.
        if not widget.hasFocus():
            widget.window().activateWindow()
            widget.setFocus(Qt.FocusReason.MouseFocusReason)
        return widget.hasFocus()

    qtbot.waitUntil(focused)


def pack_types(form: FormDefinition) -> set[str]:
    types = set()
    for _, spec in form.iter_fields():
        types.add(spec.type)
        types.update(sub.type for sub in spec.fields)
    return types


@pytest.fixture
def example_window(
    qtbot: Any, guard: None, example: tuple[Path, str, dict[str, Any]], real_form: FormDefinition, prompts: FakePrompts
) -> Iterator[MainWindow]:
    path, reference, _values = example
    window = make_window(real_form, path, prompts)
    add_window(qtbot, window)
    window.resize(1280, 860)
    with qtbot.waitActive(window):
        window.show()
    unlock(qtbot, window)
    settle(qtbot, window)
    for dialog in QApplication.topLevelWidgets():  # what falls due, shown on opening
        if isinstance(dialog, QDialog) and dialog.isVisible():
            dialog.hide()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_case(reference)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.assessment)
    yield window
    close_window(qtbot, window)


def test_the_wheel_changes_no_answer_in_any_section_of_the_real_pack(
    qtbot: Any, example_window: MainWindow, example: tuple[Path, str, dict[str, Any]], real_form: FormDefinition
) -> None:
    window, view = example_window, example_window.assessment
    path, reference, stored_before = example
    driven_types: set[str] = set()
    combos_scrolled = 0
    edits: list[str] = []
    for row, section in enumerate(real_form.sections):
        view.navigator.setCurrentRow(row)
        page = view.page()
        qtbot.waitUntil(page.isVisible)
        shown = {key: editor.value() for key, editor in page.editors.items()}
        for editor in page.findChildren(FieldEditor):
            editor.edited.connect(lambda key=editor.spec.key: edits.append(key))
        controls = pointable(page)
        choices = [e for e in page.findChildren(FieldEditor) if e.spec.type == "choice" and e.isVisible()]
        assert len([c for c in controls if isinstance(c, QComboBox)]) == len(choices), section.key
        for control in controls:
            view.navigator.setFocus()  # the control is not focused: the pointer merely passes over it
            assert not control.hasFocus()
            if isinstance(control, QComboBox):
                bar = page_scroll_bar(control)
                _bring_into_view(control)
                before = bar.value()
                wheel(control, -1)
                if before < bar.maximum():  # the page scrolls down instead
                    assert bar.value() > before, control.accessibleName()
                    combos_scrolled += 1
            wheel_both_ways(control)
            if control.isEnabled():  # a disabled button (first row's "up") takes no focus
                click_into(qtbot, control)
                wheel_both_ways(control)
            owner = owner_editor(control)
            if owner is not None:
                driven_types.add(owner.spec.type)
        assert {key: editor.value() for key, editor in page.editors.items()} == shown, section.key
    assert edits == []
    assert combos_scrolled > 0
    # Every field type the form engine makes here; a worked-out value is not a Tab stop (issue 20).
    assert driven_types == pack_types(real_form) - {"computed"}
    assert not view.autosaver.has_pending
    view.autosaver.flush()
    settle(qtbot, window)
    close_window(qtbot, window)
    session = open_workbook(path, PASSPHRASE, real_form, today=lambda: TODAY)
    try:
        assert session.values(reference) == stored_before
    finally:
        session.close()


def test_text_and_scroll_bars_still_scroll_themselves(qtbot: Any, guard: None) -> None:
    area = QScrollArea()
    page = QWidget()
    layout = QVBoxLayout(page)
    text = QTextEdit(page)
    text.setPlainText("\n".join(f"Line {n}" for n in range(200)))
    text.setFixedHeight(120)
    layout.addWidget(text)
    for n in range(60):
        layout.addWidget(QLabel(f"Label {n}", page))
    area.setWidget(page)
    area.resize(400, 300)
    show_window(qtbot, area)
    wheel(text, -1)
    assert text.verticalScrollBar().value() > 0 and area.verticalScrollBar().value() == 0
    wheel(area.verticalScrollBar(), -1)
    assert area.verticalScrollBar().value() > 0


def _value_widgets() -> list[QWidget]:
    combo = QComboBox()
    combo.addItems(["Normal", "Inappropriate", "Problematic", "Abusive", "Violent"])
    combo.setCurrentIndex(2)
    spin = QSpinBox()
    spin.setValue(5)
    date_edit, date_time = QDateEdit(), QDateTimeEdit()
    slider, dial = QSlider(Qt.Orientation.Horizontal), QDial()
    slider.setValue(50)
    dial.setValue(50)
    return [combo, spin, date_edit, date_time, slider, dial]


def _state(widget: QWidget) -> Any:
    for reader in ("currentIndex", "dateTime", "value"):
        if hasattr(widget, reader):
            return getattr(widget, reader)()
    raise AssertionError(type(widget).__name__)


def test_every_kind_of_value_widget_is_left_alone_and_the_page_scrolls(qtbot: Any, guard: None) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    page = QWidget()
    layout = QVBoxLayout(page)
    widgets = _value_widgets()
    for widget in widgets:
        layout.addWidget(widget)
        layout.addWidget(QLabel("Something to scroll past\n\n\n\n\n", page))
    layout.addWidget(QLabel("\n" * 30, page))
    area.setWidget(page)
    area.resize(400, 200)
    show_window(qtbot, area)
    for widget in widgets:
        assert changes_value_on_wheel(widget)
        before = _state(widget)
        for focused in (False, True):
            if focused:
                widget.setFocus(Qt.FocusReason.MouseFocusReason)
                qtbot.waitUntil(widget.hasFocus)
            _bring_into_view(widget)
            scrolled_from = area.verticalScrollBar().value()
            wheel(widget, -1)
            assert area.verticalScrollBar().value() > scrolled_from, type(widget).__name__
            wheel_both_ways(widget)
        assert _state(widget) == before, type(widget).__name__
    assert not changes_value_on_wheel(area.verticalScrollBar())


def test_outside_a_scroll_area_the_wheel_is_dropped(qtbot: Any, guard: None) -> None:
    preferences = PreferencesDialog(Settings(auto_lock_minutes=10, backup_generations=7))
    show_window(qtbot, preferences)
    for spin in (preferences.minutes, preferences.generations):
        for focused in (False, True):
            if focused:
                qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
                qtbot.waitUntil(spin.hasFocus)
            wheel_both_ways(spin)
            wheel(spin.lineEdit(), 1)
    assert preferences.chosen() == Settings(auto_lock_minutes=10, backup_generations=7)


def test_the_meeting_editor_keeps_its_choices(qtbot: Any, guard: None, real_form: FormDefinition) -> None:
    editor = MeetingEditor(real_form)
    editor.resize(700, 700)  # every suggested person's attendance in view, for the pointer
    editor.new_meeting()
    editor.add_suggested_invitees()
    editor.date.setText("02/11/2026")
    show_window(qtbot, editor)
    edited: list[bool] = []
    editor.edited.connect(lambda: edited.append(True))
    combos = [w for w in editor.findChildren(QComboBox) if w.isVisible()]
    assert len(combos) >= 2  # the meeting type and an attendance per suggested person
    before = editor.draft()
    assert before is not None
    chosen = [combo.currentIndex() for combo in combos]
    for combo in combos:
        for focused in (False, True):
            if focused:
                click_into(qtbot, combo)
            wheel_both_ways(combo)
    assert [combo.currentIndex() for combo in combos] == chosen
    assert editor.draft() == before and edited == []


def test_without_the_guard_qt_itself_would_change_the_answer(qtbot: Any, qapp: QApplication) -> None:
    """The premise of the tests above: Qt steps an unfocused drop-down on the wheel."""
    assert installed_wheel_guard(qapp) is None
    combo = _value_widgets()[0]
    assert isinstance(combo, QComboBox)
    show_window(qtbot, combo)
    wheel(combo, -1)
    assert combo.currentIndex() == 3


def test_installing_twice_keeps_one_guard(qapp: QApplication, guard: None) -> None:
    first = installed_wheel_guard(qapp)
    assert first is not None and install_wheel_guard(qapp) is first
    assert len(qapp.findChildren(type(first))) == 1


START_SCRIPT = """
import time
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox
from hsb_desk.ui import app as ui_app

seen = []

def run_instead_of_the_event_loop(app):
    combo = QComboBox()
    combo.addItems(["Normal", "Problematic", "Violent"])
    combo.show()
    for _ in range(50):  # the event loop's first second: the window is painted, then guarded
        app.processEvents()
        time.sleep(0.02)
    point = QPointF(combo.rect().center())
    event = QWheelEvent(point, QPointF(combo.mapToGlobal(point)), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo.windowHandle(), event)
    seen.append(combo.currentText())
    for widget in QApplication.topLevelWidgets():
        widget.close()
    return 0

QApplication.exec = run_instead_of_the_event_loop
print(ui_app.launch(), seen)
"""


def test_the_application_as_started_has_the_guard(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HSB_DESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", START_SCRIPT], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 ['Normal']"


def test_an_open_list_takes_the_wheel_and_the_page_stays(qtbot: Any, guard: None) -> None:
    area = QScrollArea()
    page = QWidget()
    layout = QVBoxLayout(page)
    combos = [QComboBox(page) for _ in range(2)]
    for combo in combos:
        combo.addItems([f"Option {n}" for n in range(60)])
        layout.addWidget(combo)
    layout.addWidget(QLabel("\n" * 60, page))
    area.setWidget(page)
    area.resize(300, 200)
    show_window(qtbot, area)
    opened, other = combos
    opened.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    wheel(other, -1)  # the pointer over the other drop-down, in the page behind the list
    assert area.verticalScrollBar().value() == 0
    assert opened.view().verticalScrollBar().value() > 0  # the open list scrolled instead
    opened.hidePopup()
    assert [combo.currentIndex() for combo in combos] == [0, 0]
