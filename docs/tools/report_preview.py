"""Render four reports to PDF and PNG pages in docs/report-preview/, and the first three pages of
each to docs/screenshots/report/ (run by `make report-preview`):

- example-full, example-shared: the demo's example case, full and shared;
- nearly-empty: a case with only its first details, as the New case dialog makes it;
- signed-amended: the example case signed off, authorised by the team manager (who does not
  agree), then amended: the draft of version 2 with its version history.

Makes a throw-away encrypted demo workbook in a temporary folder (HSB_DESK_HOME points there too,
so no backup or setting reaches the real user folder), exports through the same service the GUI
and command line use, converts with LibreOffice (`soffice`) and `pdftoppm`, and deletes the
workbook. Needs LibreOffice Writer and poppler-utils:
`apt-get install libreoffice-writer-nogui poppler-utils`.
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
SHOTS = ROOT / "docs" / "screenshots" / "report"
DPI = "60"
SHOT_DPI = "50"  # the committed first pages: small enough for the repository, readable enough to look at


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
    from hsb_desk.app import signoff
    from hsb_desk.app.demo import DEMO_PASSPHRASE, ensure_demo_workbook
    from hsb_desk.app.reports.case_report import export_case_report
    from hsb_desk.app.workbooks import open_workbook

    # The demo workbook: the example case with its meetings, so the report is the one users get.
    session = open_workbook(ensure_demo_workbook(work / "demo.hsbdesk"), DEMO_PASSPHRASE)
    reference = json.loads(EXAMPLE.read_text(encoding="utf-8"))["case"]["reference"]
    try:
        reports = [
            export_case_report(session, reference, work / f"example-{version}.docx", version=version)
            for version in ("full", "shared")
        ]
        session.create_case("HSB-2026-0099", {"child.full_name": "Sam Placeholder", "referral.route": "concern"})
        reports.append(export_case_report(session, "HSB-2026-0099", work / "nearly-empty.docx"))
        signoff.sign_off(session, reference)
        signoff.countersign(
            session,
            reference,
            "Morgan Manager",
            "Team manager (demo)",
            agrees=False,
            comments="Supervision at school should be line of sight until the first review.",
        )
        signoff.amend(session, reference, "New information from the school after sign-off")
        reports.append(export_case_report(session, reference, work / "signed-amended.docx"))
        return reports
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
        reports_made = [r.stem for r in reports]
        profile = (work / "lo-profile").as_uri()  # a private LibreOffice profile: no clash with a running one
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(OUT)]
            + [str(r) for r in reports],
            check=True,
            capture_output=True,
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    for report in reports_made:
        pdf = OUT / f"{report}.pdf"
        subprocess.run([pdftoppm, "-png", "-r", DPI, str(pdf), str(OUT / report)], check=True)
        subprocess.run(
            [pdftoppm, "-png", "-r", SHOT_DPI, "-f", "1", "-l", "3", str(pdf), str(SHOTS / report)], check=True
        )
    pages = sorted(p.name for p in OUT.glob("*.png"))
    print(f"Wrote {len(pages)} pages to {OUT.relative_to(ROOT)}, and the first three of each to")
    print(f"{SHOTS.relative_to(ROOT)}: {', '.join(sorted(p.name for p in SHOTS.glob('*.png')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
