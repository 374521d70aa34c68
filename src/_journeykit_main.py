"""The entry point of the ``journeykit`` console script, outside the package on purpose.

Importing journeykit takes a few hundred milliseconds. A Ctrl-C in that time
must end the command as it does at any other time -- exit status 130 and one
line, no traceback -- so the code that handles it has to run before the
package is imported, which no module inside the package can do. This module
imports nothing of journeykit at its top.

A Ctrl-C is not allowed to interrupt the imports themselves: raised inside a
compiled extension's start-up (pydantic-core importing ``datetime``, say), a
``KeyboardInterrupt`` comes out as that extension's own panic, with a
traceback. So SIGINT is only noted while journeykit is imported, and the
command then ends as interrupted, a fraction of a second later. The handler
is set with ``_signal``, the interpreter's built-in half of ``signal``: the
``signal`` module imports ``enum``, time in which a Ctrl-C would still be
Python's. After an interrupted command the process ends with ``os._exit``,
once its output is flushed: a library whose import was cut short can crash
the interpreter's own clean-up.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # the built-in half of signal; no stub
import os
import sys
from types import FrameType

__all__ = ["main"]

#: The line a Ctrl-C prints, as ``journeykit.cli.INTERRUPTED`` (not imported yet here).
INTERRUPTED = "journeykit: interrupted"


def main() -> int:
    """Import the command line and run it; a Ctrl-C at any point ends with status 130."""
    noted: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        noted.append(signum)

    try:
        previous = _signal.signal(_signal.SIGINT, note)
    except ValueError:  # not the main thread: signals cannot be handled here anyway
        previous = None
    try:
        from journeykit.cli import main as run
    except KeyboardInterrupt:  # the handler was not ours (another thread's run)
        noted.append(_signal.SIGINT)
    finally:
        if previous is not None:
            _signal.signal(_signal.SIGINT, previous)
    if noted:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    status = run()
    if status == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    return status
