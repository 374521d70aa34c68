"""The ``journeykit`` command line.

Exit status: 0 on success, 1 when the input is invalid (one ``FILE:LINE:
message`` line per problem on standard error, no traceback), 2 on a usage
error. A closed output pipe (``journeykit schema | head``) ends quietly; Ctrl-C
ends with status 130 and one line, ``journeykit: interrupted``. The console
script enters through ``_journeykit_main``, a module outside the package, so
that a Ctrl-C while journeykit is still being imported ends the same way.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from journeykit.cli import _analysis, _history, _model, _observed, _personas, _pictures
from journeykit.cli._common import UsageError, check_outputs
from journeykit.cli._terminal import exact_stdout_for, terminal_streams
from journeykit.exceptions import JourneyKitError

__all__ = ["INTERRUPTED", "main"]

#: The one line a Ctrl-C prints (exit status 130).
INTERRUPTED = "journeykit: interrupted"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Whatever it prints, control characters of user text are escaped (``journeykit.cli._terminal``).
    """
    with terminal_streams(), _interrupts() as interrupted:
        try:
            return _main(argv, interrupted)
        except BaseException:
            # A Ctrl-C inside a library's import can surface as another error
            # (a module left half-imported, a compiled extension's panic):
            # after a Ctrl-C, whatever follows is the interruption.
            if not interrupted:
                raise
            print(INTERRUPTED, file=sys.stderr)
            return 130


@contextmanager
def _interrupts() -> Iterator[list[int]]:
    """Note every SIGINT in the list yielded, and raise KeyboardInterrupt as Python does."""
    noted: list[int] = []

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        noted.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread: no signal reaches this code
        yield noted
        return
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


def _main(argv: Sequence[str] | None, interrupted: list[int]) -> int:
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        exact_stdout_for(args)  # CSV and graph formats are data: written exactly
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    try:
        check_outputs(args)  # before any work: no output may destroy an input
        status: int = args.run(args)
        sys.stdout.flush()
    except UsageError as err:
        parser.error(str(err))  # exits 2 with the usage, as argparse does
    except JourneyKitError as err:
        if interrupted:  # a library cut short by Ctrl-C looks missing, or its input unreadable
            print(INTERRUPTED, file=sys.stderr)
            return 130
        print(err, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop writing, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return status


def _parser() -> argparse.ArgumentParser:
    from journeykit import __version__

    parser = argparse.ArgumentParser(
        prog="journeykit",
        description="Personas, journeys and service blueprints as data.",
        epilog="Run 'journeykit COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    for group in (_model, _analysis, _history, _pictures, _observed, _personas):
        group.add_commands(commands)
    _model.add_demo(commands)
    return parser
