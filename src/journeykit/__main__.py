"""``python -m journeykit``: the same as the ``journeykit`` command."""

import sys

if __name__ == "__main__":
    try:
        from journeykit.cli import main
    except KeyboardInterrupt:  # while the command line is still being imported
        print("journeykit: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
