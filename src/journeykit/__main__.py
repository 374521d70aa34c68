"""``python -m journeykit``: the same as the ``journeykit`` command."""

import os
import sys

if __name__ == "__main__":
    try:
        from journeykit.cli import main
    except KeyboardInterrupt:  # while the command line is still being imported
        print("journeykit: interrupted", file=sys.stderr)
        sys.exit(130)
    status = main()
    if status == 130:  # as the console script does: no clean-up after libraries cut short
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(status)
