"""The ``journeykit`` command line.

Exit status: 0 on success, 1 when the input is invalid (one ``FILE:LINE:
message`` line per problem on standard error, no traceback), 2 on a usage
error. A closed output pipe (``journeykit schema | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from journeykit.cli import _analysis, _model, _observed, _personas, _pictures
from journeykit.cli._common import UsageError
from journeykit.exceptions import JourneyKitError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except UsageError as err:
        parser.error(str(err))  # exits 2 with the usage, as argparse does
    except JourneyKitError as err:
        print(err, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop writing, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
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

    for group in (_model, _analysis, _pictures, _observed, _personas):
        group.add_commands(commands)
    _model.add_demo(commands)
    return parser
