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

import csv
import importlib.util
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from journeykit.exceptions import (
    FileAccessError,
    JourneyKitError,
    MissingDependencyError,
    ParseError,
    SchemaError,
    UnsupportedFormatError,
)

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
FileFormat = Literal["csv", "parquet"]

_ENGINES = ("duckdb", "polars", "pandas")
_SUFFIXES: dict[str, FileFormat] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_INSTALL = "pip install 'journeykit[analytics]'"


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
        is converted to UTC, one without an offset is taken to be UTC, and
        a Parquet timestamp without a time zone is taken to be UTC as well.
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
        A named column is missing, or a Parquet column has a type that is
        no timestamp.
    ParseError
        A row is malformed or a timestamp cannot be read; the message names
        the file and the line (for CSV, counting the header as line 1).
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


class _Spec:
    """What to read: the file and the roles of its columns."""

    def __init__(
        self,
        file: Path,
        case: str,
        activity: str,
        timestamp: str | None,
        timestamps: tuple[str, ...],
        separator: str,
        row_index: str | None,
    ) -> None:
        self.file = file
        self.display = str(file)
        self.case = case
        self.activity = activity
        self.timestamp = timestamp
        self.timestamps = timestamps
        self.separator = separator
        self.row_index = row_index

    def check_columns(self, columns: Sequence[str], fmt: FileFormat) -> tuple[list[str], list[str]]:
        """The string and the timestamp columns to convert; a SchemaError for a missing one."""
        line = 1 if fmt == "csv" else None
        required = {"case": self.case, "activity": self.activity}
        if self.timestamp is not None:
            required["timestamp"] = self.timestamp
        for role, name in required.items():
            if name not in columns:
                shown = ", ".join(repr(c) for c in columns[:12]) + (", ..." if len(columns) > 12 else "")
                raise SchemaError(
                    f"the file has no column {name!r} for the {role} (its columns: {shown}); "
                    f"name the right one with {role}=",
                    file=self.display,
                    line=line,
                )
        if self.row_index is not None and self.row_index in columns:
            raise SchemaError(
                f"the file already has a column {self.row_index!r}; choose another row_index=",
                file=self.display,
                line=line,
            )
        wanted = [self.timestamp, *self.timestamps] if self.timestamp is not None else [*self.timestamps]
        stamps = list(dict.fromkeys(name for name in wanted if name in columns))
        strings = [name for name in (self.case, self.activity) if name not in stamps]
        return strings, stamps

    def bad_timestamp(self, row: int, column: str, value: object, fmt: FileFormat) -> ParseError:
        """The error for the first value that is no timestamp (``row`` counts data rows from 0)."""
        where = f"row {row + 1}: " if fmt == "parquet" else ""
        return ParseError(
            f"{where}{column} is {str(value)[:80]!r}, which is not a timestamp; write ISO 8601 "
            "(2024-05-01 09:30:00+02:00), or name the right column with timestamp=",
            file=self.display,
            line=row + 2 if fmt == "csv" else None,
        )

    def read_error(self, err: Exception, fmt: FileFormat) -> ParseError:
        """A ParseError for a library's complaint about the file, with the line when it gives one."""
        text = str(err).strip()
        first = text.splitlines()[0] if text else type(err).__name__
        found = re.search(r"\bline:? (\d+)", text, flags=re.IGNORECASE)
        kind = "CSV" if fmt == "csv" else "Parquet"
        return ParseError(
            f"cannot read the file as {kind}: {first}",
            file=self.display,
            line=int(found[1]) if found else None,
        )


def _format_of(file: Path, given: FileFormat | None) -> FileFormat:
    """The file's format; also the FileAccessError for a file that cannot be read."""
    display = str(file)
    try:
        with file.open("rb") as handle:
            head = handle.read(4)
    except IsADirectoryError:
        raise FileAccessError(
            "this is a folder; give the path of a CSV or Parquet file", file=display
        ) from None
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


