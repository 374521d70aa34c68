"""DuckDB's interrupts and memory errors as journeykit's, and the settings that govern its memory.

A Ctrl-C while DuckDB runs a query reaches Python as ``RuntimeError("Query
interrupted")`` (or ``duckdb.InterruptException`` after
``connection.interrupt()``); both become ``KeyboardInterrupt`` here, so that
callers -- the command line among them -- see the interrupt they expect.
DuckDB running out of memory becomes a ``ResourceLimitError`` that names the
input and says what to do.

DuckDB is never imported here: an error can only be DuckDB's when DuckDB is
already loaded, so its classes are looked up in ``sys.modules``.

journeykit's own DuckDB connections (the one ``read_events`` and ``read_xes``
use by default, and those that run pandas and PyArrow tables) take their
memory settings from the environment, the only way to reach them from the
command line:

- ``JOURNEYKIT_DUCKDB_MEMORY_LIMIT``, e.g. ``8GB`` (DuckDB's default: 80% of
  the machine's memory);
- ``JOURNEYKIT_DUCKDB_TEMP_DIRECTORY``, a folder DuckDB may spill to when a
  query does not fit in memory (DuckDB's default for an in-memory database:
  ``.tmp`` in the working folder).

A connection you pass yourself keeps the settings you gave it.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from journeykit.exceptions import ArgumentValueError, ResourceLimitError

__all__ = ["SETTINGS", "configure", "engine_errors", "input_named", "translated", "with_engine_errors"]

P = ParamSpec("P")
R = TypeVar("R")

#: Environment variable -> the DuckDB setting it gives journeykit's own connections.
SETTINGS = {
    "JOURNEYKIT_DUCKDB_MEMORY_LIMIT": "memory_limit",
    "JOURNEYKIT_DUCKDB_TEMP_DIRECTORY": "temp_directory",
}

# The text DuckDB's Python client gives the RuntimeError it raises on Ctrl-C.
_INTERRUPTED = "Query interrupted"

# The input an out-of-memory error names when the table gives no file (see input_named).
_INPUT: contextvars.ContextVar[object] = contextvars.ContextVar("journeykit_engine_input", default=None)

# Where a relation built on a file reads it, in the SQL DuckDB shows for the relation.
_SCAN = re.compile(r"\b(?:read_csv\w*|read_parquet|parquet_scan)\(\[?'((?:[^']|'')+)'")


def configure(connection: Any) -> Any:
    """Apply the ``JOURNEYKIT_DUCKDB_*`` settings of the environment to one of journeykit's connections."""
    for variable, setting in SETTINGS.items():
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            connection.execute(f"SET {setting} = ?", [value])
        except Exception as err:  # a duckdb.Error: the value is not one DuckDB takes
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ArgumentValueError(
                f"the environment variable {variable}={value!r} is no {setting} DuckDB accepts "
                f"({first}); e.g. {variable}={'8GB' if setting == 'memory_limit' else '/scratch/duckdb'}"
            ) from None
    return connection


def translated(err: BaseException, *, file: object = None, events: object = None) -> BaseException | None:
    """The error to raise instead of ``err``, when it is DuckDB's interrupt or out-of-memory; else None.

    ``file`` names the input; without it, a DuckDB relation in ``events`` that
    reads a file names that file, or else the file of an enclosing ``input_named``.
    """
    duckdb = sys.modules.get("duckdb")
    if duckdb is None:
        return None
    if isinstance(err, duckdb.InterruptException) or (type(err) is RuntimeError and str(err) == _INTERRUPTED):
        return KeyboardInterrupt()
    if isinstance(err, duckdb.OutOfMemoryException):
        if file is None:
            file = _file_of(events) or _INPUT.get()
        return _out_of_memory(err, file)
    return None


def _out_of_memory(err: BaseException, file: object) -> ResourceLimitError:
    first = str(err).strip().splitlines()[0] if str(err).strip() else "Out of Memory Error"
    what = "the event log" if file is not None else "the event table"
    return ResourceLimitError(
        f"DuckDB ran out of memory on {what} ({first}). Raise DuckDB's memory limit "
        "(JOURNEYKIT_DUCKDB_MEMORY_LIMIT=8GB, or SET memory_limit on your own connection), "
        "let it spill to disk (JOURNEYKIT_DUCKDB_TEMP_DIRECTORY=/path/with/space, or SET "
        "temp_directory), run on Spark for a log larger than one machine, or analyse a smaller log",
        file=None if file is None else str(file),
    )


def _file_of(events: object) -> str | None:
    """The file a DuckDB relation reads, when it reads one (found only once something failed)."""
    query = getattr(events, "sql_query", None)
    if query is None or not callable(query):
        return None
    try:
        found = _SCAN.search(str(query()))
    except Exception:  # the relation cannot show its SQL: name no file
        return None
    return found[1].replace("''", "'") if found else None


@contextmanager
def input_named(file: object) -> Iterator[None]:
    """Within the block, running out of memory names ``file`` when the table names none.

    For a log read into memory first (an XES file): the table DuckDB runs
    on no longer says where it came from.
    """
    token = _INPUT.set(file)
    try:
        yield
    finally:
        _INPUT.reset(token)


@contextmanager
def engine_errors(*, file: object = None, events: object = None) -> Iterator[None]:
    """Turn DuckDB's interrupt into ``KeyboardInterrupt`` and out-of-memory into ``ResourceLimitError``."""
    try:
        yield
    except Exception as err:
        new = translated(err, file=file, events=events)
        if new is None:
            raise
        raise new from None


def with_engine_errors(function: Callable[P, R]) -> Callable[P, R]:
    """``engine_errors`` around an analysis whose first argument is the event table.

    Examples
    --------
    >>> @with_engine_errors
    ... def count(events):
    ...     return len(events)
    >>> count([1, 2])
    2
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with engine_errors(events=args[0] if args else kwargs.get("events")):
            return function(*args, **kwargs)

    return wrapper
