"""The observed journey: what customers actually did, discovered from an event log.

``discover`` reads an event table (one row per event: case, activity,
timestamp) and returns an ``ObservedJourney``: the directly-follows graph
with counts and durations, the start and end activities and the variants.
It runs where the data is (see ``journeykit.analytics._events``): DuckDB for
pandas and Arrow input, Polars for Polars, Spark for Spark.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import narwhals as nw

from journeykit._text import dot_label, html_text
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

if TYPE_CHECKING:
    import graphviz
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["EDGE_COLUMNS", "ObservedJourney", "discover"]

#: The columns of ``ObservedJourney.edges``; durations are in seconds.
EDGE_COLUMNS = ("source", "target", "count", "mean", "median", "min", "max")

_SOURCE = "__jk_source"
_SOURCE_MICROS = "__jk_source_us"
_DURATION = "__jk_seconds"
_VARIANT = "__jk_variant"

Variant = tuple[str, ...]


class Variants(NamedTuple):
    """The variants as arrays, in their final order: ``codes`` (positions in the
    sorted activity names) of every variant one after another, the ``lengths``
    of the variants and their ``counts`` (cases)."""

    codes: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]


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


# -- the result ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ObservedJourney:
    """What ``discover`` found: the observed directly-follows graph and its variants.

    Every frame has a fixed row order: count, largest first, then names.

    Attributes
    ----------
    edges
        One row per directly-follows pair: ``source``, ``target``, ``count``
        and the durations between them in seconds, ``mean``, ``median``,
        ``min``, ``max``.
    starts, ends
        ``activity`` and ``count``: how many cases start (end) with it.
    variants
        ``variant`` (the activities of a case, as a tuple) and ``count``, the
        number of cases that took exactly that path.
    activities
        ``activity`` and ``count``: how many events have it.
    cases
        The number of cases.
    stages
        Activity -> its most frequent stage, when ``discover`` had ``stage=``.
    """

    edges: pd.DataFrame
    starts: pd.DataFrame
    ends: pd.DataFrame
    variants: pd.DataFrame
    activities: pd.DataFrame
    cases: int
    stages: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def _build(
        cls,
        edges: Sequence[tuple[Any, ...]],
        variants: Variants,
        names: Sequence[str],
        activities: Mapping[str, int],
        stages: Mapping[str, str],
    ) -> ObservedJourney:
        import numpy as np
        import pandas as pd

        counts = variants.counts
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(variants.lengths, out=offsets[1:])
        starts = np.zeros(len(names), dtype=np.int64)
        ends = np.zeros(len(names), dtype=np.int64)
        np.add.at(starts, variants.codes[offsets[:-1]], counts)
        np.add.at(ends, variants.codes[offsets[1:] - 1], counts)
        edge_rows = sorted(edges, key=lambda e: (-e[2], e[0], e[1]))
        edge_frame = pd.DataFrame(
            {
                "source": pd.Series([e[0] for e in edge_rows], dtype="str"),
                "target": pd.Series([e[1] for e in edge_rows], dtype="str"),
                "count": pd.Series([e[2] for e in edge_rows], dtype="int64"),
                **{
                    name: pd.Series([e[i] for e in edge_rows], dtype="float64")
                    for i, name in enumerate(EDGE_COLUMNS[3:], start=3)
                },
            }
        )
        # The variants arrive in order; each becomes a tuple of the names
        # (shared string objects) by slicing one list of all their activities.
        named = np.asarray(names, dtype=object)[variants.codes].tolist()
        bounds = offsets.tolist()
        variant_frame = pd.DataFrame(
            {
                "variant": pd.Series(
                    [tuple(named[a:b]) for a, b in itertools.pairwise(bounds)], dtype="object"
                ),
                "count": pd.Series(counts, dtype="int64"),
            }
        )
        return cls(
            edges=edge_frame,
            starts=_counts({names[i]: int(n) for i, n in enumerate(starts) if n}),
            ends=_counts({names[i]: int(n) for i, n in enumerate(ends) if n}),
            variants=variant_frame,
            activities=_counts(activities),
            cases=int(counts.sum()),
            stages=dict(stages),
        )

    # -- comparing and showing ------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ObservedJourney):
            return NotImplemented
        return (
            self.cases == other.cases
            and dict(self.stages) == dict(other.stages)
            and all(getattr(self, n).equals(getattr(other, n)) for n in _FRAMES)
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def events(self) -> int:
        """The number of events (with a case, an activity and a timestamp)."""
        return int(self.activities["count"].sum())

    def __repr__(self) -> str:
        return (
            f"<ObservedJourney: {self.cases} cases, {self.events} events, {len(self.activities)} "
            f"activities, {len(self.edges)} edges, {len(self.variants)} variants>"
        )

    def __str__(self) -> str:
        lines = [repr(self)[1:-1], "", "Most frequent transitions (median time):"]
        shown = self.edges.head(_SHOWN)[["source", "target", "count", "median"]]
        for source, target, count, median in shown.itertuples(index=False, name=None):
            lines.append(f"  {source} -> {target}: {count} ({human_duration(median)})")
        if len(self.edges) > _SHOWN:
            lines.append(f"  ... {len(self.edges) - _SHOWN} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html_text(c)}</th>" for c in ("source", "target", "count", "median"))
        shown = self.edges.head(_SHOWN)[["source", "target", "count", "median"]]
        body = "".join(
            f"<tr><td>{html_text(source)}</td><td>{html_text(target)}</td>"
            f"<td>{count}</td><td>{html_text(human_duration(median))}</td></tr>"
            for source, target, count, median in shown.itertuples(index=False, name=None)
        )
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    # -- conversions ---------------------------------------------------------------

    def activity_order(self) -> list[str]:
        """The activities in journey order: as they first appear when the
        variants are read from the most frequent to the least."""
        seen: dict[str, None] = {}
        for variant in self.variants["variant"]:
            for act in variant:
                seen.setdefault(act, None)
        return list(seen)

    def to_journey(self, *, id: str = "observed", name: str = "Observed journey") -> Journey:
        """The observed journey as a ``Journey``, so the journey views can draw it.

        Each activity becomes a step: its name is the activity, its id a slug of
        it (made unique with ``-2``, ``-3``...), its ``next`` the activities
        observed after it (most frequent first; ``[]`` if none), its emotion
        unknown. Steps follow ``activity_order()``. They sit in one stage,
        ``observed``, or -- when ``discover`` had ``stage=`` -- each in its
        activity's most frequent stage, stages in order of their first step.
        """
        from journeykit.journeys import Journey, Stage, Step

        order = self.activity_order()
        ids = _unique_slugs(order)
        counts = dict(zip(self.activities["activity"], self.activities["count"], strict=True))
        successors: dict[str, list[str]] = {act: [] for act in order}
        for source, target in zip(self.edges["source"], self.edges["target"], strict=True):
            successors[source].append(ids[target])
        steps = {
            act: Step(
                id=ids[act],
                name=act if act.strip() else "(no name)",
                description=f"Observed {counts[act]} times.",
                next=tuple(successors[act]),
            )
            for act in order
        }
        grouped: dict[str, list[Step]] = {}
        for act in order:
            label = self.stages.get(act, "(no stage)") if self.stages else "Observed"
            grouped.setdefault(label, []).append(steps[act])
        stage_ids = _unique_slugs(list(grouped), fallback="stage")
        stages = [Stage(id=stage_ids[label], name=label, steps=s) for label, s in grouped.items()]
        return Journey(
            id=id,
            name=name,
            description=f"Discovered from {self.cases} cases and {self.events} events.",
            stages=stages,
        )

    def to_dot(self, *, min_count: int = 1) -> graphviz.Digraph:
        r"""The observed directly-follows graph as Graphviz DOT.

        Nodes are activities (with their event count), edges are labelled with
        their count and median duration, and their width grows with the count.
        A start and an end node show how many cases start and end where.
        Edges seen fewer than ``min_count`` times are left out, and so are
        activities seen fewer than ``min_count`` times that no kept edge
        touches. Node names are generated (``n1``, ``n2``...); activity names
        appear only in escaped labels.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({"case:concept:name": [1, 1], "concept:name": ["a", "b"],
        ...     "time:timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:30"])})
        >>> dot = discover(log).to_dot()
        >>> print("\n".join(line.strip() for line in dot.source.splitlines() if "->" in line))
        start -> n1 [label=1 penwidth=5.0 style=dashed]
        n1 -> n2 [label="1\n30 min" penwidth=5.0]
        n2 -> end [label=1 penwidth=5.0 style=dashed]
        """
        from journeykit.render._diagram import Diagram

        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive integer, not {min_count!r}")
        kept = self.edges[self.edges["count"] >= min_count]
        starts = self.starts[self.starts["count"] >= min_count]
        ends = self.ends[self.ends["count"] >= min_count]
        counts = dict(zip(self.activities["activity"], self.activities["count"], strict=True))
        shown = {a for a in counts if counts[a] >= min_count}
        shown |= set(kept["source"]) | set(kept["target"])
        top = max([1, *kept["count"], *starts["count"], *ends["count"]])

        dot = Diagram(
            "observed",
            graph_attr={"rankdir": "LR", "fontname": "Helvetica"},
            node_attr={"fontname": "Helvetica", "fontsize": "10", "shape": "box", "style": "rounded,filled"},
            edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#607d8b"},
        )
        names: dict[str, str] = {}
        for act in self.activity_order():
            if act in shown:
                names[act] = f"n{len(names) + 1}"
                dot.node(names[act], f"{dot_label(act)}\\n{counts[act]}", fillcolor="#e3f2fd")
        dot.node("start", "", shape="circle", style="filled", fillcolor="#66bb6a", width="0.3")
        dot.node("end", "", shape="doublecircle", style="filled", fillcolor="#ef5350", width="0.25")

        def width(count: int) -> str:
            return f"{1 + 4 * count / top:.1f}"

        for act, count in starts.itertuples(index=False):
            if act in names:
                dot.edge("start", names[act], label=str(count), penwidth=width(count), style="dashed")
        for source, target, count, median in kept[["source", "target", "count", "median"]].itertuples(
            index=False, name=None
        ):
            label = f"{count}\\n{human_duration(median)}"
            dot.edge(names[source], names[target], label=label, penwidth=width(count))
        for act, count in ends.itertuples(index=False):
            if act in names:
                dot.edge(names[act], "end", label=str(count), penwidth=width(count), style="dashed")
        return dot


_FRAMES = ("edges", "starts", "ends", "variants", "activities")
_SHOWN = 10


def _counts(counter: Mapping[str, int]) -> pd.DataFrame:
    import pandas as pd

    rows = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    frame: pd.DataFrame = pd.DataFrame(
        {
            "activity": pd.Series([a for a, _ in rows], dtype="str"),
            "count": pd.Series([n for _, n in rows], dtype="int64"),
        }
    )
    return frame


def human_duration(seconds: float | None) -> str:
    """A duration for people: the largest unit that keeps the number readable.

    >>> [human_duration(s) for s in (0.25, 42, 90, 7200, 3 * 86400 + 3600, None)]
    ['0.25 s', '42 s', '1.5 min', '2 h', '3.04 d', '-']
    """
    if seconds is None or seconds != seconds:  # None or NaN
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


_NOT_ID = re.compile(r"[^\w.\-]+")


def _unique_slugs(labels: Sequence[str], *, fallback: str = "step") -> dict[str, str]:
    """A valid, unique journeykit Identifier for each label.

    >>> _unique_slugs(["Sign up!", "sign up", "", "-x-"])
    {'Sign up!': 'sign-up', 'sign up': 'sign-up-2', '': 'step', '-x-': 'x'}
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for label in labels:
        base = _NOT_ID.sub("-", label.strip().lower()).strip("-.")[:190] or fallback
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        result[label] = slug
    return result
