"""Everything the command line prints is safe on a terminal.

User text reaches standard output and error in many ways: result tables,
summaries, warnings, error messages that quote a name or a file, argparse's
complaints about an argument. Rather than trusting each of them, ``main``
writes through ``terminal_streams``: every control character but the line
break and the tab (an escape sequence that would recolour the terminal or
rewrite its title, a bell, a carriage return that would hide the start of a
line), every right-to-left override and other invisible character is written
as a visible escape (``\\x1b``, ``\\u202e``), by ``journeykit._text.terminal_text``.

Data written to standard output is the exception, and stays exact: CSV (its
cells are the values) and the formats of ``graph``. JSON is never touched
here either: ``json_text`` already escapes what a terminal could act on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from journeykit._text import terminal_text

__all__ = ["DATA_FORMATS", "exact_stdout_for", "raw_stream", "terminal_streams"]

#: ``--format`` values whose output is data, written exactly; every other output is escaped.
DATA_FORMATS = frozenset({"csv", "json", "node-link", "graphml"})


class _Escaping:
    """A text stream that writes through ``terminal_text`` (unless ``exact``)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.exact = False

    def write(self, text: str) -> int:
        self.stream.write(text if self.exact else terminal_text(text, one_line=False))
        return len(text)

    def writelines(self, lines: Iterator[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer...
        return getattr(self.stream, name)


@contextmanager
def terminal_streams() -> Iterator[None]:
    """Inside the block, standard output and error escape control characters."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(stdout), _Escaping(stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def exact_stdout_for(args: argparse.Namespace) -> None:
    """Write standard output exactly when the command writes data there (``--format csv``...)."""
    if isinstance(sys.stdout, _Escaping) and getattr(args, "format", None) in DATA_FORMATS:
        sys.stdout.exact = True


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under the escaping, for a progress bar that draws with control characters."""
    return stream.stream if isinstance(stream, _Escaping) else stream
