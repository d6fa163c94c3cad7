"""The editor for a field's type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from hsb_desk.formspec.model import FieldSpec, FormDefinition
from hsb_desk.ui.editors.base import FieldEditor
from hsb_desk.ui.editors.choice import ButtonsEditor, ChoiceEditor, MultiChoiceEditor
from hsb_desk.ui.editors.computed import ComputedView
from hsb_desk.ui.editors.date import DateEditor
from hsb_desk.ui.editors.group import GroupEditor
from hsb_desk.ui.editors.text import NarrativeEditor, NumberEditor, TextEditor

Confirm = Callable[[str], bool]


def make_editor(
    spec: FieldSpec,
    form: FormDefinition,
    confirm: Confirm,
    parent: QWidget | None = None,
    decorate: Callable[[FieldEditor], None] | None = None,
) -> FieldEditor:
    """``decorate`` is applied to every editor made, including those inside groups (the
    spell checker uses it on narratives)."""

    def factory(sub: FieldSpec, owner: QWidget | None) -> FieldEditor:
        return make_editor(sub, form, confirm, owner, decorate)

    kind = spec.type
    editor: FieldEditor
    if kind == "text":
        editor = TextEditor(spec, parent)
    elif kind == "longtext":
        editor = NarrativeEditor(spec, parent)
    elif kind == "date":
        editor = DateEditor(spec, parent)
    elif kind == "number":
        editor = NumberEditor(spec, parent)
    elif kind == "choice":
        editor = ChoiceEditor(spec, parent)
    elif kind == "multichoice":
        editor = MultiChoiceEditor(spec, parent)
    elif kind in ("yesno", "rating"):
        editor = ButtonsEditor(spec, parent)
    elif kind == "group":
        editor = GroupEditor(spec, factory, confirm, parent)
    else:
        editor = ComputedView(spec, form, parent)
    if decorate is not None:
        decorate(editor)
    return editor
