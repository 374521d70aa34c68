"""The observed journey: what customers actually did, discovered from an event log.

``discover`` reads an event table (one row per event: case, activity,
timestamp) and returns an ``ObservedJourney``: the directly-follows graph
with counts and durations, the start and end activities and the variants.
It runs where the data is (see ``journeykit.analytics._events``): DuckDB for
pandas and Arrow input, Polars for Polars, Spark for Spark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import narwhals as nw

from journeykit.analytics._events import (
    ACTIVITY,
    CASE,
    MICROS,
    ROW,
    STAGE,
    START_MICROS,
    TIME,
    EventColumns,
    Events,
    prepare,
)
from journeykit.analytics._observed import EDGE_COLUMNS, ObservedJourney, Variants

__all__ = ["EDGE_COLUMNS", "ObservedJourney", "discover"]

_SOURCE = "__jk_source"
_SOURCE_MICROS = "__jk_source_us"
_DURATION = "__jk_seconds"
_VARIANT = "__jk_variant"


def discover(
    events: Any,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    start_timestamp: str | None = None,
    stage: str | None = None,
) -> ObservedJourney:
    """The journey customers actually took: directly-follows graph, durations, variants.

    Inside each case, events are ordered by (timestamp, original row): events
    sharing a timestamp keep the order they have in the table. The table need
    not be sorted and is not changed. Events whose case, activity or
    timestamp is null are left out.

    Parameters
    ----------
    events
        The event table: pandas or PyArrow (run through DuckDB), Polars eager
        or lazy (run in Polars), a DuckDB relation, or a PySpark DataFrame (run
        in Spark; only the results reach the driver).
    case, activity, timestamp
        Column names; the defaults are the XES names. ``timestamp`` must hold
        datetimes (time-zone aware or not).
    start_timestamp
        A column with the time each activity started. When given, the duration
        of an edge ``a -> b`` is the wait from the end of ``a`` to the start of
        ``b`` (zero when they overlap); otherwise it is the time between the two
        timestamps. The order of events stays (timestamp, original row).
    stage
        A column with the stage of each event; ``to_journey`` then groups the
        steps into stages (each activity in its most frequent stage).

    Returns
    -------
    ObservedJourney
        ``.edges``, ``.starts``, ``.ends``, ``.variants`` (pandas DataFrames)
        and ``.cases``; ``.to_journey()`` and ``.to_dot()``.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing (the message lists the columns there are),
        or ``timestamp`` does not hold datetimes.

    Notes
    -----
    One scan counts the activities; the engine then works on them as a
    categorical (small integer codes; not on Spark). One pass of window
    functions (``lag`` over each case) gives the edges and their durations,
    one ordered list aggregation per case the variants, which come back as
    Arrow arrays of codes; both run in the engine, so the time is that of two
    sorts of the events by (case, timestamp, row): O(n log n) for n events.
    Start and end activities and the case count are read off the variants.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2"],
    ...     "concept:name": ["Visit", "Sign up", "Buy", "Visit", "Buy"],
    ...     "time:timestamp": pd.to_datetime(
    ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 10:05",
    ...          "2024-01-03 09:00", "2024-01-03 09:01"]),
    ... })
    >>> observed = discover(log)
    >>> observed.cases
    2
    >>> observed.edges[["source", "target", "count", "median"]]
          source   target  count   median
    0    Sign up      Buy      1  86400.0
    1      Visit      Buy      1     60.0
    2      Visit  Sign up      1    300.0
    >>> observed.variants
                      variant  count
    0            (Visit, Buy)      1
    1  (Visit, Sign up, Buy)      1
    >>> [step.name for step in observed.to_journey().steps]
    ['Visit', 'Buy', 'Sign up']
    """
    columns = EventColumns(
        case=case, activity=activity, timestamp=timestamp, start_timestamp=start_timestamp, stage=stage
    )
    prepared = prepare(events, columns)
    activities = _activities(prepared)
    names = sorted(activities)
    coded = _coded(prepared, names)
    edges = _edges(coded)
    variants = _variants(coded, names)
    stages = _stages(prepared) if stage is not None else {}
    return ObservedJourney._build(edges, variants, names, activities, stages)


# -- the queries -----------------------------------------------------------------


def _activities(events: Events) -> dict[str, int]:
    """Activity -> number of events: one scan, and the names for the codes."""
    counts = events.frame.group_by(ACTIVITY).agg(nw.len().alias("n")).collect()
    return {act: int(n) for act, n in counts.iter_rows()}


def _coded(events: Events, names: Sequence[str]) -> Events:
    """The events with ``ACTIVITY`` as a categorical of ``names`` (in that
    order): the engine then sorts, groups and shuffles small integer codes
    instead of strings, and still hands strings back.

    Narwhals has an ``Enum`` dtype, but its DuckDB cast quotes the names the
    Python way, so the cast is written per engine. Spark has no categorical
    type; its frame stays as it is.
    """
    native = events.native
    if not names:  # no events: nothing to code, and DuckDB has no empty ENUM
        return events
    if events.engine == "duckdb":
        categories = ", ".join("'" + name.replace("'", "''") + "'" for name in names)
        exprs = [f"CAST({c} AS ENUM({categories})) AS {c}" if c == ACTIVITY else c for c in native.columns]
        coded = native.project(", ".join(exprs))
    elif events.engine == "polars":
        import polars as pl

        coded = native.with_columns(pl.col(ACTIVITY).cast(pl.Enum(names)))
    else:
        return events
    return replace(events, frame=nw.from_native(coded))


def _edges(events: Events) -> list[tuple[Any, ...]]:
    """(source, target, count, mean, median, min, max) of every directly-follows pair."""
    order = [TIME, ROW]
    frame = events.frame.with_columns(
        nw.col(ACTIVITY).shift(1).over(CASE, order_by=order).alias(_SOURCE),
        nw.col(MICROS).shift(1).over(CASE, order_by=order).alias(_SOURCE_MICROS),
    )
    end = START_MICROS if events.columns.start_timestamp is not None else MICROS
    # Whole microseconds, summed as integers: the mean is then worked out in
    # Python from an exact sum, so every engine gives the very same float.
    micros = nw.col(end) - nw.col(_SOURCE_MICROS)
    if events.columns.start_timestamp is not None:  # overlapping activities: no wait
        micros = nw.when(micros < 0).then(nw.lit(0)).otherwise(micros)
    result = (
        frame.filter(~nw.col(_SOURCE).is_null())
        .with_columns(micros.alias(_DURATION))
        .group_by(_SOURCE, ACTIVITY)
        .agg(
            nw.len().alias("count"),
            nw.col(_DURATION).sum().alias("sum"),
            nw.col(_DURATION).median().alias("median"),
            nw.col(_DURATION).min().alias("min"),
            nw.col(_DURATION).max().alias("max"),
        )
        .select(_SOURCE, ACTIVITY, "count", "sum", "median", "min", "max")
        .collect()
    )
    return [
        (
            source,
            target,
            count,
            int(total) / count / 1e6,
            float(median) / 1e6,
            int(low) / 1e6,
            int(high) / 1e6,
        )
        for source, target, count, total, median, low, high in result.iter_rows()
    ]


def _variants(events: Events, names: Sequence[str]) -> Variants:
    """Every distinct activity sequence, as codes (positions in ``names``),
    with its number of cases: most frequent first, ties by their activities.

    Narwhals has no ordered list aggregation, so the list of each case's
    activities is built in each engine's own dialect: DuckDB ``list(...
    ORDER BY ...)``, Polars ``sort_by`` inside ``agg``, Spark
    ``sort_array(collect_list(struct))``; DuckDB and Polars take the codes of
    the categorical ``_coded`` made, Spark looks them up in a map. Counting
    and ordering the lists is Narwhals again, and the result comes back as
    Arrow: lists of small integers, not Python objects.
    """
    import numpy as np

    if not names:  # no events
        empty = np.zeros(0, dtype=np.int64)
        return Variants(empty, empty, empty)
    native = events.native
    if events.engine == "duckdb":
        per_case = native.aggregate(f"list(enum_code({ACTIVITY}) ORDER BY {TIME}, {ROW}) AS {_VARIANT}", CASE)
    elif events.engine == "polars":
        import polars as pl

        per_case = native.group_by(CASE).agg(
            pl.col(ACTIVITY).to_physical().sort_by(TIME, ROW).alias(_VARIANT)
        )
    else:
        from pyspark.sql import functions as F

        code = F.create_map(*[F.lit(value) for i, name in enumerate(names) for value in (name, i)])
        ordered = F.sort_array(F.collect_list(F.struct(TIME, ROW, ACTIVITY))).getField(ACTIVITY)
        per_case = native.groupBy(CASE).agg(F.transform(ordered, lambda act: code[act]).alias(_VARIANT))
    table = (
        nw.from_native(per_case)
        .group_by(_VARIANT)
        .agg(nw.len().alias("n"))
        .sort("n", _VARIANT, descending=[True, False])
        .collect("pyarrow")
        .to_native()
    )
    import pyarrow.compute as pc

    lists = table.column(_VARIANT).combine_chunks()
    return Variants(
        codes=np.asarray(lists.flatten().to_numpy(zero_copy_only=False), dtype=np.int64),
        lengths=np.asarray(pc.list_value_length(lists).to_numpy(zero_copy_only=False), dtype=np.int64),
        counts=np.asarray(table.column("n").to_numpy(), dtype=np.int64),
    )


def _stages(events: Events) -> dict[str, str]:
    """Each activity's most frequent stage (ties: the first stage name)."""
    counts = (
        events.frame.filter(~nw.col(STAGE).is_null())
        .with_columns(nw.col(STAGE).cast(nw.String))
        .group_by(ACTIVITY, STAGE)
        .agg(nw.len().alias("n"))
        .collect()
    )
    best: dict[str, tuple[int, str]] = {}
    for act, stage, n in counts.iter_rows():
        if act not in best or (-n, stage) < (-best[act][0], best[act][1]):
            best[act] = (n, stage)
    return {act: stage for act, (_, stage) in best.items()}
