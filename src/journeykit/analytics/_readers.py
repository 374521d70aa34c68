"""Reading event logs from CSV and Parquet files into a DuckDB, Polars or pandas frame.

An event log is a table with one row per event: the case it belongs to, the
activity (touchpoint or step), and when it happened. Column names default to
the XES standard names, ``case:concept:name``, ``concept:name`` and
``time:timestamp``, which is what process-mining tools export.

What every engine returns is the same data: the file's columns in the file's
order, rows in the file's order, the case id and activity as strings, and the
timestamp columns as timezone-aware instants in UTC.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from journeykit.analytics._read_duckdb import _default_connection as _default_connection
from journeykit.analytics._read_duckdb import _read_duckdb
from journeykit.analytics._read_frames import _read_pandas, _read_polars
from journeykit.analytics._read_spec import FileFormat, _Spec
from journeykit.analytics._read_spec import _missing as _missing
from journeykit.exceptions import FileAccessError, UnsupportedFormatError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl

__all__ = [
    "ACTIVITY",
    "CASE",
    "START_TIMESTAMP",
    "TIMESTAMP",
    "Engine",
    "read_events",
]

#: The XES name of the case-id column (a trace's ``concept:name``).
CASE = "case:concept:name"
#: The XES name of the activity column (an event's ``concept:name``).
ACTIVITY = "concept:name"
#: The XES name of the column that says when an event happened (or completed).
TIMESTAMP = "time:timestamp"
#: The column PM4Py uses for when an interval event started.
START_TIMESTAMP = "start_timestamp"

Engine = Literal["duckdb", "polars", "pandas"]

_ENGINES = ("duckdb", "polars", "pandas")
_SUFFIXES: dict[str, FileFormat] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@overload
def read_events(
    path: str | os.PathLike[str],
    *,
    engine: Literal["duckdb"] = ...,
    format: FileFormat | None = ...,
    case: str = ...,
    activity: str = ...,
    timestamp: str | None = ...,
    timestamps: Sequence[str] = ...,
    separator: str = ...,
    row_index: str | None = ...,
    connection: duckdb.DuckDBPyConnection | None = ...,
) -> duckdb.DuckDBPyRelation: ...
@overload
def read_events(
    path: str | os.PathLike[str],
    *,
    engine: Literal["polars"],
    format: FileFormat | None = ...,
    case: str = ...,
    activity: str = ...,
    timestamp: str | None = ...,
    timestamps: Sequence[str] = ...,
    separator: str = ...,
    row_index: str | None = ...,
    connection: duckdb.DuckDBPyConnection | None = ...,
) -> pl.LazyFrame: ...
@overload
def read_events(
    path: str | os.PathLike[str],
    *,
    engine: Literal["pandas"],
    format: FileFormat | None = ...,
    case: str = ...,
    activity: str = ...,
    timestamp: str | None = ...,
    timestamps: Sequence[str] = ...,
    separator: str = ...,
    row_index: str | None = ...,
    connection: duckdb.DuckDBPyConnection | None = ...,
) -> pd.DataFrame: ...
def read_events(
    path: str | os.PathLike[str],
    *,
    engine: Engine = "duckdb",
    format: FileFormat | None = None,
    case: str = CASE,
    activity: str = ACTIVITY,
    timestamp: str | None = TIMESTAMP,
    timestamps: Sequence[str] = (START_TIMESTAMP,),
    separator: str = ",",
    row_index: str | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> duckdb.DuckDBPyRelation | pl.LazyFrame | pd.DataFrame:
    """Read an event log from a CSV or Parquet file.

    Parameters
    ----------
    path
        A ``.csv``, ``.parquet`` or ``.pq`` file. A file with another suffix
        is read as Parquet when it starts with Parquet's magic bytes;
        otherwise pass ``format=``.
    engine
        What to return:

        - ``"duckdb"`` (default): a lazy ``duckdb.DuckDBPyRelation`` over the
          file, on ``connection`` or else on a connection journeykit keeps for
          the whole process (its ``TimeZone`` is UTC, and your own DuckDB
          default connection is left alone). Relations can only be joined
          with relations of the same connection: pass ``connection=`` to
          combine the log with your own tables, and in threads give each
          thread its own connection (``con.cursor()``).
        - ``"polars"``: a ``polars.LazyFrame`` scanning the file.
        - ``"pandas"``: a ``pandas.DataFrame`` read into memory.
    format
        ``"csv"`` or ``"parquet"``; by default chosen by the suffix.
    case, activity
        The columns holding the case id and the activity. Both are read as
        strings (a case id ``007`` stays ``"007"``).
    timestamp
        The column saying when each event happened; ``None`` for a log
        without one.
    timestamps
        Further columns to read as timestamps when the file has them (by
        default ``start_timestamp``, the start of interval events).
    separator
        The CSV field separator.
    row_index
        The name of a column to add, first, holding each event's 0-based row
        in the file (``None``, the default, adds no column). Analyses order
        the events of a case by ``(timestamp, row)``; with a lazy DuckDB
        relation, which has no row order of its own once it is filtered,
        grouped or joined, this column is how to keep that tie-breaker.
    connection
        The DuckDB connection for ``engine="duckdb"``.

    Returns
    -------
    duckdb.DuckDBPyRelation or polars.LazyFrame or pandas.DataFrame
        The file's columns, in the file's order, with nothing added unless
        ``row_index`` is given. The timestamp columns are timezone-aware and
        in UTC: a text value with an offset (``2010-12-30 14:32:00+01:00``)
        is converted to UTC; one followed by an IANA time zone name
        (``2024-07-01 12:00:00 America/New_York``) is read on that zone's
        clocks (a time shown twice or skipped when the clocks change takes
        the offset in force before the change, as Python's ``zoneinfo``
        does); one with neither is taken to be UTC, and so is a Parquet
        timestamp without a time zone. A blank value is missing. Every
        engine gives the same instants.
        Read without further operations, the rows come in the file's order:
        DuckDB keeps the order of a scan (its ``preserve_insertion_order``
        setting, on by default), Polars scans in order, and pandas keeps
        the order it read.

    Raises
    ------
    FileAccessError
        The file is missing, a folder, or unreadable.
    UnsupportedFormatError
        The format cannot be told from the suffix, or is an XES file (use
        ``read_xes``).
    SchemaError
        A named column is missing, a Parquet column has a type that is
        no timestamp, or the file has rows and the ``timestamp`` column is
        empty on every one of them.
    ParseError
        A row is malformed, a timestamp cannot be read, or it names a time
        zone that is no IANA name; the message names the file and the line
        (for CSV, counting the header as line 1).
    ResourceLimitError
        DuckDB ran out of memory checking the file: pass a ``connection``
        with a higher ``memory_limit`` (or set ``JOURNEYKIT_DUCKDB_MEMORY_LIMIT``).
    ImportError
        The engine's library is not installed.

    Notes
    -----
    The lazy engines (DuckDB, Polars) scan the file once here to check every
    row, so that a malformed one fails now, with its line, rather than later
    inside an analysis; the frame returned reads the file again when it is
    used. CSV line numbers assume no line breaks inside quoted fields.

    Examples
    --------
    >>> from journeykit.analytics._readers import read_events
    >>> path = tmp_path / "log.csv"
    >>> _ = path.write_text(
    ...     "case:concept:name,concept:name,time:timestamp\\n"
    ...     "007,register,2024-05-01 09:00:00+02:00\\n"
    ...     "007,decide,2024-05-01 09:30:00+02:00\\n"
    ... )
    >>> events = read_events(path, engine="pandas")
    >>> events["case:concept:name"].tolist()
    ['007', '007']
    >>> str(events["time:timestamp"].iloc[0])
    '2024-05-01 07:00:00+00:00'
    >>> read_events(path).fetchall()[1][1]  # a DuckDB relation by default
    'decide'
    """
    if engine not in _ENGINES:
        raise ValueError(f"unknown engine: {engine!r} (must be one of 'duckdb', 'polars', 'pandas')")
    file = Path(path)
    fmt = _format_of(file, format)
    spec = _Spec(file, case, activity, timestamp, tuple(timestamps), separator, row_index)
    if engine == "duckdb":
        return _read_duckdb(spec, fmt, connection)
    if engine == "polars":
        return _read_polars(spec, fmt)
    return _read_pandas(spec, fmt)


def _format_of(file: Path, given: FileFormat | None) -> FileFormat:
    """The file's format; also the FileAccessError for a file that cannot be read."""
    from journeykit.io._read import open_regular

    display = str(file)
    # Regular files only: DuckDB or Polars would block for ever on a FIFO.
    with open_regular(file, what="a CSV or Parquet file") as handle:
        try:
            head = handle.read(4)
        except OSError as err:
            raise FileAccessError(f"cannot read the file: {err.strerror or err}", file=display) from None
    if given is not None:
        if given not in ("csv", "parquet"):
            raise UnsupportedFormatError(
                f"unknown format {given!r} (must be 'csv' or 'parquet')", file=display
            )
        return given
    suffixes = [s.lower() for s in file.suffixes]
    if suffixes and suffixes[-1] in _SUFFIXES:
        return _SUFFIXES[suffixes[-1]]
    if head == b"PAR1":
        return "parquet"
    if ".xes" in suffixes:
        raise UnsupportedFormatError("this is an XES file; read it with read_xes", file=display)
    suffix = suffixes[-1] if suffixes else "(no suffix)"
    raise UnsupportedFormatError(
        f"unknown file type {suffix!r}; use .csv or .parquet, or pass format='csv'", file=display
    )
