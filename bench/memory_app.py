"""Peak memory of HSB Desk with a (large) workbook open and a case shown.

Usage: memory_app.py WORKBOOK PASSPHRASE REFERENCE (offscreen, HSB_DESK_HOME set). Builds the
real window (``build_window``), unlocks, waits for the case list, opens the case, waits for its
first section to be painted, then prints ``memory <VmHWM kB> <VmRSS kB>`` and exits at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gui import PaintWatch, application, open_window, settle, time_open_case
from startup_bare import status_kb

from hsb_desk.app.workbooks import default_form


def main() -> None:
    workbook, passphrase, reference = sys.argv[1:4]
    application()
    window = open_window(default_form(), Path(workbook), passphrase)
    time_open_case(window, PaintWatch(), reference)
    settle(window, 0.3)
    sys.stdout.write(f"memory {status_kb('VmHWM')} {status_kb('VmRSS')}\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
