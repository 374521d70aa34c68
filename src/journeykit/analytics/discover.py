"""The observed journey: what customers actually did, discovered from an event log.

``discover`` reads an event table (one row per event: case, activity,
timestamp) and returns an ``ObservedJourney``: the directly-follows graph
with counts and durations, the start and end activities and the variants;
with ``segment="persona"``, one of each per persona, from the same queries.
It runs where the data is (see ``journeykit.analytics._events``): DuckDB for
pandas and Arrow input, Polars for Polars, Spark for Spark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import narwhals as nw

from journeykit._args import program_of
from journeykit.analytics import _discover_duckdb, _discover_polars
from journeykit.analytics._arguments import check_events, require_analytics, with_engine_errors
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
from journeykit.analytics._personas import (
    SEGMENT,
    PersonaSegment,
    case_segments,
    check_program,
    check_split,
    unknown_personas,
)

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["EDGE_COLUMNS", "ObservedJourney", "discover"]

_SOURCE = "__jk_source"
_SOURCE_MICROS = "__jk_source_us"
_DURATION = "__jk_seconds"
_VARIANT = "__jk_variant"


@with_engine_errors
def discover(
    events: Any,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    start_timestamp: str | None = None,
    stage: str | None = None,
    persona: str | None = None,
    segment: PersonaSegment | None = None,
    program: Program | None = None,
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
        timestamps. The order of events stays (timestamp, original row). Where
        the start is missing the wait is unknown: the edge still counts, its
        durations are those of the known waits (NaN when none is known).
    stage
        A column with the stage of each event; ``to_journey`` then groups the
        steps into stages (each activity in its most frequent stage).
    persona
        A column with each event's persona, for ``segment`` and ``program``.
    segment
        ``"persona"``: one observed journey per persona, in the same frames
        with a leading ``segment`` column, and ``.segments`` with the cases
        and events of each; ``.for_segment(value)`` is one persona's as a
        plain ``ObservedJourney``. A case belongs to the persona of its first
        event (in case order) that has one, and to ``None`` when no event of
        it has one. Values are compared as text. As in ``funnel``.
    program
        The programme whose persona ids the ``persona`` column should hold:
        values that are none of them are counted (cases and events) into
        ``.unknown_personas``, with the closest id, and an
        ``UnknownPersonaWarning`` names them. Nothing is checked without a
        ``persona`` column.

    Returns
    -------
    ObservedJourney
        ``.edges``, ``.starts``, ``.ends``, ``.variants`` (pandas DataFrames)
        and ``.cases``; ``.to_journey()`` and ``.to_dot()``. Also
        ``.segments`` and ``.unknown_personas``; split by persona,
        ``.for_segment(value)``.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing (the message lists the columns there are),
        or ``timestamp`` does not hold datetimes.
    ValueError
        ``segment`` is not ``"persona"`` (only ``funnel`` splits by channel),
        or is given without ``persona``.
    TypeError
        ``program`` is not a ``journeykit.Program``.

    Warns
    -----
    journeykit.UnknownPersonaWarning
        With ``program``: the ``persona`` column holds values that are no
        persona id of the programme.

    Notes
    -----
    One scan counts the activities; the engine then works on them as a
    categorical (small integer codes; not on Spark). In DuckDB (pandas,
    PyArrow and DuckDB input) one pass serves the edges and the variants: a
    hash aggregation gathers each case's events into a list of integer keys
    that pack (timestamp, row, activity code), each list is sorted on its
    own, and the lists give both the variants and, pair by pair, the edges
    with their durations; there is no global sort, so the time is O(n log k)
    for n events in cases of at most k. In Polars one sort of the events by
    (case, timestamp, row), O(n log n), serves both: each event next to the
    one before it gives the edges, each case's list of activities the
    variants. In Spark one pass of window functions (``lag`` over each case)
    gives the edges and one ordered list aggregation per case the variants:
    two sorts. The variants come back as Arrow arrays of codes. Start and
    end activities and the case count are read off the variants.

    Split by persona, the same queries group by the persona as well: one
    more window pass finds each case's persona, and a join on the case hands
    it to the edges and the variants. The variants come back in one Arrow
    table and are cut into personas in Python (one filter per persona over
    the distinct variants). The check against ``program`` is one group-by of
    the persona values.

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

    Split by persona, each persona's journey is there on its own:

    >>> log["who"] = ["new", "new", None, "old", "old"]
    >>> by_persona = discover(log, persona="who", segment="persona")
    >>> by_persona.segments
      segment  cases  events
    0     new      1       3
    1     old      1       2
    >>> by_persona.edges[["segment", "source", "target", "count"]]
      segment   source   target  count
    0     new  Sign up      Buy      1
    1     new    Visit  Sign up      1
    2     old    Visit      Buy      1
    >>> by_persona.for_segment("old").variants
            variant  count
    0  (Visit, Buy)      1
    """
    check_events(events, "discover")
    if program is not None:
        program_of(program, "discover")
    require_analytics(events)
    check_split(segment, persona)
    check_program(program)
    columns = EventColumns(
        case=case,
        activity=activity,
        timestamp=timestamp,
        start_timestamp=start_timestamp,
        stage=stage,
        persona=persona,
    )
    prepared = prepare(events, columns)
    unknown = unknown_personas(prepared, program)
    segments = case_segments(prepared.frame) if segment is not None else None
    activities, names, edges, variants = _queries(prepared, segments)
    stages = _stages(prepared, segments) if stage is not None else {}
    if segments is None:
        whole = ObservedJourney._build(
            edges.get(None, []),
            variants[None],
            names,
            _of(activities, None),
            _best_stages(stages.get(None, {})),
        )
        return replace(whole, unknown_personas=unknown)
    parts = {
        value: ObservedJourney._build(
            edges.get(value, []),
            variants[value] if value in variants else _no_variants(),
            names,
            _of(activities, value),
            _best_stages(stages.get(value, {})),
        )
        for value in {value for value, _ in activities}
    }
    overall: dict[tuple[str, str], int] = {}
    for counts in stages.values():
        for key, n in counts.items():
            overall[key] = overall.get(key, 0) + n
    return ObservedJourney._split(parts, _best_stages(overall), unknown)