def _csv_header(spec: _Spec) -> list[str]:
    """The first record of a CSV file, as Python's csv module reads it."""
    try:
        with spec.file.open(encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle, delimiter=spec.separator), [])
    except (UnicodeDecodeError, csv.Error) as err:
        raise ParseError(f"cannot read the header: {err}", file=spec.display, line=1) from None


def _quote(name: str) -> str:
    """A DuckDB identifier for a column name (``time:timestamp`` -> ``"time:timestamp"``)."""
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------- DuckDB

_connection_lock = threading.Lock()
_connection: duckdb.DuckDBPyConnection | None = None

# A time followed by an offset: such text is cast to TIMESTAMPTZ, which honours
# the offset. Text without one is cast to TIMESTAMP and taken to be UTC, so the
# result never depends on the connection's TimeZone setting. (A plain CAST to
# TIMESTAMP would drop the offset without converting.)
_OFFSET = r"\d:\d\d(:\d\d(\.\d*)?)?\s*([Zz]|[+-]\d\d(:?\d\d)?)$"


_CSV_TYPES = ["BOOLEAN", "BIGINT", "DOUBLE", "VARCHAR"]


def _default_connection() -> duckdb.DuckDBPyConnection:
    """journeykit's own in-memory DuckDB connection, made on first use, with TimeZone UTC."""
    global _connection
    try:
        import duckdb
    except ImportError as err:
        raise _missing("duckdb") from err
    with _connection_lock:
        if _connection is None:
            con = duckdb.connect(":memory:")
            con.execute("SET TimeZone = 'UTC'")
            _connection = con
        return _connection


def _duckdb_timestamp(column: str, duck_type: str, *, strict: bool) -> str:
    """A DuckDB expression turning ``column`` of ``duck_type`` into TIMESTAMPTZ in UTC, or None."""
    col = _quote(column)
    cast = "CAST" if strict else "TRY_CAST"
    if duck_type in ("VARCHAR", "NULL") or duck_type.startswith("VARCHAR"):
        text = f"trim(CAST({col} AS VARCHAR))"
        return (
            f"CASE WHEN regexp_matches({text}, '{_OFFSET}') THEN {cast}({text} AS TIMESTAMPTZ) "
            f"ELSE timezone('UTC', {cast}({text} AS TIMESTAMP)) END"
        )
    if duck_type == "TIMESTAMP WITH TIME ZONE":
        return col
    # TIMESTAMP, TIMESTAMP_S/_MS/_NS and DATE: a time without a zone, taken to be UTC.
    return f"timezone('UTC', CAST({col} AS TIMESTAMP))"


