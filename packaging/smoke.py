"""Smoke run of a built bundle (``make dist-check``): the frozen executable itself, not the
source, does what a caseworker's first hour needs, in a scratch folder with fictional data.

Steps: ``--version``, ``forms``, ``init`` (two workbooks: a lead's and a co-worker's),
``import`` of the example case, the full, shared and password-protected reports (each opened
again with python-docx, and the shared one checked to leave out a sensitive name), ``check``,
``backup``, a hand-out exported and imported (the exchange encryption), a policy file beside
the executable applied (a locked setting, JSON export refused), then the window started
offscreen to its unlock page, painted, and quit (``HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME``, see
hsb_desk/ui/app.py). Prints each step with its time; exits 1 at the first that fails, saying
which and why.

Usage: python packaging/smoke.py [DIST_FOLDER]   (default dist/hsb-desk; run with the venv's
Python, which has python-docx and msoffcrypto-tool to read the reports back)
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "demo" / "example-case.json"
# Fictional: a workbook made and deleted here.
PASSPHRASE = "smoke test workbook only, fictional"
REPORT_PASSWORD = "smoke test report only"
SENSITIVE_NAME = "Theo Sample"  # a sibling in the example case: in the full report, not the shared one
SMOKE_QUIT = "HSB_DESK_SMOKE_QUIT_AFTER_FIRST_FRAME"
FIRST_FRAME = "first frame painted"


class SmokeFailed(Exception):
    """One step of the smoke run failed; the message says which and why."""


def console_executable(folder: Path) -> Path:
    return folder / ("hsb-desk.exe" if os.name == "nt" else "hsb-desk")


def windowed_executable(folder: Path) -> Path | None:
    """The Windows and macOS build's executable without a console (HSB Desk.exe), if built."""
    for name in ("HSB Desk.exe", "HSB Desk"):
        if (folder / name).is_file():
            return folder / name
    return None