# -- the queries -----------------------------------------------------------------
#
# Each query takes ``segments`` (case -> segment, or None). With segments, it
# joins them on the case and groups by the segment as well; its answer is
# keyed by the segment, ``None`` for the cases without one -- and for every
# case when there are no segments.


def _queries(
    events: Events, segments: nw.LazyFrame[Any] | None
) -> tuple[
    dict[tuple[str | None, str], int],
    list[str],
    dict[str | None, list[tuple[Any, ...]]],
    dict[str | None, Variants],
]:
    """The activity counts, the activity names (sorted: the codes are their
    positions), the edges and the variants. DuckDB and Polars have queries of
    their own (``_discover_duckdb``, ``_discover_polars``: one pass, or one
    sort, for the edges and the variants); Spark runs the Narwhals ones."""
    if events.engine == "duckdb":
        activities, span = _discover_duckdb.scan(events, segments)
        names = sorted({act for _, act in activities})
        if span is None:  # no events
            return activities, names, {}, _no_events(segments)
        edges, table = _discover_duckdb.query(_coded(events, names), names, span, segments)
        return activities, names, edges, _cut(table, segments is not None)
    activities = _activities(events, segments)
    names = sorted({act for _, act in activities})
    if not names:  # no events
        return activities, names, {}, _no_events(segments)
    coded = _coded(events, names)
    if events.engine == "polars":
        edges, table = _discover_polars.query(coded, names, segments)
        return activities, names, edges, _cut(table, segments is not None)
    return activities, names, _edges(coded, segments), _variants(coded, names, segments)


def _by_segment(
    frame: nw.LazyFrame[Any], segments: nw.LazyFrame[Any] | None
) -> tuple[nw.LazyFrame[Any], list[str]]:
    """The frame with ``SEGMENT`` joined on when there are segments, and the
    keys to group by before the query's own."""
    if segments is None:
        return frame, []
    return frame.join(segments, on=CASE, how="left"), [SEGMENT]


def _activities(events: Events, segments: nw.LazyFrame[Any] | None) -> dict[tuple[str | None, str], int]:
    """(segment, activity) -> number of events: one scan, and the names for the codes."""
    frame, keys = _by_segment(events.frame, segments)
    counts = frame.group_by(*keys, ACTIVITY).agg(nw.len().alias("n")).select(*keys, ACTIVITY, "n").collect()
    if not keys:
        return {(None, act): int(n) for act, n in counts.iter_rows()}
    return {(value, act): int(n) for value, act, n in counts.iter_rows()}


def _of(counts: dict[tuple[str | None, str], int], value: str | None) -> dict[str, int]:
    """The activity counts of one segment."""
    return {act: n for (segment, act), n in counts.items() if segment == value}


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


