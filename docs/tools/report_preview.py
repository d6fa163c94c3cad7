"""Render the example case's report (full and shared) to PDF and PNG pages in docs/report-preview/.

    .venv/bin/python docs/tools/report_preview.py        (or: make report-preview)

Makes a throw-away encrypted workbook in a temporary folder (HSB_DESK_HOME points there too, so
no backup or setting reaches the real user folder), imports resources/demo/example-case.json,
exports both versions through the same service the GUI and command line use, converts them with
LibreOffice (`soffice`) and `pdftoppm`, and deletes the workbook. Needs LibreOffice Writer and
poppler-utils: `apt-get install libreoffice-writer-nogui poppler-utils`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "report-preview"
EXAMPLE = ROOT / "resources" / "demo" / "example-case.json"
DPI = "60"


def _tools() -> tuple[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        sys.exit("Needs LibreOffice and pdftoppm: apt-get install libreoffice-writer-nogui poppler-utils")
    return soffice, pdftoppm


def _export(work: Path) -> list[Path]:
    os.environ["HSB_DESK_HOME"] = str(work / "home")
    os.environ.pop("HSB_DESK_DATA_DIR", None)
    sys.path.insert(0, str(ROOT))
    from hsb_desk.app.demo import DEMO_PASSPHRASE, ensure_demo_workbook
    from hsb_desk.app.reports.case_report import export_case_report
    from hsb_desk.app.workbooks import open_workbook

    # The demo workbook: the example case with its meetings, so the report is the one users get.
    session = open_workbook(ensure_demo_workbook(work / "demo.hsbdesk"), DEMO_PASSPHRASE)
    reference = json.loads(EXAMPLE.read_text(encoding="utf-8"))["case"]["reference"]
    try:
        return [
            export_case_report(session, reference, work / f"{version}.docx", version=version)
            for version in ("full", "shared")
        ]
    finally:
        session.close()


def main() -> int:
    soffice, pdftoppm = _tools()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in list(OUT.glob("*.png")) + list(OUT.glob("*.pdf")):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="hsb-preview-") as temp:
        work = Path(temp)
        reports = _export(work)
        profile = (work / "lo-profile").as_uri()  # a private LibreOffice profile: no clash with a running one
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(OUT)]
            + [str(r) for r in reports],
            check=True,
            capture_output=True,
        )
    for report in ("full", "shared"):
        pdf = OUT / f"{report}.pdf"
        subprocess.run([pdftoppm, "-png", "-r", DPI, str(pdf), str(OUT / report)], check=True)
    pages = sorted(p.name for p in OUT.glob("*.png"))
    print(f"Wrote {len(pages)} pages to {OUT.relative_to(ROOT)}: {', '.join(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
