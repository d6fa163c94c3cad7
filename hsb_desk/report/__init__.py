"""The Word report: report model, python-docx writer and Jinja2 text blocks. Qt-free.

``build_report_model`` decides what the report says; ``render_docx`` lays it out on
``templates/reference.docx``; ``protect_docx`` adds a password. The app layer
(``hsb_desk.app.reports.export_report``) joins them to a workbook session.
"""

from __future__ import annotations

from hsb_desk.report.blocks import ReportTemplates, load_templates
from hsb_desk.report.build import build_report_model
from hsb_desk.report.docx_writer import render_docx
from hsb_desk.report.model import VERSIONS, CaseDetails, ChronologyEntry, ReportModel, SignOff
from hsb_desk.report.protect import protect_docx, unprotect_docx

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