def _edges(events: Events, segments: nw.LazyFrame[Any] | None) -> dict[str | None, list[tuple[Any, ...]]]:
    """Segment -> (source, target, count, mean, median, min, max) of every
    directly-follows pair: Spark (DuckDB and Polars have queries of their own)."""
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
    pairs, keys = _by_segment(
        frame.filter(~nw.col(_SOURCE).is_null()).with_columns(micros.alias(_DURATION)), segments
    )
    result = (
        pairs.group_by(*keys, _SOURCE, ACTIVITY)
        .agg(
            nw.len().alias("count"),
            nw.col(_DURATION).count().alias("known"),
            nw.col(_DURATION).sum().alias("sum"),
            nw.col(_DURATION).median().alias("median"),
            nw.col(_DURATION).min().alias("min"),
            nw.col(_DURATION).max().alias("max"),
        )
        .select(*keys, _SOURCE, ACTIVITY, "count", "known", "sum", "median", "min", "max")
        .collect()
    )
    edges: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in result.iter_rows():
        edges.setdefault(row[0] if keys else None, []).append(_discover_duckdb.edge(*row[len(keys) :]))
    return edges


def _variants(
    events: Events, names: Sequence[str], segments: nw.LazyFrame[Any] | None
) -> dict[str | None, Variants]:
    """Segment -> every distinct activity sequence, as codes (positions in
    ``names``), with its number of cases: most frequent first, ties by their
    activities.

    Spark only (DuckDB and Polars have queries of their own). Narwhals has
    no ordered list aggregation, so the list of each case's activities is
    Spark's ``sort_array(collect_list(struct))``, its codes looked up in a
    map. Counting and ordering the lists is Narwhals again, and the result
    comes back as Arrow: lists of small integers, not Python objects. With
    segments, the table has the segment too, and is cut into segments
    (``_cut``).
    """
    from pyspark.sql import functions as F

    code = F.create_map(*[F.lit(value) for i, name in enumerate(names) for value in (name, i)])
    ordered = F.sort_array(F.collect_list(F.struct(TIME, ROW, ACTIVITY))).getField(ACTIVITY)
    per_case = events.native.groupBy(CASE).agg(F.transform(ordered, lambda act: code[act]).alias(_VARIANT))
    frame, keys = _by_segment(nw.from_native(per_case), segments)
    table = (
        frame.group_by(*keys, _VARIANT)
        .agg(nw.len().alias("n"))
        .sort("n", _VARIANT, descending=[True, False])
        .collect("pyarrow")
        .to_native()
    )
    return _cut(table, bool(keys))


def _cut(table: Any, segmented: bool) -> dict[str | None, Variants]:
    """The variants of each segment from an Arrow table of them, in order
    (a filter per segment keeps it)."""
    if not segmented:
        return {None: _arrays(table)}
    import pyarrow.compute as pc

    column = table.column(SEGMENT)
    found: dict[str | None, Variants] = {}
    for value in column.unique().to_pylist():
        mask = (
            pc.is_null(column) if value is None else pc.fill_null(pc.equal(column, value), fill_value=False)
        )
        found[value] = _arrays(table.filter(mask))
    return found


def _no_events(segments: nw.LazyFrame[Any] | None) -> dict[str | None, Variants]:
    """The variants of a log without events: none, and no segments."""
    return {None: _no_variants()} if segments is None else {}


def _no_variants() -> Variants:
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    return Variants(empty, empty, empty)


def _arrays(table: Any) -> Variants:
    """``Variants`` from an Arrow table of ``_VARIANT`` (lists of codes) and ``n``, in order."""
    import numpy as np
    import pyarrow.compute as pc

    lists = table.column(_VARIANT).combine_chunks()
    return Variants(
        codes=np.asarray(lists.flatten().to_numpy(zero_copy_only=False), dtype=np.int64),
        lengths=np.asarray(pc.list_value_length(lists).to_numpy(zero_copy_only=False), dtype=np.int64),
        counts=np.asarray(table.column("n").to_numpy(), dtype=np.int64),
    )


def _stages(
    events: Events, segments: nw.LazyFrame[Any] | None
) -> dict[str | None, dict[tuple[str, str], int]]:
    """Segment -> (activity, stage) -> number of events."""
    valued = events.frame.filter(~nw.col(STAGE).is_null()).with_columns(nw.col(STAGE).cast(nw.String))
    frame, keys = _by_segment(valued, segments)
    counts = (
        frame.group_by(*keys, ACTIVITY, STAGE)
        .agg(nw.len().alias("n"))
        .select(*keys, ACTIVITY, STAGE, "n")
        .collect()
    )
    found: dict[str | None, dict[tuple[str, str], int]] = {}
    for row in counts.iter_rows():
        value = row[0] if keys else None
        act, stage, n = row[len(keys) :]
        found.setdefault(value, {})[(act, stage)] = int(n)
    return found


def _best_stages(counts: dict[tuple[str, str], int]) -> dict[str, str]:
    """Each activity's most frequent stage (ties: the first stage name)."""
    best: dict[str, tuple[int, str]] = {}
    for (act, stage), n in counts.items():
        if act not in best or (-n, stage) < (-best[act][0], best[act][1]):
            best[act] = (n, stage)
    return {act: stage for act, (_, stage) in best.items()}
