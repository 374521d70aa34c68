"""``discover`` in DuckDB: one pass over the events gives both the edges and the variants.

The Narwhals queries of ``discover`` (run on Spark) sort the events twice
by (case, timestamp, row): a window pass for the edges, an ordered list
aggregation for the variants. In DuckDB both sorts are global and both
move the case ids (strings, mostly). Here there is no global sort:

1. one scan counts the activities and finds the range of the timestamps and
   of the original rows (``scan``);
2. a hash aggregation on the case gathers each case's events into one list of
   HUGEINT keys and sorts each (short) list on its own. A key packs, from the
   top bits down, the timestamp in microseconds (less the earliest), the
   sub-microsecond rest of a nanosecond timestamp, the row (less the first)
   and the activity code; sorting the keys sorts the events by (timestamp,
   row), and the code and the microseconds come back out with a mask and a
   shift. The lists are materialised once, in the same query, and serve
   both: the variants group the lists of codes, the edges unnest the pairs
   of neighbours (``query``).

Keys that would need more than 126 bits (never with real timestamps, rows
and activities) fall back to lists of structs of the same fields, sorted the
same way, which is slower but unbounded. With ``start_timestamp`` each key
travels in a struct with the start of its event.

The results are identical to the Polars and Spark queries': same order, same
aggregates (``median`` of whole microseconds, an exact ``sum``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import narwhals as nw

from journeykit.analytics._events import ACTIVITY, CASE, MICROS, ROW, START_MICROS, TIME, Events
from journeykit.analytics._personas import SEGMENT

__all__ = ["Span", "edge", "query", "scan"]

#: The widest packed key; HUGEINT has 127 bits besides the sign.
MAX_KEY_BITS = 126
#: Bits for the sub-microsecond rest of a nanosecond timestamp, shifted to 0..1998.
_NANO_BITS = 11
_VIEW = "__jk_events"
_VARIANT = "__jk_variant"


@dataclass(frozen=True)
class Span:
    """The range of the microseconds and of the original rows of the events,
    and the largest of 1 s, 1 ms and 1 us that divides every timestamp."""

    first_micros: int
    last_micros: int
    first_row: int
    last_row: int
    unit: int


def scan(
    events: Events, segments: nw.LazyFrame[Any] | None
) -> tuple[dict[tuple[str | None, str], int], Span | None]:
    """(segment, activity) -> number of events, and the span of the events
    (None when there are none): one scan."""
    keys = "" if segments is None else f"{SEGMENT}, "
    relation = _joined(events, segments)
    rows = relation.query(
        _VIEW,
        f"SELECT {keys}{ACTIVITY}, count(*), min({MICROS}), max({MICROS}), min({ROW}), max({ROW}), "
        f"bool_and({MICROS} % 1000000 = 0), bool_and({MICROS} % 1000 = 0) FROM {_VIEW} GROUP BY ALL",
    ).fetchall()
    if not rows:
        return {}, None
    counts = {((row[0] if keys else None), row[-8]): int(row[-7]) for row in rows}
    seconds, millis = all(row[-2] for row in rows), all(row[-1] for row in rows)
    span = Span(
        first_micros=min(int(row[-6]) for row in rows),
        last_micros=max(int(row[-5]) for row in rows),
        first_row=min(int(row[-4]) for row in rows),
        last_row=max(int(row[-3]) for row in rows),
        unit=1_000_000 if seconds else 1_000 if millis else 1,
    )
    return counts, span


def query(
    coded: Events, names: list[str], span: Span, segments: nw.LazyFrame[Any] | None
) -> tuple[dict[str | None, list[tuple[Any, ...]]], Any]:
    """Segment -> (source, target, count, mean, median, min, max) of every
    directly-follows pair, and the Arrow table of the variants (``__jk_variant``,
    lists of codes, and ``n``; ``__jk_segment`` first with segments), most
    frequent first, ties by their codes."""
    keys = "" if segments is None else f"{SEGMENT}, "
    element, code, micros = _element(coded, names, span)
    start = coded.columns.start_timestamp is not None
    if start:
        # The wait from the end of the source to the start of the target; none when they overlap.
        raw = f"b.s - ({micros('a')} + {span.first_micros})"
        duration = f"CASE WHEN {raw} < 0 THEN 0 ELSE {raw} END"
    else:
        duration = f"{micros('b')} - {micros('a')}"
    sql = f"""
        WITH per_case AS MATERIALIZED (
            SELECT {keys}list_sort(list({element})) AS l FROM {_VIEW} GROUP BY {keys}{CASE}
        ),
        variants AS (
            SELECT {keys}list_transform(l, {_lambda("x", code("x"))}) AS {_VARIANT}, count(*) AS n
            FROM per_case GROUP BY ALL
        ),
        pairs AS (
            SELECT {keys}unnest(list_slice(l, 1, len(l) - 1)) AS a, unnest(list_slice(l, 2, len(l))) AS b
            FROM per_case
        ),
        edges AS (
            SELECT {keys}source, target, count(*) AS "count", count(d) AS known, sum(d) AS total,
                median(d) AS median,
                min(d) AS low, max(d) AS high
            FROM (SELECT {keys}{code("a")} AS source, {code("b")} AS target,
                         CAST({duration} AS BIGINT) AS d FROM pairs)
            GROUP BY ALL
        )
        SELECT * FROM variants UNION ALL BY NAME SELECT * FROM edges
        ORDER BY n DESC NULLS LAST, {_VARIANT}
    """
    table = nw.from_native(_joined(coded, segments).query(_VIEW, sql)).collect("pyarrow").to_native()
    return _edges(table, names, bool(keys)), _variants(table)


def _element(coded: Events, names: list[str], span: Span) -> tuple[str, Any, Any]:
    """The SQL of one list element, and of the code and of the microseconds
    (less the earliest) of an element called ``x``."""
    unit = coded.frame.collect_schema()[TIME]
    rest = f"epoch_ns({TIME}) - {MICROS} * 1000 + 999" if getattr(unit, "time_unit", "") == "ns" else None
    code_bits = max(len(names) - 1, 0).bit_length()
    row_bits = (span.last_row - span.first_row).bit_length()
    shift = code_bits + row_bits + (_NANO_BITS if rest is not None else 0)
    bits = ((span.last_micros - span.first_micros) // span.unit).bit_length() + shift
    row = f"{ROW} - {span.first_row}"
    start = coded.columns.start_timestamp is not None
    # The narrowest codes: the variants are sorted by them, and short keys sort faster.
    small = "UTINYINT" if code_bits <= 8 else "USMALLINT" if code_bits <= 16 else "UINTEGER"
    if bits <= MAX_KEY_BITS:
        # BIGINT when it is wide enough: half the memory of HUGEINT, and faster.
        kind = "BIGINT" if bits <= 62 else "HUGEINT"
        parts = [f"((CAST({MICROS} AS {kind}) - {span.first_micros}) // {span.unit}) << {shift}"]
        if rest is not None:
            parts.append(f"CAST({rest} AS {kind}) << {code_bits + row_bits}")
        parts += [f"CAST({row} AS {kind}) << {code_bits}", f"enum_code({ACTIVITY})"]
        fields = [("k", " + ".join(f"({part})" for part in parts))]
        mask = (1 << code_bits) - 1

        def code(x: str) -> str:
            return f"CAST({x}{'.k' if start else ''} & {mask} AS {small})"

        def micros(x: str) -> str:
            return f"CAST({x}{'.k' if start else ''} >> {shift} AS BIGINT) * {span.unit}"

    else:  # the same order from a struct: slower, never too narrow

        def code(x: str) -> str:
            return f"CAST({x}.a AS {small})"

        def micros(x: str) -> str:
            return f"({x}.u - {span.first_micros})"

        fields = [("u", MICROS), ("n", rest or "0"), ("r", row), ("a", f"enum_code({ACTIVITY})")]
    if start:
        fields.append(("s", START_MICROS))
    if len(fields) == 1:
        return fields[0][1], code, micros
    return "{" + ", ".join(f"'{name}': {sql}" for name, sql in fields) + "}", code, micros


def _joined(events: Events, segments: nw.LazyFrame[Any] | None) -> Any:
    """The events as a DuckDB relation, with each case's segment when there are segments."""
    if segments is None:
        return events.native
    return events.frame.join(segments, on=CASE, how="left").to_native()


