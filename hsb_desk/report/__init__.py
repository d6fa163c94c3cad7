"""The Word report: report model, python-docx writer and Jinja2 text blocks. Qt-free.

``build_report_model`` decides what the report says; ``render_docx`` lays it out on
``templates/reference.docx``; ``protect_docx`` adds a password. The app layer
(``hsb_desk.app.reports.export_report``) joins them to a workbook session.

The model's plain classes load with the package; the builder, the writer and the password are
loaded on first use (python-docx, lxml, Jinja2 and the cryptography behind msoffcrypto-tool
are about 30 MB that a window which never writes a report need not hold: bench/README.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from hsb_desk.report.model import VERSIONS, CaseDetails, ChronologyEntry, ReportModel, SignOff

if TYPE_CHECKING:
    from hsb_desk.report.blocks import ReportTemplates, load_templates
    from hsb_desk.report.build import build_report_model
    from hsb_desk.report.docx_writer import render_docx
    from hsb_desk.report.protect import protect_docx, unprotect_docx

_LOADED_ON_USE = {
    "ReportTemplates": "blocks",
    "load_templates": "blocks",
    "build_report_model": "build",
    "render_docx": "docx_writer",
    "protect_docx": "protect",
    "unprotect_docx": "protect",
}

__all__ = [
    "VERSIONS",
    "CaseDetails",
    "ChronologyEntry",
    "ReportModel",
    "ReportTemplates",
    "SignOff",
    "build_report_model",
    "load_templates",
    "protect_docx",
    "render_docx",
    "unprotect_docx",
]


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