def _read_duckdb(
    spec: _Spec, fmt: FileFormat, connection: duckdb.DuckDBPyConnection | None
) -> duckdb.DuckDBPyRelation:
    try:
        import duckdb
    except ImportError as err:
        raise _missing("duckdb") from err
    con = connection if connection is not None else _default_connection()
    name = str(spec.file)
    try:
        if fmt == "csv":
            columns = con.read_csv(name, header=True, sep=spec.separator).columns
            header = _csv_header(spec)
            if len(columns) != len(header) or any(h and h != c for c, h in zip(columns, header, strict=True)):
                # DuckDB's sniffer takes the widest rows for the layout when rows differ in length
                raise ParseError(
                    f"the rows do not all have the {len(header)} fields of the header; "
                    "fix the file, or read it with engine='pandas' to see the first bad line",
                    file=spec.display,
                )
            strings, stamps = spec.check_columns(columns, fmt)
            raw = con.read_csv(
                name,
                header=True,
                sep=spec.separator,
                dtype=dict.fromkeys(strings + stamps, "VARCHAR"),
                # as Polars and pandas do: dates only where asked for
                auto_type_candidates=_CSV_TYPES,
            )
        else:
            raw = con.read_parquet(name, file_row_number=spec.row_index is not None)
            columns = [c for c in raw.columns if spec.row_index is None or c != "file_row_number"]
            strings, stamps = spec.check_columns(columns, fmt)
        types = dict(zip(raw.columns, (str(t) for t in raw.types), strict=True))
        _check_duckdb_types(spec, types, stamps, fmt)
        bad = [
            f"count(*) FILTER (WHERE {_quote(c)} IS NOT NULL AND "
            f"({_duckdb_timestamp(c, types[c], strict=False)}) IS NULL)"
            for c in stamps
        ]
        counts = raw.aggregate(", ".join(["count(*)", *bad])).fetchall()[0]
        if any(counts[1:]):
            column = stamps[next(i for i, n in enumerate(counts[1:]) if n)]
            test = _duckdb_timestamp(column, types[column], strict=False)
            found = (
                raw.project(f"row_number() OVER () - 1 AS __n, {_quote(column)} AS __v, ({test}) AS __t")
                .filter("__v IS NOT NULL AND __t IS NULL")
                .order("__n")
                .limit(1)
                .fetchall()[0]
            )
            raise spec.bad_timestamp(int(found[0]), column, found[1], fmt)
        select = []
        if spec.row_index is not None:
            first = "file_row_number" if fmt == "parquet" else "row_number() OVER () - 1"
            select.append(f"CAST({first} AS BIGINT) AS {_quote(spec.row_index)}")
        for column in columns:
            if column in stamps:
                expr = _duckdb_timestamp(column, types[column], strict=True)
            elif column in strings and types[column] != "VARCHAR":
                expr = f"CAST({_quote(column)} AS VARCHAR)"
            else:
                expr = _quote(column)
            select.append(f"{expr} AS {_quote(column)}" if expr != _quote(column) else expr)
        return raw.project(", ".join(select))
    except duckdb.Error as err:
        raise spec.read_error(err, fmt) from None


def _check_duckdb_types(spec: _Spec, types: dict[str, str], stamps: list[str], fmt: FileFormat) -> None:
    for column in stamps:
        kind = types[column]
        if not (kind.startswith(("VARCHAR", "TIMESTAMP")) or kind in ("DATE", "NULL")):
            raise SchemaError(
                f"column {column!r} holds {kind} values, not timestamps; name the right column "
                "with timestamp= (or timestamps=)",
                file=spec.display,
                line=1 if fmt == "csv" else None,
            )


# --------------------------------------------------------------------------- Polars


def _read_polars(spec: _Spec, fmt: FileFormat) -> pl.LazyFrame:
    try:
        import polars as pl
    except ImportError as err:
        raise _missing("polars") from err
    name = str(spec.file)
    try:
        if fmt == "csv":
            header = pl.scan_csv(name, separator=spec.separator, n_rows=0).collect_schema()
            strings, stamps = spec.check_columns(list(header.names()), fmt)
            raw = pl.scan_csv(
                name,
                separator=spec.separator,
                schema_overrides=dict.fromkeys(strings + stamps, pl.String),
                infer_schema_length=10_000,
            )
        else:
            raw = pl.scan_parquet(name)
            strings, stamps = spec.check_columns(list(raw.collect_schema().names()), fmt)
        schema = raw.collect_schema()
        for column in stamps:
            dtype = schema[column]
            if not (dtype in (pl.String, pl.Date, pl.Null) or isinstance(dtype, pl.Datetime)):
                raise SchemaError(
                    f"column {column!r} holds {dtype} values, not timestamps; name the right column "
                    "with timestamp= (or timestamps=)",
                    file=spec.display,
                    line=1 if fmt == "csv" else None,
                )

        def parse(column: str, *, strict: bool) -> pl.Expr:
            col = pl.col(column)
            dtype = schema[column]
            if dtype == pl.String:
                text = col.str.strip_chars()
                # text without an offset is UTC; adding one lets a column mix both forms
                text = pl.when(text.str.contains(_OFFSET)).then(text).otherwise(text + "+00:00")
                return text.str.to_datetime(time_zone="UTC", time_unit="us", strict=strict)
            if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
                return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
            return col.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")

        bad = [(pl.col(c).is_not_null() & parse(c, strict=False).is_null()).sum().alias(c) for c in stamps]
        # every column is read, so that a ragged row is noticed too
        counts = raw.select(pl.all().null_count().name.prefix("__nulls "), *bad).collect()
        broken = [c for c in stamps if counts[c][0]]
        if broken:
            column = broken[0]
            found = (
                raw.with_row_index("__n")
                .filter(pl.col(column).is_not_null() & parse(column, strict=False).is_null())
                .select("__n", column)
                .head(1)
                .collect()
            )
            raise spec.bad_timestamp(int(found["__n"][0]), column, found[column][0], fmt)
        frame = raw.with_columns(
            *(parse(c, strict=True) for c in stamps),
            *(pl.col(c).cast(pl.String) for c in strings if schema[c] != pl.String),
        )
        if spec.row_index is not None:
            frame = frame.with_row_index(spec.row_index).with_columns(pl.col(spec.row_index).cast(pl.Int64))
        return frame
    except pl.exceptions.PolarsError as err:
        raise spec.read_error(err, fmt) from None