def run(executable: Path, env: dict[str, str], *args: str, timeout: float = 120) -> str:
    try:
        done = subprocess.run(
            [str(executable), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailed(f"hsb-desk {' '.join(args)} did not finish in {timeout:.0f} s") from exc
    if done.returncode != 0:
        detail = (done.stderr.strip() or done.stdout.strip())[-800:]
        raise SmokeFailed(f"hsb-desk {' '.join(args)} exited {done.returncode}: {detail}")
    return done.stdout if done.stdout.strip() else done.stderr  # "Wrote …" goes to stderr


def read_docx(path: Path, password: str | None = None) -> str:
    """The text of a Word report, opened with python-docx (decrypted first if it has a password)."""
    import docx

    if not path.is_file():
        raise SmokeFailed(f"{path.name} was not written")
    data = path.read_bytes()
    if password is not None:
        import msoffcrypto

        if data[:8] != bytes.fromhex("d0cf11e0a1b11ae1"):
            raise SmokeFailed(f"{path.name} is not an encrypted Office file")
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
        data = plain.getvalue()
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise SmokeFailed(f"{path.name} does not open with python-docx: {exc}") from exc
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    if len(document.paragraphs) < 20:
        raise SmokeFailed(f"{path.name} has only {len(document.paragraphs)} paragraphs")
    return text


def exchange_words(out: str) -> str:
    """The one-time exchange passphrase ``handout export`` shows, on its own indented line."""
    lines = [line.strip() for line in out.splitlines() if line.startswith("    ") and "-" in line]
    if len(lines) != 1:
        raise SmokeFailed("handout export did not show one exchange passphrase")
    return lines[0]


def smoke(folder: Path, say: Callable[[str], None] = print) -> dict[str, float]:
    """Runs every step against the bundle in ``folder``; returns each step's seconds."""
    executable = console_executable(folder)
    if not executable.is_file():
        raise SmokeFailed(f"no built executable at {executable} (run make dist)")
    times: dict[str, float] = {}
    reference = str(json.loads(EXAMPLE.read_text(encoding="utf-8"))["case"]["reference"])
    with tempfile.TemporaryDirectory(prefix="hsb-desk-smoke-") as scratch:
        home = Path(scratch)
        env = dict(os.environ, HSB_DESK_HOME=str(home / "home"), HSB_DESK_PASSPHRASE=PASSPHRASE)
        env.pop("HSB_DESK_DATA_DIR", None)  # the bundle's own forms, templates and resources
        env.pop(SMOKE_QUIT, None)
        env["QT_QPA_PLATFORM"] = "offscreen"
        lead, coworker = home / "lead" / "smoke.hsbdesk", home / "coworker" / "smoke.hsbdesk"
        full, shared, protected = home / "full.docx", home / "shared.docx", home / "protected.docx"
        password_file = home / "report-password.txt"
        password_file.write_text(REPORT_PASSWORD + "\n", encoding="utf-8")
        handout = home / "handout.hsbx"

        def step(
            name: str,
            *args: str,
            check: Callable[[str], str | None] | None = None,
            step_env: dict[str, str] | None = None,
            timeout: float = 120,
        ) -> str:
            """Runs one command; ``check`` may fail it, or give the line to print instead of its first."""
            started = time.perf_counter()
            out = run(executable, step_env or env, *args, timeout=timeout)
            times[name] = time.perf_counter() - started
            shown = check(out) if check else None
            first = shown or (out.strip().splitlines()[0] if out.strip() else "done")
            say(f"ok  {name} ({times[name]:.2f} s): {first}")
            return out

        step("--version", "--version", check=lambda out: None if "HSB Desk" in out else _fail("--version", out))
        step("forms", "forms")
        step("init", "init", str(lead), "--name", "Sam Smoke")
        step("init (co-worker)", "init", str(coworker), "--name", "Kit Smoke")
        step("import the example case", "import", str(lead), str(EXAMPLE))
        step("report, full", "report", str(lead), reference, "--out", str(full))
        step("report, shared", "report", str(lead), reference, "--version", "shared", "--out", str(shared))
        step("report, with a password", "report", str(lead), reference, "--password-file", str(password_file),
             "--out", str(protected))  # fmt: skip
        full_text, shared_text = read_docx(full), read_docx(shared)
        read_docx(protected, REPORT_PASSWORD)
        if SENSITIVE_NAME not in full_text:
            raise SmokeFailed(f"the full report does not name {SENSITIVE_NAME} (the example case changed?)")
        if SENSITIVE_NAME in shared_text:
            raise SmokeFailed(f"the shared report names {SENSITIVE_NAME}, a sensitive detail")
        say("ok  the three reports open with python-docx; the shared one leaves out the sensitive name")
        step("check", "check", str(lead))
        step("backup", "backup", str(lead), str(home / "backups"))
        out = step("handout export", "handout", "export", str(lead), reference, "--to", "coworker",
                   "--out", str(handout), check=lambda out: "written, passphrase shown")  # fmt: skip
        step("handout import", "handout", "import", str(coworker), str(handout),
             step_env=dict(env, HSB_DESK_EXCHANGE_PASSPHRASE=exchange_words(out)))  # fmt: skip
        policy_beside_the_executable(folder, step, lead, reference, say)
        window_env = dict(env, **{SMOKE_QUIT: "1"})
        step("window", "open", str(lead), step_env=window_env, timeout=60,
             check=lambda out: "started offscreen, unlock page painted, quit"
             if FIRST_FRAME in out else _fail("window", "quit without painting its first frame"))  # fmt: skip
        windowed = windowed_executable(folder)
        if windowed is not None:  # no console, so no output: it must start, paint and quit cleanly
            started = time.perf_counter()
            run(windowed, window_env, "open", str(lead), timeout=60)
            times["window (no console)"] = time.perf_counter() - started
            say(f"ok  window (no console) ({times['window (no console)']:.2f} s): {windowed.name} started and quit")
    return times


POLICY = """# Written by packaging/smoke.py for one step, then removed.
[locked]
auto_lock_minutes = 3
[export]
json = false
"""


def policy_beside_the_executable(
    folder: Path, step: Callable[..., str], workbook: Path, reference: str, say: Callable[[str], None]
) -> None:
    """An administrator's policy.toml beside the executable is found and applied (app/policy.py);
    removed afterwards, whatever happens."""
    placed = folder.resolve() / "policy.toml"  # as the executable finds it
    if placed.exists():
        raise SmokeFailed(f"{placed} is already there: the bundle must be built without a policy")
    placed.write_text(POLICY, encoding="utf-8")
    try:
        step("policy", "policy", check=lambda out: "locked auto-lock read from beside the executable"
             if f"Policy file: {placed}" in out and "auto_lock_minutes: 3, locked" in out
             else _fail("policy", out))  # fmt: skip
        try:
            step("export-json refused by the policy", "export-json", str(workbook), reference)
        except SmokeFailed as refused:
            if "policy does not allow" not in str(refused):
                raise
        else:
            raise SmokeFailed("export-json: the policy turned JSON export off, and it ran")
        say("ok  export-json refused: the policy turns JSON export off")
    finally:
        placed.unlink()


def _fail(step: str, detail: str) -> str:
    raise SmokeFailed(f"{step}: {detail.strip()[-400:]}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else ROOT / "dist" / "hsb-desk"
    started = time.perf_counter()
    try:
        smoke(folder)
    except SmokeFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"smoke run passed in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