def _edges(table: Any, names: list[str], segmented: bool) -> dict[str | None, list[tuple[Any, ...]]]:
    import pyarrow.compute as pc

    rows = table.filter(pc.is_null(table.column(_VARIANT)))
    columns = ["source", "target", "count", "known", "total", "median", "low", "high"]
    if segmented:
        columns.insert(0, SEGMENT)
    edges: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in zip(*(rows.column(name).to_pylist() for name in columns), strict=True):
        value = row[0] if segmented else None
        source, target, *rest = row[len(row) - 8 :]
        edges.setdefault(value, []).append(edge(names[source], names[target], *rest))
    return edges


def edge(
    source: str, target: str, count: int, known: int, total: Any, median: Any, low: Any, high: Any
) -> tuple[Any, ...]:
    """An edge's row from its aggregates over whole microseconds: the mean from
    the exact sum, so every engine gives the very same float. Only ``known``
    of its ``count`` durations are known (a start timestamp may be missing);
    with none, the durations are NaN."""
    if not known:
        return (source, target, count, *[math.nan] * 4)
    return (
        source,
        target,
        count,
        int(total) / known / 1e6,
        float(median) / 1e6,
        int(low) / 1e6,
        int(high) / 1e6,
    )


def _variants(table: Any) -> Any:
    import pyarrow.compute as pc

    rows = table.filter(pc.invert(pc.is_null(table.column(_VARIANT))))
    return rows.select([name for name in (SEGMENT, _VARIANT, "n") if name in rows.column_names])


def _lambda(parameter: str, body: str) -> str:
    """A DuckDB lambda: ``lambda x: ...`` from DuckDB 1.3 (the arrow form is
    refused from 2.0), ``x -> ...`` before."""
    import duckdb

    major, minor = (int(part) for part in re.findall(r"\d+", duckdb.__version__)[:2])
    if (major, minor) >= (1, 3):
        return f"lambda {parameter}: {body}"
    return f"{parameter} -> {body}"
