"""How ``behaviour`` builds the user x activity matrix: checks, engine dispatch, the queries."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from journeykit.exceptions import EventLogError, MissingDependencyError

try:
    import narwhals as nw
except ImportError as err:  # pragma: no cover - narwhals is in the dev set
    raise MissingDependencyError(
        "journeykit.personas.behaviour needs narwhals; install it with: pip install 'journeykit[personas]'"
    ) from err

# after the check above, which names this extra: the analytics package needs narwhals too
from journeykit.analytics._database import private_connection
from journeykit.analytics._duckdb_errors import with_engine_errors

__all__ = ["build"]

# The library's own names while the matrix is computed. They cannot clash with
# the caller's: only the columns named by the options are kept, renamed, and
# the activities become columns only at the end, under their own names.
_USER = "__jk_user"
_ACTIVITY = "__jk_activity"
_WEIGHT = "__jk_weight"
_EVENTS = "__jk_events"  # the prepared events, as DuckDB SQL names them

Engine = Literal["duckdb", "polars", "spark"]

#: Shown at most in an error that lists the columns a table has.
_MAX_LISTED = 40


@with_engine_errors
def build(events: Any, *, user: str, activity: str, weight: str | None, max_activities: int) -> Any:
    """The matrix of ``behaviour`` (see there), in the kind of table ``events`` is."""
    frame = _from_native(events)
    _check_columns(frame.collect_schema(), user=user, activity=activity, weight=weight)
    needed = [user, activity] if weight is None else [user, activity, weight]
    engine, lazy, connection = _in_engine(frame, needed)
    compute = partial(
        _matrix, engine, lazy, user=user, activity=activity, weight=weight, limit=max_activities
    )
    if connection is None:  # Polars: computed; a DuckDB relation or Spark DataFrame: the same, lazy
        return compute()
    try:  # pandas or PyArrow: computed in DuckDB and fetched once, as Arrow
        table = compute().to_arrow_table()
    finally:
        connection.close()
    if frame.implementation.is_pyarrow():
        return table
    return nw.from_arrow(table, backend=frame.implementation).to_native()


def _matrix(
    engine: Engine, lazy: nw.LazyFrame[Any], *, user: str, activity: str, weight: str | None, limit: int
) -> Any:
    """The matrix as the engine's own table: the steps every engine shares, on Narwhals, then its own."""
    columns = [nw.col(user).alias(_USER), nw.col(activity).cast(nw.String).alias(_ACTIVITY)]
    if weight is not None:
        # NaN is a missing value to pandas, whose NaN reaches the engine as
        # null; Polars and Spark keep it, and one would make a whole sum NaN.
        columns.append(nw.col(weight).cast(nw.Float64).fill_nan(0.0).fill_null(0.0).alias(_WEIGHT))
    prepared = lazy.select(*columns).filter(~nw.col(_USER).is_null(), ~nw.col(_ACTIVITY).is_null())
    names = _activities(prepared, user=user, activity=activity, limit=limit)
    build = {"duckdb": _duckdb_matrix, "polars": _polars_matrix, "spark": _spark_matrix}[engine]
    return build(prepared.to_native(), names, user=user, weighted=weight is not None)


# -- checks ----------------------------------------------------------------------


def _from_native(events: Any) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    try:
        frame: nw.DataFrame[Any] | nw.LazyFrame[Any] = nw.from_native(events)
    except TypeError as err:
        raise TypeError(
            f"events must be a pandas, Polars or PyArrow table, a DuckDB relation or a Spark "
            f"DataFrame, not {type(events).__name__}"
        ) from err
    return frame


def _check_columns(schema: nw.Schema, *, user: str, activity: str, weight: str | None) -> None:
    present = tuple(schema.names())
    named = {"user": user, "activity": activity}
    if weight is not None:
        named["weight"] = weight
    for option, column in named.items():
        if column not in present:
            shown = ", ".join(repr(c) for c in present[:_MAX_LISTED])
            more = f", ... ({len(present)} in all)" if len(present) > _MAX_LISTED else ""
            raise EventLogError(
                f"the event table has no column {column!r} ({option}=); "
                f"its columns are: {shown or '(none)'}{more}",
                column=column,
                columns=present,
            )
    if weight is not None and not schema[weight].is_numeric():
        raise EventLogError(
            f"column {weight!r} (weight=) holds {schema[weight]}, not numbers; cast it first, "
            "or leave weight= out to count events",
            column=weight,
            columns=present,
        )


def _activities(prepared: nw.LazyFrame[Any], *, user: str, activity: str, limit: int) -> list[str]:
    """The distinct activities, sorted; refused past ``limit`` or when one cannot name a column."""
    found = prepared.select(_ACTIVITY).unique().head(limit + 1).collect()
    names = sorted(found.get_column(_ACTIVITY).to_list())
    if len(names) > limit:
        raise EventLogError(
            f"column {activity!r} (activity=) has more than {limit:,} distinct activities, and each "
            "would be a column; group them first (pages into sections, events into kinds), or pass "
            "a larger max_activities=",
            column=activity,
        )
    # DuckDB and Spark look column names up without regard to case (DuckDB
    # renames the second of two such columns): refused on every engine, so
    # that every engine gives the same table.
    seen: dict[str, str] = {}
    for name in names:
        if name == "":
            raise EventLogError(
                f"column {activity!r} (activity=) holds the empty text, which cannot name a column "
                "in every engine; replace it with a name, or with null to leave those events out",
                column=activity,
            )
        if name.lower() == user.lower():
            raise EventLogError(
                f"activity {name!r} would be a column named like the user column {user!r} (DuckDB "
                "and Spark compare column names without regard to case); rename the user column first",
                column=activity,
            )
        first = seen.setdefault(name.lower(), name)
        if first != name:
            raise EventLogError(
                f"activities {first!r} and {name!r} differ only in case, and DuckDB and Spark compare "
                "column names without regard to case; lower-case the activities first, or map one "
                "onto the other",
                column=activity,
            )
    return names


