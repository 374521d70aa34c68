"""``discover`` in Polars: one sort of the events serves the edges and the variants.

The Narwhals queries of ``discover`` (run on Spark) sort the events twice
by (case, timestamp, row): a window pass for the edges, an ordered list
aggregation for the variants. Here the events are sorted once, and both
read the sorted frame:

- the edges: each event next to the one before it (``shift``), kept where
  both are of the same case, grouped by the pair;
- the variants: a group-by on the case gathers the activity codes in their
  sorted order (Polars keeps the order of the rows within a group), and a
  second group-by counts the lists.

The sorted frame is collected before both read it: left lazy, the two plans
would each sort unless Polars found the common part, which it does not
promise. The results are identical to the DuckDB and Spark queries': same
order, same aggregates (``median`` of whole microseconds, an exact ``sum``).
"""

from __future__ import annotations

from typing import Any

import narwhals as nw

from journeykit.analytics._discover_duckdb import edge
from journeykit.analytics._events import ACTIVITY, CASE, MICROS, ROW, START_MICROS, TIME, Events
from journeykit.analytics._personas import SEGMENT

__all__ = ["query"]

_SOURCE = "__jk_source"
_TARGET = "__jk_target"
_DURATION = "__jk_us"
_VARIANT = "__jk_variant"


def query(
    coded: Events, names: list[str], segments: nw.LazyFrame[Any] | None
) -> tuple[dict[str | None, list[tuple[Any, ...]]], Any]:
    """Segment -> (source, target, count, mean, median, min, max) of every
    directly-follows pair, and the Arrow table of the variants (``__jk_variant``,
    lists of codes, and ``n``; ``__jk_segment`` first with segments), most
    frequent first, ties by their codes.

    ``coded`` has ``ACTIVITY`` as a Polars ``Enum`` of ``names``, so its
    codes are the positions in that list.
    """
    import polars as pl

    start = coded.columns.start_timestamp is not None
    columns = [CASE, ACTIVITY, TIME, MICROS, ROW, *([START_MICROS] if start else [])]
    frame = coded.native.select(columns)
    keys: list[str] = []
    if segments is not None:
        frame = frame.join(segments.to_native(), on=CASE, how="left")
        keys = [SEGMENT]
    # The timestamp and the row only order the events: once sorted, they are not kept.
    kept = [CASE, ACTIVITY, MICROS, *([START_MICROS] if start else []), *keys]
    ordered = frame.sort(CASE, TIME, ROW).select(kept).collect().lazy()

    code = pl.col(ACTIVITY).to_physical()
    # Whole microseconds, summed as integers: the mean is then worked out in
    # Python from an exact sum, so every engine gives the very same float.
    wait = pl.col(START_MICROS if start else MICROS) - pl.col(MICROS).shift(1)
    if start:  # overlapping activities: no wait
        wait = pl.when(wait < 0).then(0).otherwise(wait)
    edges = (
        ordered.with_columns(code.shift(1).alias(_SOURCE), code.alias(_TARGET), wait.alias(_DURATION))
        .filter(pl.col(CASE) == pl.col(CASE).shift(1))
        .group_by(*keys, _SOURCE, _TARGET)
        .agg(
            pl.len().alias("count"),
            pl.col(_DURATION).count().alias("known"),
            pl.col(_DURATION).sum().alias("sum"),
            pl.col(_DURATION).median().alias("median"),
            pl.col(_DURATION).min().alias("min"),
            pl.col(_DURATION).max().alias("max"),
        )
        .select(*keys, _SOURCE, _TARGET, "count", "known", "sum", "median", "min", "max")
    )
    per_case = ordered.group_by(CASE).agg(*[pl.col(key).first() for key in keys], code.alias(_VARIANT))
    variants = (
        per_case.group_by(*keys, _VARIANT)
        .agg(pl.len().alias("n"))
        .sort("n", _VARIANT, descending=[True, False])
        .select(*keys, _VARIANT, "n")
    )
    edge_rows, variant_rows = pl.collect_all([edges, variants])
    found: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in edge_rows.iter_rows():
        value = row[0] if keys else None
        source, target, *rest = row[len(keys) :]
        found.setdefault(value, []).append(edge(names[source], names[target], *rest))
    return found, variant_rows.to_arrow()
