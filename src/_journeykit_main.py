"""The entry point of the ``journeykit`` console script, outside the package on purpose.

Importing journeykit takes a few hundred milliseconds. A Ctrl-C in that time
must end the command as it does at any other time -- exit status 130 and one
line, no traceback -- so the code that catches it has to run before the
package is imported, which no module inside the package can do. This module
imports nothing of journeykit at its top.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Import the command line and run it; a Ctrl-C at any point ends with status 130."""
    try:
        from journeykit.cli import main as run

        return run()
    except KeyboardInterrupt:
        # The same line as journeykit.cli.INTERRUPTED, which may not be imported yet.
        print("journeykit: interrupted", file=sys.stderr)
        return 130
