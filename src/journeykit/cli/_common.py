"""What the command groups share: the usage error, output, journey lookup.

No command destroys data through its output (``-o``): before any work,
``check_outputs`` refuses an output that is one of the command's inputs --
however it is named: a relative path, ``..``, a symbolic link or a hard link
-- or that a programme folder given as input would read next time; and the
atomic writer (``journeykit.io._atomic``) refuses FIFOs, devices, sockets and
folders.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["INPUTS", "UsageError", "check_output", "check_outputs", "emit", "journey_of", "positive"]

#: The arguments, across all commands, that name files or folders a command reads.
INPUTS = ("file", "files", "log", "users", "program", "into")
#: The suffixes of the files a programme folder is made of.
_PROGRAMME_SUFFIXES = (".yaml", ".yml", ".json")


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
    """``text`` to standard output, or atomically to ``output`` (a regular file only)."""
    if output is None:
        sys.stdout.write(text)
    else:
        from journeykit.io._atomic import atomic_write

        atomic_write(output, text.encode("utf-8"))


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse the command's ``-o`` when it is one of its inputs (see ``check_output``)."""
    inputs: list[Path] = []
    for name in INPUTS:
        value = getattr(args, name, None)
        inputs.extend(value if isinstance(value, list) else [] if value is None else [value])
    check_output(getattr(args, "output", None), inputs)


def check_output(output: Path | None, inputs: Iterable[Path], *, option: str = "-o") -> None:
    """Refuse ``output`` when it is, or would become, an input; and when it is no regular file.

    Raises ``UsageError`` when ``output`` is the same file as an input (same
    device and inode, so symbolic and hard links count) or a file that an input
    folder of programme files would load; ``FileAccessError`` when it is a
    FIFO, device, socket or folder.
    """
    if output is None:
        return
    from journeykit.io._atomic import check_target

    check_target(output)
    final = Path(os.path.realpath(output))
    try:
        written = os.stat(final)
    except OSError:
        written = None  # a new file: it can only be an input folder's next file
    for source in inputs:
        if source.is_dir():
            if _in_programme_folder(final, source) or (
                written is not None and any(_same(written, f) for f in _programme_files(source))
            ):
                raise UsageError(
                    f"{option} {output} is a programme file of the input folder {source}, which "
                    "loading reads: write the result outside the folder"
                )
        elif written is not None and _same(written, source):
            raise UsageError(
                f"{option} {output} is an input of the command ({source}); writing there would "
                "destroy it: write the result elsewhere"
            )


def _same(written: os.stat_result, path: Path) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (written.st_dev, written.st_ino) == (other.st_dev, other.st_ino)


def _in_programme_folder(final: Path, folder: Path) -> bool:
    """Whether loading ``folder`` would read a file at ``final`` (as ``journeykit.io.load`` picks them)."""
    try:
        parts = final.relative_to(os.path.realpath(folder)).parts
    except ValueError:
        return False
    return final.suffix.lower() in _PROGRAMME_SUFFIXES and not any(p.startswith(".") for p in parts)


def _programme_files(folder: Path) -> Iterable[Path]:
    """The files ``load(folder)`` reads, reached through symbolic links too."""
    for path in folder.rglob("*"):
        if path.suffix.lower() in _PROGRAMME_SUFFIXES and not any(
            p.startswith(".") for p in path.relative_to(folder).parts
        ):
            yield path


def journey_of(program: Program, journey_id: str) -> Journey:
    """The journey with this id, or an error that suggests the closest one."""
    from journeykit.analysis.derive import select_steps

    select_steps(program, journey=journey_id)  # raises UnknownReferenceError with a suggestion
    return program.journey(journey_id)
