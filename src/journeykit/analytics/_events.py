"""Event tables in, one Narwhals lazy frame out: column options and engine dispatch.

Every analytics function takes an event table -- pandas, Polars (eager or
lazy), PyArrow, a DuckDB relation or a PySpark DataFrame -- and the names of
its columns as keyword arguments. ``prepare`` checks the columns, picks the
engine and returns a lazy frame with the library's own column names, so the
analyses are written once, on the Narwhals lazy API:

===================================  ===========================================
input                                runs on
===================================  ===========================================
pandas, PyArrow (any eager frame)    DuckDB, the embedded default
Polars ``DataFrame`` / ``LazyFrame`` Polars
DuckDB relation                      DuckDB, on the relation's own connection
PySpark ``DataFrame``                Spark; only small results reach the driver
===================================  ===========================================

Order inside a case is (timestamp, original row), so events sharing a
timestamp keep the order they had in the table. The original row is a column
the dispatch adds (the caller's table is never changed):

- pandas and PyArrow: the row position, added to the Arrow table handed to DuckDB;
- Polars: ``with_row_index``;
- DuckDB relation: ``row_number() OVER ()``, numbered in scan order. DuckDB
  keeps insertion order (``preserve_insertion_order``, on by default), and a
  check over five million rows read from Parquet and from Arrow with eight
  threads numbered every row in scan order. Turn that setting off and ties
  may be broken differently;
- Spark: ``monotonically_increasing_id()``, which grows with the partition
  and the position inside it -- file order for a DataFrame read from files.
  After a shuffle (``repartition``, a join) the order of rows, and so the
  breaking of ties, is Spark's. Each result is computed in one query, so it
  is consistent in itself.

Events whose case, activity or timestamp is null are left out, as PM4Py's
``format_dataframe`` does; a table in memory whose timestamps are null on
every row is an ``EventLogError`` instead, as it cannot say anything.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

import narwhals as nw

from journeykit.analytics._database import private_connection
from journeykit.exceptions import EventLogError

__all__ = [
    "ACTIVITY",
    "CASE",
    "MICROS",
    "ROW",
    "STAGE",
    "START_MICROS",
    "TIME",
    "EventColumns",
    "EventLogError",
    "Events",
    "prepare",
]

# The library's own column names inside the prepared frame. They cannot clash
# with the caller's: only the columns named by the options are kept, renamed.
CASE = "__jk_case"
ACTIVITY = "__jk_activity"
TIME = "__jk_time"  # the timestamp as given, for ordering
MICROS = "__jk_us"  # the timestamp as microseconds since the epoch, for durations
START_MICROS = "__jk_start_us"
ROW = "__jk_row"  # the original row, the tie-breaker
STAGE = "__jk_stage"
PERSONA = "__jk_persona"
CHANNEL = "__jk_channel"

Engine = Literal["duckdb", "polars", "spark"]

#: Shown at most in an error that lists the columns a table has.
_MAX_LISTED = 40


@dataclass(frozen=True)
class EventColumns:
    """Which column of the event table plays which role.

    The defaults are the XES names, as PM4Py and the XES readers write them.

    Parameters
    ----------
    case
        Case id: one customer's journey (``case:concept:name``).
    activity
        What happened: the touchpoint or step (``concept:name``).
    timestamp
        When it happened, or ended (``time:timestamp``); a datetime column.
    start_timestamp
        When it started, for activities that take time (optional).
    stage, persona, channel
        Optional attributes of each event.

    Examples
    --------
    >>> EventColumns(case="session").required
    ('session', 'concept:name', 'time:timestamp')
    """

    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    start_timestamp: str | None = None
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None

    @property
    def required(self) -> tuple[str, str, str]:
        """The three columns every event table needs.

        Examples
        --------
        >>> EventColumns(timestamp="at").required
        ('case:concept:name', 'concept:name', 'at')
        """
        return (self.case, self.activity, self.timestamp)

    def named(self) -> dict[str, str]:
        """Option name -> column, for every option that names a column.

        Examples
        --------
        >>> EventColumns(case="session", persona="who").named()
        {'case': 'session', 'activity': 'concept:name', 'timestamp': 'time:timestamp', 'persona': 'who'}
        """
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True)
class Events:
    """A prepared event table: a Narwhals lazy frame with the columns ``CASE``,
    ``ACTIVITY`` (string), ``TIME``, ``MICROS``, ``ROW`` and, where their options
    are given, ``START_MICROS``, ``STAGE``, ``PERSONA``, ``CHANNEL``; no nulls in
    the first three.

    ``native`` is the same frame as the engine's own object (a DuckDB relation,
    a Polars ``LazyFrame`` or a Spark ``DataFrame``), for the few steps the
    Narwhals API cannot express. ``keep`` holds what must outlive the query
    (the DuckDB connection of converted input).
    """

    frame: nw.LazyFrame[Any]
    engine: Engine
    columns: EventColumns
    keep: object = None

    @property
    def native(self) -> Any:
        """The prepared frame as the engine's own object."""
        return self.frame.to_native()


