"""What the command groups share: the usage error, output, journey lookup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["UsageError", "emit", "journey_of", "positive"]


class UsageError(Exception):
    """A command line that parses but does not make sense (exit status 2, with the usage)."""


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from journeykit.io._files import _atomic_write

        _atomic_write(output, text.encode("utf-8"))


def journey_of(program: Program, journey_id: str) -> Journey:
    """The journey with this id, or an error that suggests the closest one."""
    from journeykit.analysis.derive import select_steps

    select_steps(program, journey=journey_id)  # raises UnknownReferenceError with a suggestion
    return program.journey(journey_id)
