"""A short Word document of its own, read from the case and laid out on the report's frame: the
immediate safety plan (app/reports/safety_plan.py) and the report of a review
(app/reports/review_report.py). It is written and recorded as the report is (``record_report``:
the temporary file and rename, the entry in the sharing record in the same transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hsb_desk.app.reports import Progress, _failed, _silent
from hsb_desk.errors import HsbDeskError

#: Lays a document's model out on the reference document, with the logo: the document's bytes.
Writer = Callable[[Any, Path, Path | None], bytes]


@dataclass(frozen=True)
class DocumentJob:
    """The document read and laid out, ready to be written (``render``) and recorded."""

    reference: str
    out_path: Path
    overwrite: bool
    model: Any  # the document's own model (report/safety_plan_docx.py, report/review_docx.py)
    reference_docx: Path
    logo: Path
    details: dict[str, Any]  # its entry in the sharing record
    writer: Writer

    def render(self, progress: Progress | None = None) -> bytes:
        """The document's bytes; ExportFailed if a template cannot be used."""
        (progress or _silent)(50, "Writing the Word document")
        try:
            return self.writer(self.model, self.reference_docx, self.logo)
        except HsbDeskError:
            raise
        except Exception as exc:  # a damaged template must not surface as a traceback
            raise _failed(exc) from exc
