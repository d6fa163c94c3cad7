"""The frozen build's entry point: the same as the ``hsb-desk`` console script."""

import sys

from hsb_desk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