def prepare(events: Any, columns: EventColumns) -> Events:
    """Check the columns of ``events`` and hand them to their engine.

    Raises
    ------
    EventLogError
        A column named by an option is missing, or ``timestamp`` (or
        ``start_timestamp``) does not hold datetimes.
    TypeError
        ``events`` is not a table journeykit can run on.
    """
    try:
        frame: nw.DataFrame[Any] | nw.LazyFrame[Any] = nw.from_native(events)
    except TypeError as err:
        raise TypeError(
            f"events must be a pandas, Polars or PyArrow table, a DuckDB relation or a Spark "
            f"DataFrame, not {type(events).__name__}"
        ) from err
    impl = frame.implementation
    schema = frame.collect_schema()
    _check_columns(schema, columns)
    _check_filled(frame, columns)
    if impl.is_pyspark() or impl.is_pyspark_connect():
        return _spark(frame.to_native(), columns)
    if impl.is_polars():
        native = frame.to_native()
        return _polars(native.lazy(), columns)
    if impl.is_duckdb():
        return _duckdb(frame.to_native(), columns, row=None)
    if isinstance(frame, nw.DataFrame):
        return _from_eager(frame, columns)
    raise TypeError(
        f"events on {impl} are not supported; pass a pandas, Polars or PyArrow table, "
        "a DuckDB relation or a Spark DataFrame"
    )


# -- checks ----------------------------------------------------------------------


def _check_columns(schema: nw.Schema, columns: EventColumns) -> None:
    present = tuple(schema.names())
    for option, column in columns.named().items():
        if column not in present:
            shown = ", ".join(repr(c) for c in present[:_MAX_LISTED])
            more = f", ... ({len(present)} in all)" if len(present) > _MAX_LISTED else ""
            raise EventLogError(
                f"the event table has no column {column!r} ({option}=); "
                f"its columns are: {shown or '(none)'}{more}",
                column=column,
                columns=present,
            )
    for option in ("timestamp", "start_timestamp"):
        column = getattr(columns, option)
        if column is not None and not isinstance(schema[column], nw.Datetime):
            raise EventLogError(
                f"column {column!r} ({option}=) holds {schema[column]}, not datetimes; parse it first, "
                "e.g. pandas.to_datetime(..., utc=True), polars' str.to_datetime() or "
                "journeykit.analytics.read_events",
                column=column,
                columns=present,
            )


def _check_filled(frame: nw.DataFrame[Any] | nw.LazyFrame[Any], columns: EventColumns) -> None:
    """An EventLogError for a table with rows whose timestamp column is empty on all of them.

    Left alone, every event would be dropped and the answer would be an empty
    journey, as if the log had no events. Only tables in memory are checked:
    counting is free there, while a lazy table (a DuckDB relation, a Polars
    LazyFrame, Spark) would be scanned once more; ``read_events`` checks the
    files it reads.
    """
    if not isinstance(frame, nw.DataFrame):
        return
    rows = len(frame)
    if rows and frame[columns.timestamp].null_count() == rows:
        every = "the one row" if rows == 1 else f"all {rows:,} rows"
        raise EventLogError(
            f"column {columns.timestamp!r} (timestamp=) has no timestamps: it is empty on {every}, so "
            "no event can be placed in time; fill it, or name the column that has them with timestamp=",
            column=columns.timestamp,
            columns=tuple(frame.columns),
        )


def _optional(columns: EventColumns) -> list[tuple[str, str]]:
    """(column, internal name) of the optional attributes that are given."""
    pairs = [(columns.stage, STAGE), (columns.persona, PERSONA), (columns.channel, CHANNEL)]
    return [(column, name) for column, name in pairs if column is not None]


def _finish(frame: nw.LazyFrame[Any], engine: Engine, columns: EventColumns, keep: object = None) -> Events:
    """The engine-independent part: drop incomplete events, activities as text."""
    frame = frame.filter(
        ~nw.col(CASE).is_null(), ~nw.col(ACTIVITY).is_null(), ~nw.col(TIME).is_null()
    ).with_columns(nw.col(ACTIVITY).cast(nw.String))
    return Events(frame=frame, engine=engine, columns=columns, keep=keep)


