"""Smoke run of a built bundle (``make dist-check``): the frozen executable itself, not the
source, does what a caseworker's first hour needs. Prints each step; exits 1 at the first that
fails, saying which and why.

Usage: python packaging/smoke.py [DIST_FOLDER]   (default dist/hsb-desk)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "smoke test workbook only, fictional"  # a fictional workbook made and deleted here
EXAMPLE = ROOT / "resources" / "demo" / "example-case.json"


def run(executable: Path, env: dict[str, str], *args: str, timeout: int = 120) -> str:
    done = subprocess.run(
        [str(executable), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"FAILED: hsb-desk {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return done.stdout


def case_reference() -> str:
    import json

    return str(json.loads(EXAMPLE.read_text(encoding="utf-8"))["case"]["reference"])


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "hsb-desk"
    executable = folder / ("hsb-desk.exe" if os.name == "nt" else "hsb-desk")
    if not executable.is_file():
        raise SystemExit(f"FAILED: no built executable at {executable} (run make dist)")
    with tempfile.TemporaryDirectory(prefix="hsb-desk-smoke-") as scratch:
        home = Path(scratch)
        env = dict(os.environ, HSB_DESK_HOME=str(home / "home"), HSB_DESK_PASSPHRASE=PASSPHRASE)
        env.pop("HSB_DESK_DATA_DIR", None)  # the bundle's own forms, templates and resources
        env["QT_QPA_PLATFORM"] = "offscreen"
        workbook = home / "smoke.hsbdesk"
        reference = case_reference()
        full, shared = str(home / "full.docx"), str(home / "s.docx")
        steps = [
            ("--version", ("--version",)),
            ("forms", ("forms",)),
            ("init", ("init", str(workbook), "--name", "Sam Smoke")),
            ("import the example case", ("import", str(workbook), str(EXAMPLE))),
            ("report, full", ("report", str(workbook), reference, "--out", full)),
            ("report, shared", ("report", str(workbook), reference, "--version", "shared", "--out", shared)),
            ("check", ("check", str(workbook))),
        ]
        for name, args in steps:
            out = run(executable, env, *args)
            print(f"ok  {name}: {out.strip().splitlines()[0] if out.strip() else 'done'}")
        for name in ("full.docx", "s.docx"):
            report = home / name
            if not report.is_file() or report.read_bytes()[:2] != b"PK":
                raise SystemExit(f"FAILED: {name} was not written as a Word file")
        print("ok  both reports are Word files")
        window_env = dict(env, HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME="1")
        out = run(executable, window_env, "open", str(workbook), timeout=60)
        if "first frame painted" not in out:
            raise SystemExit("FAILED: the window quit without painting its first frame")
        print("ok  the window started offscreen, painted its unlock page and quit")
    print("smoke run passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
