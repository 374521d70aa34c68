"""Reading an event log into a DuckDB relation."""

from __future__ import annotations

import csv
import threading
from typing import TYPE_CHECKING

from journeykit.analytics._duckdb_errors import configure, translated
from journeykit.analytics._read_spec import (
    _OFFSET,
    _ZONE_TAIL,
    _ZONED,
    FileFormat,
    _missing,
    _Spec,
    _unknown_zones,
)
from journeykit.exceptions import ParseError, SchemaError

if TYPE_CHECKING:
    import duckdb

_connection_lock = threading.Lock()
_connection: duckdb.DuckDBPyConnection | None = None

_CSV_TYPES = ["BOOLEAN", "BIGINT", "DOUBLE", "VARCHAR"]

# The distinct zone names one scan collects per column: more than the tz database
# holds (about 600), so a log naming only real zones is never cut short.
_MAX_ZONES = 1000


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


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _default_connection() -> duckdb.DuckDBPyConnection:
    """journeykit's own in-memory DuckDB connection, made on first use, with TimeZone UTC
    and the memory settings of the environment (see ``_duckdb_errors``)."""
    global _connection
    try:
        import duckdb
    except ImportError as err:
        raise _missing("duckdb") from err
    with _connection_lock:
        if _connection is None:
            con = duckdb.connect(":memory:")
            con.execute("SET TimeZone = 'UTC'")
            _connection = configure(con)
        return _connection


def _is_text(duck_type: str) -> bool:
    return duck_type in ("VARCHAR", "NULL") or duck_type.startswith("VARCHAR")


def _text(column: str) -> str:
    """The text of ``column``, trimmed; NULL where it is blank, which every engine reads as missing."""
    return f"NULLIF(trim(CAST({_quote(column)} AS VARCHAR)), '')"


def _zoned(text: str, *, strict: bool) -> str:
    """Text with a named zone as TIMESTAMPTZ: the time on that zone's clocks.

    ICU's ``timezone(zone, local)`` reads a time the clocks show twice (when
    they go back) as the later instant. journeykit reads it as Python's
    zoneinfo does, with the offset in force before the change: the earlier
    instant; and a time the clocks skip (when they go forward) also with the
    offset before the skip, which is ICU's reading too. ``before`` is the
    local time a day earlier, read on the zone's clocks and moved on by 24
    hours: the local time with the offset of before any change that day.
    Where it shows the same local time, it is the answer.
    """
    cast = "CAST" if strict else "TRY_CAST"
    local = f"{cast}(regexp_extract({text}, '{_ZONED}', 1) AS TIMESTAMP)"
    zone = f"regexp_extract({text}, '{_ZONED}', 2)"
    day = "INTERVAL 1 DAY"
    before = f"timezone('UTC', timezone('UTC', timezone({zone}, {local} - {day})) + {day})"
    return f"CASE WHEN timezone({zone}, {before}) = {local} THEN {before} ELSE timezone({zone}, {local}) END"


def _duckdb_timestamp(column: str, duck_type: str, *, strict: bool, zones: bool = True) -> str:
    """A DuckDB expression turning ``column`` of ``duck_type`` into TIMESTAMPTZ in UTC, or None.

    Text is read one of three ways: with an offset, converted to UTC; with a
    time zone named after it, on that zone's clocks (only zones checked
    beforehand may reach this; ``zones=False`` reads the local time alone, to
    check it without the zone); with neither, taken to be UTC.
    """
    col = _quote(column)
    cast = "CAST" if strict else "TRY_CAST"
    if _is_text(duck_type):
        text = _text(column)
        if zones:
            zoned = _zoned(text, strict=strict)
        else:
            zoned = (
                f"timezone('UTC', TRY_CAST(NULLIF(regexp_extract({text}, '{_ZONED}', 1), '') AS TIMESTAMP))"
            )
        return (
            f"CASE WHEN regexp_matches({text}, '{_OFFSET}') THEN {cast}({text} AS TIMESTAMPTZ) "
            f"WHEN regexp_matches({text}, '{_ZONE_TAIL}') THEN {zoned} "
            f"ELSE timezone('UTC', {cast}({text} AS TIMESTAMP)) END"
        )
    if duck_type == "TIMESTAMP WITH TIME ZONE":
        return col
    # TIMESTAMP, TIMESTAMP_S/_MS/_NS and DATE: a time without a zone, taken to be UTC.
    return f"timezone('UTC', CAST({col} AS TIMESTAMP))"