# -- the matrix, in each engine's own terms -----------------------------------------
#
# Narwhals could say "one conditional count per activity, grouped by user" once
# for every engine, but it builds each expression at about a millisecond, and
# DuckDB's relation API then checks each one against every column: a
# 1,000-activity matrix took seconds to plan before any row was read. So the
# last step is written per engine: DuckDB's PIVOT with the activities listed
# (DuckDB then needs no scan of its own to find them), and conditional
# aggregations in Polars and Spark, which measured faster there than their
# pivots.


def _duckdb_matrix(relation: Any, names: list[str], *, user: str, weighted: bool) -> Any:
    q = _sql_name
    if not names:  # no events; DuckDB has no empty PIVOT
        return relation.aggregate(f"{_USER} AS {q(user)}", _USER).order(q(user))
    # PIVOT names its output after the grouping column and the activities: the
    # grouping column gets a name no activity has, and the user's name after.
    group = _USER
    while group.lower() in {name.lower() for name in names}:
        group += "_"
    using = f"COALESCE(sum({_WEIGHT}), 0.0)" if weighted else "count(*)"
    pivot = (
        f"PIVOT (SELECT {_USER} AS {q(group)}, {_ACTIVITY}{f', {_WEIGHT}' if weighted else ''} "
        f"FROM {_EVENTS}) ON {_ACTIVITY} IN ({', '.join(_sql_text(name) for name in names)}) "
        f"USING {using} GROUP BY {q(group)}"
    )
    return relation.query(
        _EVENTS, f"SELECT {q(group)} AS {q(user)}, * EXCLUDE ({q(group)}) FROM ({pivot}) ORDER BY 1"
    )


def _polars_matrix(lazy: Any, names: list[str], *, user: str, weighted: bool) -> Any:
    import polars as pl

    hits = [pl.col(_ACTIVITY) == name for name in names]
    if weighted:
        cells = [pl.col(_WEIGHT).filter(hit).sum() for hit in hits]
    else:
        cells = [hit.sum().cast(pl.Int64) for hit in hits]
    # Aggregated under the library's names, renamed in the last step: an
    # activity may be called like one of them.
    grouped = lazy.group_by(_USER).agg(*(cell.alias(f"__jk_{i}") for i, cell in enumerate(cells)))
    renamed = [pl.col(_USER).alias(user), *(pl.col(f"__jk_{i}").alias(name) for i, name in enumerate(names))]
    return grouped.sort(_USER).select(renamed).collect()


def _spark_matrix(frame: Any, names: list[str], *, user: str, weighted: bool) -> Any:
    from pyspark.sql import functions as F

    hits = [F.col(_ACTIVITY) == F.lit(name) for name in names]
    if weighted:
        cells = [F.coalesce(F.sum(F.when(hit, F.col(_WEIGHT))), F.lit(0.0)) for hit in hits]
    else:
        cells = [F.count(F.when(hit, F.lit(1))) for hit in hits]
    if cells:
        grouped = frame.groupBy(_USER).agg(*(cell.alias(f"__jk_{i}") for i, cell in enumerate(cells)))
    else:
        grouped = frame.select(_USER).distinct()
    # Sorted before the renaming, by the library's name: Spark would read dots
    # in the user column's name as field access.
    renamed = [F.col(_USER).alias(user), *(F.col(f"__jk_{i}").alias(name) for i, name in enumerate(names))]
    return grouped.orderBy(_USER).select(*renamed)


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# -- engines ---------------------------------------------------------------------


def _in_engine(
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any], needed: list[str]
) -> tuple[Engine, nw.LazyFrame[Any], Any]:
    """The engine, the table as a lazy frame on it, and the private DuckDB
    connection that pandas and PyArrow input is handed to (``None`` for others)."""
    impl = frame.implementation
    if impl.is_polars():
        return "polars", nw.from_native(frame.to_native().lazy()), None
    if impl.is_duckdb():
        return "duckdb", frame.lazy(), None
    if impl.is_pyspark() or impl.is_pyspark_connect():
        return "spark", frame.lazy(), None
    if isinstance(frame, nw.LazyFrame):
        raise TypeError(
            f"events on {impl} are not supported; pass a pandas, Polars or PyArrow table, "
            "a DuckDB relation or a Spark DataFrame"
        )
    # Only the needed columns, as Arrow, on a connection of the library's own, so
    # that the caller's default DuckDB connection is left alone.
    connection = _cursor(impl)
    table = frame.select(list(dict.fromkeys(needed))).to_arrow()
    return "duckdb", nw.from_native(connection.from_arrow(table)), connection


def _cursor(impl: nw.Implementation) -> Any:
    """A connection to the library's own in-memory DuckDB database."""
    try:
        import duckdb  # noqa: F401 - checked on every call; the database is opened once
    except ImportError as err:
        raise MissingDependencyError(
            f"behaviour runs {impl} tables in DuckDB, which is not installed; install it with: "
            "pip install 'journeykit[analytics]' (or pass a Polars frame)"
        ) from err
    return private_connection()