# -- engines ---------------------------------------------------------------------


def _from_eager(frame: nw.DataFrame[Any], columns: EventColumns) -> Events:
    """pandas, PyArrow and other eager frames: only the needed columns, plus the
    row position, as an Arrow table on a private DuckDB connection."""
    needed = list(dict.fromkeys(columns.named().values()))
    index = _fresh(needed)
    table = frame.select(needed).with_row_index(index).to_arrow()
    connection = private_connection()
    return _duckdb(connection.from_arrow(table), columns, row=index, keep=connection)


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _duckdb(relation: Any, columns: EventColumns, *, row: str | None, keep: object = None) -> Events:
    q = _sql_name
    ts = q(columns.timestamp)
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    row_expr = q(row) if row is not None else "row_number() OVER () - 1"
    exprs = [
        f"{q(columns.case)} AS {CASE}",
        f"{q(columns.activity)} AS {ACTIVITY}",
        f"{ts} AS {TIME}",
        f"epoch_us({_micro_ready(ts, types.get(columns.timestamp))}) AS {MICROS}",
        f"CAST({row_expr} AS BIGINT) AS {ROW}",
    ]
    if columns.start_timestamp is not None:
        start = _micro_ready(q(columns.start_timestamp), types.get(columns.start_timestamp))
        exprs.append(f"epoch_us({start}) AS {START_MICROS}")
    exprs += [f"{q(column)} AS {name}" for column, name in _optional(columns)]
    return _finish(nw.from_native(relation.project(", ".join(exprs))), "duckdb", columns, keep)


def _micro_ready(column: str, duck_type: str | None) -> str:
    """``column`` as a type ``epoch_us`` takes. DuckDB has no ``epoch_us`` for
    TIMESTAMPTZ_NS (what pandas' ``datetime64[ns, UTC]`` becomes through Arrow);
    the cast to TIMESTAMPTZ keeps the instant, to the microsecond ``epoch_us`` gives."""
    return f"CAST({column} AS TIMESTAMPTZ)" if duck_type == "TIMESTAMPTZ_NS" else column


def _polars(lazy: Any, columns: EventColumns) -> Events:
    import polars as pl

    # The row index goes under a name none of the caller's columns has; the
    # selection then keeps only what the analysis reads, under its own names.
    index = _fresh(lazy.collect_schema().names())
    exprs = [
        pl.col(columns.case).alias(CASE),
        pl.col(columns.activity).alias(ACTIVITY),
        pl.col(columns.timestamp).alias(TIME),
        pl.col(columns.timestamp).dt.epoch("us").alias(MICROS),
        pl.col(index).cast(pl.Int64).alias(ROW),
    ]
    if columns.start_timestamp is not None:
        exprs.append(pl.col(columns.start_timestamp).dt.epoch("us").alias(START_MICROS))
    exprs += [pl.col(column).alias(name) for column, name in _optional(columns)]
    prepared = lazy.with_row_index(index).select(exprs)
    return _finish(nw.from_native(prepared), "polars", columns)


def _fresh(taken: list[str]) -> str:
    name = ROW
    while name in taken:
        name += "_"
    return name


def _spark(frame: Any, columns: EventColumns) -> Events:
    from pyspark.sql import functions as F

    def col(name: str) -> Any:
        return F.col("`" + name.replace("`", "``") + "`")

    types = {field.name: field.dataType.typeName() for field in frame.schema.fields}

    def micros(name: str) -> Any:
        # A naive time (TIMESTAMP_NTZ) is UTC, as on every engine; a cast to TIMESTAMP would
        # read it in the session's time zone and lose or gain an hour across a clock change.
        if types.get(name) == "timestamp_ntz":
            return F.expr(
                f"timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', `{name.replace('`', '``')}`)"
            )
        return F.unix_micros(col(name).cast("timestamp"))

    exprs = [
        col(columns.case).alias(CASE),
        col(columns.activity).alias(ACTIVITY),
        col(columns.timestamp).alias(TIME),
        micros(columns.timestamp).alias(MICROS),
        F.monotonically_increasing_id().alias(ROW),
    ]
    if columns.start_timestamp is not None:
        exprs.append(micros(columns.start_timestamp).alias(START_MICROS))
    exprs += [col(column).alias(name) for column, name in _optional(columns)]
    return _finish(nw.from_native(frame.select(*exprs)), "spark", columns)
