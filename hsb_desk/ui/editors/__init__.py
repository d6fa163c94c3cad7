"""An editor for every field type of the form engine, built from the FieldSpec."""

from __future__ import annotations

from hsb_desk.ui.editors.base import FieldEditor
from hsb_desk.ui.editors.factory import make_editor

__all__ = ["FieldEditor", "make_editor"]
