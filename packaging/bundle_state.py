"""Is the built bundle there and newer than what it is built from; build it if not.

Used by ``make dist-check``, bench/dist_bench.py and tests/dist. The bundle's own stamp is
``_internal/hsb-desk-build.json``, written by packaging/hsb-desk.spec at each build; it is
stale when any source, form, template, resource or packaging file, pyproject.toml or the
virtualenv's install stamp is newer.

Usage: python packaging/bundle_state.py [--build-if-stale]   (prints the state; exit 0)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "hsb-desk"
SPEC = ROOT / "packaging" / "hsb-desk.spec"
# PyInstaller 6's one-folder layout: the program's files sit in _internal beside the executables.
CONTENTS = "_internal"
STAMP_NAME = "hsb-desk-build.json"
INPUTS = ("hsb_desk", "forms", "templates", "resources", "packaging")
INPUT_FILES = ("pyproject.toml", ".venv/.installed-stamp")


def stamp(bundle: Path = BUNDLE) -> Path:
    return bundle / CONTENTS / STAMP_NAME


def newest_input(root: Path = ROOT) -> tuple[float, Path | None]:
    """The newest modification time among the bundle's inputs, and which file it is."""
    newest, which = 0.0, None
    files = [root / name for name in INPUT_FILES]
    for folder in INPUTS:
        files.extend(p for p in (root / folder).rglob("*") if "__pycache__" not in p.parts)
    for path in files:
        if path.is_file() and path.stat().st_mtime > newest:
            newest, which = path.stat().st_mtime, path
    return newest, which


def why_stale(bundle: Path = BUNDLE, root: Path = ROOT) -> str | None:
    """None when the bundle is built and up to date; otherwise the reason to build it."""
    built = stamp(bundle)
    if not built.is_file():
        return f"no bundle at {bundle}"
    newest, which = newest_input(root)
    if newest > built.stat().st_mtime:
        return f"{which.relative_to(root) if which else 'a source'} is newer than the bundle"
    return None


def build(root: Path = ROOT) -> float:
    """Runs PyInstaller on the spec (as ``make dist`` does); returns the seconds it took."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(root / "dist"), "--workpath", str(root / "build"), str(SPEC)]
    subprocess.run(command, cwd=root, check=True)
    return time.perf_counter() - started


def ensure_built(bundle: Path = BUNDLE, root: Path = ROOT) -> float | None:
    """Builds when stale; returns the build's seconds, or None when it was up to date."""
    reason = why_stale(bundle, root)
    if reason is None:
        return None
    print(f"building the bundle: {reason}", flush=True)
    return build(root)


def size_bytes(bundle: Path = BUNDLE) -> int:
    """Bytes of every file in the bundle folder (symbolic links not followed or counted)."""
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    if "--build-if-stale" in argv:
        seconds = ensure_built()
        print("bundle up to date" if seconds is None else f"built in {seconds:.0f} s")
    else:
        print(why_stale() or "bundle up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
