"""``python -m journeykit``: the same as the ``journeykit`` command."""

import sys

from journeykit.cli import main

if __name__ == "__main__":
    sys.exit(main())