def _zone_of(column: str) -> str:
    """A DuckDB expression: the time zone named after the time, or NULL."""
    text = _text(column)
    return (
        f"CASE WHEN NOT regexp_matches({text}, '{_OFFSET}') AND regexp_matches({text}, '{_ZONE_TAIL}') "
        f"THEN NULLIF(regexp_extract({text}, '{_ZONED}', 2), '') END"
    )


def _check_timestamps(
    con: duckdb.DuckDBPyConnection,
    spec: _Spec,
    raw: duckdb.DuckDBPyRelation,
    types: dict[str, str],
    stamps: list[str],
    fmt: FileFormat,
) -> None:
    """One scan of the file: every timestamp readable, every zone named known, not all of them empty."""
    aggregates = ["count(*)"]
    unreadable: dict[str, str] = {}
    for c in stamps:
        text = _is_text(types[c])
        test = _duckdb_timestamp(c, types[c], strict=False, zones=False)
        unreadable[c] = f"({_text(c)} IS NOT NULL AND ({test}) IS NULL)" if text else "false"
        aggregates += [
            f"count({_text(c) if text else _quote(c)})",
            f"count(*) FILTER (WHERE {unreadable[c]})",
            f"list_slice(list(DISTINCT {_zone_of(c)}), 1, {_MAX_ZONES})" if text else "[]",
        ]
    found = raw.aggregate(", ".join(aggregates)).fetchall()[0]
    for i, column in enumerate(stamps):
        filled, bad, zones = found[1 + 3 * i : 4 + 3 * i]
        spec.check_filled(column, int(found[0]), int(filled), fmt)
        if bad:
            row, value = _first(raw, unreadable[column], column)
            raise spec.bad_timestamp(row, column, value, fmt)
        zones = sorted(z for z in zones or [] if z is not None)
        unknown, reason = _unknown_zones(zones), ""
        if not unknown:
            unknown, reason = _unconvertible(con, zones)
        if unknown:
            known = ", ".join(_sql_text(z) for z in zones if z not in unknown)
            condition = f"({_zone_of(column)}) IS NOT NULL"
            if known:
                condition += f" AND ({_zone_of(column)}) NOT IN ({known})"
            row, value = _first(raw, condition, column)
            zone = next((z for z in unknown if str(value).rstrip().endswith(z)), unknown[0])
            raise spec.bad_zone(row, column, value, zone, fmt, reason)


def _unconvertible(con: duckdb.DuckDBPyConnection, zones: list[str]) -> tuple[list[str], str]:
    """The first of ``zones`` DuckDB cannot convert (its ICU extension lacks it, or is missing), and why."""
    import duckdb

    for zone in zones:
        try:
            con.execute(f"SELECT timezone({_sql_text(zone)}, TIMESTAMP '2000-01-01')").fetchall()
        except duckdb.Error as err:
            why = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            return [zone], (
                f"which DuckDB cannot convert here ({why[:120]}); read the file with engine='polars' "
                "or engine='pandas'"
            )
    return [], ""


def _first(raw: duckdb.DuckDBPyRelation, condition: str, column: str) -> tuple[int, object]:
    """The 0-based row of the first row meeting ``condition``, and its value of ``column``."""
    found = (
        raw.project(f"row_number() OVER () - 1 AS __n, {_quote(column)} AS __v, ({condition}) AS __bad")
        .filter("__bad")
        .order("__n")
        .limit(1)
        .fetchall()[0]
    )
    return int(found[0]), found[1]


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
        _check_timestamps(con, spec, raw, types, stamps, fmt)
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
    except (duckdb.Error, RuntimeError) as err:
        # a Ctrl-C or running out of memory is no fault of the file
        instead = translated(err, file=spec.display)
        if instead is not None:
            raise instead from None
        if not isinstance(err, duckdb.Error):
            raise
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
