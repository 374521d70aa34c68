"""Reading an event log into a DuckDB relation."""

from __future__ import annotations

import csv
import threading
from typing import TYPE_CHECKING

from journeykit.analytics._read_spec import _OFFSET, FileFormat, _missing, _Spec
from journeykit.exceptions import ParseError, SchemaError

if TYPE_CHECKING:
    import duckdb

_connection_lock = threading.Lock()
_connection: duckdb.DuckDBPyConnection | None = None

_CSV_TYPES = ["BOOLEAN", "BIGINT", "DOUBLE", "VARCHAR"]


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
