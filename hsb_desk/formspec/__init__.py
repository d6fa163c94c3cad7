"""Loads and validates the form definitions in the top-level ``forms/`` folder."""

from __future__ import annotations

from hsb_desk.formspec.loader import load_form
from hsb_desk.formspec.model import FieldSpec, FormDefinition, Option, SectionSpec

__all__ = ["FieldSpec", "FormDefinition", "Option", "SectionSpec", "load_form"]