# --------------------------------------------------------------------------- pandas


def _read_pandas(spec: _Spec, fmt: FileFormat) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError as err:
        raise _missing("pandas") from err
    name = str(spec.file)
    frame: pd.DataFrame
    try:
        if fmt == "csv":
            header = pd.read_csv(name, sep=spec.separator, nrows=0).columns.tolist()
            strings, stamps = spec.check_columns([str(c) for c in header], fmt)
            frame = pd.read_csv(name, sep=spec.separator, dtype=dict.fromkeys(strings + stamps, str))
        else:
            if importlib.util.find_spec("pyarrow") is None:
                raise _missing("pyarrow")
            frame = pd.read_parquet(name)
            strings, stamps = spec.check_columns([str(c) for c in frame.columns], fmt)
    except JourneyKitError:
        raise
    except (ValueError, OSError) as err:  # pandas' ParserError is a ValueError
        raise spec.read_error(err, fmt) from None
    frame = frame.reset_index(drop=True)
    for column in stamps:
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            frame[column] = values.dt.tz_convert("UTC")
            continue
        if pd.api.types.is_datetime64_dtype(values.dtype):
            frame[column] = values.dt.tz_localize("UTC")
            continue
        if not (pd.api.types.is_string_dtype(values.dtype) or values.isna().all()):
            raise SchemaError(
                f"column {column!r} holds {values.dtype} values, not timestamps; name the right column "
                "with timestamp= (or timestamps=)",
                file=spec.display,
                line=1 if fmt == "csv" else None,
            )
        text = values.astype("string").str.strip()
        try:
            frame[column] = _utc(text)
        except (ValueError, TypeError, OverflowError):
            parsed = _utc(text, errors="coerce")
            row = int((parsed.isna() & text.notna()).to_numpy().nonzero()[0][0])
            raise spec.bad_timestamp(row, column, values.iloc[row], fmt) from None
    for column in strings:
        if not pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].astype("string").astype(str).where(frame[column].notna())
    if spec.row_index is not None:
        frame.insert(0, spec.row_index, range(len(frame)))
        frame[spec.row_index] = frame[spec.row_index].astype("int64")
    return frame


# --------------------------------------------------------------------------- shared


#: The end of an ISO 8601 time that carries its offset: Z, +02, +0200 or +02:00.
_OFFSET = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"


def _utc(text: pd.Series, errors: Literal["raise", "coerce"] = "raise") -> pd.Series:
    """ISO 8601 text as UTC times: those with an offset converted, those without taken as UTC.

    Parsed in two groups because pandas 2, given a column that mixes both,
    applies the first offset it meets to the times that have none.
    """
    import pandas as pd

    aware = text.str.contains(_OFFSET, regex=True, na=False)
    parsed: pd.Series = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    for rows in (aware, ~aware):
        if rows.any():
            times = pd.to_datetime(text[rows], utc=True, format="ISO8601", errors=errors)
            parsed[rows] = times.dt.as_unit("us")
    return parsed


def _missing(module: str) -> ImportError:
    """The error for an optional dependency that is not installed."""
    return MissingDependencyError(f"reading event logs needs {module}; install it with: {_INSTALL}")
