"""A row of a repeating group that goes (a case with fewer rows opened, or a row removed) is
deleted by Qt, keeping its parent until then (GroupEditor._discard). Taken from its parent first
(setParent(None)) and deleted later, a row was owned by Python and by Qt at once, and the app
crashed now and then in Qt's deferred delete when another case was opened (seen as a segfault
of `make screenshots` one run in four). The shipped pack's safety measures are the group."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent

from hsb_desk import paths
from hsb_desk.formspec import load_form
from hsb_desk.ui.editors.factory import make_editor

MEASURE = {"where": "home", "measure": "Phone downstairs from 9 pm", "responsible": "Mother"}


def test_rows_that_go_are_hidden_kept_by_their_parent_and_deleted_by_qt(qtbot: Any) -> None:
    form = load_form(paths.forms_dir())
    spec = form.get_field("safety.measures")
    assert spec is not None and spec.type == "group"
    editor: Any = make_editor(spec, form, lambda _text: True)
    qtbot.addWidget(editor)
    editor.set_value([MEASURE, {**MEASURE, "where": "school"}, {**MEASURE, "where": "online"}])
    going = editor.rows[1:]
    gone: list[int] = []
    for number, row in enumerate(going):
        row.destroyed.connect(lambda *_a, n=number: gone.append(n))

    editor.set_value([MEASURE])  # another case, with one measure

    assert len(editor.rows) == 1
    for row in going:
        assert row.parent() is not None and row.isHidden()  # Qt's to delete, not Python's
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sorted(gone) == [0, 1]
    assert editor.value() == [MEASURE]
